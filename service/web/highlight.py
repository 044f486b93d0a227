"""Mark each theme's evidence phrases in a complaint's text, escaping everything the public wrote."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

__all__ = ["highlight"]


def highlight(text: str | None, evidence: dict[str, list[str]]) -> Markup:
    """HTML of `text` with every evidence phrase wrapped in <mark data-theme=...>; all text is escaped."""
    if not text:
        return Markup("")
    spans: list[tuple[int, int, str]] = []
    for theme, phrases in evidence.items():
        for phrase in phrases:
            if not phrase or not phrase.strip():
                continue
            for match in re.finditer(re.escape(phrase.strip()), text, flags=re.IGNORECASE):
                spans.append((match.start(), match.end(), theme))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, at = [], 0
    for start, end, theme in spans:
        if start < at:  # overlapping phrase: the earlier, longer one already covers it
            continue
        out.append(escape(text[at:start]))
        out.append(Markup('<mark class="evidence" data-theme="{0}" title="{0}">{1}</mark>').format(
            theme, escape(text[start:end])))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)
