"""Complaints: list and search, and one complaint in full."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from complaints.records import SORTS, count_complaints, get_complaint, list_complaints
from complaints.store import memo_until_change
from service.api.deps import Principal, get_db, require
from service.api.presenting import present_complaint
from service.api.reading import report_db, report_lock

router = APIRouter(prefix="/api/v1/complaints", tags=["complaints"])
YearBasis = Literal["financial", "calendar", "academic"]
Sort = Literal[tuple(SORTS)]  # type: ignore[valid-type]


@router.get("")
def complaints_list(
    request: Request,
    theme: str | None = Query(None, max_length=60, description="A theme name, or `other` for none."),
    year: str | None = Query(None, max_length=9, description="`2023/24` (financial, academic) or `2023` (calendar)."),
    year_basis: YearBasis = "financial",
    stage: str | None = Query(None, max_length=20),
    outcome: str | None = Query(None, max_length=40),
    status: str | None = Query(None, max_length=40),
    team: str | None = Query(None, max_length=120),
    q: str | None = Query(None, max_length=200, description="Words to find in the complaint text."),
    sort: Sort = "-received_on",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
    db=Depends(get_db),
    principal: Principal = Depends(require("viewer")),
) -> dict:
    """Complaints matching the filters, one page at a time, with the total. No text in lists."""
    filters = {"theme": theme, "year": year, "year_basis": year_basis, "stage": stage, "outcome": outcome,
               "status": status, "team": team, "q": q}
    items, _ = list_complaints(db, sort=sort, limit=limit, offset=offset, count=False, **filters)
    # The total is the costly part on a large register; it is kept until the data changes.
    with report_lock:
        shared = report_db(request)
        total = memo_until_change(shared, ("complaint_count", tuple(sorted(filters.items()))),
                                  lambda: count_complaints(shared, **filters))
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/{complaint_ref}")
def complaint_detail(complaint_ref: str, db=Depends(get_db), principal: Principal = Depends(require("viewer"))) -> dict:
    """One complaint with its themes and evidence, remedies, decisions and case link (redacted for viewers)."""
    return present_complaint(db, get_complaint(db, complaint_ref), principal)
