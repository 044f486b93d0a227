"""Reading decision files: saved HTML pages, PDF, DOCX and text, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.nlp.decision_documents import write_docx, write_pdf
from nlp.decisions import parse_decision
from nlp.documents import read_decision_file
from nlp.errors import DocumentError, NlpError

DOCS = Path(__file__).resolve().parents[1] / "data" / "decisions" / "documents"


def test_saved_html_page_keeps_the_decision_and_drops_the_site_furniture():
    text = read_decision_file(DOCS / "23-004-512.html")
    assert "Category: Education > Special educational needs" in text
    assert "Decision date: 14 Mar 2024" in text
    assert "Agreed action" in text and "- pay Mrs K £540" in text
    for boilerplate in ("cookies", "Skip to main content", "Make a complaint", "Related decisions", "£9,999",
                        "Accessibility", "tracking", "Search decisions"):
        assert boilerplate not in text


def test_saved_html_page_parses_to_the_decision_fields():
    parsed = parse_decision(read_decision_file(DOCS / "23-004-512.html"))
    assert parsed["ref"] == "23 004 512"
    assert parsed["council"] == "Demo Borough Council"
    assert parsed["category"] == "Education > Special educational needs"
    assert parsed["outcome"] == "upheld"
    assert parsed["decision_date"] == "2024-03-14"
    assert parsed["summary"].startswith("Mrs K said the Council left her daughter")
    # £540 reimbursed + £300 a term x 3 terms + a further £150; not the £3,100 plan cost or the £5,000 asked for
    assert parsed["remedies"]["remedy_total_gbp"] == 1590
    assert {a["due"] for a in parsed["actions"] if "£" in a["description"]} == {"2024-04-11"}  # four weeks
    assert len(parsed["service_improvements"]) == 2


def test_html_page_with_a_different_layout_and_labels():
    parsed = parse_decision(read_decision_file(DOCS / "24-011-207.html"))
    assert parsed["ref"] == "24 011 207"  # written "24011207" on the page
    assert parsed["council"] == "Northmoor County Council"
    assert parsed["category"] == "Children's care services > Disabled children"
    assert parsed["outcome"] == "not upheld"
    assert parsed["decision_date"] == "2024-05-02"
    assert parsed["remedies"]["remedy_total_gbp"] is None  # the £4,800 / £2,600 budgets are not remedies
    assert set(parsed["sections"]) >= {"summary", "complaint", "findings", "final_decision"}


def test_pdf_decision(tmp_path):
    parsed = parse_decision(read_decision_file(write_pdf(tmp_path / "24-005-613.pdf")))
    assert (parsed["ref"], parsed["council"], parsed["outcome"], parsed["decision_date"]) == (
        "24 005 613", "Saltmarsh Borough Council", "upheld", "2024-06-07")
    assert parsed["remedies"]["remedy_total_gbp"] == 200 * 5 + 250
    assert parsed["remedies"]["items"][0]["due"] == "2024-07-07"


def test_docx_decision(tmp_path):
    parsed = parse_decision(read_decision_file(write_docx(tmp_path / "23-011-884.docx")))
    assert parsed["ref"] == "23 011 884"
    assert parsed["council"] == "Brackenfield County Council"
    assert parsed["category"] == "Children's care services > Disabled children"
    assert parsed["decision_date"] == "2024-01-22"
    assert parsed["remedies"]["remedy_total_gbp"] == 720
    purposes = {i["amount_gbp"]: i["purpose"] for i in parsed["remedies"]["items"]}
    assert purposes == {420: "reimbursement", 300: "distress"}
    assert all(i["due"] == "2024-04-22" for i in parsed["remedies"]["items"])
    assert any("review its procedure" in s for s in parsed["service_improvements"])


def test_plain_text_in_windows_1252_is_read(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes("Reference: 23 001 002\nSummary: The Council agreed to pay Mrs X \xa3300 for her distress.\n".encode("cp1252"))
    assert parse_decision(read_decision_file(path))["remedies"]["remedy_total_gbp"] == 300


@pytest.mark.parametrize("name, content, message", [
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "corrupt PDF"),
    ("renamed.pdf", b"PK\x03\x04 this is a zip", "not a PDF"),
    ("broken.docx", b"this is not a zip archive at all", "not a Word document"),
    ("binary.txt", b"\x00\x01\x02\x03binary", "binary data"),
    ("empty.html", b"   \n", "empty"),
    ("decision.rtf", b"{\\rtf1 hello}", "unsupported file type"),
])
def test_bad_files_raise_an_error_naming_the_file_and_problem(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        read_decision_file(path)
    assert name in str(caught.value) and message in str(caught.value)
    assert isinstance(caught.value, NlpError)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_decision_file(tmp_path / "nope.txt")
