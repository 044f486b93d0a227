"""The store: migrations upgrade an existing database in place; transactions are all-or-nothing."""

import sqlite3

import pytest

from complaints import store
from complaints.store import open_db, pending_migrations, schema_version, transaction

EXPECTED_TABLES = {"sources", "complaints", "decisions", "remedies", "actions", "cases", "case_links",
                   "themes", "corrections", "rejects", "changes", "audit_log", "api_keys",
                   "complaints_fts", "decisions_fts"}


def test_new_database_has_every_table_wal_and_foreign_keys(tmp_path):
    db = open_db(tmp_path / "new.db")
    assert EXPECTED_TABLES <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pending_migrations(db) == []


def test_older_database_is_upgraded_in_place_keeping_its_rows(tmp_path, monkeypatch):
    everything = store._available()
    # Build the database as the first release left it, with a record in it.
    monkeypatch.setattr(store, "_available", lambda: everything[:1])
    old = open_db(tmp_path / "old.db")
    old.execute(
        "INSERT INTO sources (file_name, sha256, profile, kind, ingested_at) VALUES ('a.csv', 'x', 'generic', 'complaints', 't')"
    )
    old.conn.commit()
    old.close()
    # A later release adds a migration: opening the same file applies only the new one.
    class Later:
        @staticmethod
        def upgrade(db):
            db.execute("ALTER TABLE sources ADD COLUMN note TEXT")

    monkeypatch.setattr(store, "_available", lambda: everything + [(9999, "m9999_note", Later)])
    upgraded = open_db(tmp_path / "old.db")
    assert schema_version(upgraded) == 9999
    assert upgraded.execute("SELECT file_name, note FROM sources").fetchall() == [("a.csv", None)]


def test_failed_migration_leaves_database_at_previous_version(tmp_path, monkeypatch):
    everything = store._available()

    class Broken:
        @staticmethod
        def upgrade(db):
            db.execute("CREATE TABLE half_done (x)")
            raise RuntimeError("boom")

    monkeypatch.setattr(store, "_available", lambda: everything + [(9999, "m9999_broken", Broken)])
    with pytest.raises(store.MigrationError, match="m9999_broken"):
        open_db(tmp_path / "b.db")
    db = open_db(tmp_path / "b.db", migrate_schema=False)
    assert "half_done" not in db.table_names()
    assert schema_version(db) == everything[-1][0]


def test_transaction_rolls_back_everything_on_error(db):
    with pytest.raises(ValueError):
        with transaction(db):
            db.execute(
                "INSERT INTO sources (file_name, sha256, profile, kind, ingested_at) VALUES ('a', 'b', 'c', 'd', 'e')"
            )
            raise ValueError("crash half-way")
    assert db.table("sources").count == 0


def test_full_text_index_follows_inserts_and_updates(db):
    now = store.utc_now()
    db.execute(
        "INSERT INTO complaints (complaint_ref, text, row_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        ["C1", "The speech therapy in the plan never started", "h", now, now],
    )
    hits = db.execute("SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH 'therapy'").fetchall()
    assert hits == [(1,)]
    db.execute("UPDATE complaints SET text = 'Transport was late' WHERE id = 1")
    assert db.execute("SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH 'therapy'").fetchone()[0] == 0


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO rejects (source_id, file_name, reason, created_at) VALUES (999, 'f', 'r', 't')"
        )


def test_officer_corrections_override_model_themes_in_the_view(db):
    now = store.utc_now()
    db.execute("INSERT INTO complaints (id, complaint_ref, row_hash, created_at, updated_at) VALUES (1, 'C1', 'h', ?, ?)", [now, now])
    for theme in ("communication", "transport"):
        db.execute("INSERT INTO themes (complaint_id, theme, method, created_at) VALUES (1, ?, 'model', ?)", [theme, now])
    db.execute("INSERT INTO corrections (complaint_id, theme, action, officer, created_at) VALUES (1, 'transport', 'remove', 'o1', ?)", [now])
    db.execute("INSERT INTO corrections (complaint_id, theme, action, officer, created_at) VALUES (1, 'payment_delay', 'add', 'o1', ?)", [now])
    themes = {row[0] for row in db.execute("SELECT theme FROM complaint_themes WHERE complaint_id = 1")}
    assert themes == {"communication", "payment_delay"}
    # A later correction wins over an earlier one for the same theme.
    db.execute("INSERT INTO corrections (complaint_id, theme, action, officer, created_at) VALUES (1, 'transport', 'add', 'o2', ?)", [now])
    themes = {row[0] for row in db.execute("SELECT theme FROM complaint_themes WHERE complaint_id = 1")}
    assert themes == {"communication", "payment_delay", "transport"}


def test_memo_until_change_recomputes_after_any_write(tmp_path):
    from complaints.store import memo_until_change

    path = tmp_path / "memo.db"
    reader, writer = open_db(path), open_db(path)
    calls = []

    def count():
        calls.append(1)
        return reader.execute("SELECT count(*) FROM sources").fetchone()[0]

    assert memo_until_change(reader, "n", count) == 0
    assert memo_until_change(reader, "n", count) == 0 and len(calls) == 1  # kept
    writer.execute("INSERT INTO sources (file_name, sha256, profile, kind, ingested_at) VALUES ('a', 'b', 'c', 'd', 'e')")
    writer.conn.commit()
    assert memo_until_change(reader, "n", count) == 1 and len(calls) == 2  # another connection wrote
    reader.execute("INSERT INTO sources (file_name, sha256, profile, kind, ingested_at) VALUES ('f', 'g', 'h', 'i', 'j')")
    assert memo_until_change(reader, "n", count) == 2 and len(calls) == 3  # this connection wrote
