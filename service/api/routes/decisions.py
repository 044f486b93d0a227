"""Ombudsman decisions, their remedies and agreed actions, and compliance with them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from complaints.compliance import compliance_by_year, decision_compliance, list_actions, mark_action_done
from complaints.records import get_decision, list_decisions, list_remedies
from service.api.deps import Principal, get_db, require
from service.api.presenting import present_decision

router = APIRouter(prefix="/api/v1", tags=["decisions, remedies and actions"])
YearBasis = Literal["financial", "calendar", "academic"]


@router.get("/decisions")
def decisions_list(outcome: str | None = Query(None, max_length=60),
                   year: str | None = Query(None, max_length=9), year_basis: YearBasis = "financial",
                   needs_review: bool | None = None, limit: int = Query(50, ge=1, le=500),
                   offset: int = Query(0, ge=0, le=10_000_000), db=Depends(get_db),
                   principal: Principal = Depends(require("viewer"))) -> dict:
    """Ombudsman decisions, newest first, with remedy totals and review flags."""
    items, total = list_decisions(db, outcome=outcome, year=year, year_basis=year_basis, needs_review=needs_review,
                                  limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/decisions/{ref}")
def decision_detail(ref: str = Path(max_length=20, description="`23 004 512`, `23-004-512` or `23004512`"),
                    db=Depends(get_db), principal: Principal = Depends(require("viewer"))) -> dict:
    """One decision with summary, sections, remedies and actions (statements are anonymised; viewers also get
    references masked in the text)."""
    decision = present_decision(get_decision(db, ref), principal)
    if not principal.sees_full_records:
        decision["complaint_ref"] = None
    return decision


@router.get("/remedies")
def remedies_list(purpose: Literal["distress", "lost_provision", "time_and_trouble", "reimbursement", "other"] | None = None,
                  year: str | None = Query(None, max_length=9), year_basis: YearBasis = "financial",
                  limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000),
                  db=Depends(get_db), principal: Principal = Depends(require("viewer"))) -> dict:
    """Money remedies from ombudsman decisions, with the count and the sum of all that match."""
    items, total, amount = list_remedies(db, purpose=purpose, year=year, year_basis=year_basis, limit=limit,
                                         offset=offset)
    return {"total": total, "amount_gbp": amount, "limit": limit, "offset": offset, "items": items}


@router.get("/actions")
def actions_list(status: Literal["open", "overdue", "done"] | None = None, today: date | None = None,
                 db=Depends(get_db), principal: Principal = Depends(require("viewer"))) -> dict:
    """Agreed actions with their status (open, overdue, done) as of `today` (default: today)."""
    items = list_actions(db, status=status, today=today)
    return {"total": len(items), "items": items}


class Done(BaseModel):
    done_on: date
    evidence: str = Field(min_length=1, max_length=2000)


@router.post("/actions/{action_id}/done")
def action_done(body: Done, action_id: int = Path(ge=1, le=2**62), db=Depends(get_db),
                principal: Principal = Depends(require("officer"))) -> dict:
    """Record that an agreed action was done, with the evidence (audited)."""
    return mark_action_done(db, action_id, body.done_on, body.evidence, actor=principal.actor, role=principal.role)


@router.get("/compliance")
def compliance(year_basis: YearBasis = "financial", today: date | None = None, by_decision: bool = False,
               db=Depends(get_db), principal: Principal = Depends(require("viewer"))) -> dict:
    """Per year: recommendations complied with on time and remedies the council had already provided."""
    result = {"year_basis": year_basis, "years": compliance_by_year(db, year_basis=year_basis, today=today)}
    if by_decision:
        result["decisions"] = decision_compliance(db, today=today)
    return result
