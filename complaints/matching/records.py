"""The records linkage compares: cases and complaints reduced to normalised identifying fields.

Read from the database (`cases`, `complaints` tables) or, for the file mode, from two CSV files.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from complaints.errors import EncodingError, FileFormatError, MissingColumnError
from complaints.values import parse_date as read_date

__all__ = [
    "CaseRecord",
    "ComplaintRecord",
    "parse_date",
    "ref_key",
    "normalise_name",
    "normalise_postcode",
    "postcode_district",
    "split_child_name",
    "case_from_row",
    "complaint_from_row",
    "read_cases_db",
    "read_complaints_db",
    "read_cases_csv",
    "read_complaints_csv",
]


@dataclass(slots=True)
class CaseRecord:
    """One child's case: the identifying fields linkage compares, normalised."""

    id: int | None
    case_ref: str
    forename: str = ""
    surname: str = ""
    dob: str = ""          # ISO date or ""
    postcode: str = ""     # normalised "AB1 2CD" or ""
    school: str = ""       # lower-cased school name or ""


@dataclass(slots=True)
class ComplaintRecord:
    """One complaint's identifying fields as the council recorded them (text searched separately)."""

    id: int | None
    complaint_ref: str
    case_ref: str = ""
    child_name: str = ""
    child_dob: str = ""
    complainant_name: str = ""
    postcode: str = ""
    text: str = ""
    escalated_from: str = ""   # complaint_ref of the earlier stage of the same complaint


# --- normalisers -------------------------------------------------------------------------------

def parse_date(value) -> str:
    """A date as councils write it, as ISO text; "" when blank or unreadable (linkage treats it as missing)."""
    if value is None or not str(value).strip():
        return ""
    try:
        return read_date(value).isoformat()
    except ValueError:
        return ""


def ref_key(value) -> str:
    """A reference reduced to upper-case letters and digits, so `ehc 01234` equals `EHC-01234`."""
    return re.sub(r"[^A-Z0-9]", "", str(value or "").upper())


def normalise_name(value) -> str:
    """Lower case, accents removed, apostrophes dropped, other punctuation (not hyphens) as spaces."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"['\u2019`]", "", text.lower())
    text = re.sub(r"[^a-z\- ]+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")


def normalise_postcode(value) -> str:
    """A UK postcode as `OUT IN` in capitals; a bare outward code kept alone; "" when not a postcode."""
    text = re.sub(r"\s+", "", str(value or "").upper())
    m = _POSTCODE.match(text)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    if re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?", text):
        return text
    return ""


def postcode_district(postcode: str) -> str:
    """The outward code (district) of a normalised postcode."""
    return postcode.split(" ")[0] if postcode else ""


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "master", "prof", "rev", "sir", "lady"}


def split_child_name(value) -> tuple[str, str]:
    """(forename, surname) from a written name: `Oliver Smith`, `Smith, Oliver`, `O. Smith`, `Olly`."""
    raw = str(value or "").strip()
    if "," in raw:
        last, _, first = raw.partition(",")
        raw = f"{first} {last}"
    parts = [p for p in normalise_name(raw.replace(".", ". ")).split() if p not in _TITLES]
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], parts[-1]


# --- readers -----------------------------------------------------------------------------------

def case_from_row(row: dict, index: int | None = None) -> CaseRecord:
    """A CaseRecord from a `cases`-layout row (dict keyed by lower-case column names)."""
    return CaseRecord(
        id=row.get("id", index),
        case_ref=str(row.get("case_ref") or "").strip(),
        forename=normalise_name(row.get("child_forename")),
        surname=normalise_name(row.get("child_surname")),
        dob=parse_date(row.get("date_of_birth")),
        postcode=normalise_postcode(row.get("postcode")),
        school=normalise_name(row.get("school")),
    )


def complaint_from_row(row: dict, index: int | None = None) -> ComplaintRecord:
    """A ComplaintRecord from a `generic`-layout row (dict keyed by lower-case column names)."""
    return ComplaintRecord(
        id=row.get("id", index),
        complaint_ref=str(row.get("complaint_ref") or "").strip(),
        case_ref=str(row.get("case_ref") or "").strip(),
        child_name=str(row.get("child_name") or "").strip(),
        child_dob=parse_date(row.get("child_dob")),
        complainant_name=str(row.get("complainant_name") or "").strip(),
        postcode=normalise_postcode(row.get("postcode")),
        text=str(row.get("text") or ""),
        escalated_from=str(row.get("escalated_from") or "").strip(),
    )


def read_cases_db(db) -> list[CaseRecord]:
    """Every case in the `cases` table."""
    cursor = db.execute(
        "SELECT id, case_ref, child_forename, child_surname, date_of_birth, postcode, school FROM cases")
    names = [d[0] for d in cursor.description]
    return [case_from_row(dict(zip(names, row))) for row in cursor]


def read_complaints_db(db, *, ids=None) -> list[ComplaintRecord]:
    """Complaints from the `complaints` table (all of them, or those with the given ids)."""
    sql = ("SELECT id, complaint_ref, case_ref, child_name, child_dob, complainant_name, postcode, text, escalated_from "
           "FROM complaints")
    cursor = db.execute(sql + " ORDER BY id")
    names = [d[0] for d in cursor.description]
    wanted = set(ids) if ids is not None else None
    return [complaint_from_row(dict(zip(names, row))) for row in cursor
            if wanted is None or row[0] in wanted]


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileFormatError(f"cannot read {path}: {exc.strerror}; check the path") from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise EncodingError(f"{path.name}: not UTF-8 or Windows-1252 text; re-save it as UTF-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = {(name or "").strip().lower(): name for name in (reader.fieldnames or [])}
    missing = [col for col in required if col not in header]
    if missing:
        raise MissingColumnError(
            f"{path.name}: missing column(s) {', '.join(missing)}; the file needs {', '.join(required)} "
            f"(found: {', '.join(header) or 'no header'})")
    return [{key: row.get(original) for key, original in header.items()} for row in reader]


def read_cases_csv(path) -> list[CaseRecord]:
    """Cases from a `cases`-layout CSV (case_ref, child_forename, child_surname, date_of_birth, ...).

    Duplicate rows for one case_ref are collapsed (the last wins); rows without a case_ref are skipped.
    """
    rows = _read_csv(path, ("case_ref", "child_forename", "child_surname", "date_of_birth"))
    by_ref: dict[str, CaseRecord] = {}
    for index, row in enumerate(rows, start=1):
        record = case_from_row(row, index)
        if record.case_ref:
            by_ref[record.case_ref] = record
    return list(by_ref.values())


def read_complaints_csv(path) -> list[ComplaintRecord]:
    """Complaints from a CSV with complaint_ref, received_on, text and the optional identifying columns."""
    rows = _read_csv(path, ("complaint_ref", "received_on", "text"))
    return [complaint_from_row(row, index) for index, row in enumerate(rows, start=1)
            if str(row.get("complaint_ref") or "").strip()]
