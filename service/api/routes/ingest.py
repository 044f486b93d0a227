"""Uploading exports and decision statements, and reading the rows that were rejected."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile

from complaints.audit import record_event
from complaints.ingest import list_rejects
from service.api.deps import Principal, get_db, require
from service.api.uploads import load_upload

router = APIRouter(prefix="/api/v1/ingest", tags=["ingest"])


@router.post("")
def ingest_upload(request: Request, file: UploadFile = File(..., description="An export or a decision statement."),
                  profile: str | None = Form(None, max_length=80, description="Column-mapping profile (default: detected)."),
                  db=Depends(get_db), principal: Principal = Depends(require("admin"))) -> dict:
    """Load one uploaded file in one transaction and return the ingest summary (rejected rows are kept)."""
    return load_upload(db, request.app.state.settings, file, profile, principal)


@router.get("/rejects")
def rejects(source_id: int | None = Query(None, ge=1, le=2**62), limit: int = Query(200, ge=1, le=5000),
            db=Depends(get_db), principal: Principal = Depends(require("officer"))) -> dict:
    """Rejected rows with file, line, the raw row and the reason (raw rows hold personal data: audited)."""
    items = list_rejects(db, source_id=source_id, limit=limit)
    record_event(db, actor=principal.actor, role=principal.role, action="read_rejects", entity="source",
                 entity_id=source_id)
    return {"total": len(items), "items": items}
