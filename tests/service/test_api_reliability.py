"""Reads keep working while an ingest holds the database's write lock (WAL, a connection per request)."""

import sqlite3

from complaints.store import utc_now


def test_reads_are_served_while_a_long_write_transaction_is_open(api):
    writer = sqlite3.connect(api.settings.db)
    writer.execute("BEGIN IMMEDIATE")  # what an ingest holds for the length of a file
    now = utc_now()
    writer.execute("INSERT INTO complaints (complaint_ref, received_on, text, row_hash, created_at, updated_at) "
                   "VALUES ('C-NEW', '2024-06-01', 'not yet committed', 'h', ?, ?)", [now, now])
    try:
        listing = api("GET", "/api/v1/complaints")
        assert listing.status_code == 200
        assert listing.json()["total"] == 3  # the uncommitted row is not visible, and nothing blocked
        assert api("GET", "/api/v1/complaints/C-001").status_code == 200
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert api("GET", "/api/v1/complaints").json()["total"] == 4
