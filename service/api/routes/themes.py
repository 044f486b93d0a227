"""The theme taxonomy, and officers' corrections to the themes a complaint carries."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from complaints.enrich import add_correction
from complaints.records import get_complaint
from service.api.deps import Principal, get_db, require

router = APIRouter(prefix="/api/v1", tags=["themes and corrections"])


@router.get("/themes")
def themes(request: Request, principal: Principal = Depends(require("viewer"))) -> list[dict]:
    """The council's themes with their definitions (configured taxonomy)."""
    return [{"name": theme.name, "definition": theme.definition} for theme in request.app.state.taxonomy.themes]


class Correction(BaseModel):
    theme: str = Field(min_length=1, max_length=60)
    action: Literal["add", "remove"]
    reason: str = Field(min_length=1, max_length=1000)


@router.post("/complaints/{complaint_ref}/corrections", status_code=201)
def correct(request: Request, complaint_ref: str, body: Correction, db=Depends(get_db),
            principal: Principal = Depends(require("officer"))) -> dict:
    """Add or remove a theme on a complaint; it overrides the model and survives re-classification (audited)."""
    complaint = get_complaint(db, complaint_ref)
    correction_id = add_correction(db, complaint_id=complaint["id"], theme=body.theme, action=body.action,
                                   officer=principal.actor, reason=body.reason,
                                   known_themes=request.app.state.theme_names)
    themes_now = get_complaint(db, complaint_ref)["themes"]
    return {"correction_id": correction_id, "complaint_ref": complaint["complaint_ref"], "themes": themes_now}
