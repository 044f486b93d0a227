"""The SQLite store: the only module that imports sqlite-utils.

Opening a database applies any pending migrations in order; an existing database is
upgraded in place, never dropped. WAL mode and foreign keys are always on.
"""

from __future__ import annotations

import copy
import importlib
import sqlite3
import weakref
import pkgutil
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import sqlite_utils

from complaints import migrations as migrations_pkg
from complaints.errors import MigrationError

__all__ = ["open_db", "migrate", "run_script", "memo_until_change", "pending_migrations", "schema_version", "transaction", "Database", "utc_now"]

Database = sqlite_utils.Database


def utc_now() -> str:
    """The current UTC time as ISO 8601 text, the form every timestamp column uses."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def open_db(path: str | Path = ":memory:", *, migrate_schema: bool = True, any_thread: bool = False) -> Database:
    """Open (creating if needed) the database at `path`, tuned and migrated to the current schema.

    `any_thread` lets one request's connection be used by the worker threads a web server hands it
    to in turn (never concurrently).
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=not any_thread))
    else:
        db = sqlite_utils.Database(memory=True)
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute("PRAGMA busy_timeout = 10000")
    if str(path) != ":memory:":
        db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.execute("PRAGMA synchronous = NORMAL")
    if migrate_schema:
        migrate(db)
    return db


def run_script(db: Database, sql: str) -> None:
    """Run several SQL statements inside the current transaction (unlike executescript, which commits)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise MigrationError(f"incomplete SQL statement: {statement.strip()[:60]}")


def _available() -> list[tuple[int, str, object]]:
    found = []
    for info in pkgutil.iter_modules(migrations_pkg.__path__):
        if not info.name.startswith("m") or "_" not in info.name:
            continue
        number = info.name[1:].split("_", 1)[0]
        if number.isdigit():
            module = importlib.import_module(f"{migrations_pkg.__name__}.{info.name}")
            found.append((int(number), info.name, module))
    return sorted(found, key=lambda item: item[0])


def schema_version(db: Database) -> int:
    """The highest migration applied to `db` (0 for an empty database)."""
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def pending_migrations(db: Database) -> list[str]:
    """Names of migrations not yet applied, in the order they would run."""
    current = schema_version(db)
    return [name for number, name, _ in _available() if number > current]


def migrate(db: Database) -> list[str]:
    """Apply every pending migration, each in its own transaction; returns the names applied."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = []
    current = schema_version(db)
    for number, name, module in _available():
        if number <= current:
            continue
        try:
            with transaction(db):
                module.upgrade(db)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [number, name, utc_now()],
                )
        except Exception as exc:  # translated: the caller sees which migration failed
            raise MigrationError(f"migration {name} failed: {exc}") from exc
        applied.append(name)
    return applied


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """Run the block in one transaction: everything is written, or on any error nothing is."""
    conn = db.conn
    if conn.in_transaction:  # nested: a savepoint, the outer transaction decides
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MEMO_SIZE = 256


def _data_fingerprint(db: Database) -> tuple:
    """Changes whenever the database may have changed: another connection's commit moves data_version, this
    connection's own writes move total_changes. Both are O(1)."""
    return db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes


def memo_until_change(db: Database, key, compute):
    """`compute()`'s result, kept per connection under `key` until any write to the database (a deep copy is
    returned, so callers may change it). For read-heavy queries on a long-lived connection."""
    fingerprint = _data_fingerprint(db)
    entries = _MEMO.setdefault(db, {})
    hit = entries.get(key)
    if hit is not None and hit[0] == fingerprint:
        return copy.deepcopy(hit[1])
    value = compute()
    if len(entries) >= _MEMO_SIZE:
        entries.pop(next(iter(entries)))
    entries[key] = (fingerprint, value)
    return copy.deepcopy(value)
