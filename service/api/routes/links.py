"""The link review queue: proposed complaint-to-case and decision-to-complaint links, confirmed or rejected."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query

from complaints.matching import confirm_link, reject_link, review_queue
from service.api.deps import Principal, get_db, require

router = APIRouter(prefix="/api/v1/links", tags=["links"])


@router.get("/review")
def links_review(limit: int = Query(100, ge=1, le=1000), db=Depends(get_db),
                 principal: Principal = Depends(require("officer"))) -> dict:
    """Links waiting for an officer, best score first, with the fields that agreed and disagreed."""
    items = review_queue(db, limit=limit)
    total = db.execute("SELECT count(*) FROM case_links WHERE status = 'review'").fetchone()[0]
    return {"total": total, "items": items}


@router.post("/{link_id}/confirm")
def links_confirm(link_id: int = Path(ge=1, le=2**62), db=Depends(get_db),
                  principal: Principal = Depends(require("officer"))) -> dict:
    """Confirm a proposed link; later matching runs never change it."""
    return confirm_link(db, link_id, officer=principal.actor)


@router.post("/{link_id}/reject")
def links_reject(link_id: int = Path(ge=1, le=2**62), db=Depends(get_db),
                 principal: Principal = Depends(require("officer"))) -> dict:
    """Reject a proposed link; that case is never proposed again for that complaint."""
    return reject_link(db, link_id, officer=principal.actor)
