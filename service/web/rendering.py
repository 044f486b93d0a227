"""Shared page rendering for the dashboard: one Jinja environment, the layout's context, error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader

from complaints.errors import ComplaintsError
from complaints.reports.rendering import FILTERS
from service.api.deps import Principal
from service.web.session import csrf_token

__all__ = ["templates", "render", "error_page", "not_allowed", "themes_of", "NAV", "STATIC_DIR"]

STATIC_DIR = Path(__file__).parent / "static"

# The dashboard's own templates first, so the printable reports' templates (which extend "base.html")
# render inside the dashboard's layout instead of their own.
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.loader = ChoiceLoader([FileSystemLoader(str(Path(__file__).parent / "templates")),
                                     PackageLoader("complaints.reports", "templates")])
templates.env.filters.update(FILTERS)
NAV = (("/", "Weekly review"), ("/complaints", "Complaints"), ("/decisions", "Decisions"),
       ("/trends", "Trends"), ("/patterns", "Systemic patterns"),
       ("/links", "Link review"), ("/ingest", "Ingest"))


def themes_of(request: Request) -> list[str]:
    """The taxonomy's theme names, as configured for this app."""
    return list(request.app.state.theme_names)


def render(request: Request, template: str, principal: Principal | None, *, status: int = 200, **context) -> HTMLResponse:
    """Render a page with the shared layout context (council, navigation, person, CSRF token)."""
    base = {"council_name": request.app.state.settings.council_name, "principal": principal, "nav": NAV,
            "active": context.pop("active", request.url.path), "csrf": csrf_token(request) if principal else "",
            "title": context.get("title", ""), "flash": request.query_params.get("saved") and "Saved."}
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status)


def not_allowed(request: Request, principal: Principal | None, detail: str) -> HTMLResponse:
    """The 403 page for a form this person's role may not send, saying which role it needs."""
    return render(request, "error.html", principal, status=403, title="Not allowed", detail=detail)


def error_page(request: Request, principal: Principal | None, exc: ComplaintsError) -> HTMLResponse:
    """A readable error page for a core error met while building a page."""
    status = getattr(exc, "status", 400)
    title = "Not found" if status == 404 else "That did not work"
    return render(request, "error.html", principal, status=status, title=title, detail=str(exc))
