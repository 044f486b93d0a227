"""Work queues: the link review queue and loading files."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from complaints.audit import record_event
from complaints.errors import ComplaintsError
from complaints.ingest import list_rejects
from complaints.matching import confirm_link, reject_link, review_queue
from complaints.profiles import load_profiles
from service.api.deps import Principal, get_db
from service.api.uploads import load_upload
from service.web.rendering import error_page, not_allowed, render
from service.web.session import check_csrf, web_principal

router = APIRouter(include_in_schema=False)


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
        return not_allowed(request, principal, "Reviewing links needs the officer role.")
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
        return not_allowed(request, principal, "Loading files needs the admin role.")
    try:
        summary = load_upload(db, request.app.state.settings, file, profile or None, principal)
    except (ComplaintsError, HTTPException) as exc:
        status = getattr(exc, "status_code", None) or getattr(exc, "status", 400)
        detail = getattr(exc, "detail", None) or str(exc)
        return render(request, "ingest.html", principal, status=status, title="Ingest", error=detail,
                      **_ingest_context(request, db, principal, None))
    context = _ingest_context(request, db, principal, summary.get("source_id") if summary.get("rejected") else None)
    return render(request, "ingest.html", principal, title="Ingest", summary=summary, **context)
