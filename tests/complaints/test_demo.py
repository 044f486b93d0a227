"""The demo council: counts, determinism, consistency of records and ground truth, and varied prose."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from complaints.demo import generate
from complaints.demo.calendar import add_months, add_working_days
from complaints.demo.letters import THEMES, library
from complaints.demo.people import gazetteer
from complaints.demo.statements import money_words

LGO_REF = re.compile(r"^\d{2} \d{3} \d{3}$")
TITLES = {"Mr", "Mrs", "Ms", "Miss"}


def _date(text: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise AssertionError(f"unreadable date {text!r}")


def _financial_year(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{str(start + 1)[2:]}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    counts = generate(folder, seed=2024)
    complaints = list(csv.DictReader((folder / "complaints.csv").open(encoding="utf-8", newline="")))
    cases = list(csv.DictReader((folder / "cases.csv").open(encoding="utf-8", newline="")))
    themes = [json.loads(line) for line in (folder / "truth" / "themes.jsonl").open(encoding="utf-8")]
    links = list(csv.DictReader((folder / "truth" / "case_links.csv").open(encoding="utf-8", newline="")))
    decisions = [json.loads(line) for line in (folder / "truth" / "decisions.jsonl").open(encoding="utf-8")]
    return {"folder": folder, "counts": counts, "complaints": complaints, "cases": cases, "themes": themes,
            "links": links, "decisions": decisions}


def test_counts_meet_the_minimums(demo):
    counts = demo["counts"]
    assert len(demo["complaints"]) == counts["complaints"] >= 3000
    assert len({row["case_ref"] for row in demo["cases"]}) == counts["cases"] >= 6000
    assert len(demo["decisions"]) == counts["decisions"] >= 150
    files = list((demo["folder"] / "decisions").iterdir())
    by_ext = collections.Counter(p.suffix for p in files)
    assert by_ext[".txt"] == counts["decisions"]
    assert by_ext[".html"] >= 10 and by_ext[".docx"] >= 3
    stages = collections.Counter(row["stage"] for row in demo["complaints"])
    assert set(stages) == {"1", "2", "ombudsman"} and stages["2"] >= 300 and stages["ombudsman"] >= 150


def test_six_financial_years_with_a_rising_trend_and_a_september_peak(demo):
    received = [_date(row["received_on"]) for row in demo["complaints"]]
    assert min(received) >= dt.date(2019, 4, 1) and max(received) <= dt.date(2025, 3, 31)
    per_year = collections.Counter(_financial_year(day) for day in received)
    assert sorted(per_year) == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    assert per_year["2024/25"] > 1.5 * per_year["2019/20"]
    per_month = collections.Counter(day.month for day in received)
    assert per_month[9] > 2 * per_month[8]
    transport_month = collections.Counter(
        _date(row["received_on"]).month for row, truth in zip(demo["complaints"], demo["themes"])
        if "transport" in truth["themes"] and row["stage"] == "1")
    assert {month for month, _ in transport_month.most_common(2)} == {9, 10}


def test_same_seed_writes_byte_identical_files_and_another_seed_does_not(demo, tmp_path):
    again = tmp_path / "again"
    # a separate process with another hash seed: nothing may depend on set or dict-of-str ordering
    code = f"from complaints.demo import generate; generate({str(again)!r}, seed=2024)"
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path(__file__).resolve().parents[2])
    first = {p.relative_to(demo["folder"]): p.read_bytes() for p in demo["folder"].rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    other = tmp_path / "other"
    generate(other, seed=7)
    assert (other / "complaints.csv").read_bytes() != first[Path("complaints.csv")]


def test_regenerating_replaces_only_the_demo_files(tmp_path):
    keep = tmp_path / "complaints.db"
    keep.write_text("not ours")
    generate(tmp_path, seed=1)
    stale = tmp_path / "decisions" / "99-999-999.txt"
    stale.write_text("left over")
    generate(tmp_path, seed=1)
    assert keep.read_text() == "not ours" and not stale.exists()


def test_complaint_refs_are_unique_and_escalations_point_back(demo):
    rows = demo["complaints"]
    by_ref = {row["complaint_ref"]: row for row in rows}
    assert len(by_ref) == len(rows)
    for row in rows:
        if row["stage"] == "1":
            assert row["escalated_from"] == ""
            continue
        earlier = by_ref[row["escalated_from"]]
        if row["stage"] == "2":
            assert earlier["stage"] == "1"
        else:
            assert earlier["stage"] in ("1", "2")
        assert _date(earlier["responded_on"]) <= _date(row["received_on"])
        assert earlier["outcome"] in ("upheld", "partly upheld", "not upheld")


def test_rows_have_valid_status_outcome_procedure_and_dates(demo):
    for row in demo["complaints"]:
        assert row["procedure"] in ("corporate", "statutory")
        if row["status"] == "open":
            assert row["outcome"] == "" and row["responded_on"] == "" and row["decided_on"] == ""
        else:
            assert row["outcome"] in ("upheld", "partly upheld", "not upheld", "withdrawn")
            done = row["decided_on"] if row["stage"] == "ombudsman" else row["responded_on"]
            assert _date(done) >= _date(row["received_on"])
    statutory_teams = {row["team"] for row in demo["complaints"] if row["procedure"] == "statutory"}
    assert statutory_teams == {"Disabled Children's Service"}


def test_open_items_exist_at_the_end_of_the_data_for_a_weekly_pack(demo):
    open_rows = [row for row in demo["complaints"] if row["status"] == "open"]
    recent = [row for row in open_rows if _date(row["received_on"]) >= dt.date(2025, 3, 1)]
    overdue = [row for row in open_rows if add_working_days(_date(row["received_on"]), 25) < dt.date(2025, 3, 24)]
    assert len(recent) >= 20 and len(overdue) >= 3


def test_response_times_are_mostly_on_time_with_a_late_tail(demo):
    from complaints.demo.calendar import working_days_between
    days = [working_days_between(_date(r["received_on"]), _date(r["responded_on"]))
            for r in demo["complaints"] if r["stage"] == "1" and r["responded_on"] and r["procedure"] == "corporate"]
    on_time = sum(d <= 15 for d in days) / len(days)
    assert 0.55 < on_time < 0.9 and max(days) > 40


def test_ombudsman_refs_are_well_formed_and_dated_by_the_year_they_arrived(demo):
    rows = [row for row in demo["complaints"] if row["stage"] == "ombudsman"]
    carried = [row for row in rows if row["ombudsman_ref"]]
    assert 0.85 <= len(carried) / len(rows) < 1.0
    for row in carried:
        assert LGO_REF.match(row["ombudsman_ref"])
        assert row["ombudsman_ref"][:2] == f"{_date(row['received_on']).year % 100:02d}"
    assert all(not row["ombudsman_ref"] for row in demo["complaints"] if row["stage"] != "ombudsman")


def test_send_complaints_are_mostly_upheld_by_the_ombudsman(demo):
    decided = [d for d in demo["decisions"] if d["outcome"] in ("upheld", "not upheld")
               and d["category"] == "Education > Special educational needs"]
    share = sum(d["outcome"] == "upheld" for d in decided) / len(decided)
    assert 0.8 <= share <= 0.95
    outcomes = collections.Counter(d["outcome"] for d in demo["decisions"])
    assert set(outcomes) == {"upheld", "not upheld", "closed after initial enquiries"}


def test_theme_truth_covers_every_complaint_with_sensible_shares(demo):
    refs = [row["complaint_ref"] for row in demo["complaints"]]
    assert [t["complaint_ref"] for t in demo["themes"]] == refs
    labels = [t["themes"] for t in demo["themes"]]
    assert all(set(themes) <= set(THEMES) for themes in labels)
    n = len(labels)
    assert 0.08 < sum(not t for t in labels) / n < 0.25
    assert sum(len(t) > 1 for t in labels) / n > 0.2
    for theme in THEMES:
        assert sum(theme in t for t in labels) / n > 0.05, theme


def test_case_link_truth_is_consistent_with_both_files(demo):
    case_refs = {row["case_ref"] for row in demo["cases"]}
    truth = {row["complaint_ref"]: row["case_ref"] for row in demo["links"]}
    assert list(truth) == [row["complaint_ref"] for row in demo["complaints"]]
    assert all(ref in case_refs for ref in truth.values() if ref)
    for row in demo["complaints"]:
        if row["case_ref"]:
            assert row["case_ref"] == truth[row["complaint_ref"]]
    n = len(demo["complaints"])
    carried = sum(bool(row["case_ref"]) for row in demo["complaints"]) / n
    no_record = sum(not ref for ref in truth.values()) / n
    assert 0.55 <= carried <= 0.65
    assert 0.05 <= no_record <= 0.08


def test_children_without_a_reference_are_named_the_way_parents_write(demo):
    cases = {row["case_ref"]: row for row in demo["cases"]}
    truth = {row["complaint_ref"]: row["case_ref"] for row in demo["links"]}
    unreferenced = [row for row in demo["complaints"] if not row["case_ref"] and truth[row["complaint_ref"]]]
    nick_hits, initial_hits, dob_slips = 0, 0, 0
    nicknames = gazetteer().nicknames
    for row in unreferenced:
        case = cases[truth[row["complaint_ref"]]]
        forename = case["child_forename"].split("-")[0]
        if any(re.search(rf"\b{re.escape(n)}\b", row["text"]) for n in nicknames.get(forename, [])):
            nick_hits += 1
        if f"{forename[0]}. {case['child_surname']}" in row["text"] + row["child_name"]:
            initial_hits += 1
        if row["child_dob"] and case["date_of_birth"]:
            written = row["child_dob"]
            if "." in written:
                day, month, year = (int(x) for x in written.split("."))
            elif "/" in written:
                day, month, year = (int(x) for x in written.split("/"))
                year = year + 2000 if year < 100 else year
            else:
                parsed = _date(written)
                day, month, year = parsed.day, parsed.month, parsed.year
            if (day, month, year) != ((d := _date(case["date_of_birth"])).day, d.month, d.year):
                dob_slips += 1
    assert len(unreferenced) > 800
    assert nick_hits > 40 and initial_hits > 30 and dob_slips > 30


def test_caseload_has_the_messiness_of_a_real_export(demo):
    rows = demo["cases"]
    as_tuples = [tuple(row.values()) for row in rows]
    assert len(as_tuples) - len(set(as_tuples)) >= 10   # exact duplicate rows
    people = collections.defaultdict(set)
    for row in rows:
        people[(row["child_surname"], _date(row["date_of_birth"]), row["postcode"])].add(row["child_forename"])
    assert sum(len(names) > 1 for names in people.values()) >= 50   # twins
    full_names = collections.Counter((row["child_forename"], row["child_surname"]) for row in set(as_tuples)
                                     for row in [dict(zip(rows[0].keys(), row))])
    assert sum(count > 1 for count in full_names.values()) >= 50   # one name, different children
    assert any("-" in row["child_surname"] for row in rows) and any(" " in row["child_surname"] for row in rows)
    assert any("-" in row["child_forename"] for row in rows)
    dob_styles = {re.sub(r"[0-9]", "9", re.sub(r"[A-Za-z]+", "M", row["date_of_birth"])) for row in rows}
    assert len(dob_styles) >= 4
    assert any(row["school"] == "" for row in rows) and any(row["postcode"] == "" for row in rows)
    assert {row["direct_payment_status"] for row in rows} >= {"none", "agreed", "active", "suspended", "late", ""}
    assert len({row["school"] for row in rows if row["school"]}) >= 55
    assert all(re.match(r"^DB\d{1,2} \d[A-Z]{2}$", row["postcode"]) for row in rows if row["postcode"])


def test_plan_dates_include_late_plans_unissued_plans_and_overdue_reviews(demo):
    late = unissued = overdue = 0
    for row in demo["cases"]:
        if row["request_received_on"] and not row["plan_issued_on"]:
            unissued += 1
        if row["request_received_on"] and row["plan_issued_on"]:
            weeks = (_date(row["plan_issued_on"]) - _date(row["request_received_on"])).days / 7
            late += weeks > 20
        if row["last_annual_review_on"] and (dt.date(2025, 3, 31) - _date(row["last_annual_review_on"])).days > 366:
            overdue += 1
    assert late > 1000 and unissued > 100 and overdue > 300


def test_decision_truth_matches_the_statements_exactly(demo):
    folder = demo["folder"] / "decisions"
    complaint_by_ref = {row["complaint_ref"]: row for row in demo["complaints"]}
    for truth in demo["decisions"]:
        text = (folder / f"{truth['ombudsman_ref'].replace(' ', '-')}.txt").read_text(encoding="utf-8")
        assert f"Reference: {truth['ombudsman_ref']}" in text
        row = complaint_by_ref[truth["complaint_ref"]]
        assert row["stage"] == "ombudsman" and row["ombudsman_ref"] in ("", truth["ombudsman_ref"])
        assert _date(row["decided_on"]).isoformat() == truth["decision_date"]
        if truth["items"]:
            assert truth["remedy_total_gbp"] == sum(item["amount_gbp"] for item in truth["items"])
            assert truth["outcome"] == "upheld"
        else:
            assert truth["remedy_total_gbp"] is None
        for item in truth["items"]:
            assert item["purpose"] in ("distress", "lost_provision", "time_and_trouble", "reimbursement", "other")
            rate = re.match(r"£(\d+) (a month|a term|to each of|a week) (?:for )?(\d+)", item["basis"])
            if rate:
                assert item["amount_gbp"] == int(rate.group(1)) * int(rate.group(3))
                assert f"£{int(rate.group(1)):,}" in text
            else:
                amount = item["amount_gbp"]
                assert f"£{amount:,}" in text or money_words(amount) in text
        decided = dt.date.fromisoformat(truth["decision_date"])
        allowed = {add_months(decided, 1).isoformat(), add_months(decided, 3).isoformat(),
                   add_working_days(decided, 20).isoformat()}
        assert all(action["due"] in allowed for action in truth["actions"])


def test_statements_exercise_the_remedy_wordings(demo):
    texts = [p.read_text(encoding="utf-8") for p in (demo["folder"] / "decisions").glob("*.txt")]
    joined = "\n".join(texts)
    for phrase in ("a month for", "per term for the", "to each of", "a further £", " pounds ",
                   "Within one month of my final decision", "Within three months of my final decision",
                   "Within 20 working days of my final decision", "Closed after initial enquiries", "Not upheld"):
        assert phrase in joined, phrase
    money_but_no_remedy = [t for t, d in zip(texts, _truth_in_file_order(demo)) if "£" in t and not d["items"]]
    assert len(money_but_no_remedy) >= 5
    assert any((d["remedy_total_gbp"] or 0) > 25000 for d in demo["decisions"])   # one for the review flag


def _truth_in_file_order(demo):
    by_ref = {d["ombudsman_ref"]: d for d in demo["decisions"]}
    return [by_ref[p.stem.replace("-", " ")] for p in (demo["folder"] / "decisions").glob("*.txt")]


def test_html_and_docx_statements_carry_the_same_reference(demo):
    folder = demo["folder"] / "decisions"
    for path in folder.glob("*.html"):
        assert path.stem.replace("-", " ") in path.read_text(encoding="utf-8")
    for path in folder.glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert path.stem.replace("-", " ") in archive.read("word/document.xml").decode("utf-8")


def test_statements_are_anonymised(demo):
    words = gazetteer().name_words() - {"Will", "Grace", "Rose", "Mae", "Hunt", "Day", "Page", "Price", "Gill",
                                        "Ford", "Mills", "Cox", "Rees", "Young", "King", "White", "Green",
                                        "Brown", "Bell", "West", "Wells", "Webb", "Wood", "Woods", "Fox", "Hall",
                                        "Hill", "Sharp", "Stone", "Nash", "Cole", "Grant", "Gray", "Jo", "Hart",
                                        "Mo", "Lee", "Ed", "Iris", "Skye", "Mark", "Dean", "Ward", "Holland",
                                        "Francis", "Lambert", "Mason", "Martin", "Thomas", "Moore", "Rhodes"}
    for path in (demo["folder"] / "decisions").glob("*.txt"):
        tokens = set(re.findall(r"\b[A-Z][a-z]+\b", path.read_text(encoding="utf-8")))
        assert not tokens & words, (path.name, tokens & words)


def test_personal_names_come_only_from_the_synthetic_lists(demo):
    words = gazetteer().name_words() | TITLES
    lower = {w.lower() for w in words}
    staff = set(gazetteer().staff)
    for row in demo["complaints"]:
        for field in ("complainant_name", "child_name"):
            for token in re.split(r"[ ,-]+", row[field]):
                token = token.rstrip(".")
                assert not token or len(token) == 1 or token.lower() in lower, (field, token)
    for row in demo["cases"]:
        for token in re.split(r"[ -]+", f"{row['child_forename']} {row['child_surname']}"):
            assert token in words, token
        assert row["caseworker"] in staff or row["caseworker"] == ""


def test_texts_are_varied(demo):
    texts = [row["text"] for row in demo["complaints"]]
    assert len(set(texts)) / len(texts) > 0.99
    openings = collections.Counter(re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0] for text in texts)
    assert openings.most_common(1)[0][1] / len(texts) < 0.04
    lengths = sorted(len(text.split()) for text in texts)
    assert lengths[len(lengths) // 10] < 60 and lengths[-len(lengths) // 10] > 120
    assert sum(text == text.lower() for text in texts) > 20   # the odd all-lower-case email


def test_hard_negatives_are_present_and_labelled_as_no_theme(demo):
    pairs = list(zip(demo["complaints"], demo["themes"]))
    slcn = [t for row, t in pairs if "speech, language and communication needs" in row["text"].lower()]
    assert slcn and any("communication" not in t["themes"] for t in slcn)
    assert any("transport" in row["text"].lower() and "transport" not in t["themes"] for row, t in pairs)
    assert any("on time" in row["text"] and not t["themes"] for row, t in pairs)


def test_every_theme_has_forty_passages_and_sixty_texts_have_none():
    lib = library()
    for theme in THEMES:
        assert len({p.text for p in lib.passages if theme in p.themes}) >= 40, theme
    assert len({p.text for p in lib.passages if not p.themes}) >= 60


def test_some_children_are_complained_about_twice_within_a_year(demo):
    truth = {row["complaint_ref"]: row["case_ref"] for row in demo["links"]}
    received = collections.defaultdict(list)
    for row in demo["complaints"]:
        if row["stage"] == "1" and truth[row["complaint_ref"]]:
            received[truth[row["complaint_ref"]]].append(_date(row["received_on"]))
    repeats = [ref for ref, days in received.items()
               if any(0 < (later - earlier).days <= 365 for earlier in days for later in days)]
    assert len(repeats) >= 50


def test_remedies_offered_before_the_ombudsman_are_marked(demo):
    marked = [d for d in demo["decisions"] if d["remedy_before_ombudsman"]]
    assert marked and all(d["outcome"] == "closed after initial enquiries" and d["remedy_total_gbp"] is None
                          for d in marked)
