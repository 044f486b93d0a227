"""Dashboard pages: sign-in, complaints, complaint and case detail."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader

from complaints.errors import ComplaintsError
from complaints.keys import authenticate
from datetime import date, timedelta

from complaints.audit import record_event
from complaints.clock import load_rules
from complaints.enrich import add_correction
from complaints.reports import systemic, trends, weekly
from complaints.reports.rendering import FILTERS
from complaints.ingest import list_rejects
from complaints.matching import confirm_link, reject_link, review_queue
from complaints.profiles import load_profiles
from complaints.records import get_case, get_complaint, list_complaints
from service.api.deps import Principal, get_db
from service.api.presenting import present_case, present_complaint
from service.api.uploads import load_upload
from service.pipeline import systemic_result
from service.web.highlight import highlight
from service.web.session import (KEY_COOKIE, PRE_COOKIE, check_csrf, csrf_token, new_pre_token, sign_in_response,
                                 web_principal)

__all__ = ["router", "templates", "render"]

router = APIRouter(include_in_schema=False)
# The dashboard's own templates first, so the printable reports' templates (which extend "base.html")
# render inside the dashboard's layout instead of their own.
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.loader = ChoiceLoader([FileSystemLoader(str(Path(__file__).parent / "templates")),
                                     PackageLoader("complaints.reports", "templates")])
templates.env.filters.update(FILTERS)
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


@router.get("/links", response_class=HTMLResponse)
def links_page(request: Request, db=Depends(get_db), principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """The review queue of proposed links, with confirm and reject buttons for officers."""
    total = db.execute("SELECT count(*) FROM case_links WHERE status = 'review'").fetchone()[0]
    items = review_queue(db, limit=200) if principal.sees_full_records else []
    return render(request, "links.html", principal, title="Link review", items=items, total=total,
                  can_review=principal.sees_full_records)


@router.post("/links/{link_id}/{decision}")
def links_decide(request: Request, link_id: int, decision: str, csrf: str = Form("", max_length=100),
                 db=Depends(get_db), principal: Principal = Depends(web_principal)):
    """Confirm or reject one proposed link, then go back to the queue."""
    check_csrf(request, csrf)
    if not principal.sees_full_records or decision not in ("confirm", "reject"):
        return render(request, "error.html", principal, status=403, title="Not allowed",
                      detail="Reviewing links needs the officer role.")
    try:
        (confirm_link if decision == "confirm" else reject_link)(db, link_id, officer=principal.actor)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    return RedirectResponse("/links?saved=1", status_code=303)


def _ingest_context(request: Request, db, principal: Principal, source: int | None) -> dict:
    sources = [dict(zip(("id", "file_name", "profile", "rows_read", "inserted", "updated", "rejected", "ingested_at"), row))
               for row in db.execute("SELECT id, file_name, profile, rows_read, inserted, updated, rejected, ingested_at "
                                     "FROM sources ORDER BY id DESC LIMIT 20")]
    rejects = None
    if source is not None and principal.sees_full_records:
        rejects = list_rejects(db, source_id=source, limit=500)
        record_event(db, actor=principal.actor, role=principal.role, action="read_rejects", entity="source",
                     entity_id=source)
    return {"sources": sources, "rejects": rejects, "source": source, "can_upload": principal.role == "admin",
            "can_see_rejects": principal.sees_full_records,
            "profiles": sorted(load_profiles(request.app.state.settings.profiles_dir))}


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request, source: int | None = Query(None, ge=1, le=2**62), db=Depends(get_db),
                principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """Upload a file; see recent files and the rows each one rejected."""
    return render(request, "ingest.html", principal, title="Ingest", **_ingest_context(request, db, principal, source))


@router.post("/ingest", response_class=HTMLResponse)
def ingest_submit(request: Request, file: UploadFile = File(...), profile: str = Form("", max_length=80),
                  csrf: str = Form("", max_length=100), db=Depends(get_db),
                  principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """Load the uploaded file and show its summary and its rejected rows."""
    check_csrf(request, csrf)
    if principal.role != "admin":
        return render(request, "error.html", principal, status=403, title="Not allowed",
                      detail="Loading files needs the admin role.")
    try:
        summary = load_upload(db, request.app.state.settings, file, profile or None)
    except (ComplaintsError, HTTPException) as exc:
        status = getattr(exc, "status_code", None) or getattr(exc, "status", 400)
        detail = getattr(exc, "detail", None) or str(exc)
        return render(request, "ingest.html", principal, status=status, title="Ingest", error=detail,
                      **_ingest_context(request, db, principal, None))
    record_event(db, actor=principal.actor, role=principal.role, action="ingest_upload", entity="source",
                 entity_id=summary.get("source_id"))
    context = _ingest_context(request, db, principal, summary.get("source_id") if summary.get("rejected") else None)
    return render(request, "ingest.html", principal, title="Ingest", summary=summary, **context)


def _default_week(db) -> str:
    """This week, or the week of the newest complaint when the data stops earlier (as the demo's does)."""
    latest = db.execute("SELECT max(received_on) FROM complaints").fetchone()[0]
    day = min(date.today(), date.fromisoformat(latest)) if latest else date.today()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_week(week: str, weeks: int) -> str:
    start, _ = weekly.week_bounds(week)
    year, number, _ = (start + timedelta(weeks=weeks)).isocalendar()
    return f"{year}-W{number:02d}"


@router.get("/", response_class=HTMLResponse)
def weekly_page(request: Request, week: str | None = Query(None, max_length=10), db=Depends(get_db),
                principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """The Executive Director's weekly review: the landing page, with a week picker."""
    if not principal.sees_full_records:
        return render(request, "needs_role.html", principal, title="Weekly review",
                      detail="The weekly review lists individual complaints, so it needs the officer role.")
    try:
        week = week or _default_week(db)
        pack = weekly.weekly_pack(db, week, rules=load_rules(request.app.state.settings.clocks_path))
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    record_event(db, actor=principal.actor, role=principal.role, action="read_report", entity="weekly", entity_id=week)
    return render(request, "weekly_page.html", principal, title=f"Weekly review {week}", pack=pack,
                  council=request.app.state.settings.council_name, complaint_url="/complaints/",
                  previous_week=_shift_week(week, -1), next_week=_shift_week(week, 1), active="/")


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, year_basis: str = Query("financial", max_length=10),
                first: str | None = Query(None, alias="from", max_length=9),
                last: str | None = Query(None, alias="to", max_length=9), db=Depends(get_db),
                principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """Scrutiny trends by year with charts; the year basis can be switched (aggregates only, any role)."""
    settings = request.app.state.settings
    try:
        span = trends.year_span(db, year_basis)
        report = trends.trends_report(db, first or span[0], last or span[1], year_basis=year_basis,
                                      suppress_below=settings.suppress_below, rules=load_rules(settings.clocks_path))
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    return render(request, "trends_page.html", principal, title="Trends", report=report,
                  council=settings.council_name, **trends.html_context(report))


@router.get("/patterns", response_class=HTMLResponse)
def patterns_page(request: Request, db=Depends(get_db), principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """Recurring fault patterns for the liaison officer, with evidence packs."""
    if not principal.sees_full_records:
        return render(request, "needs_role.html", principal, title="Systemic patterns",
                      detail="Patterns quote the fault found in individual cases, so they need the officer role.")
    result = systemic_result(db)
    return render(request, "patterns_page.html", principal, title="Systemic patterns", result=result,
                  council=request.app.state.settings.council_name)


@router.get("/patterns/{pattern_id}/evidence.csv")
def evidence_download(request: Request, pattern_id: str, db=Depends(get_db),
                      principal: Principal = Depends(web_principal)):
    """Every case behind one pattern, as CSV (officers; audited)."""
    from fastapi.responses import Response

    if not principal.sees_full_records:
        return render(request, "needs_role.html", principal, status=403, title="Evidence pack",
                      detail="Evidence packs list individual cases, so they need the officer role.")
    try:
        rows = systemic.evidence_rows(systemic_result(db), pattern_id)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    record_event(db, actor=principal.actor, role=principal.role, action="read_report", entity="evidence_pack",
                 entity_id=pattern_id)
    return Response(systemic.render_csv(rows), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="evidence-{pattern_id}.csv"'})


@router.post("/complaints/{complaint_ref}/corrections")
def correction_submit(request: Request, complaint_ref: str, theme: str = Form(..., max_length=60),
                      action: str = Form(..., max_length=10), reason: str = Form(..., max_length=1000),
                      csrf: str = Form("", max_length=100), db=Depends(get_db),
                      principal: Principal = Depends(web_principal)):
    """Save an officer's theme correction and show the complaint again."""
    check_csrf(request, csrf)
    if not principal.sees_full_records:
        return render(request, "error.html", principal, status=403, title="Not allowed",
                      detail="Correcting themes needs the officer role.")
    try:
        complaint = get_complaint(db, complaint_ref)
        add_correction(db, complaint_id=complaint["id"], theme=theme, action=action, reason=reason,
                       officer=principal.actor, known_themes=themes_of(request))
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    return RedirectResponse(f"/complaints/{quote(complaint['complaint_ref'], safe='')}?saved=1#correct", status_code=303)
