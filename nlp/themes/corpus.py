"""The labelled theme corpus: JSONL files of {"id", "kind", "text", "themes"}."""

from __future__ import annotations

import json
from pathlib import Path

from nlp.errors import NlpError

__all__ = ["DEFAULT_CORPUS_DIR", "read_examples", "corpus_files"]

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "themes" / "corpus"


def corpus_files(split: str, corpus_dir: str | Path | None = None) -> list[Path]:
    """The `train` or `heldout` files of a corpus folder, sorted by name."""
    if split not in ("train", "heldout"):
        raise NlpError(f"unknown corpus split {split!r}; use 'train' or 'heldout'")
    folder = Path(corpus_dir) if corpus_dir is not None else DEFAULT_CORPUS_DIR
    return sorted(folder.glob(f"{split}_*.jsonl"))


def read_examples(paths) -> list[dict]:
    """Examples from JSONL files; a line that is not a labelled text raises an error naming file and line."""
    examples = []
    for path in paths:
        path = Path(path)
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise NlpError(f"{path}:{line_no} is not valid JSON ({exc.msg}); each line must be one object") from None
                if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("themes"), list):
                    raise NlpError(f"{path}:{line_no} needs a \"text\" string and a \"themes\" list")
                examples.append({"id": row.get("id", f"{path.stem}-{line_no}"), "kind": row.get("kind"),
                                 "text": row["text"], "themes": [str(t) for t in row["themes"]]})
    return examples
