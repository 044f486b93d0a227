"""Dependencies shared by the routers: a database connection per request, and the caller's role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader

from complaints.keys import authenticate
from complaints.store import open_db

__all__ = ["Principal", "get_db", "current_principal", "require", "ROLE_RANK"]

ROLE_RANK = {"viewer": 0, "officer": 1, "admin": 2}
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="A key made with `complaints keys create`.")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, name and role."""

    key_id: int
    name: str
    role: str

    @property
    def actor(self) -> str:
        return f"key:{self.key_id}" + (f" ({self.name})" if self.name else "")

    @property
    def sees_full_records(self) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK["officer"]


def get_db(request: Request) -> Iterator:
    """A connection for this request only (WAL lets reads go on while an ingest writes)."""
    db = open_db(request.app.state.settings.db, migrate_schema=False, any_thread=True)
    try:
        yield db
    finally:
        db.close()


def current_principal(key: str | None = Depends(_api_key), db=Depends(get_db)) -> Principal:
    """The caller named by the X-API-Key header; 401 without a valid key.

    The API takes the header only: the dashboard's cookie is not accepted here, so a cross-site request
    can never act through the API with a signed-in person's cookie.
    """
    found = authenticate(db, key)
    if not found:
        raise HTTPException(401, "a valid API key is required in the X-API-Key header")
    return Principal(found["id"], found["name"] or "", found["role"])


def require(role: str):
    """A dependency that admits callers whose role is `role` or higher."""

    def check(principal: Principal = Depends(current_principal)) -> Principal:
        if ROLE_RANK[principal.role] < ROLE_RANK[role]:
            raise HTTPException(403, f"this needs the {role} role; your key has the {principal.role} role")
        return principal

    return check
