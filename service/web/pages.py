"""Dashboard pages: sign-in, complaints, complaint and case detail."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from complaints.errors import ComplaintsError
from complaints.keys import authenticate
from complaints.records import get_case, get_complaint, list_complaints
from service.api.deps import Principal, get_db
from service.api.presenting import present_case, present_complaint
from service.web.highlight import highlight
from service.web.session import (KEY_COOKIE, PRE_COOKIE, check_csrf, csrf_token, new_pre_token, sign_in_response,
                                 web_principal)

__all__ = ["router", "templates", "render"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
NAV = (("/", "Weekly review"), ("/complaints", "Complaints"), ("/trends", "Trends"), ("/patterns", "Systemic patterns"),
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


def error_page(request: Request, principal: Principal | None, exc: ComplaintsError) -> HTMLResponse:
    """A readable error page for a core error met while building a page."""
    status = getattr(exc, "status", 400)
    title = "Not found" if status == 404 else "That did not work"
    return render(request, "error.html", principal, status=status, title=title, detail=str(exc))


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = Query("/", max_length=500)) -> HTMLResponse:
    """The sign-in page."""
    pre = new_pre_token()
    response = render(request, "signin.html", None, title="Sign in", pre=pre, next_url=next)
    response.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict", path="/")
    return response


@router.post("/signin", response_class=HTMLResponse)
def signin(request: Request, key: str = Form(..., max_length=200), pre: str = Form("", max_length=100),
           next: str = Form("/", max_length=500), db=Depends(get_db)):
    """Check the key; on success keep it in an HttpOnly, SameSite=Strict cookie for this browser session."""
    if not pre or pre != request.cookies.get(PRE_COOKIE):
        fresh = new_pre_token()
        response = render(request, "signin.html", None, status=403, title="Sign in", pre=fresh, next_url=next,
                          error="The form expired. Please try again.")
        response.set_cookie(PRE_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        return response
    if not authenticate(db, key.strip()):
        fresh = new_pre_token()
        response = render(request, "signin.html", None, status=401, title="Sign in", pre=fresh, next_url=next,
                          error="That key was not recognised. Check it and try again.")
        response.set_cookie(PRE_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        return response
    return sign_in_response(key.strip(), next, secure=request.url.scheme == "https")


@router.post("/signout")
def signout(request: Request, csrf: str = Form("", max_length=100), principal: Principal = Depends(web_principal)):
    """Forget the key in this browser."""
    check_csrf(request, csrf)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(KEY_COOKIE, path="/")
    return response


@router.get("/complaints", response_class=HTMLResponse)
def complaints_page(request: Request, q: str | None = Query(None, max_length=200),
                    theme: str | None = Query(None, max_length=60), stage: str | None = Query(None, max_length=20),
                    year: str | None = Query(None, max_length=9), offset: int = Query(0, ge=0, le=10_000_000),
                    db=Depends(get_db), principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """Search and filter complaints."""
    filters = {"q": q or None, "theme": theme or None, "stage": stage or None, "year": year or None}
    try:
        items, total = list_complaints(db, **filters, offset=offset, limit=50)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    next_page = "/complaints?" + urlencode({**{k: v for k, v in filters.items() if v}, "offset": offset + 50})
    return render(request, "complaints.html", principal, title="Complaints", items=items, total=total,
                  offset=offset, filters=filters, themes=themes_of(request), next_page=next_page)


@router.get("/complaints/{complaint_ref}", response_class=HTMLResponse)
def complaint_page(request: Request, complaint_ref: str, db=Depends(get_db),
                   principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """One complaint: text with evidence highlighted, themes, remedies, decisions, linked case, corrections."""
    try:
        complaint = present_complaint(db, get_complaint(db, complaint_ref), principal)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    scores = {row["theme"]: row for row in complaint["theme_scores"]}
    evidence = {row["theme"]: row["evidence"] for row in complaint["theme_scores"]
                if row["assigned"] and row["evidence"]}
    return render(request, "complaint.html", principal, title=f"Complaint {complaint['complaint_ref']}",
                  c=complaint, scores=scores, text_html=highlight(complaint.get("text"), evidence),
                  themes=themes_of(request), can_correct=principal.sees_full_records, active="/complaints")


@router.get("/cases/{case_ref}", response_class=HTMLResponse)
def case_page(request: Request, case_ref: str, db=Depends(get_db),
              principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """One case record with the complaints about the child."""
    try:
        case = present_case(db, get_case(db, case_ref), principal)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    return render(request, "case.html", principal, title="Case", k=case, active="/complaints")
