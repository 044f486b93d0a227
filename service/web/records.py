"""Record pages: complaint search, one complaint (with evidence and corrections), one case."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from complaints.enrich import add_correction
from complaints.errors import ComplaintsError
from complaints.records import get_case, get_complaint, list_complaints
from service.api.deps import Principal, get_db
from service.api.presenting import present_case, present_complaint
from service.web.highlight import highlight
from service.web.rendering import error_page, not_allowed, render, themes_of
from service.web.session import check_csrf, web_principal

router = APIRouter(include_in_schema=False)


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


@router.post("/complaints/{complaint_ref}/corrections")
def correction_submit(request: Request, complaint_ref: str, theme: str = Form(..., max_length=60),
                      action: str = Form(..., max_length=10), reason: str = Form(..., max_length=1000),
                      csrf: str = Form("", max_length=100), db=Depends(get_db),
                      principal: Principal = Depends(web_principal)):
    """Save an officer's theme correction and show the complaint again."""
    check_csrf(request, csrf)
    if not principal.sees_full_records:
        return not_allowed(request, principal, "Correcting themes needs the officer role.")
    try:
        complaint = get_complaint(db, complaint_ref)
        add_correction(db, complaint_id=complaint["id"], theme=theme, action=action, reason=reason,
                       officer=principal.actor, known_themes=themes_of(request))
    except ComplaintsError as exc:
        return error_page(request, principal, exc)
    return RedirectResponse(f"/complaints/{quote(complaint['complaint_ref'], safe='')}?saved=1#correct", status_code=303)
