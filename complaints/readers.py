"""Streaming rows out of export files: CSV, XLSX and JSONL, each optionally gzipped.

A reader never holds a whole file in memory. It yields `(line_number, row)` where `row` is a dict of
column → value, or a `RowError` for a line that cannot be read as a row (kept as a reject by ingest).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import shutil
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator

from complaints.errors import EncodingError, FileFormatError

__all__ = ["RowError", "Table", "open_table", "detect_format", "FORMATS"]

FORMATS = ("csv", "xlsx", "jsonl")
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc) compound files
_SNIFF_BYTES = 64 * 1024

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # complaint texts can be long; the default 128 KB is not enough


@dataclass
class RowError:
    """A line that could not be read as a row; `raw` is what was read, `reason` says why."""

    reason: str
    raw: object = None


@dataclass
class Table:
    """An opened export: its columns (from the header) and a one-pass stream of numbered rows."""

    path: Path
    format: str
    compressed: bool
    columns: list[str]
    encoding: str | None
    rows: Iterator[tuple[int, dict | RowError]] = field(repr=False)
    _closers: list = field(default_factory=list, repr=False)

    def __iter__(self) -> Iterator[tuple[int, dict | RowError]]:
        return self.rows

    def close(self) -> None:
        """Release the file handles (and any temporary copy) behind the table."""
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


def _open_binary(path: Path) -> tuple[IO[bytes], bool]:
    compressed = _is_gzip(path)
    return (gzip.open(path, "rb") if compressed else open(path, "rb")), compressed


def _read_guarded(path: Path, reader, size: int = -1) -> bytes:
    """Read from a possibly-gzipped stream, turning a damaged gzip into a FileFormatError."""
    try:
        return reader(size)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise FileFormatError(f"{path.name}: the gzip data is damaged or truncated ({exc}); "
                              "re-export or re-download the file") from None


def detect_format(path: str | Path) -> tuple[str, bool]:
    """The format of `path` ("csv", "xlsx" or "jsonl") and whether it is gzipped, from its bytes first."""
    path = Path(path)
    if not path.is_file():
        raise FileFormatError(f"{path}: no such file")
    handle, compressed = _open_binary(path)
    with handle:
        head = _read_guarded(path, handle.read, _SNIFF_BYTES)
    if not head:
        raise FileFormatError(f"{path.name}: the file is empty")
    if head.startswith(_ZIP_MAGIC):
        return "xlsx", compressed
    if head.startswith(_OLE_MAGIC):
        raise FileFormatError(f"{path.name}: this is an old-style Excel .xls workbook; "
                              "save it as .xlsx or CSV and ingest that")
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in (".jsonl", ".ndjson", ".json"):
        return "jsonl", compressed
    if suffixes and suffixes[-1] in (".xlsx", ".xlsm"):
        raise FileFormatError(f"{path.name}: named as a spreadsheet but it is not an XLSX workbook")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "jsonl", compressed
    return "csv", compressed


def _sniff_encoding(path: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileFormatError(f"{path.name}: the file is UTF-16; save it as UTF-8 CSV and try again")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"  # the Windows default most council spreadsheets are saved in


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head[:4096] if byte < 32 and byte not in (9, 10, 13, 12))
    return controls > max(8, len(head[:4096]) // 50)


def _locate_decode_error(path: Path, encoding: str) -> int | None:
    """The physical line holding the first undecodable bytes (a rescan, done only when decoding failed)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    handle, _ = _open_binary(path)
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                decoder.decode(line)
        except UnicodeDecodeError:
            return number
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError):
            return None
    return None


def _decode_failure(path: Path, line: int, encoding: str, exc: UnicodeDecodeError) -> EncodingError:
    line = _locate_decode_error(path, encoding) or line
    other = "cp1252" if encoding.startswith("utf") else "utf-8"
    return EncodingError(f"{path.name}: line {line} cannot be decoded as {encoding} ({exc.reason}); "
                         f"the file mixes encodings or is not {encoding} — retry with --encoding {other} "
                         "(or the encoding it was saved in)")


def _csv_rows(path: Path, text: IO[str], reader, encoding: str, width: int) -> Iterator[tuple[int, dict | RowError]]:
    header = reader.columns
    rows = reader.csv
    read = rows.__next__
    line = rows.line_num
    while True:
        start = line + 1
        try:
            values = read()
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise _decode_failure(path, rows.line_num + 1, encoding, exc) from None
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise FileFormatError(f"{path.name}: the gzip data is damaged or truncated near line {start} ({exc}); "
                                  "re-export or re-download the file") from None
        except csv.Error as exc:
            line = rows.line_num
            yield start, RowError(f"line cannot be read as CSV ({exc})")
            continue
        line = rows.line_num
        if len(values) == width and (width > 1 or values[0].strip()):
            yield start, dict(zip(header, values))  # the common case, checked first
            continue
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank line
        if len(values) != width:
            if len(values) > width and not any(v.strip() for v in values[width:]):
                values = values[:width]  # trailing empty cells some spreadsheets add
            else:
                yield start, RowError(f"row has {len(values)} fields but the header has {width}",
                                      dict(enumerate(values)))
                continue
        yield start, dict(zip(header, values))


class _CsvState:
    def __init__(self, csv_reader, columns):
        self.csv = csv_reader
        self.columns = columns


def _unique(columns: list[str]) -> list[str]:
    """Header names made distinct ("Notes", "Notes (2)") so a repeated column is not silently lost."""
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 or not name else f"{name} ({seen[name]})")
    return out


def _head(path: Path) -> bytes:
    handle, _ = _open_binary(path)
    with handle:
        return _read_guarded(path, handle.read, _SNIFF_BYTES)


def _open_csv(path: Path, encoding: str | None) -> Table:
    head = _head(path)
    if _looks_binary(head):
        raise FileFormatError(f"{path.name}: this is a binary file, not a CSV text export")
    chosen = encoding or _sniff_encoding(path, head)
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise EncodingError(f"unknown encoding {chosen!r}; use e.g. utf-8, utf-8-sig or cp1252") from None
    if codecs.lookup(chosen).name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        chosen = "utf-8-sig"
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    first_line = head.split(b"\n", 1)[0].decode(chosen, errors="replace")
    if first_line.count(";") > first_line.count(",") or first_line.count("\t") > first_line.count(","):
        try:
            dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t|")
        except csv.Error:
            pass
    binary, compressed = _open_binary(path)
    text = io.TextIOWrapper(binary, encoding=chosen, errors="strict", newline="")
    reader = csv.reader(text, dialect)
    try:
        header = next(reader)
    except StopIteration:
        text.close()
        raise FileFormatError(f"{path.name}: the file is empty (no header row)") from None
    except UnicodeDecodeError as exc:
        text.close()
        raise _decode_failure(path, 1, chosen, exc) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        text.close()
        raise FileFormatError(f"{path.name}: the gzip data is damaged or truncated ({exc})") from None
    columns = _unique([name.strip() for name in header])
    if not any(columns):
        text.close()
        raise FileFormatError(f"{path.name}: the first line is not a header row of column names")
    state = _CsvState(reader, columns)
    rows = _csv_rows(path, text, state, chosen, len(columns))
    return Table(path, "csv", compressed, columns, chosen, rows, [text.close])


def _jsonl_rows(path: Path, text: IO[str], encoding: str, first: tuple[int, dict] | None):
    if first is not None:
        yield first
    number = first[0] if first else 0
    while True:
        try:
            line = text.readline()
        except UnicodeDecodeError as exc:
            raise _decode_failure(path, number + 1, encoding, exc) from None
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise FileFormatError(f"{path.name}: the gzip data is damaged or truncated near line {number + 1} "
                                  f"({exc})") from None
        if not line:
            return
        number += 1
        if not line.strip():
            continue
        yield number, _json_row(line)


def _json_row(line: str) -> dict | RowError:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return RowError(f"line is not valid JSON ({exc.msg})", line.rstrip("\r\n"))
    if not isinstance(value, dict):
        return RowError("line is JSON but not an object of column: value", value)
    return value


def _open_jsonl(path: Path, encoding: str | None) -> Table:
    binary, compressed = _open_binary(path)
    chosen = encoding or "utf-8-sig"
    text = io.TextIOWrapper(binary, encoding=chosen, errors="strict", newline=None)
    number = 0
    first = None
    while first is None:
        try:
            line = text.readline()
        except UnicodeDecodeError as exc:
            text.close()
            raise _decode_failure(path, number + 1, chosen, exc) from None
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            text.close()
            raise FileFormatError(f"{path.name}: the gzip data is damaged or truncated ({exc})") from None
        if not line:
            text.close()
            raise FileFormatError(f"{path.name}: the file has no JSON lines")
        number += 1
        if line.strip():
            row = _json_row(line)
            if isinstance(row, RowError):
                text.close()
                raise FileFormatError(f"{path.name}: line {number} is not a JSON object, so this is not a "
                                      f"JSON-lines file ({row.reason})")
            first = (number, row)
    columns = [str(key) for key in first[1]]
    return Table(path, "jsonl", compressed, columns, chosen, _jsonl_rows(path, text, chosen, first), [text.close])


def _xlsx_rows(sheet, columns: list[str]):
    width = len(columns)
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        values = list(values[:width]) + [None] * (width - len(values))
        yield number, {name: value for name, value in zip(columns, values) if name}


def _open_xlsx(path: Path, sheet_name: str | None) -> Table:
    import openpyxl  # only needed for spreadsheets

    closers = []
    target = path
    compressed = _is_gzip(path)
    if compressed:
        # openpyxl needs a seekable file; decompress to a temporary copy in chunks, never in memory.
        handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
        with gzip.open(path, "rb") as source, handle:
            try:
                shutil.copyfileobj(source, handle, 1024 * 1024)
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                Path(handle.name).unlink(missing_ok=True)
                raise FileFormatError(f"{path.name}: the gzip data is damaged or truncated ({exc})") from None
        target = Path(handle.name)
        closers.append(lambda: target.unlink(missing_ok=True))
    try:
        book = openpyxl.load_workbook(target, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        for closer in closers:
            closer()
        raise FileFormatError(f"{path.name}: cannot be opened as an XLSX workbook ({exc})") from None
    closers.insert(0, book.close)
    if sheet_name:
        if sheet_name not in book.sheetnames:
            for closer in closers:
                closer()
            raise FileFormatError(f"{path.name}: no sheet named {sheet_name!r} (sheets: {', '.join(book.sheetnames)})")
        sheet = book[sheet_name]
    else:
        sheet = book.worksheets[0]
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
    if not header or all(v is None for v in header):
        for closer in closers:
            closer()
        raise FileFormatError(f"{path.name}: sheet {sheet.title!r} is empty (no header row)")
    columns = ["" if v is None else str(v).strip() for v in header]
    while columns and not columns[-1]:
        columns.pop()
    columns = _unique(columns)
    return Table(path, "xlsx", compressed, columns, None, _xlsx_rows(sheet, columns), closers)


def open_table(path: str | Path, *, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Open an export for streaming; the format and compression are detected from the file's bytes."""
    path = Path(path)
    kind, _ = detect_format(path)
    if kind == "xlsx":
        return _open_xlsx(path, sheet)
    if kind == "jsonl":
        return _open_jsonl(path, encoding)
    return _open_csv(path, encoding)
