"""Decision pages for the ombudsman liaison officer: the decisions list with compliance by year, and one decision
with its remedies, agreed actions and linked complaint."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from complaints.compliance import action_status, compliance_by_year, decision_compliance, mark_action_done
from complaints.errors import ComplaintsError, NotFoundError
from complaints.records import get_complaint, get_decision, list_decisions
from service.api.deps import Principal, get_db
from service.api.presenting import present_complaint, present_decision
from service.web.rendering import error_page, not_allowed, render
from service.web.session import check_csrf, web_principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PAGE = 50
NO_ACTIONS = {"actions": 0, "open": 0, "overdue": 0, "done": 0, "done_on_time": 0}


def _page_link(filters: dict, offset: int) -> str:
    kept = {k: v for k, v in filters.items() if v}
    if offset:
        kept["offset"] = offset
    return "/decisions" + ("?" + urlencode(kept) if kept else "")


@router.get("/decisions", response_class=HTMLResponse)
def decisions_page(request: Request, outcome: str | None = Query(None, max_length=60),
                   year: str | None = Query(None, max_length=9), review: bool = False,
                   offset: int = Query(0, ge=0, le=10_000_000), db=Depends(get_db),
                   principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """Ombudsman decisions newest first, with remedy totals, action progress, review flags and yearly compliance."""
    filters = {"outcome": outcome or None, "year": year or None, "review": "1" if review else None}
    try:
        items, total = list_decisions(db, outcome=filters["outcome"], year=filters["year"],
                                      needs_review=True if review else None, limit=PAGE, offset=offset)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    progress = {row["ombudsman_ref"]: row for row in decision_compliance(db)}
    for item in items:
        item["progress"] = progress.get(item["ombudsman_ref"], NO_ACTIONS)
    outcomes = [row[0] for row in db.execute(
        "SELECT DISTINCT outcome FROM decisions WHERE outcome IS NOT NULL ORDER BY outcome")]
    return render(request, "decisions.html", principal, title="Ombudsman decisions", items=items, total=total,
                  offset=offset, filters=filters, outcomes=outcomes, years=compliance_by_year(db),
                  next_page=_page_link(filters, offset + PAGE), previous_page=_page_link(filters, max(offset - PAGE, 0)))


@router.get("/decisions/{ref}", response_class=HTMLResponse)
def decision_page(request: Request, ref: str, db=Depends(get_db),
                  principal: Principal = Depends(web_principal)) -> HTMLResponse:
    """One decision: summary, sections, money and other remedies, agreed actions, linked complaint, review reason."""
    try:
        decision = present_decision(get_decision(db, ref), principal)
        # The linked complaint's personal fields follow the complaint page's rules (masked for viewers, the full
        # read audited for officers), so the one presenter decides both.
        complaint = (present_complaint(db, get_complaint(db, decision["complaint_ref"]), principal)
                     if decision.get("complaint_ref") else None)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    today = date.today()
    for action in decision["actions"]:
        action["status"] = action_status(action["due_on"], action["done_on"], today)
    money = [r for r in decision["remedies"] if r["kind"] == "money"]
    other = [r for r in decision["remedies"] if r["kind"] != "money"]
    return render(request, "decision.html", principal, title=f"Decision {decision['ombudsman_ref']}", d=decision,
                  money=money, other=other, complaint=complaint, today=today, active="/decisions")


@router.post("/decisions/{ref}/actions/{action_id}/done")
def action_done_submit(request: Request, ref: str, action_id: int = Path(ge=1, le=2**62),
                       done_on: str = Form(..., max_length=10), evidence: str = Form(..., max_length=500),
                       csrf: str = Form("", max_length=100), db=Depends(get_db),
                       principal: Principal = Depends(web_principal)):
    """Record that an agreed action of this decision was done, with the evidence seen (audited)."""
    check_csrf(request, csrf)
    if not principal.sees_full_records:
        return not_allowed(request, principal, "Recording an action as done needs the officer role.")
    try:
        decision = get_decision(db, ref)
        if action_id not in {a["id"] for a in decision["actions"]}:
            raise NotFoundError(f"decision {decision['ombudsman_ref']} has no action {action_id}")
        mark_action_done(db, action_id, done_on, evidence, actor=principal.actor, role=principal.role)
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    slug = quote(decision["ombudsman_ref"].replace(" ", "-"), safe="")
    return RedirectResponse(f"/decisions/{slug}?saved=1#actions", status_code=303)
