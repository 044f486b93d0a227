"""On the demo council, the systemic patterns tell the liaison officer apart what went wrong, not how letters end."""

from collections import Counter

from complaints.store import open_db
from service.pipeline import systemic_result

FRAMING = {"look", "forward", "asked", "support", "dear", "regards", "kind", "sincerely", "thanks", "writing",
           "complaint", "council", "ombudsman", "fault"}


def test_demo_patterns_have_their_own_titles_free_of_letter_framing(demo_council):
    settings, _ = demo_council
    result = systemic_result(open_db(settings.db), as_of="2025-06-01")
    patterns = result["patterns"]
    assert len(patterns) >= 30
    labels = [p["cluster"] for p in patterns]
    # nearly every pattern has a sub-pattern title of its own (before: 8 labels over 61 patterns)
    assert len(set(labels)) >= 0.9 * len(patterns), Counter(labels).most_common(3)
    assert len({p["title"] for p in patterns}) == len(patterns)
    for label in labels:
        terms = label.split(" / ")
        assert 1 <= len(terms) <= 4, label
        assert not {w for t in terms for w in t.split()} & FRAMING, label
    # no single sub-pattern swallows the cases: the largest holds well under a third of them
    assert max(p["count"] for p in patterns) < result["cases_considered"] / 3
    # a theme combination with many cases is split into several sub-patterns
    transport = [p for p in patterns if p["themes"] == ["transport"]]
    assert len(transport) >= 2 and len({p["cluster"] for p in transport}) == len(transport)
