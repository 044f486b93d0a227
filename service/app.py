"""The FastAPI application factory: `create_app(settings)` wires routers, errors, limits and the database."""

from __future__ import annotations

import secrets
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from complaints.store import open_db, schema_version
from nlp.themes.taxonomy import load_taxonomy
from service.api.limits import BodyLimit
from service.api.problems import install_problem_handlers
from service.api.routes import admin, cases, complaints, decisions, ingest, links, reports, themes
from service.settings import Settings
from service.web import account, decisions as decision_pages, records, reports as report_pages, work
from service.web.rendering import STATIC_DIR, render
from service.web.session import CsrfError, SignInRequired

__all__ = ["create_app"]

ROUTERS = (complaints.router, themes.router, cases.router, decisions.router, links.router, reports.router,
           ingest.router, admin.router, account.router, report_pages.router, records.router, work.router,
           decision_pages.router)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings`; tests pass their own."""
    settings = settings or Settings()
    open_db(settings.db).close()  # create or upgrade the schema once, at start-up

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        # clean shutdown: close the long-lived report connection (per-request ones close themselves)
        if getattr(app.state, "report_db", None) is not None:
            app.state.report_db.close()
            app.state.report_db = None

    app = FastAPI(lifespan=lifespan, title="Complaints and ombudsman case analyser", version="0.1.0",
                  description="JSON API for complaints, ombudsman decisions, cases, themes and reports. "
                              "Every endpoint but health needs an `X-API-Key` header.")
    app.state.settings = settings
    app.state.session_secret = (settings.session_secret or secrets.token_hex(32)).encode()
    app.state.taxonomy = load_taxonomy(settings.taxonomy_path)
    app.state.theme_names = tuple(app.state.taxonomy.names)
    install_problem_handlers(app)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> RedirectResponse:
        return RedirectResponse("/signin?next=" + quote(exc.next_url, safe=""), status_code=303)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: CsrfError) -> HTMLResponse:
        return render(request, "error.html", None, status=403, title="Form refused", detail=str(exc))

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
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
