"""Systemic patterns on the demo council: quality against the generator's own material, and speed.

    .venv/bin/python benchmarks/patterns.py [--db PATH]   (default: builds the demo council into
                                                           benchmarks/out/patterns/ once and reuses it)

The demo generator writes complaints from hand-written situation passages and decision statements from
hand-written scenarios (complaints/demo/passages/*.toml, complaints/demo/decisions.toml). Neither the
records nor truth/ name them, so the reference grouping is derived here by finding each passage's or
scenario's fixed wording in the text: a decision's reference is the set of scenarios its findings use; a
complaint's is the first situation passage in it. Passages are finer than any useful pattern (about 50 per
theme), so purity against them is expected to be low for every method; what matters is the comparison and
"same-passage recall": of the pairs of cases written from the same passage with the same theme combination,
the share that land in one pattern.

Prints, for nlp.patterns.cluster_fault_statements and for a same-process baseline (bare TfidfVectorizer +
NMF over all statements with eight components, labels from each component's top three terms, as the report
used before): time, patterns (of two or more cases), distinct labels, adjusted Rand index and purity.
"""

from __future__ import annotations

import argparse
import re
import string
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.decomposition import NMF  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from complaints.demo.letters import library  # noqa: E402
from complaints.reports.systemic import fault_cases  # noqa: E402
from complaints.store import open_db  # noqa: E402
from nlp.patterns import cluster_fault_statements  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "").replace("’", "")).strip()


def _fragments(template: str) -> list[str]:
    """The fixed wording between placeholders, normalised, longest first (at least 18 characters)."""
    literal = [part[0] for part in string.Formatter().parse(template) if part[0]]
    pieces = [_norm(p) for chunk in literal for p in re.split(r"[.!?]", chunk)]
    return sorted((p for p in pieces if len(p) >= 18), key=len, reverse=True)


def _find(fragments: list[str], text: str) -> int:
    """Position of the first of a template's fragments found in the text, or -1."""
    hits = [text.find(f) for f in fragments[:3]]
    hits = [h for h in hits if h >= 0]
    return min(hits) if hits else -1


def reference(cases: list[dict]) -> list[str | None]:
    """The demo material each case was written from (see the module docstring); None when not found."""
    passages = [(f"{p.source}:{i}", _fragments(p.text)) for i, p in enumerate(library().passages)]
    passages = [(pid, f) for pid, f in passages if f]
    scenarios = tomllib.loads((ROOT / "complaints" / "demo" / "decisions.toml").read_text(encoding="utf-8"))["scenario"]
    faults = [(f"scenario:{i}", _fragments(s["fault"])) for i, s in enumerate(scenarios)]
    out = []
    for case in cases:
        text = _norm(case["statement"])
        if case["kind"] == "decision":
            found = sorted(sid for sid, f in faults if _find(f, text) >= 0)
            out.append("+".join(found) or None)
        else:
            found = [(pos, pid) for pid, f in passages if (pos := _find(f, text)) >= 0]
            out.append(min(found)[1] if found else None)
    return out


def bare_baseline(texts: list[str], k: int = 8) -> list[str]:
    """Bare TF-IDF + NMF over all statements; each label is its component's top three terms."""
    vectoriser = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    matrix = vectoriser.fit_transform(texts)
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=500)
    weights = model.fit_transform(matrix)
    terms = vectoriser.get_feature_names_out()
    labels = [" / ".join(terms[i] for i in c.argsort()[::-1][:3]) for c in model.components_]
    return [labels[int(row.argmax())] for row in weights]


def scores(cases: list[dict], labels: list[str], truth: list[str | None]) -> dict:
    """Patterns, distinct labels, ARI, purity and same-passage recall of one labelling."""
    keys = [(tuple(sorted(c["themes"])), label) for c, label in zip(cases, labels)]
    sizes = Counter(keys)
    patterns = [k for k, n in sizes.items() if n >= 2]
    known = [(k, t) for k, t in zip(keys, truth) if t]
    predicted, expected = [str(k) for k, _ in known], [t for _, t in known]
    by_pattern: dict[str, Counter] = defaultdict(Counter)
    for p, t in zip(predicted, expected):
        by_pattern[p][t] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_pattern.values()) / len(known)
    same, together = 0, 0
    by_source: dict[tuple, Counter] = defaultdict(Counter)
    for (key, t) in known:
        by_source[(key[0], t)][key[1]] += 1
    for counter in by_source.values():
        n = sum(counter.values())
        same += n * (n - 1) // 2
        together += sum(m * (m - 1) // 2 for m in counter.values())
    return {"patterns": len(patterns), "distinct_labels": len({k[1] for k in patterns}),
            "ari": adjusted_rand_score(expected, predicted), "purity": purity,
            "same_source_recall": together / same if same else float("nan"), "referenced": len(known)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    path = args.db
    if path is None:
        from service.pipeline import rebuild_demo
        from service.settings import Settings

        folder = ROOT / "benchmarks" / "out" / "patterns"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "demo.db"
        if not path.exists():
            rebuild_demo(Settings(db=path, model_dir=folder / "models"))
    db = open_db(path)
    cases = fault_cases(db)
    texts = [c["statement"] for c in cases]
    groups = [tuple(sorted(c["themes"])) for c in cases]
    truth = reference(cases)
    decisions = [t for c, t in zip(cases, truth) if c["kind"] == "decision"]
    print(f"{len(cases)} cases with fault ({sum(c['kind'] == 'decision' for c in cases)} decisions); reference found "
          f"for {sum(t is not None for t in truth)} ({sum(t is not None for t in decisions)} decisions)")
    results = {}
    for name, run in (("bare TF-IDF + NMF (k=8, all statements)", lambda: bare_baseline(texts)),
                      ("cluster_fault_statements (per theme combination)",
                       lambda: cluster_fault_statements(texts, groups))):
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            labels = run()
            timings.append(time.perf_counter() - start)
        results[name] = min(timings)
        s = scores(cases, labels, truth)
        dec = [i for i, c in enumerate(cases) if c["kind"] == "decision"]
        d = scores([cases[i] for i in dec], [labels[i] for i in dec], [truth[i] for i in dec])
        print(f"{name}: {min(timings):.2f} s (best of 3); {s['patterns']} patterns, {s['distinct_labels']} distinct "
              f"labels; all cases ARI {s['ari']:.3f}, purity {s['purity']:.3f}, same-passage recall "
              f"{s['same_source_recall']:.3f}; decisions ARI {d['ari']:.3f}, purity {d['purity']:.3f}")
    base, ours = results.values()
    print(f"ratio to the bare baseline: {ours / base:.1f}x")


if __name__ == "__main__":
    main()
