"""The FastAPI application factory: `create_app(settings)` wires routers, errors and the database."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from complaints.errors import ComplaintsError
from complaints.store import open_db, schema_version
from nlp.errors import NlpError
from service.settings import Settings

__all__ = ["create_app"]


def _problem(status: int, title: str, detail: str) -> JSONResponse:
    """An RFC 9457 problem document."""
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status_code=status,
        media_type="application/problem+json",
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings`; tests pass their own."""
    settings = settings or Settings()
    open_db(settings.db).close()  # create or upgrade the schema once, at start-up
    app = FastAPI(title="Complaints and ombudsman case analyser", version="0.1.0")
    app.state.settings = settings

    @app.exception_handler(ComplaintsError)
    @app.exception_handler(NlpError)
    async def _core_error(request: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status", 400)
        return _problem(status, type(exc).__name__, str(exc))

    @app.get("/api/v1/health", tags=["health"])
    def health() -> dict:
        """Liveness and schema version; needs no key."""
        db = open_db(settings.db, migrate_schema=False)
        try:
            return {"status": "ok", "schema_version": schema_version(db)}
        finally:
            db.close()

    return app
