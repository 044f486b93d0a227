"""CSV and XLSX exports never hand a spreadsheet a formula taken from complaint text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from complaints.reports.spreadsheet import csv_text, neutralise, xlsx_bytes

DANGEROUS = ["=1+1", "+44 20 7946 0000", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x.invalid")']


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_starts_get_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["plain text", "", "1=1", 42, -3.5, None])
def test_other_values_pass_unchanged(value):
    assert neutralise(value) == value


def test_csv_and_xlsx_cells_are_neutralised_and_numbers_stay_numbers():
    rows = [{"ref": "C1", "text": value, "amount": -250.0} for value in DANGEROUS]
    parsed = list(csv.DictReader(io.StringIO(csv_text(rows))))
    assert [r["text"] for r in parsed] == ["'" + v for v in DANGEROUS]
    assert parsed[0]["amount"] == "-250.0"
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"Rows": rows})))["Rows"]
    texts = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert texts == ["'" + v for v in DANGEROUS]
    assert all(row[1].data_type == "s" for row in sheet.iter_rows(min_row=2))
    assert sheet["C2"].value == -250.0
