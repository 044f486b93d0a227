"""A small suffix-stripping normaliser: the lemma-like form rules match on ("payments delayed" ~ "payment delay")."""

from __future__ import annotations

__all__ = ["stem"]

_IRREGULAR = {
    "paid": "pay", "told": "tell", "sent": "send", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "went": "go", "gone": "go", "lost": "lose", "left": "leave", "made": "make",
    "said": "say", "children": "child", "was": "be", "were": "be", "is": "be", "are": "be", "been": "be",
    "has": "have", "had": "have", "did": "do", "does": "do", "done": "do",
}
_KEEP = {"this", "his", "is", "was", "has", "does", "us", "bus", "plus", "status", "focus", "thus", "yes", "less",
         "process", "access", "address", "progress", "success", "news", "series", "always", "across", "unless"}
_VOWELS = set("aeiouy")
_cache: dict[str, str] = {}


def _strip(word: str) -> str:
    base = _strip_suffix(word)
    # "arrive"/"arrived" and "issue"/"issued" meet at "arriv"/"issu": a silent final e is dropped
    if len(base) > 4 and base.endswith("e") and base not in _IRREGULAR.values():
        return base[:-1]
    return base


def _strip_suffix(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _KEEP or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if not _VOWELS.intersection(base):
                return word
            # "stopped" -> "stop", but "called" stays "call" (double l is part of the word)
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            return base
    return word


def stem(word: str) -> str:
    """The lemma-like form of one lower-case word, memoised (texts repeat the same few thousand words)."""
    found = _cache.get(word)
    if found is None:
        found = _strip(word)
        if len(_cache) < 200_000:
            _cache[word] = found
    return found
