"""Theme classification: explainable rules plus a learned model, configured by a taxonomy TOML file.

    from nlp.themes import load_classifier
    classifier = load_classifier(model_dir="data/models")       # trains from the shipped corpus if needed
    classifier.classify(["The taxi did not come again."])
    # [{"themes": ["transport"], "scores": {...every theme...}, "evidence": {"transport": [...]}, "methods": {...}}]
"""

from __future__ import annotations

from pathlib import Path

from nlp.errors import ModelNotTrainedError
from nlp.themes.artefacts import load_current, save_classifier
from nlp.themes.classifier import ThemeClassifier
from nlp.themes.corpus import DEFAULT_CORPUS_DIR, corpus_files, corpus_fingerprint, read_examples
from nlp.themes.evaluation import score_predictions
from nlp.themes.taxonomy import DEFAULT_TAXONOMY_PATH, Taxonomy, Theme, load_taxonomy

__all__ = [
    "load_classifier", "train", "evaluate", "ThemeClassifier", "Taxonomy", "Theme", "load_taxonomy",
    "read_examples", "corpus_files", "DEFAULT_CORPUS_DIR", "DEFAULT_TAXONOMY_PATH",
]

_in_memory: dict[str, ThemeClassifier] = {}


def _shipped_examples(corpus_dir) -> tuple[list[dict], list[str]]:
    files = corpus_files("train", corpus_dir)
    if not files:
        folder = corpus_dir or DEFAULT_CORPUS_DIR
        raise ModelNotTrainedError(f"no training corpus (train_*.jsonl) in {folder}; add labelled texts there "
                                   "or train with extra examples")
    return read_examples(files), [f.name for f in files]


def train(model_dir: str | Path | None = None, taxonomy_path: str | Path | None = None, *,
          corpus_dir: str | Path | None = None, extra_examples=(), seed: int = 0) -> ThemeClassifier:
    """Train on the corpus's train_*.jsonl plus `extra_examples` ({"text", "themes"}: officers' corrected
    records), and save the versioned artefact under `model_dir` (kept in memory only when None)."""
    from nlp.themes.training import train_classifier

    taxonomy = load_taxonomy(taxonomy_path)
    examples, files = _shipped_examples(corpus_dir)
    extra = [{"text": e["text"], "themes": list(e["themes"])} for e in extra_examples if (e.get("text") or "").strip()]
    classifier = train_classifier(examples + extra, taxonomy, seed=seed,
                                  extra_metadata={"corpus_files": files, "corrections": len(extra),
                                                  "corpus_sha256": corpus_fingerprint(corpus_dir),
                                                  "corpus_source": "shipped" if corpus_dir is None else "custom"})
    if model_dir is not None:
        save_classifier(classifier, model_dir)
    return classifier


def load_classifier(model_dir: str | Path | None = None, taxonomy_path: str | Path | None = None, *,
                    corpus_dir: str | Path | None = None) -> ThemeClassifier:
    """The current classifier under `model_dir` for the taxonomy at `taxonomy_path` (built-in default when None).

    When no artefact exists there, or the current one was trained under a different taxonomy or on a
    different version of the training corpus (so a stale artefact never masks an updated corpus), a default
    model is trained from the shipped corpus (or `corpus_dir`; deterministic, seconds) and saved there. With
    `model_dir=None` the default model is trained once per process and kept in memory."""
    taxonomy = load_taxonomy(taxonomy_path)
    if model_dir is None:
        key = f"{taxonomy.fingerprint}:{corpus_dir}"
        cached = _in_memory.get(key)
        if cached is None:
            cached = _in_memory[key] = train(None, taxonomy_path, corpus_dir=corpus_dir)
        return cached
    current = load_current(model_dir)
    if current is not None and current.metadata.get("taxonomy_sha256") == taxonomy.fingerprint \
            and _corpus_is_current(current.metadata, corpus_dir):
        return current
    return train(model_dir, taxonomy_path, corpus_dir=corpus_dir)


def _corpus_is_current(metadata: dict, corpus_dir) -> bool:
    # a model trained on a council's own corpus (`complaints train --corpus`) is theirs to keep until they
    # retrain; one trained on the shipped corpus is stale once the shipped corpus differs (or predates the hash)
    if corpus_dir is None and metadata.get("corpus_source") == "custom":
        return True
    return metadata.get("corpus_sha256") == corpus_fingerprint(corpus_dir)


def evaluate(classifier: ThemeClassifier, examples: list[dict] | None = None, *,
             corpus_dir: str | Path | None = None) -> dict:
    """Precision, recall and F1 per theme, macro-F1 and confusions on `examples` (default: the held-out set)."""
    if examples is None:
        files = corpus_files("heldout", corpus_dir)
        if not files:
            raise ModelNotTrainedError(f"no held-out corpus (heldout_*.jsonl) in {corpus_dir or DEFAULT_CORPUS_DIR}")
        examples = read_examples(files)
    results = classifier.classify([e["text"] for e in examples])
    names = classifier.taxonomy.names
    report = score_predictions([[t for t in e["themes"] if t in names] for e in examples],
                               [r["themes"] for r in results], names)
    report["model_version"] = classifier.version
    return report
