"""Uploading files: summaries, rejects kept and readable, limits on size and expansion, admins only."""

import gzip
import io

EXPORT = (
    "complaint_ref,received_on,text,stage\n"
    "U-1,03/04/2024,The taxi never arrived,1\n"
    "U-2,not a date,Another complaint,1\n"
    "U-3,2024-04-05,No reply to my emails,2\n"
)


def upload(api, name, content, role="admin", **data):
    return api("POST", "/api/v1/ingest", role=role, files={"file": (name, content)}, data=data)


def test_admin_uploads_an_export_and_reads_its_rejects(api):
    response = upload(api, "export.csv", EXPORT.encode(), profile="generic")
    assert response.status_code == 200, response.text
    summary = response.json()
    assert (summary["inserted"], summary["rejected"]) == (2, 1)
    rejects = api("GET", "/api/v1/ingest/rejects", role="officer", params={"source_id": summary["source_id"]}).json()
    assert rejects["total"] == 1
    assert rejects["items"][0]["line"] == 3 and "not a date" in rejects["items"][0]["reason"]
    again = upload(api, "export.csv", EXPORT.encode(), profile="generic").json()
    assert again["inserted"] == 0 and again["duplicates"] == 2
    from complaints.store import open_db

    audited = open_db(api.settings.db).execute("SELECT count(*) FROM audit_log WHERE action = 'ingest_upload'")
    assert audited.fetchone()[0] == 2


def test_only_admins_upload(api):
    assert upload(api, "export.csv", EXPORT.encode(), role="officer").status_code == 403


def test_missing_column_is_a_clear_problem_and_nothing_is_written(api):
    response = upload(api, "bad.csv", b"complaint_ref,text\nX-1,hello\n", profile="generic")
    assert response.status_code == 400
    assert "received_on" in response.json()["detail"] and "generic" in response.json()["detail"]
    assert api("GET", "/api/v1/complaints", params={"q": "hello"}).json()["total"] == 0


def test_oversized_and_bomb_uploads_are_refused(api):
    settings = api.settings
    big = b"x" * (settings.max_upload_bytes + 10)
    assert upload(api, "big.csv", big).status_code == 413
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb") as handle:
        for _ in range(settings.max_uncompressed_bytes // (1 << 20) + 2):
            handle.write(b"\0" * (1 << 20))
    response = upload(api, "bomb.csv.gz", bomb.getvalue())
    assert response.status_code == 413 and "expands" in response.json()["detail"]


def test_unknown_file_kinds_are_refused(api):
    response = upload(api, "payload.exe", b"MZ\x90\x00")
    assert response.status_code == 415 and "CSV" in response.json()["detail"]
