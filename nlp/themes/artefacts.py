"""Model artefacts on disk: `<model_dir>/themes/<version>.joblib`, with `CURRENT` naming the one in use."""

from __future__ import annotations

import os
from pathlib import Path

import joblib

from nlp.errors import ModelNotTrainedError

__all__ = ["save_classifier", "load_current", "artefact_dir"]


def artefact_dir(model_dir: str | Path) -> Path:
    """The folder holding theme model artefacts under a model directory."""
    return Path(model_dir) / "themes"


def save_classifier(classifier, model_dir: str | Path) -> Path:
    """Write the classifier as `<version>.joblib` and make it the current one; returns the artefact path."""
    folder = artefact_dir(model_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{classifier.version}.joblib"
    temporary = path.with_suffix(".joblib.tmp")
    joblib.dump(classifier, temporary, compress=3)
    os.replace(temporary, path)
    pointer = folder / "CURRENT.tmp"
    pointer.write_text(classifier.version + "\n", encoding="utf-8")
    os.replace(pointer, folder / "CURRENT")
    return path


def load_current(model_dir: str | Path):
    """The current classifier under `model_dir`, or None when none has been trained there."""
    folder = artefact_dir(model_dir)
    pointer = folder / "CURRENT"
    if not pointer.exists():
        return None
    version = pointer.read_text(encoding="utf-8").strip()
    path = folder / f"{version}.joblib"
    if not path.exists():
        raise ModelNotTrainedError(f"{pointer} names model {version} but {path} is missing; run `complaints train`")
    return joblib.load(path)
