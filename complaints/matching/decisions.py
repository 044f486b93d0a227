"""Linking anonymised ombudsman decisions to the council's own complaint records, always for review.

Decisions name no one ("Mrs X", "Y"), so a link is either the ombudsman reference the council recorded
on its complaint, or a short list of candidates that fit by dates, themes and stage history. Neither is
certain enough to act on unseen: every proposal goes to the review queue.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from complaints.store import transaction, utc_now

__all__ = ["link_decisions", "ombudsman_key"]

MAX_CANDIDATES = 3
MIN_SCORE = 0.45


def ombudsman_key(value) -> str:
    """An ombudsman reference reduced to its eight digits (`23 004 512`, `23-004-512`, `23004512`)."""
    digits = re.sub(r"\D", "", str(value or ""))
    return digits if len(digits) == 8 else ""


def _day(text) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _themes(db, view: str, column: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for record_id, theme in db.execute(f"SELECT {column}, theme FROM {view}"):
        out.setdefault(record_id, set()).add(theme)
    return out


def _score(decision: dict, complaint: dict, d_themes: set, c_themes: set, escalated: bool) -> tuple[float, dict]:
    """Points for each piece of circumstantial agreement, scaled to 0-1, and which pieces agreed."""
    agreed, disagreed, missing = [], [], []
    points, possible = 0.0, 0.0
    decided, received = _day(decision["decision_date"]), _day(complaint["received_on"])
    # the complaint reached the ombudsman before the decision, typically within eighteen months
    possible += 3
    if decided and received:
        gap = (decided - received).days
        if 0 <= gap <= 540:
            points += 3
            agreed.append("dates")
        else:
            disagreed.append("dates")
    else:
        missing.append("dates")
    possible += 3
    own_decided = _day(complaint["decided_on"])
    if own_decided and decided:
        if abs((own_decided - decided).days) <= 3:
            points += 3
            agreed.append("decision_date")
        else:
            disagreed.append("decision_date")
    else:
        missing.append("decision_date")
    # the reference's first two digits are the year the complaint reached the ombudsman
    possible += 1
    ref_year = decision["key"][:2]
    if received and ref_year:
        if int(ref_year) in (received.year % 100, (received.year - 1) % 100):
            points += 1
            agreed.append("reference_year")
        else:
            disagreed.append("reference_year")
    else:
        missing.append("reference_year")
    possible += 2
    if d_themes and c_themes:
        overlap = len(d_themes & c_themes) / len(d_themes | c_themes)
        points += 2 * overlap
        (agreed if overlap >= 0.5 else disagreed).append("themes")
    else:
        missing.append("themes")
    possible += 1
    if complaint["stage"] == "ombudsman" or escalated:
        points += 1
        agreed.append("stage_history")
    else:
        disagreed.append("stage_history")
    return points / possible, {"agreed": agreed, "disagreed": disagreed, "missing": missing}


def _timeline(complaints: list[dict]) -> tuple[list, list, list]:
    """Complaints sorted by date received and by own decision date, for range look-ups."""
    received = sorted((c["received_on"][:10], i) for i, c in enumerate(complaints) if _day(c["received_on"]))
    decided = sorted((c["decided_on"][:10], i) for i, c in enumerate(complaints) if _day(c["decided_on"]))
    return complaints, received, decided


def _nearby(timeline, decision_date) -> list[dict]:
    """Complaints received up to eighteen months before the decision, or decided within three days of it."""
    complaints, received, decided = timeline
    day = _day(decision_date)
    if day is None:
        return []
    found: set[int] = set()
    for rows, low, high in ((received, day - timedelta(days=540), day),
                            (decided, day - timedelta(days=3), day + timedelta(days=3))):
        start = bisect_left(rows, (low.isoformat(), -1))
        end = bisect_right(rows, (high.isoformat(), len(complaints)))
        found.update(i for _, i in rows[start:end])
    return [complaints[i] for i in sorted(found)]


def link_decisions(db) -> dict:
    """Propose complaint records for each ombudsman decision (review queue only); returns counts."""
    decisions = [dict(zip(("id", "ombudsman_ref", "decision_date", "complaint_id"), row)) for row in db.execute(
        "SELECT id, ombudsman_ref, decision_date, complaint_id FROM decisions")]
    complaints = [dict(zip(("id", "complaint_ref", "ombudsman_ref", "stage", "received_on", "decided_on",
                            "escalated_from"), row)) for row in db.execute(
        "SELECT id, complaint_ref, ombudsman_ref, stage, received_on, decided_on, escalated_from FROM complaints")]
    reviewed = db.execute("SELECT decision_id, target_complaint_id, status FROM case_links "
                          "WHERE decision_id IS NOT NULL AND status IN ('confirmed', 'rejected')").fetchall()
    settled = {d for d, _, s in reviewed if s == "confirmed"}
    rejected = {(d, t) for d, t, s in reviewed if s == "rejected"}
    by_key: dict[str, list[dict]] = {}
    for c in complaints:
        key = ombudsman_key(c["ombudsman_ref"])
        if key:
            by_key.setdefault(key, []).append(c)
    escalated_refs = {c["escalated_from"] for c in complaints if c["escalated_from"]}
    stage_two_up = [c for c in complaints if c["stage"] in ("2", "ombudsman")
                    and not ombudsman_key(c["ombudsman_ref"])]
    timeline = _timeline(stage_two_up)
    d_themes = _themes(db, "decision_themes", "decision_id")
    c_themes = _themes(db, "complaint_themes", "complaint_id")
    rows, counts = [], {"decisions": len(decisions), "by_reference": 0, "by_circumstance": 0, "unmatched": 0,
                        "kept_reviewed": len(settled)}
    now = utc_now()
    for decision in decisions:
        if decision["id"] in settled:
            continue
        decision["key"] = ombudsman_key(decision["ombudsman_ref"])
        exact = [c for c in by_key.get(decision["key"], []) if (decision["id"], c["id"]) not in rejected]
        if exact:
            # prefer the ombudsman-stage record when the council copied the reference onto several stages
            exact.sort(key=lambda c: (c["stage"] != "ombudsman", c["complaint_ref"]))
            agreements = {"agreed": ["ombudsman_ref"], "disagreed": [], "missing": [],
                          "reason": "ombudsman reference recorded on the council's complaint"}
            rows.append((decision["id"], exact[0]["id"], 1.0, "ombudsman_ref", json.dumps(agreements)))
            counts["by_reference"] += 1
            continue
        scored = []
        for c in _nearby(timeline, decision["decision_date"]):
            if (decision["id"], c["id"]) in rejected:
                continue
            score, agreements = _score(decision, c, d_themes.get(decision["id"], set()),
                                       c_themes.get(c["id"], set()), c["complaint_ref"] in escalated_refs)
            if score >= MIN_SCORE:
                scored.append((score, c["complaint_ref"], c["id"], agreements))
        scored.sort(key=lambda item: (-item[0], item[1]))
        for score, _, complaint_id, agreements in scored[:MAX_CANDIDATES]:
            agreements["reason"] = "candidate by dates, themes and stage history"
            rows.append((decision["id"], complaint_id, round(score, 4), "decision_candidates", json.dumps(agreements)))
        counts["by_circumstance" if scored else "unmatched"] += 1
    with transaction(db):
        db.execute("DELETE FROM case_links WHERE decision_id IS NOT NULL AND status IN ('auto', 'review', 'none')")
        db.conn.executemany(
            "INSERT INTO case_links (decision_id, target_complaint_id, score, method, status, agreements, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, 'review', ?, ?, ?)",
            [(d, t, s, m, a, now, now) for d, t, s, m, a in rows])
    counts["proposed"] = len(rows)
    return counts
