"""Uploading exports and decision statements, and reading the rows that were rejected."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile

from complaints.audit import record_event
from complaints.ingest import ingest_file, list_rejects
from service.api.deps import Principal, get_db, require
from service.api.uploads import DECISION_SUFFIXES, check_uncompressed, save_upload
from service.pipeline import load_decisions

router = APIRouter(prefix="/api/v1/ingest", tags=["ingest"])


@router.post("")
def ingest_upload(request: Request, file: UploadFile = File(..., description="An export or a decision statement."),
                  profile: str | None = Form(None, max_length=80, description="Column-mapping profile (default: detected)."),
                  db=Depends(get_db), principal: Principal = Depends(require("admin"))) -> dict:
    """Load one uploaded file in one transaction and return the ingest summary (rejected rows are kept)."""
    settings = request.app.state.settings
    with tempfile.TemporaryDirectory(prefix="complaints-upload-") as folder:
        path = save_upload(file, Path(folder), settings.max_upload_bytes)
        check_uncompressed(path, settings.max_uncompressed_bytes)
        if path.suffix.lower() in DECISION_SUFFIXES:
            summary = load_decisions(db, [path])
            summary = {"kind": "decisions", **summary}
        else:
            summary = {"kind": "export", **ingest_file(db, path, profile, profiles_dir=settings.profiles_dir)}
    summary["file"] = path.name
    record_event(db, actor=principal.actor, role=principal.role, action="ingest_upload", entity="source",
                 entity_id=summary.get("source_id"), detail={"rejected": summary.get("rejected", 0)})
    return summary


@router.get("/rejects")
def rejects(source_id: int | None = Query(None, ge=1, le=2**62), limit: int = Query(200, ge=1, le=5000),
            db=Depends(get_db), principal: Principal = Depends(require("officer"))) -> dict:
    """Rejected rows with file, line, the raw row and the reason (raw rows hold personal data: audited)."""
    items = list_rejects(db, source_id=source_id, limit=limit)
    record_event(db, actor=principal.actor, role=principal.role, action="read_rejects", entity="source",
                 entity_id=source_id)
    return {"total": len(items), "items": items}
