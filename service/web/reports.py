"""Report pages: the weekly review (the landing page), trends, systemic patterns and evidence packs."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from complaints.audit import record_event
from complaints.clock import load_rules
from complaints.errors import ComplaintsError
from complaints.reports import systemic, trends, weekly
from service.api.deps import Principal, get_db
from service.api.downloads import download
from service.pipeline import systemic_result
from service.web.rendering import error_page, render
from service.web.session import web_principal

router = APIRouter(include_in_schema=False)


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
    if not principal.sees_full_records:
        return render(request, "needs_role.html", principal, status=403, title="Evidence pack",
                      detail="Evidence packs list individual cases, so they need the officer role.")
    try:
        rows = systemic.evidence_rows(systemic_result(db), pattern_id)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    record_event(db, actor=principal.actor, role=principal.role, action="read_report", entity="evidence_pack",
                 entity_id=pattern_id)
    return download(systemic.render_csv(rows), "text/csv", f"evidence-{pattern_id}.csv")
