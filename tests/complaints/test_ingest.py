"""Ingesting exports: profiles, rejects, idempotency, change recording, one transaction per file."""

import gzip
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

import complaints.ingest as ingest_module
from complaints.errors import EncodingError, FileFormatError, MissingColumnError, ProfileError
from complaints.ingest import ingest_file, list_rejects
from complaints.profiles import detect_profile, get_profile, load_profiles

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
TABLES = ("sources", "complaints", "cases", "rejects", "changes")


def counts(db):
    return {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}


def record(db, ref, table="complaints", key="complaint_ref"):
    cursor = db.execute(f"SELECT * FROM {table} WHERE {key} = ?", [ref])
    row = cursor.fetchone()
    return None if row is None else dict(zip([c[0] for c in cursor.description], row))


def test_generic_export_loads_typed_and_normalised_records(db):
    summary = ingest_file(db, DATA / "complaints_generic.csv")
    assert summary["profile"] == "generic"
    assert (summary["inserted"], summary["rejected"], summary["rows_read"]) == (4, 0, 4)
    first = record(db, "C-1001")
    assert first["received_on"] == "2024-01-31" and first["responded_on"] == "2024-02-14"
    assert first["outcome"] == "upheld" and first["stage"] == "1" and first["remedy_amount"] == 250.0
    assert json.loads(first["extra"]) == {"Officer Notes": "chased twice"}
    assert record(db, "C-1002")["received_on"] == "2024-02-02"
    assert record(db, "C-1002")["outcome"] is None
    third = record(db, "C-1003")
    assert third["outcome"] == "partly upheld" and third["remedy_amount"] == 1250.0
    assert third["received_on"] == "2024-03-05"
    assert record(db, "C-1004")["stage"] == "ombudsman"
    source = db.execute("SELECT file_name, profile, kind, rows_read, inserted FROM sources").fetchone()
    assert source == ("complaints_generic.csv", "generic", "complaints", 4, 4)


def test_complaint_text_is_searchable_after_ingest(db):
    ingest_file(db, DATA / "complaints_generic.csv")
    hits = db.execute("SELECT c.complaint_ref FROM complaints_fts f JOIN complaints c ON c.id = f.rowid "
                      "WHERE complaints_fts MATCH 'taxi'").fetchall()
    assert hits == [("C-1002",)]


def test_bad_rows_are_kept_with_line_and_reason(db):
    summary = ingest_file(db, DATA / "complaints_bad_rows.csv")
    assert (summary["inserted"], summary["rejected"]) == (1, 6)
    assert [r[0] for r in db.execute("SELECT complaint_ref FROM complaints")] == ["B-3"]
    reasons = {r["line"]: r["reason"] for r in list_rejects(db)}
    assert "received_on" in reasons[2] and "31/02/2024" in reasons[2]
    assert "remedy_amount" in reasons[3] and "about £1k" in reasons[3]
    assert "received_on" in reasons[5] and "blank" in reasons[5]
    assert "outcome" in reasons[6] and "sort of upheld" in reasons[6]
    assert "complaint_ref" in reasons[7]
    assert "TBC" in reasons[8]
    raw = list_rejects(db, limit=1)[0]["raw"]
    assert raw["complaint_ref"] == "B-1" and raw["received_on"] == "31/02/2024"
    assert list_rejects(db, source_id=summary["source_id"], limit=2)[1]["line"] == 3


def test_missing_required_column_stops_the_file_naming_column_and_profile(db):
    with pytest.raises(MissingColumnError) as error:
        ingest_file(db, DATA / "complaints_missing_text.csv", "generic")
    assert "'text'" in str(error.value) and "'generic'" in str(error.value)
    assert counts(db) == dict.fromkeys(TABLES, 0)


def test_same_file_twice_adds_nothing(db):
    first = ingest_file(db, DATA / "complaints_generic.csv")
    before = counts(db)
    second = ingest_file(db, DATA / "complaints_generic.csv")
    assert (second["inserted"], second["updated"], second["duplicates"]) == (0, 0, 4)
    assert counts(db) == before
    assert second["source_id"] == first["source_id"]
    assert db.execute("SELECT duplicates FROM sources").fetchone() == (4,)


def test_same_file_holding_two_versions_of_a_record_twice_adds_nothing(db, tmp_path):
    # an export with a record's history: the first ingest keeps the last version and records the change once
    export = tmp_path / "history.csv"
    export.write_text("complaint_ref,received_on,text\n"
                      "H-1,2024-04-02,First version of the complaint about the plan.\n"
                      "H-2,2024-04-03,A complaint about transport.\n"
                      "H-1,2024-04-02,Second version of the complaint about the plan.\n", encoding="utf-8")
    first = ingest_file(db, export, "generic")
    assert (first["inserted"], first["updated"]) == (2, 1)
    assert record(db, "H-1")["text"].startswith("Second version")
    before = counts(db)
    second = ingest_file(db, export, "generic")
    assert (second["inserted"], second["updated"], second["duplicates"]) == (0, 0, 3)
    assert counts(db) == before


def test_rerun_of_a_file_with_rejects_does_not_pile_them_up(db):
    ingest_file(db, DATA / "complaints_bad_rows.csv")
    ingest_file(db, DATA / "complaints_bad_rows.csv")
    assert counts(db)["rejects"] == 6


def test_changed_row_updates_the_record_and_records_the_change(db, tmp_path):
    ingest_file(db, DATA / "complaints_generic.csv")
    original_id = record(db, "C-1002")["id"]
    changed = tmp_path / "later.csv"
    changed.write_text((DATA / "complaints_generic.csv").read_text().replace(
        "C-1002,02-Feb-2024,\"Nobody has returned my calls about the taxi to school for three weeks.\",1,open,,",
        "C-1002,02-Feb-2024,\"Nobody has returned my calls about the taxi to school for three weeks.\",1,closed,upheld,"))
    summary = ingest_file(db, changed)
    assert (summary["inserted"], summary["updated"], summary["duplicates"]) == (0, 1, 3)
    now = record(db, "C-1002")
    assert (now["id"], now["status"], now["outcome"]) == (original_id, "closed", "upheld")
    assert now["source_id"] == summary["source_id"]
    change = db.execute("SELECT table_name, record_key, before, after FROM changes").fetchall()
    assert len(change) == 1
    table, key, before, after = change[0]
    assert (table, key) == ("complaints", "C-1002")
    assert json.loads(before) == {"status": "open", "outcome": None}
    assert json.loads(after) == {"status": "closed", "outcome": "upheld"}


def test_duplicates_inside_one_file_first_wins_conflicts_update(db):
    summary = ingest_file(db, DATA / "complaints_duplicates.csv")
    assert (summary["inserted"], summary["duplicates"], summary["updated"]) == (2, 1, 1)
    assert counts(db)["complaints"] == 2
    assert record(db, "D-2")["outcome"] == "upheld"  # the later, conflicting row wins
    (before, after), = db.execute("SELECT before, after FROM changes WHERE record_key = 'D-2'").fetchall()
    assert json.loads(before) == {"outcome": "not upheld"} and json.loads(after) == {"outcome": "upheld"}


def test_a_failure_half_way_leaves_the_database_as_it_was(db, tmp_path, monkeypatch):
    ingest_file(db, DATA / "complaints_generic.csv")
    before = counts(db)
    path = tmp_path / "fifty.csv"
    path.write_text("complaint_ref,received_on,text,outcome\n"
                    + "".join(f"F-{i},01/01/2024,row {i},upheld\n" for i in range(50))
                    + "C-1001,31/02/2024,a reject staged before the crash,upheld\n")
    monkeypatch.setattr(ingest_module, "_BATCH_ROWS", 5)  # several batches are written before the failure
    real_normalise = ingest_module._Normaliser.normalise
    seen = []

    def crash_on_row_30(self, row):
        seen.append(row)
        if len(seen) == 30:
            raise RuntimeError("simulated crash half-way")
        return real_normalise(self, row)

    monkeypatch.setattr(ingest_module._Normaliser, "normalise", crash_on_row_30)
    with pytest.raises(RuntimeError, match="half-way"):
        ingest_file(db, path)
    assert counts(db) == before
    monkeypatch.undo()
    assert ingest_file(db, path)["inserted"] == 50  # the database is still usable afterwards


def test_a_failure_in_the_merge_step_rolls_back_too(db, monkeypatch):
    def broken_merge(*args, **kwargs):
        raise RuntimeError("disk full while merging")

    monkeypatch.setattr(ingest_module, "_merge", broken_merge)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_file(db, DATA / "complaints_bad_rows.csv")
    assert counts(db) == dict.fromkeys(TABLES, 0)


def test_truncated_gzip_mid_file_rolls_back(db, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "_BATCH_ROWS", 100)
    rows = "".join(f"T-{i},01/01/2024,some words for row number {i} {i * 7919 % 1000}\n" for i in range(30000))
    path = tmp_path / "cut.csv.gz"
    data = gzip.compress(("complaint_ref,received_on,text\n" + rows).encode())
    path.write_bytes(data[: len(data) * 3 // 4])
    with pytest.raises(FileFormatError, match="truncated"):
        ingest_file(db, path)
    assert counts(db) == dict.fromkeys(TABLES, 0)


def test_wrong_encoding_is_reported_and_the_fix_works(db, tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes("complaint_ref,received_on,text\n".encode() + "W-1,01/01/2024,a plain row\n".encode() * 3000
                     + "W-2,02/01/2024,fees of £40 – unpaid\n".encode("cp1252"))
    with pytest.raises(EncodingError, match="--encoding cp1252"):
        ingest_file(db, path)
    assert counts(db)["complaints"] == 0
    ingest_file(db, path, encoding="cp1252")
    assert record(db, "W-2")["text"] == "fees of £40 – unpaid"


def test_windows_1252_file_is_sniffed(db, tmp_path):
    path = tmp_path / "cp.csv"
    path.write_bytes("complaint_ref,received_on,text\nW-9,01/01/2024,café £5\n".encode("cp1252"))
    ingest_file(db, path)
    assert record(db, "W-9")["text"] == "café £5"


def test_empty_file_is_refused_and_nothing_is_written(db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(FileFormatError, match="empty"):
        ingest_file(db, path)
    assert counts(db) == dict.fromkeys(TABLES, 0)


def test_jsonl_export(db):
    summary = ingest_file(db, DATA / "complaints.jsonl", "generic")
    assert (summary["inserted"], summary["rejected"]) == (3, 1)
    assert record(db, "J-2")["received_on"] == "2024-06-03" and record(db, "J-2")["remedy_amount"] == 420.0
    assert record(db, "J-3")["received_on"] == "2024-06-07"
    assert json.loads(record(db, "J-1")["extra"]) == {"channel": "email"}
    assert "not valid JSON" in list_rejects(db)[0]["reason"]


def test_xlsx_export_gzipped(db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Complaint Reference", "Date Received", "Complaint Text", "Remedy"])
    sheet.append([5501, 45322, "Typed cells from a spreadsheet", 125.5])
    sheet.append(["X-2", "31-Jan-2024", "A text date in a spreadsheet", "£60"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    packed = tmp_path / "book.xlsx.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    summary = ingest_file(db, packed)
    assert (summary["profile"], summary["inserted"]) == ("generic", 2)
    assert record(db, "5501")["received_on"] == "2024-01-31" and record(db, "5501")["remedy_amount"] == 125.5
    assert record(db, "X-2")["remedy_amount"] == 60.0


def test_cases_profile_is_detected_and_loads_into_cases(db):
    summary = ingest_file(db, DATA / "cases.csv")
    assert summary["profile"] == "cases" and summary["inserted"] == 2
    toby = record(db, "EH-2390", "cases", "case_ref")
    assert toby["date_of_birth"] == "2011-09-30" and toby["request_received_on"] == "2021-11-11"
    assert toby["plan_issued_on"] is None
    assert counts(db)["complaints"] == 0
    assert db.execute("SELECT kind FROM sources").fetchone() == ("cases",)


def test_user_profile_dropped_in_a_folder_needs_no_code(db, tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(DATA / "user_profile.toml", folder / "northshire.toml")
    assert "northshire" in load_profiles(folder)
    summary = ingest_file(db, DATA / "northshire.csv", profiles_dir=folder)
    assert summary["profile"] == "northshire" and summary["inserted"] == 2
    christmas = record(db, "NS-882")
    assert christmas["received_on"] == "2023-12-25"  # this council writes month first
    assert christmas["organisation"] == "Northshire County Council"
    assert json.loads(christmas["extra"]) == {"Priority": "low"}
    assert record(db, "NS-881")["received_on"] == "2024-01-02"


def test_unknown_profile_lists_the_known_ones(db):
    with pytest.raises(ProfileError, match="cfpb.*generic"):
        ingest_file(db, DATA / "complaints_generic.csv", "nonesuch")


def test_a_header_no_profile_fits_asks_for_one(db, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("colour,size\nred,big\n")
    with pytest.raises(ProfileError, match="--profile"):
        ingest_file(db, path)


def test_equally_good_profiles_are_ambiguous(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "twin.toml").write_text((Path(get_profile("cases").path)).read_text().replace(
        'name = "cases"', 'name = "cases-twin"'))
    with pytest.raises(ProfileError, match="cases, cases-twin|cases-twin, cases"):
        detect_profile(["case_ref", "child_forename", "child_surname", "date_of_birth"], folder)


def test_malformed_user_profile_is_named(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "bad.toml").write_text('name = "bad"\ntable = "complaints"\n[fields.complaint_ref]\ntype = "colour"\n')
    with pytest.raises(ProfileError, match="colour"):
        load_profiles(folder)


@pytest.mark.shared_data
def test_real_housing_ombudsman_findings_match_the_readme(db, shared_data):
    summary = ingest_file(db, shared_data / "housing-ombudsman" / "findings.csv.gz")
    assert summary["profile"] == "housing-ombudsman-findings"
    assert (summary["inserted"], summary["rejected"], summary["rows_read"]) == (33096, 0, 33096)
    by_year = {year: (rows, upheld) for year, rows, upheld in db.execute(
        "SELECT substr(decided_on, 1, 4), count(*), sum(outcome = 'upheld') FROM complaints GROUP BY 1")}
    assert by_year == {None: (109, 70), "2020": (210, 103), "2021": (3394, 1611), "2022": (3244, 1700),
                       "2023": (5817, 3914), "2024": (7841, 5783), "2025": (11010, 7266),
                       "2026": (1471, 867)}
    # 574 distinct landlord values in the README count the blank one: 573 names + 6 rows naming none.
    assert db.execute("SELECT count(DISTINCT ombudsman_ref), count(DISTINCT organisation), "
                      "sum(organisation IS NULL) FROM complaints").fetchone() == (15752, 573, 6)
    first = record(db, "HOS-1")
    assert (first["ombudsman_ref"], first["stage"], first["outcome"]) == ("202347433", "ombudsman", "not upheld")
    assert json.loads(first["extra"])["finding"] == "Reasonable Redress"
    again = ingest_file(db, shared_data / "housing-ombudsman" / "findings.csv.gz")
    assert (again["inserted"], again["duplicates"]) == (0, 33096)


@pytest.mark.shared_data
def test_real_cfpb_complaints_load(db, shared_data):
    summary = ingest_file(db, shared_data / "cfpb" / "complaints.csv.gz")
    assert summary["profile"] == "cfpb"
    assert (summary["inserted"], summary["rejected"]) == (1659, 0)
    outcomes = dict(db.execute("SELECT coalesce(outcome, '-'), count(*) FROM complaints GROUP BY 1").fetchall())
    assert outcomes == {"not upheld": 1376, "upheld": 84 + 43, "-": 153 + 3}
    years = dict(db.execute("SELECT substr(received_on, 1, 4), count(*) FROM complaints GROUP BY 1").fetchall())
    assert years == {"2017": 3, "2018": 10, "2019": 73, "2020": 4, "2023": 122, "2024": 1, "2025": 1446}
    assert db.execute("SELECT count(*) FROM complaints WHERE complaint_ref NOT LIKE 'CFPB-%'").fetchone() == (0,)


def test_each_ingest_is_audited_with_counts_only(db):
    ingest_file(db, DATA / "complaints_generic.csv")
    action, entity, detail = db.execute("SELECT action, entity, detail FROM audit_log").fetchone()
    assert (action, entity) == ("ingest", "sources")
    assert json.loads(detail)["inserted"] == 4
    assert "taxi" not in detail


def test_a_profile_can_name_the_workbook_sheet(db, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    book.active.append(["Complaints export, produced monthly"])
    data = book.create_sheet("Data")
    data.append(["Log Number", "Opened", "Narrative"])
    data.append([77, "03/04/2024", "A complaint on the second sheet."])
    path = tmp_path / "book.xlsx"
    book.save(path)
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "northshire.toml").write_text((DATA / "user_profile.toml").read_text().replace(
        'date_order = "mdy"', 'date_order = "mdy"\nsheet = "Data"'))
    summary = ingest_file(db, path, "northshire", profiles_dir=folder)
    assert summary["inserted"] == 1 and record(db, "NS-77")["received_on"] == "2024-03-04"


@pytest.mark.parametrize("bad,message", [
    ('key = "text"', "the key of table"),
    ('[fields.row_hash]\ntype = "text"', "manages itself"),
    ('[fields.colour]\ntype = "text"', "does not have"),
])
def test_profiles_cannot_break_the_tables(db, tmp_path, bad, message):
    folder = tmp_path / "profiles"
    folder.mkdir()
    text = (DATA / "user_profile.toml").read_text()
    text = text.replace('key = "complaint_ref"', bad) if bad.startswith("key") else text.replace(
        "[constants]", bad + "\n\n[constants]")
    (folder / "northshire.toml").write_text(text)
    with pytest.raises(ProfileError, match=message):
        ingest_file(db, DATA / "northshire.csv", "northshire", profiles_dir=folder)
    assert counts(db) == dict.fromkeys(TABLES, 0)


def test_progress_bar_only_on_a_terminal(db, tmp_path, capsys, monkeypatch):
    ingest_file(db, DATA / "complaints_generic.csv", progress=True)
    assert capsys.readouterr().err == ""  # stderr is captured here, not a terminal
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    ingest_file(db, DATA / "cases.csv", progress=True)
    assert "rows" in capsys.readouterr().err


def test_a_large_file_is_streamed_not_loaded(tmp_path, monkeypatch):
    import tracemalloc

    from complaints.store import open_db

    monkeypatch.setattr(ingest_module, "_BATCH_ROWS", 500)  # memory is bounded by the batch, not the file
    words = "the plan was not delivered and nobody replied to our emails about the transport " * 4

    def peak_memory(rows: int) -> tuple[int, int]:
        path = tmp_path / f"large-{rows}.csv"
        with open(path, "w") as handle:
            handle.write("complaint_ref,received_on,text\n")
            for i in range(rows):
                handle.write(f"L-{i},{1 + i % 28}/0{1 + i % 9}/2024,{words} {i}\n")
        database = open_db(tmp_path / f"large-{rows}.db")
        tracemalloc.start()
        try:
            assert ingest_file(database, path)["inserted"] == rows
            return tracemalloc.get_traced_memory()[1], path.stat().st_size
        finally:
            tracemalloc.stop()
            database.close()

    small_peak, small_size = peak_memory(3000)
    big_peak, big_size = peak_memory(12000)
    assert big_size > 3.9 * small_size
    assert big_peak < 1.3 * small_peak, f"peak grew from {small_peak:,} to {big_peak:,} bytes with the file"
