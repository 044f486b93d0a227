"""Case records and the complaints linked to them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from complaints.records import get_case, list_cases
from service.api.deps import Principal, get_db, require
from service.api.presenting import present_case

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])


@router.get("")
def cases_list(q: str | None = Query(None, max_length=100), team: str | None = Query(None, max_length=120),
               limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000),
               db=Depends(get_db), principal: Principal = Depends(require("officer"))) -> dict:
    """Case records, one page at a time (officers and admins: the list itself identifies children)."""
    items, total = list_cases(db, q=q, team=team, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/{case_ref}")
def case_detail(case_ref: str, db=Depends(get_db), principal: Principal = Depends(require("viewer"))) -> dict:
    """One case with its complaints (personal fields masked for viewers)."""
    return present_case(db, get_case(db, case_ref), principal)
