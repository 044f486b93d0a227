"""Labelled JSONL files: one object per line, read with errors that name the file and the line."""

from __future__ import annotations

import json
from pathlib import Path

from nlp.errors import NlpError

__all__ = ["read_jsonl", "load_labelled"]


def read_jsonl(path: str | Path, required: tuple[str, ...] = ("text",)) -> list[dict]:
    """The objects of a JSONL file; a malformed line or a missing field raises NlpError naming file and line."""
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise NlpError(f"{Path(path).name} line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or any(field not in record for field in required):
            raise NlpError(f"{Path(path).name} line {number}: each line needs {', '.join(repr(f) for f in required)}")
        records.append(record)
    return records


def load_labelled(path: str | Path) -> list[dict]:
    """The labelled records of one JSONL file (each needs text and remedy_total_gbp)."""
    return read_jsonl(path, ("text", "remedy_total_gbp"))
