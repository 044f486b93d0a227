"""API keys: created once, shown once, stored only as a SHA-256 hash with a short display prefix."""

from __future__ import annotations

import hashlib
import secrets

from complaints.errors import ComplaintsError, NotFoundError
from complaints.store import utc_now

__all__ = ["ROLES", "create_key", "authenticate", "list_keys", "revoke_key"]

ROLES = ("viewer", "officer", "admin")


def _digest(key: str) -> str:
    # Keys are 256-bit random tokens, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(db, role: str, name: str | None = None) -> str:
    """Make a new key for `role`, store its hash, and return the key (the only time it is seen)."""
    if role not in ROLES:
        raise ComplaintsError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    key = "cmp_" + secrets.token_urlsafe(32)
    db.execute(
        "INSERT INTO api_keys (name, role, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)",
        [name, role, _digest(key), key[:10], utc_now()],
    )
    return key


def authenticate(db, key: str | None) -> dict | None:
    """The key's holder (`id`, `name`, `role`, `prefix`) if the key is valid and not revoked, else None."""
    if not key:
        return None
    row = db.execute(
        "SELECT id, name, role, prefix FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", [_digest(key)]
    ).fetchone()
    return dict(zip(("id", "name", "role", "prefix"), row)) if row else None


def list_keys(db) -> list[dict]:
    """Every key's id, name, role, display prefix and dates; never the hash."""
    cursor = db.execute("SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY id")
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def revoke_key(db, key_id: int) -> None:
    """Revoke a key so it no longer authenticates."""
    cursor = db.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [utc_now(), key_id])
    if cursor.rowcount == 0:
        raise NotFoundError(f"no active API key with id {key_id}")
