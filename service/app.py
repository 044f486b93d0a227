"""The FastAPI application factory: `create_app(settings)` wires routers, errors, limits and the database."""

from __future__ import annotations

from fastapi import FastAPI

from complaints.store import open_db, schema_version
from service.api.limits import BodyLimit
from service.api.problems import install_problem_handlers
from service.api.routes import admin, cases, complaints
from service.settings import Settings

__all__ = ["create_app"]

ROUTERS = (complaints.router, cases.router, admin.router)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings`; tests pass their own."""
    settings = settings or Settings()
    open_db(settings.db).close()  # create or upgrade the schema once, at start-up
    app = FastAPI(title="Complaints and ombudsman case analyser", version="0.1.0",
                  description="JSON API for complaints, ombudsman decisions, cases, themes and reports. "
                              "Every endpoint but health needs an `X-API-Key` header.")
    app.state.settings = settings
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes)

    @app.get("/api/v1/health", tags=["health"])
    def health() -> dict:
        """Liveness and schema version; needs no key."""
        db = open_db(settings.db, migrate_schema=False)
        try:
            return {"status": "ok", "schema_version": schema_version(db)}
        finally:
            db.close()

    for router in ROUTERS:
        app.include_router(router)
    return app
