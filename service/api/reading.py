"""The app's one long-lived read connection, for results kept until the data changes (aggregates, list totals).

Per-request connections come and go, so a cache on them would never be hit; this one lives as long as the app
and is used by one request at a time (the lock), while WAL lets every other connection go on reading and writing.
"""

from __future__ import annotations

import threading

from fastapi import Request

from complaints.store import open_db

__all__ = ["report_db", "report_lock"]

report_lock = threading.Lock()


def report_db(request: Request):
    """The app's long-lived read connection (opened on first use, closed at shutdown)."""
    state = request.app.state
    if getattr(state, "report_db", None) is None:
        state.report_db = open_db(state.settings.db, migrate_schema=False, any_thread=True)
    return state.report_db
