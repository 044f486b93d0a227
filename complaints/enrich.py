"""Enrichment steps that store analysis results on records: theme classification and officer corrections.

The analysis itself is passed in (`classify`), so this core module never imports the nlp package."""

from __future__ import annotations

import json
from collections import Counter
from typing import Callable, Iterable

from complaints.audit import record_event
from complaints.errors import ComplaintsError, NotFoundError
from complaints.store import Database, transaction, utc_now

__all__ = ["apply_themes", "add_correction", "corrected_examples", "effective_complaint_themes", "CORRECTION_ACTIONS"]

CORRECTION_ACTIONS = ("add", "remove")
Classify = Callable[[list[str]], list[dict]]


def _records(db: Database, table: str, text_sql: str, where: str | None, params) -> Iterable[tuple[int, str]]:
    sql = f"SELECT id, {text_sql} AS text FROM {table}"
    if where:
        sql += f" WHERE ({where})"
    return db.execute(sql + " ORDER BY id", list(params or [])).fetchall()


def _store(db: Database, key: str, ids: list[int], results: list[dict], model_version: str, now: str) -> Counter:
    assigned = Counter()
    placeholders = ",".join("?" for _ in ids)
    # corrections live in their own table; only the classifier's own earlier rows are replaced
    db.execute(f"DELETE FROM themes WHERE {key} IN ({placeholders}) AND method != 'correction'", ids)
    rows = []
    for record_id, result in zip(ids, results):
        chosen = set(result.get("themes", []))
        methods = result.get("methods", {})
        evidence = result.get("evidence", {})
        for theme, score in result.get("scores", {}).items():
            is_assigned = theme in chosen
            assigned[theme] += is_assigned
            rows.append((record_id, theme, float(score), int(is_assigned),
                         methods.get(theme, "model") if is_assigned else "combined",
                         json.dumps(evidence.get(theme, []), ensure_ascii=False) if is_assigned else None,
                         model_version, now))
    db.conn.executemany(
        f"INSERT INTO themes ({key}, theme, score, assigned, method, evidence, model_version, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return assigned


def apply_themes(db: Database, classify: Classify, *, model_version: str, where: str | None = None,
                 params: Iterable = (), decision_where: str | None = None, decision_params: Iterable = (),
                 batch_size: int = 500) -> dict:
    """Classify complaints (and decisions' summaries, else their text) and store a row per theme per record.

    `where`/`decision_where` are SQL filters on the complaints/decisions tables (None = every record; pass
    "0" to skip a table). Earlier classifier rows for those records are replaced; corrections are kept and
    still override through the complaint_themes/decision_themes views. Returns a summary."""
    if not model_version:
        raise ComplaintsError("apply_themes needs the model_version of the classifier, to record beside each row")
    now = utc_now()
    summary = {"complaints": 0, "decisions": 0, "untagged": 0, "assigned": Counter(), "model_version": model_version}
    targets = (
        ("complaints", "complaint_id", "text", where, params),
        ("decisions", "decision_id", "coalesce(nullif(trim(summary), ''), text)", decision_where, decision_params),
    )
    for table, key, text_sql, condition, args in targets:
        records = [(i, t) for i, t in _records(db, table, text_sql, condition, args) if t and t.strip()]
        for start in range(0, len(records), batch_size):
            batch = records[start:start + batch_size]
            results = classify([text for _, text in batch])
            if len(results) != len(batch):
                raise ComplaintsError(f"classify returned {len(results)} results for {len(batch)} texts")
            with transaction(db):
                summary["assigned"].update(_store(db, key, [i for i, _ in batch], results, model_version, now))
            summary[table] += len(batch)
            summary["untagged"] += sum(1 for r in results if not r.get("themes"))
    summary["assigned"] = dict(sorted(summary["assigned"].items()))
    return summary


def add_correction(db: Database, *, complaint_id: int | None = None, decision_id: int | None = None, theme: str,
                   action: str, officer: str, reason: str | None = None,
                   known_themes: Iterable[str] | None = None) -> int:
    """Record an officer adding or removing a theme on one complaint or decision; returns the correction id.

    The latest correction per record and theme overrides the classifier in the effective-theme views and
    survives re-classification. An audit-log entry records who and what (never the reason text)."""
    if (complaint_id is None) == (decision_id is None):
        raise ComplaintsError("a correction needs exactly one of complaint_id or decision_id")
    if action not in CORRECTION_ACTIONS:
        raise ComplaintsError(f"correction action {action!r} is not one of: {', '.join(CORRECTION_ACTIONS)}")
    if not officer or not officer.strip():
        raise ComplaintsError("a correction needs the officer's name (who made it)")
    if known_themes is not None and theme not in set(known_themes):
        raise ComplaintsError(f"unknown theme {theme!r}; the taxonomy has: {', '.join(known_themes)}")
    table, record_id, key = ("complaints", complaint_id, "complaint_id") if complaint_id is not None \
        else ("decisions", decision_id, "decision_id")
    if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is None:
        raise NotFoundError(f"no record with id {record_id} in {table}")
    now = utc_now()
    with transaction(db):
        cursor = db.execute(
            f"INSERT INTO corrections ({key}, theme, action, officer, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [record_id, theme, action, officer.strip(), reason, now])
        correction_id = cursor.lastrowid
        record_event(db, actor=officer.strip(), action="correct_theme", entity=table, entity_id=record_id,
                     detail={"theme": theme, "action": action, "correction_id": correction_id})
    return correction_id


def corrected_examples(db: Database) -> list[dict]:
    """Every corrected record's text with its effective themes (model plus corrections): extra training data."""
    rows = db.execute(
        """
        SELECT c.id, c.text, (SELECT json_group_array(theme) FROM complaint_themes t WHERE t.complaint_id = c.id)
        FROM complaints c WHERE c.id IN (SELECT complaint_id FROM corrections WHERE complaint_id IS NOT NULL)
        """).fetchall()
    decision_rows = db.execute(
        """
        SELECT d.id, coalesce(nullif(trim(d.summary), ''), d.text),
               (SELECT json_group_array(theme) FROM decision_themes t WHERE t.decision_id = d.id)
        FROM decisions d WHERE d.id IN (SELECT decision_id FROM corrections WHERE decision_id IS NOT NULL)
        """).fetchall()
    examples = []
    for prefix, found in (("complaint", rows), ("decision", decision_rows)):
        for record_id, text, themes in found:
            if text and text.strip():
                examples.append({"id": f"{prefix}-{record_id}", "text": text, "themes": sorted(set(json.loads(themes)))})
    return examples


def effective_complaint_themes(db: Database) -> dict[str, list[str]]:
    """Each complaint's effective themes (classifier plus officer corrections), keyed by complaint_ref."""
    refs = {ref: [] for (ref,) in db.execute("SELECT complaint_ref FROM complaints WHERE complaint_ref IS NOT NULL")}
    rows = db.execute("SELECT c.complaint_ref, t.theme FROM complaint_themes t JOIN complaints c ON c.id = t.complaint_id "
                      "WHERE c.complaint_ref IS NOT NULL ORDER BY c.complaint_ref, t.theme")
    for ref, theme in rows:
        refs.setdefault(ref, []).append(theme)
    return refs
