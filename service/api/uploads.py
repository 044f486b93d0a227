"""Uploaded files: streamed to disk under a size limit, and checked against decompression bombs before use."""

from __future__ import annotations

import gzip
import tempfile
import zipfile
from pathlib import Path

from fastapi import HTTPException, UploadFile

from complaints.audit import record_event
from complaints.ingest import ingest_file
from service.pipeline import load_decisions

__all__ = ["save_upload", "check_uncompressed", "load_upload", "DECISION_SUFFIXES"]

DECISION_SUFFIXES = {".html", ".htm", ".pdf", ".docx", ".txt"}
EXPORT_SUFFIXES = {".csv", ".tsv", ".xlsx", ".jsonl", ".json", ".gz"}
CHUNK = 1024 * 1024


def save_upload(upload: UploadFile, folder: Path, max_bytes: int) -> Path:
    """Stream `upload` into `folder` (its own file name, made safe); 413 past `max_bytes`, 415 for unknown kinds."""
    name = Path(upload.filename or "upload").name.replace("\x00", "") or "upload"
    if not ({Path(name).suffix.lower()} & (DECISION_SUFFIXES | EXPORT_SUFFIXES)):
        raise HTTPException(415, f"cannot ingest {name!r}: upload CSV, XLSX or JSONL exports (optionally .gz) or "
                                 "decision statements as HTML, PDF, DOCX or text")
    target = folder / name
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise HTTPException(413, f"{name!r} is larger than the upload limit of {max_bytes} bytes")
            out.write(chunk)
    return target


def check_uncompressed(path: Path, max_bytes: int) -> None:
    """413 if the file would expand past `max_bytes` (gzip streams are measured; zip members by their headers)."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"\x1f\x8b":
        total = 0
        try:
            with gzip.open(path, "rb") as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        raise HTTPException(413, f"{path.name!r} expands past the limit of {max_bytes} bytes")
        except (OSError, EOFError) as exc:
            raise HTTPException(400, f"{path.name!r} is not a complete gzip file: {exc}") from exc
    elif magic == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as archive:
                declared = sum(member.file_size for member in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise HTTPException(400, f"{path.name!r} is not a readable XLSX/DOCX file: {exc}") from exc
        if declared > max_bytes:
            raise HTTPException(413, f"{path.name!r} expands past the limit of {max_bytes} bytes")


def load_upload(db, settings, upload: UploadFile, profile: str | None, principal) -> dict:
    """Check and load one uploaded file in its own transaction (an export through its profile, or a decision
    statement), and record who loaded it in the audit log."""
    with tempfile.TemporaryDirectory(prefix="complaints-upload-") as folder:
        path = save_upload(upload, Path(folder), settings.max_upload_bytes)
        check_uncompressed(path, settings.max_uncompressed_bytes)
        if path.suffix.lower() in DECISION_SUFFIXES:
            summary = {"kind": "decisions", **load_decisions(db, [path])}
        else:
            summary = {"kind": "export", **ingest_file(db, path, profile or None, profiles_dir=settings.profiles_dir)}
    summary["file"] = path.name
    record_event(db, actor=principal.actor, role=principal.role, action="ingest_upload", entity="source",
                 entity_id=summary.get("source_id"), detail={"rejected": summary.get("rejected", 0)})
    return summary
