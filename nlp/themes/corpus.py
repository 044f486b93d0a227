"""The labelled theme corpus: JSONL files of {"id", "kind", "text", "themes"}."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nlp.errors import NlpError

__all__ = ["DEFAULT_CORPUS_DIR", "read_examples", "read_jsonl", "corpus_files", "corpus_fingerprint"]

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "themes" / "corpus"


def corpus_files(split: str, corpus_dir: str | Path | None = None) -> list[Path]:
    """The `train` or `heldout` files of a corpus folder, sorted by name."""
    if split not in ("train", "heldout"):
        raise NlpError(f"unknown corpus split {split!r}; use 'train' or 'heldout'")
    folder = Path(corpus_dir) if corpus_dir is not None else DEFAULT_CORPUS_DIR
    return sorted(folder.glob(f"{split}_*.jsonl"))


def read_jsonl(path: str | Path):
    """Yield (line number, object) for each non-blank line; a bad line raises an error naming file and line."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise NlpError(f"file {path} not found") from None
    with handle:
        try:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise NlpError(f"{path} line {line_no} is not valid JSON ({exc.msg}); "
                                   "write one object per line") from None
                if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                    raise NlpError(f"{path} line {line_no} needs a \"text\" string field")
                yield line_no, row
        except UnicodeDecodeError as exc:
            raise NlpError(f"{path} is not UTF-8 text ({exc.reason}); save it as UTF-8 and retry") from None


def read_examples(paths) -> list[dict]:
    """Labelled examples from JSONL files of {"id", "kind", "text", "themes"}."""
    examples = []
    for path in paths:
        path = Path(path)
        for line_no, row in read_jsonl(path):
            if not isinstance(row.get("themes"), list):
                raise NlpError(f"{path} line {line_no} needs a \"themes\" list ([] for a text with no theme)")
            examples.append({"id": row.get("id", f"{path.stem}-{line_no}"), "kind": row.get("kind"),
                             "text": row["text"], "themes": [str(t) for t in row["themes"]]})
    return examples


def corpus_fingerprint(corpus_dir: str | Path | None = None) -> str:
    """sha256 of the training files' names and bytes: changes whenever the shipped training corpus does."""
    digest = hashlib.sha256()
    for path in corpus_files("train", corpus_dir):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
