"""The ingest speed-ups decide exactly what the general code does: the compiled row function, and
staging only the fields a file has columns for."""

import json
from datetime import date, datetime

import pytest

import complaints.ingest as ingest_module
from complaints.ingest import ingest_file
from complaints.profiles import get_profile

COLUMNS = ["complaint_ref", "received_on", "text", "stage", "status", "outcome", "remedy_amount", "Officer notes"]
ROWS = [
    # text cells as a CSV gives them: padding, blanks, mapped enums, every date style, money
    ["C-1", "31/01/2024", "  late transport  ", "Stage 2", "Live", "part upheld", "£1,250.00", "chased"],
    ["C-2", "2024-02-01", "no reply", "", "  ", "", "", ""],
    ["C-3", "1 March 2024", "plan not delivered", "LGSCO", "on hold", "upheld", "300", "  "],
    ["C-4", "05-Apr-2024", "x", "one", "closed", "withdrawn", "0.5", "n"],
    # typed cells as a spreadsheet gives them
    [1234.0, datetime(2024, 5, 6, 9, 30), "typed", 2, None, None, 75, 12],
    ["C-6", date(2024, 6, 7), "typed date", None, "resolved", "no fault", 10.25, True],
    ["C-7", 45000, "excel serial", "2", "open", None, None, None],
    # rejects: the same reason either way
    ["C-8", "31/02/2024", "not a real date", "1", "open", None, None, None],
    ["C-9", "2024-01-01", "estimate", "1", "open", None, "about £1k", None],
    ["C-10", "2024-01-01", "bad stage", "stage nine", "open", None, None, None],
    ["", "2024-01-01", "blank key", "1", "open", None, None, None],
    ["C-12", "2024-01-01", "   ", "1", "open", None, None, None],
    ["C-13", None, "no date", "1", "open", None, None, None],
]


def outcome(function, row):
    try:
        return function(row)
    except ingest_module._Reject as exc:
        return ("rejected", str(exc))


@pytest.mark.parametrize("profile_name", ["generic", "housing-ombudsman-findings", "cfpb"])
def test_the_compiled_row_function_matches_the_general_one(profile_name):
    profile = get_profile(profile_name)
    normaliser = ingest_module._Normaliser(profile, COLUMNS, fixed=True)
    outcomes = []
    for values in ROWS:
        row = dict(zip(COLUMNS, values))
        compiled = outcome(normaliser._compiled, row)
        assert compiled == outcome(normaliser._general, row), row
        assert compiled == outcome(normaliser.normalise, row)
        outcomes.append(compiled)
    if profile_name == "generic":  # the rows really cover accepted and rejected values
        assert sum(1 for o in outcomes if o[0] == "rejected") == 6
        first_values, first_extra = outcomes[0]
        assert first_values[:4] == ["C-1", "2024-01-31", "late transport", "2"]
        assert json.loads(first_extra) == {"Officer notes": "chased"}


def test_a_row_with_other_keys_than_the_header_takes_the_general_path():
    normaliser = ingest_module._Normaliser(get_profile("generic"), ["complaint_ref", "received_on", "text"])
    values, extra = normaliser.normalise({"complaint_ref": "J-1", "received_on": "2024-01-02", "text": "t",
                                          "Notes": "x"})
    assert values[:3] == ["J-1", "2024-01-02", "t"] and json.loads(extra) == {"Notes": "x"}
    with pytest.raises(ingest_module._Reject, match="'text' is blank"):
        normaliser.normalise({"complaint_ref": "J-2", "received_on": "2024-01-02", "other": "y"})


def test_a_later_file_without_a_column_blanks_that_field_and_records_the_change(db, tmp_path):
    first = tmp_path / "with-outcome.csv"
    first.write_text("complaint_ref,received_on,text,outcome,team\n"
                     "K-1,01/02/2024,the review was cancelled,upheld,SEN North\n"
                     "K-2,02/02/2024,transport missing,not upheld,Transport\n")
    second = tmp_path / "without-outcome.csv"
    second.write_text("complaint_ref,received_on,text,team\n"
                      "K-1,01/02/2024,the review was cancelled,SEN North\n"
                      "K-3,03/02/2024,a new complaint about the review,SEN South\n")
    ingest_file(db, first)
    summary = ingest_file(db, second)
    assert (summary["inserted"], summary["updated"], summary["duplicates"]) == (1, 1, 0)
    k1 = db.execute("SELECT outcome, team, text FROM complaints WHERE complaint_ref = 'K-1'").fetchone()
    assert k1 == (None, "SEN North", "the review was cancelled")
    assert db.execute("SELECT outcome FROM complaints WHERE complaint_ref = 'K-2'").fetchone() == ("not upheld",)
    before, after = db.execute("SELECT before, after FROM changes WHERE record_key = 'K-1'").fetchone()
    assert json.loads(before) == {"outcome": "upheld"} and json.loads(after) == {"outcome": None}
    hits = {row[0] for row in db.execute(
        "SELECT c.complaint_ref FROM complaints_fts f JOIN complaints c ON c.id = f.rowid "
        "WHERE complaints_fts MATCH 'review'")}
    assert hits == {"K-1", "K-3"}
    assert ingest_file(db, second)["duplicates"] == 2  # and again adds nothing


def test_jsonl_keys_that_appear_later_are_still_stored(db, tmp_path):
    path = tmp_path / "late-keys.jsonl"
    path.write_text('{"complaint_ref": "L-1", "received_on": "2024-01-02", "text": "first"}\n'
                    '{"complaint_ref": "L-2", "received_on": "2024-01-03", "text": "second", "outcome": "Upheld"}\n')
    assert ingest_file(db, path)["inserted"] == 2
    assert db.execute("SELECT outcome FROM complaints WHERE complaint_ref = 'L-2'").fetchone() == ("upheld",)
