"""Administration: API keys and the audit log (admin role only)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from complaints.audit import list_events, record_event
from complaints.keys import create_key, list_keys, revoke_key
from service.api.deps import Principal, get_db, require

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


class NewKey(BaseModel):
    role: Literal["viewer", "officer", "admin"]
    name: str | None = Field(None, max_length=120)


@router.get("/keys")
def keys_list(db=Depends(get_db), principal: Principal = Depends(require("admin"))) -> list[dict]:
    """Every key's id, name, role and prefix; never the key or its hash."""
    return list_keys(db)


@router.post("/keys", status_code=201)
def keys_create(body: NewKey, db=Depends(get_db), principal: Principal = Depends(require("admin"))) -> dict:
    """Make a key; the response is the only time the key is shown."""
    key = create_key(db, body.role, body.name)
    record_event(db, actor=principal.actor, role=principal.role, action="create_key", entity="api_key",
                 detail={"role": body.role})
    return {"key": key, "role": body.role, "name": body.name}


@router.delete("/keys/{key_id}", status_code=204)
def keys_revoke(key_id: int = Path(ge=1, le=2**62), db=Depends(get_db), principal: Principal = Depends(require("admin"))) -> None:
    """Revoke a key."""
    revoke_key(db, key_id)
    record_event(db, actor=principal.actor, role=principal.role, action="revoke_key", entity="api_key",
                 entity_id=key_id)


@router.get("/audit")
def audit_list(action: str | None = Query(None, max_length=60), limit: int = Query(100, ge=1, le=1000),
               offset: int = Query(0, ge=0, le=10_000_000), db=Depends(get_db),
               principal: Principal = Depends(require("admin"))) -> dict:
    """The audit log, newest first."""
    events, total = list_events(db, limit=limit, offset=offset, action=action)
    return {"total": total, "limit": limit, "offset": offset, "items": events}
