"""The end-to-end pipeline, wired here because only `service` may join `complaints` and `nlp`:
load exports and decision statements, then run the analysis steps that enrich them."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from complaints.decisions import ingest_decisions
from complaints.enrich import apply_themes
from complaints.demo import generate
from complaints.ingest import ingest_file
from complaints.keys import create_key
from complaints.matching import Thresholds, link_complaints, link_decisions
from complaints.store import open_db
from nlp.decisions import parse_decision
from nlp.documents import read_decision_file
from nlp.entities import DEFAULT_CASE_REF_PATTERNS, find_entities
from nlp.errors import NlpError
from nlp.themes import load_classifier

__all__ = ["parse_decision_file", "load_decisions", "theme_classifier", "classify_all", "entity_finder", "match_all", "systemic_result",
           "rebuild_demo", "DEMO_ROLES"]

DEMO_ROLES = ("viewer", "officer", "admin")


def parse_decision_file(path: Path) -> dict:
    """Read and parse one decision statement (HTML, PDF, DOCX or text)."""
    return parse_decision(read_decision_file(path))


def load_decisions(db, paths) -> dict:
    """Parse and store decision statements; unreadable files become rejects, the rest load."""
    return ingest_decisions(db, paths, parse_decision_file, reject_on=(NlpError,))


def theme_classifier(settings):
    """The council's current theme classifier (its taxonomy; trained from the shipped corpus on first use)."""
    return load_classifier(settings.model_dir, settings.taxonomy_path)


def classify_all(db, settings, *, processes: int = 2) -> dict:
    """Classify every complaint and decision with the council's current theme model (trained on first use)."""
    classifier = theme_classifier(settings)
    # large batches so the worker pool has enough texts to share out
    summary = apply_themes(db, lambda texts: classifier.classify(texts, n_process=processes),
                           model_version=classifier.version, batch_size=4000 if processes > 1 else 500)
    return {**summary, "model_version": classifier.version}


def entity_finder(settings):
    """nlp's entity finder with the council's case-reference patterns, ready to pass to complaints.matching."""
    patterns = tuple(settings.case_ref_patterns or DEFAULT_CASE_REF_PATTERNS)
    return partial(find_entities, case_ref_patterns=patterns)


def match_all(db, settings) -> dict:
    """Link complaints to case records, and ombudsman decisions to the council's complaints (review queue)."""
    thresholds = Thresholds(auto=settings.match_auto_threshold, review=settings.match_review_threshold)
    summary = link_complaints(db, find_entities=entity_finder(settings), thresholds=thresholds)
    summary["decisions"] = link_decisions(db)
    return summary


def systemic_result(db, *, clustered: bool = True, min_cases: int = 2, as_of=None) -> dict:
    """Systemic patterns with nlp's fault-statement clustering passed into the core (the one place they meet)."""
    from complaints.reports.systemic import systemic_patterns
    from nlp.patterns import cluster_fault_statements

    return systemic_patterns(db, cluster=cluster_fault_statements if clustered else None, min_cases=min_cases,
                             as_of=as_of)


def rebuild_demo(settings, *, seed: int = 2024, out_dir: Path | None = None,
                 say: Callable[[str], None] = lambda line: None) -> dict:
    """Generate the demo council's files and build its database from them, replacing any database at the path.

    Everything goes through the same paths a council's own data takes: ingest of the exports, ingest of the
    decision statements, then classification and matching. Returns the counts of each step and a demo key per role.
    """
    folder = Path(out_dir) if out_dir else Path(settings.db).parent / "demo"
    say(f"Writing the demo council's files to {folder}")
    files = generate(folder, seed=seed)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.db}{suffix}").unlink(missing_ok=True)
    db = open_db(settings.db)
    summary: dict = {"folder": str(folder), "generated": files}
    say("Loading case records and complaints")
    summary["cases"] = ingest_file(db, folder / "cases.csv", "cases")
    summary["complaints"] = ingest_file(db, folder / "complaints.csv", "generic")
    say("Reading ombudsman decision statements")
    decisions = load_decisions(db, [folder / "decisions"])
    summary["decisions"] = {k: v for k, v in decisions.items() if k != "rejects"}
    say("Classifying complaints and decisions by theme")
    summary["themes"] = classify_all(db, settings)
    say("Matching complaints to case records")
    matched = match_all(db, settings)
    summary["matching"] = {key: matched[key] for key in ("auto", "review", "none", "review_queue", "decisions")}
    summary["keys"] = {role: create_key(db, role, f"demo {role}") for role in DEMO_ROLES}
    db.close()
    return summary
