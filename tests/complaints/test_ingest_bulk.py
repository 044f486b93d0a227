"""The bulk path (indexes and full-text entries built after a large insert) gives the same database as the
row-by-row path: same records, rejects, changes and search results; it rolls back whole; readers see old data."""

import json
import random
import sqlite3

import pytest

import complaints.ingest as ingest_module
from complaints.ingest import ingest_file
from complaints.store import open_db

WORDS = ("transport late plan annual review school placement speech therapy reply letter tribunal "
         "payment direct social worker meeting cancelled autumn term support").split()
QUERIES = ["transport", "annual review", '"direct payment"', "speech OR tribunal", "late NOT letter", "sch*"]
HEADER = "complaint_ref,received_on,text,stage,outcome,remedy_amount\n"


def write_export(path, first: int, count: int, seed: int, extra_lines: str = "", conflict: bool = True) -> None:
    """`count` complaints numbered from `first`, with an in-file duplicate, a conflict and bad rows."""
    rng = random.Random(seed)
    lines = []
    for i in range(first, first + count):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 12)))
        amount = f"£{rng.randrange(10, 900)}.00" if i % 5 == 0 else ""
        lines.append(f"B-{i},{1 + i % 28}/0{1 + i % 9}/2023,{text},{1 + i % 2},upheld,{amount}\n")
    lines.append(lines[0])  # an identical duplicate
    if conflict:
        lines.append(f"B-{first + 1},02/02/2023,a conflicting later version,2,not upheld,\n")
    lines.append(f"B-{first + 2},31/02/2023,not a real date,1,upheld,\n")
    lines.append(f"B-{first + 3},01/03/2023,an estimate,1,upheld,about £1k\n")
    path.write_text(HEADER + "".join(lines) + extra_lines)


def snapshot(db) -> dict:
    """What a user can see: records, rejects, changes, search results, and the schema."""
    stamps = {"created_at", "updated_at", "changed_at", "ingested_at"}

    def rows(sql):
        cursor = db.execute(sql)
        names = [c[0] for c in cursor.description]
        return [{k: v for k, v in zip(names, row) if k not in stamps} for row in cursor.fetchall()]

    return {
        "complaints": rows("SELECT * FROM complaints ORDER BY id"),
        "rejects": rows("SELECT source_id, line_no, raw, reason FROM rejects ORDER BY id"),
        "changes": rows("SELECT * FROM changes ORDER BY id"),
        "sources": rows("SELECT * FROM sources ORDER BY id"),
        "search": {q: db.execute("SELECT rowid, round(bm25(complaints_fts), 6) FROM complaints_fts "
                                 "WHERE complaints_fts MATCH ? ORDER BY rank, rowid", [q]).fetchall()
                   for q in QUERIES},
        "schema": sorted(db.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=str),
    }


def fts_is_consistent(db) -> bool:
    db.execute("INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('integrity-check', 1)")
    return True  # integrity-check raises on any difference between the index and the complaints table


def ingest_both_ways(tmp_path, monkeypatch, files):
    """Ingest the files in order into two databases, one row by row and one by the bulk path."""
    results = []
    for name, bulk_from in (("row-by-row", 10**9), ("bulk", 1)):
        monkeypatch.setattr(ingest_module, "_BULK_ROWS", bulk_from)
        db = open_db(tmp_path / f"{name}.db")
        summaries = [ingest_file(db, path, "generic") for path in files]
        assert fts_is_consistent(db)
        results.append((summaries, snapshot(db)))
        db.close()
    return results


def test_bulk_load_into_an_empty_table_equals_the_row_by_row_load(tmp_path, monkeypatch):
    path = tmp_path / "first.csv"
    write_export(path, 0, 400, seed=1)
    (row_summaries, row_db), (bulk_summaries, bulk_db) = ingest_both_ways(tmp_path, monkeypatch, [path])
    assert [{k: v for k, v in s.items() if k != "file"} for s in bulk_summaries] == \
        [{k: v for k, v in s.items() if k != "file"} for s in row_summaries]
    assert bulk_summaries[0]["inserted"] == 400 and bulk_summaries[0]["rejected"] == 2
    assert bulk_db == row_db
    assert all(bulk_db["search"][q] for q in QUERIES[:4])  # the queries really find records


def test_bulk_load_on_top_of_existing_records_equals_the_row_by_row_load(tmp_path, monkeypatch):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_export(first, 0, 300, seed=1)
    # the second file changes some earlier records (texts too, so their search entries move) and adds new ones
    changed = "".join(f"B-{i},05/05/2023,rewritten tribunal letter number {i},2,not upheld,\n" for i in range(10, 40))
    write_export(second, 300, 300, seed=2, extra_lines=changed)
    (row_summaries, row_db), (bulk_summaries, bulk_db) = ingest_both_ways(tmp_path, monkeypatch, [first, second])
    assert bulk_summaries[1]["inserted"] == 300 and bulk_summaries[1]["updated"] == 31  # 30 + one in-file conflict
    assert bulk_db == row_db
    assert len(bulk_db["changes"]) == 32  # and one in-file conflict in the first file


def test_reingesting_a_bulk_loaded_file_changes_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "_BULK_ROWS", 1)
    path = tmp_path / "first.csv"
    write_export(path, 0, 300, seed=3, conflict=False)
    ingest_file(db, path, "generic")
    before = snapshot(db)
    again = ingest_file(db, path, "generic")
    assert (again["inserted"], again["updated"], again["duplicates"]) == (0, 0, 301)
    after = snapshot(db)
    assert after["complaints"] == before["complaints"] and after["search"] == before["search"]
    assert after["changes"] == [] and after["schema"] == before["schema"]
    assert db.execute("SELECT count(*) FROM complaints WHERE updated_at != created_at").fetchone()[0] == 0


def test_a_failure_after_the_bulk_insert_rolls_back_records_indexes_and_search(db, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "_BULK_ROWS", 1)
    small = tmp_path / "small.csv"
    write_export(small, 0, 50, seed=4)
    ingest_file(db, small, "generic")
    before = snapshot(db)
    real_merge = ingest_module._merge

    def merge_then_fail(*args, **kwargs):
        real_merge(*args, **kwargs)  # records, indexes and full-text entries are all written by now
        raise RuntimeError("disk full after the merge")

    monkeypatch.setattr(ingest_module, "_merge", merge_then_fail)
    path = tmp_path / "big.csv"
    write_export(path, 50, 300, seed=5)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_file(db, path, "generic")
    assert snapshot(db) == before  # records, search results, indexes and the trigger are as they were
    assert fts_is_consistent(db)
    monkeypatch.setattr(ingest_module, "_merge", real_merge)
    assert ingest_file(db, path, "generic")["inserted"] == 300


def test_readers_see_the_old_data_while_a_bulk_load_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "_BULK_ROWS", 1)
    db = open_db(tmp_path / "shared.db")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_export(first, 0, 100, seed=6)
    write_export(second, 100, 300, seed=7)
    ingest_file(db, first, "generic")
    reader = sqlite3.connect(tmp_path / "shared.db")
    seen = {}
    real_merge = ingest_module._merge

    def merge_and_look(*args, **kwargs):
        counts = real_merge(*args, **kwargs)
        seen["rows"] = reader.execute("SELECT count(*) FROM complaints").fetchone()[0]
        seen["found"] = reader.execute("SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH 'transport'"
                                       ).fetchone()[0]
        seen["indexes"] = reader.execute("SELECT count(*) FROM pragma_index_list('complaints')").fetchone()[0]
        return counts

    found_before = reader.execute("SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH 'transport'"
                                  ).fetchone()[0]
    indexes_before = reader.execute("SELECT count(*) FROM pragma_index_list('complaints')").fetchone()[0]
    monkeypatch.setattr(ingest_module, "_merge", merge_and_look)
    ingest_file(db, second, "generic")
    assert seen == {"rows": 100, "found": found_before, "indexes": indexes_before}
    assert reader.execute("SELECT count(*) FROM complaints").fetchone()[0] == 400
    reader.close()
    db.close()


def test_small_loads_keep_the_row_by_row_path(db, tmp_path, monkeypatch):
    calls = []
    real_bulk = ingest_module._bulk_insert
    monkeypatch.setattr(ingest_module, "_bulk_insert", lambda *a: calls.append(a) or real_bulk(*a))
    path = tmp_path / "small.csv"
    write_export(path, 0, 30, seed=8)
    ingest_file(db, path, "generic")
    assert calls == []
    monkeypatch.setattr(ingest_module, "_BULK_ROWS", 30)
    write_export(path, 100, 30, seed=8)
    ingest_file(db, path, "generic")
    assert len(calls) == 1
    assert json.loads(db.execute("SELECT detail FROM audit_log ORDER BY id DESC").fetchone()[0])["inserted"] == 30


def test_a_bulk_load_of_case_records_keeps_their_indexes(tmp_path, monkeypatch):
    path = tmp_path / "cases.csv"
    path.write_text("Case Ref,Child Forename,Child Surname,Date of Birth\n"
                    + "".join(f"EH-{i:05d},Ada{i},Lee,{1 + i % 28}/0{1 + i % 9}/2014\n" for i in range(200)))
    loaded = []
    for name, bulk_from in (("row-by-row", 10**9), ("bulk", 1)):
        monkeypatch.setattr(ingest_module, "_BULK_ROWS", bulk_from)
        db = open_db(tmp_path / f"{name}.db")
        assert ingest_file(db, path)["inserted"] == 200
        loaded.append((snapshot(db)["schema"],
                       db.execute("SELECT case_ref, child_forename, date_of_birth FROM cases ORDER BY id").fetchall(),
                       db.execute("SELECT count(*) FROM cases WHERE date_of_birth = '2014-01-01'").fetchone()))
        db.close()
    assert loaded[0] == loaded[1]
    assert "cases_dob" in str(loaded[1][0])


@pytest.mark.parametrize("bulk_from", [1, 10**9])
def test_a_first_load_without_repeated_keys_skips_classifying_and_gives_the_same_database(
        tmp_path, monkeypatch, bulk_from):
    monkeypatch.setattr(ingest_module, "_BULK_ROWS", bulk_from)
    path = tmp_path / "first.csv"
    write_export(path, 0, 300, seed=9, conflict=False)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-3] + lines[-2:]))  # no repeated key left; the two bad rows stay
    loaded = []
    for name, classify_always in (("classified", True), ("all new", False)):
        if classify_always:
            monkeypatch.setattr(ingest_module, "_all_new", lambda *args: False)
        else:
            monkeypatch.undo()
            monkeypatch.setattr(ingest_module, "_BULK_ROWS", bulk_from)
        db = open_db(tmp_path / f"{name}.db")
        summary = ingest_file(db, path, "generic")
        assert fts_is_consistent(db)
        loaded.append(({k: v for k, v in summary.items() if k != "file"}, snapshot(db)))
        db.close()
    assert loaded[0] == loaded[1]
    assert (loaded[1][0]["inserted"], loaded[1][0]["rejected"], loaded[1][0]["duplicates"]) == (300, 2, 0)


def test_a_repeated_key_or_a_loaded_table_takes_the_classifying_path(tmp_path, monkeypatch):
    calls = []
    real_classify = ingest_module._classify
    monkeypatch.setattr(ingest_module, "_classify", lambda *args: calls.append(args[1]) or real_classify(*args))
    unique, repeated, later = tmp_path / "unique.csv", tmp_path / "repeated.csv", tmp_path / "later.csv"
    write_export(repeated, 0, 20, seed=10, conflict=False)  # the file repeats its first row
    unique.write_text("".join(repeated.read_text().splitlines(keepends=True)[:-3]))
    write_export(later, 100, 20, seed=11, conflict=False)
    later.write_text("".join(later.read_text().splitlines(keepends=True)[:-3]))
    first_db, second_db = open_db(tmp_path / "a.db"), open_db(tmp_path / "b.db")
    assert ingest_file(first_db, unique, "generic")["inserted"] == 20 and calls == []
    assert ingest_file(first_db, later, "generic")["inserted"] == 20 and calls == ["complaints"]
    summary = ingest_file(second_db, repeated, "generic")
    assert (summary["inserted"], summary["duplicates"]) == (20, 1) and len(calls) == 2
    first_db.close()
    second_db.close()
