"""Streaming rows out of CSV, XLSX and JSONL exports, gzipped or not, with clear errors for bad files."""

import gzip
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from complaints.errors import EncodingError, FileFormatError
from complaints.readers import RowError, detect_format, open_table

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
HEADER = "complaint_ref,received_on,text\n"


def read_all(path, **options):
    with open_table(path, **options) as table:
        return table.columns, list(table)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def gzipped(path):
    target = path.with_name(path.name + ".gz")
    with open(path, "rb") as source, gzip.open(target, "wb") as sink:
        shutil.copyfileobj(source, sink)
    return target


def test_csv_rows_come_with_their_line_numbers():
    columns, rows = read_all(DATA / "complaints_generic.csv")
    assert columns[:3] == ["Complaint Ref", "Received On", "Text"]
    assert [line for line, _ in rows] == [2, 3, 4, 5]
    assert rows[0][1]["Complaint Ref"] == "C-1001"
    assert rows[2][1]["Remedy Amount"] == "1,250"


def test_multi_line_quoted_text_keeps_the_line_the_row_starts_on(tmp_path):
    path = write(tmp_path / "multi.csv", HEADER + 'A,01/01/2024,"first\nsecond\nthird"\nB,02/01/2024,plain\n')
    _, rows = read_all(path)
    assert [(line, row["complaint_ref"]) for line, row in rows] == [(2, "A"), (5, "B")]
    assert rows[0][1]["text"] == "first\nsecond\nthird"


@pytest.mark.parametrize("encoding,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")])
def test_csv_encodings_are_sniffed(tmp_path, encoding, expected):
    path = write(tmp_path / "enc.csv", HEADER + "A,01/01/2024,Café fees of £40 – unpaid\n", encoding)
    with open_table(path) as table:
        assert table.encoding == expected
        assert table.columns[0] == "complaint_ref"  # no BOM left on the first header
        assert list(table)[0][1]["text"] == "Café fees of £40 – unpaid"


def test_a_late_decode_failure_names_file_line_encoding_and_fix(tmp_path):
    good = "".join(f"R{i},01/01/2024,plain text row {i}\n" for i in range(5000))
    path = tmp_path / "mixed.csv"
    path.write_bytes((HEADER + good).encode("utf-8") + "R-bad,01/01/2024,caf\xe9\n".encode("cp1252"))
    with pytest.raises(EncodingError) as error:
        read_all(path)
    message = str(error.value)
    assert "mixed.csv" in message and "line 5002" in message and "utf-8" in message and "--encoding" in message


def test_an_explicit_encoding_wins(tmp_path):
    path = write(tmp_path / "latin.csv", HEADER + "A,01/01/2024,na\xefve\n", "latin-1")
    _, rows = read_all(path, encoding="latin-1")
    assert rows[0][1]["text"] == "na\xefve"


def test_an_unknown_encoding_is_named(tmp_path):
    path = write(tmp_path / "a.csv", HEADER + "A,01/01/2024,x\n")
    with pytest.raises(EncodingError, match="klingon"):
        read_all(path, encoding="klingon")


def test_semicolon_separated_exports_are_read(tmp_path):
    path = write(tmp_path / "semi.csv", "complaint_ref;received_on;text\nA;01/01/2024;one, two\n")
    columns, rows = read_all(path)
    assert columns == ["complaint_ref", "received_on", "text"] and rows[0][1]["text"] == "one, two"


def test_a_row_with_too_many_fields_is_a_row_error_not_a_crash(tmp_path):
    path = write(tmp_path / "ragged.csv", HEADER + "A,01/01/2024,x,surplus\nB,02/01/2024,y\nC,03/01/2024,z,,\n")
    _, rows = read_all(path)
    assert isinstance(rows[0][1], RowError) and "4 fields" in rows[0][1].reason
    assert rows[1][1]["complaint_ref"] == "B"
    assert rows[2][1] == {"complaint_ref": "C", "received_on": "03/01/2024", "text": "z"}


def test_gzipped_csv_is_detected_by_its_bytes_not_its_name(tmp_path):
    packed = gzipped(DATA / "complaints_generic.csv")
    disguised = tmp_path / "export.csv"
    shutil.move(packed, disguised)
    assert detect_format(disguised) == ("csv", True)
    _, rows = read_all(disguised)
    assert len(rows) == 4


def test_truncated_gzip_is_a_clear_file_format_error(tmp_path):
    rows = "".join(f"R{i},01/01/2024,text number {i} with some words in it\n" for i in range(20000))
    path = tmp_path / "big.csv.gz"
    path.write_bytes(gzip.compress((HEADER + rows).encode()))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(FileFormatError, match="truncated"):
        read_all(path)


def test_empty_file(tmp_path):
    with pytest.raises(FileFormatError, match="empty"):
        read_all(write(tmp_path / "empty.csv", ""))


def test_header_only_file_has_no_rows(tmp_path):
    columns, rows = read_all(write(tmp_path / "h.csv", HEADER))
    assert columns == ["complaint_ref", "received_on", "text"] and rows == []


def test_binary_file_posing_as_csv(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(FileFormatError, match="binary"):
        read_all(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileFormatError, match="no such file"):
        read_all(tmp_path / "absent.csv")


def test_jsonl_rows_keep_bad_lines_as_row_errors():
    columns, rows = read_all(DATA / "complaints.jsonl")
    assert columns == ["complaint_ref", "received_on", "text", "stage", "channel"]
    assert [line for line, _ in rows] == [1, 3, 4, 5]
    assert rows[1][1]["remedy_amount"] == 420
    assert isinstance(rows[2][1], RowError) and "not valid JSON" in rows[2][1].reason


def test_gzipped_jsonl(tmp_path):
    copy = tmp_path / "c.jsonl"
    shutil.copy(DATA / "complaints.jsonl", copy)
    assert detect_format(gzipped(copy)) == ("jsonl", True)
    assert len(read_all(gzipped(copy))[1]) == 4


def test_file_that_starts_with_a_broken_json_line_is_not_jsonl(tmp_path):
    with pytest.raises(FileFormatError, match="line 1"):
        read_all(write(tmp_path / "x.jsonl", "{not json\n"))


def make_workbook(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_first_sheet_with_typed_cells(tmp_path):
    path = make_workbook(tmp_path / "export.xlsx", {
        "Complaints": [["complaint_ref", "received_on", "text"],
                       ["X-1", datetime(2024, 1, 31), "typed date"],
                       [None, None, None],
                       [1234, 45322, "numeric ref and serial date"]],
        "Notes": [["ignore me"]]})
    columns, rows = read_all(path)
    assert columns == ["complaint_ref", "received_on", "text"]
    assert [line for line, _ in rows] == [2, 4]
    assert rows[0][1]["received_on"] == datetime(2024, 1, 31)
    assert rows[1][1]["complaint_ref"] == 1234


def test_xlsx_named_sheet_and_a_missing_one(tmp_path):
    path = make_workbook(tmp_path / "two.xlsx", {"Cover": [["title"]], "Data": [["a", "b"], [1, 2]]})
    assert read_all(path, sheet="Data")[1] == [(2, {"a": 1, "b": 2})]
    with pytest.raises(FileFormatError, match="Cover, Data"):
        read_all(path, sheet="Sheet9")


def test_gzipped_xlsx(tmp_path):
    path = make_workbook(tmp_path / "g.xlsx", {"S": [["a"], ["v"]]})
    assert read_all(gzipped(path))[1] == [(2, {"a": "v"})]


def test_a_file_named_xlsx_that_is_not_one(tmp_path):
    with pytest.raises(FileFormatError, match="not an XLSX"):
        read_all(write(tmp_path / "fake.xlsx", HEADER))


def test_a_repeated_header_keeps_both_columns(tmp_path):
    columns, rows = read_all(write(tmp_path / "rep.csv", "ref,notes,notes\nA,first,second\n"))
    assert columns == ["ref", "notes", "notes (2)"]
    assert rows[0][1] == {"ref": "A", "notes": "first", "notes (2)": "second"}


def test_old_excel_workbooks_get_a_specific_message(tmp_path):
    path = tmp_path / "legacy.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(FileFormatError, match=r"\.xls workbook"):
        read_all(path)


def test_truncated_gzipped_jsonl(tmp_path):
    lines = "".join(f'{{"complaint_ref": "J{i}", "text": "line {i} of a long export"}}\n' for i in range(20000))
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileFormatError, match="truncated"):
        read_all(path)
