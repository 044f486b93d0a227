"""CSV and XLSX writing that never lets a spreadsheet evaluate text from a complaint as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

__all__ = ["FORMULA_STARTS", "neutralise", "csv_text", "xlsx_bytes"]

# A cell beginning with any of these is read as a formula (or DDE) by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text starting like a formula gets a leading apostrophe; numbers, dates and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    return neutralise(value)


def csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    """Rows as CSV text with a header, formulas neutralised."""
    columns = columns or list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else _cell(row.get(k))) for k in columns})
    return out.getvalue()


def xlsx_bytes(sheets: dict[str, list[dict]], title: str | None = None) -> bytes:
    """A workbook with one sheet per entry (header row bold, formulas neutralised), as bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(_sheet_name(name))
        columns = list(dict.fromkeys(k for r in rows for k in r)) or ["(none)"]
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            values = []
            for key in columns:
                value = _cell(row.get(key))
                if isinstance(value, str):
                    # openpyxl would store "=..." as a formula; an explicit string type keeps it text.
                    values.append(value)
                elif isinstance(value, (int, float, date, datetime)) or value is None:
                    values.append(value)
                else:
                    values.append(str(value))
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    if title:
        book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str) -> str:
    cleaned = "".join(ch for ch in name if ch not in "[]:*?/\\")
    return cleaned[:31] or "Sheet"
