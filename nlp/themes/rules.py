"""The rules layer: spaCy PhraseMatcher/Matcher components that find evidence for and against each theme.

A blank English pipeline gets one component, `complaints_theme_rules` (spaCy factory names cannot contain
dots; the pipeline builder is registered as `complaints.theme_rules.v1` and the normaliser as
`complaints.stem_norms.v1` in spaCy's `misc` registry). The component matches the taxonomy's phrases, cues,
token patterns and hard negatives on lemma-like forms, checks each hit for negation in its clause, and
stores the outcome in `doc._.theme_hits`.

Lemma-like forms are the vocabulary's NORM attribute, set once per word type by a suffix stripper
(`stems.stem`): per-word, not per-token, so normalising costs nothing at match time.
"""

from __future__ import annotations

import numpy as np
import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.attrs import LOWER, NORM
from spacy.tokens import Doc

from nlp.themes.stems import stem
from nlp.themes.taxonomy import Taxonomy, load_taxonomy, parse_taxonomy

__all__ = ["build_rules", "match_themes", "STRONG", "CUE", "COUNTER"]

STRONG, CUE, COUNTER = "strong", "cue", "counter"
_MAX_EVIDENCE = 6

if not Doc.has_extension("theme_hits"):
    Doc.set_extension("theme_hits", default=None)


@spacy.registry.misc("complaints.stem_norms.v1")
def install_stem_norms(vocab) -> None:
    """Make every word's NORM its lemma-like stem, for words already in `vocab` and any added later."""
    vocab.lex_attr_getters[NORM] = lambda string: stem(string.lower())
    for lexeme in vocab:
        lexeme.norm_ = stem(lexeme.lower_)


def _stem_pattern(pattern: list[dict]) -> list[dict]:
    """Normalise a Matcher token pattern's LEMMA/LOWER values the way the text is normalised (LEMMA -> NORM)."""
    out = []
    for token in pattern:
        fixed = {}
        for key, value in token.items():
            upper = key.upper()
            convert = (lambda v: stem(v.lower())) if upper == "LEMMA" else (lambda v: v.lower()) if upper == "LOWER" else None
            target = "NORM" if upper == "LEMMA" else upper
            if convert is None:
                fixed[key] = value
            elif isinstance(value, str):
                fixed[target] = convert(value)
            elif isinstance(value, dict):
                fixed[target] = {op: [convert(v) for v in items] if isinstance(items, list) else items
                                for op, items in value.items()}
            else:
                fixed[target] = value
        out.append(fixed)
    return out


class ThemeRules:
    """Matches a taxonomy's evidence patterns and judges each hit's negation and hard negatives."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.names = taxonomy.names
        settings = taxonomy.settings
        self.window = int(settings["negation_window"])
        self.word_window = int(settings["word_negation_window"])
        self.post_window = int(settings["post_window"])
        install_stem_norms(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.matcher = Matcher(nlp.vocab)
        self.negations = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[int, tuple[str, str]] = {}
        # token patterns run only on short windows starting at a possible first token: the Matcher evaluates
        # set membership in Python for every token, which made whole-document matching the slowest step
        self._anchor_values = {NORM: set(), LOWER: set()}
        self._last_values = {NORM: set(), LOWER: set()}
        self.check_last = True  # every pattern ends in a required token: a window must also contain one
        self.window_length = 0
        self.breaks = np.array(sorted(nlp.vocab.strings.add(b.lower()) for b in taxonomy.clause_breaks), dtype=np.uint64)

        def docs(texts):
            return [nlp.make_doc(text) for text in texts]

        for theme in taxonomy.themes:
            for kind, texts in ((STRONG, theme.phrases), (CUE, theme.cues), ("hard", theme.hard_negatives)):
                if texts:
                    key = f"{theme.name}|{kind}"
                    self.phrases.add(key, docs(texts))
                    self.labels[nlp.vocab.strings[key]] = (theme.name, kind)
            if theme.patterns:
                key = f"{theme.name}|pattern"
                compiled = [_stem_pattern(list(p)) for p in theme.patterns]
                self.matcher.add(key, compiled)
                for pattern in compiled:
                    self._add_anchor(nlp, pattern)
                self.labels[nlp.vocab.strings[key]] = (theme.name, STRONG)
            if theme.negation:
                key = f"{theme.name}|neg"
                self.negations.add(key, [nlp.make_doc(t) for t in theme.negation])
                self.labels[nlp.vocab.strings[key]] = (theme.name, "neg")
        self.negations.add("pre", [nlp.make_doc(t) for t in taxonomy.negation_pre])
        self.negations.add("post", [nlp.make_doc(t) for t in taxonomy.negation_post])
        self.anchors = {attr: np.array(sorted(values), dtype=np.uint64) for attr, values in self._anchor_values.items()}
        self.lasts = {attr: np.array(sorted(values), dtype=np.uint64) for attr, values in self._last_values.items()}
        self.absence = {theme.name: set(theme.absence_is_evidence) for theme in taxonomy.themes}
        self.pre_key = nlp.vocab.strings["pre"]
        self.post_key = nlp.vocab.strings["post"]

    @staticmethod
    def _values(token: dict):
        """(attr, values) a plain or IN-set NORM/LOWER token accepts, or None for anything else."""
        attr = NORM if "NORM" in token else LOWER if "LOWER" in token else None
        value = token.get("NORM", token.get("LOWER"))
        values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
        if attr is None or not values or token.get("OP") or len(token) != 1:
            return None
        return attr, values

    def _add_anchor(self, nlp: Language, pattern: list[dict]) -> None:
        first = self._values(pattern[0])
        if first is None or any(t.get("OP") in ("*", "+") for t in pattern):
            self.window_length = None  # this pattern cannot be anchored: match whole documents
            return
        self._anchor_values[first[0]].update(nlp.vocab.strings.add(v) for v in first[1])
        last = self._values(pattern[-1]) if len(pattern) > 1 else None
        if last is None:
            self.check_last = False
        else:
            self._last_values[last[0]].update(nlp.vocab.strings.add(v) for v in last[1])
        if self.window_length is not None:
            self.window_length = max(self.window_length, len(pattern))

    def _token_pattern_matches(self, doc: Doc):
        if not len(self.matcher):
            return []
        if self.window_length is None:
            return list(self.matcher(doc))
        values = doc.to_array([NORM, LOWER])
        starts = np.flatnonzero(np.isin(values[:, 0], self.anchors[NORM]) | np.isin(values[:, 1], self.anchors[LOWER]))
        if self.check_last and len(starts):
            # keep a start only if some pattern's last word occurs after it within the window
            last = np.isin(values[:, 0], self.lasts[NORM]) | np.isin(values[:, 1], self.lasts[LOWER])
            seen = np.concatenate([[0], np.cumsum(last)])
            ends = np.minimum(starts + self.window_length, len(doc))
            starts = starts[seen[ends] - seen[starts + 1] > 0]
        matches, windows = [], []
        for start in starts.tolist():
            stop = min(len(doc), start + self.window_length)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = stop
            else:
                windows.append([start, stop])
        for start, stop in windows:
            matches.extend((m, start + s, start + e) for m, s, e in self.matcher(doc[start:stop]))
        return matches

    def __call__(self, doc: Doc) -> Doc:
        doc._.theme_hits = self.judge(doc)
        return doc

    @staticmethod
    def _clause_clear(breaks: np.ndarray, start: int, end: int) -> bool:
        """True when no clause break lies in tokens [start, end)."""
        return not breaks[start:end].any()

    def judge(self, doc: Doc) -> dict[str, dict[str, list[str]]]:
        """Per theme: strong evidence, cue evidence and counter-evidence phrases found in `doc`."""
        hits = {}  # theme -> kind -> list of (start, end)
        for match_id, start, end in list(self.phrases(doc)) + self._token_pattern_matches(doc):
            theme, kind = self.labels[match_id]
            hits.setdefault(theme, {}).setdefault(kind, []).append((start, end))
        if not hits:
            return {}
        positives = [span for kinds in hits.values() for kind, spans in kinds.items() if kind in (STRONG, CUE) for span in spans]
        pre, post, theme_neg = [], [], {}
        for match_id, start, end in self.negations(doc):
            # a cue inside a positive phrase ("has not replied") is part of that phrase, not a negation of another
            if any(s <= start and end <= e for s, e in positives):
                continue
            if match_id == self.pre_key:
                pre.append((start, end))
            elif match_id == self.post_key:
                post.append((start, end))
            else:
                theme_neg.setdefault(self.labels[match_id][0], []).append((start, end))
        breaks = np.isin(doc.to_array(LOWER), self.breaks)
        result = {}
        for theme, kinds in hits.items():
            hard = kinds.get("hard", [])
            own_neg = theme_neg.get(theme, [])
            absence = self.absence.get(theme)
            theme_pre = [(s, e) for s, e in pre if doc[s:e].text.lower() not in absence] if absence else pre
            found = {STRONG: [], CUE: [], COUNTER: []}
            for kind in (STRONG, CUE):
                for start, end in kinds.get(kind, []):
                    if any(hs < end and start < he for hs, he in hard):
                        continue  # inside a hard negative: the words mean something else here
                    target = COUNTER if self._negated(breaks, start, end, theme_pre + own_neg, post + own_neg) else kind
                    found[target].append((start, end))
            # a cue word inside a strong phrase adds nothing to the evidence
            found[CUE] = [(s, e) for s, e in found[CUE] if not any(ss < e and s < se for ss, se in found[STRONG])]
            found[COUNTER].extend(hard)
            result[theme] = {kind: self._texts(doc, spans) for kind, spans in found.items() if spans}
        return {theme: kinds for theme, kinds in result.items() if kinds}

    def _negated(self, breaks: np.ndarray, start: int, end: int, pre, post) -> bool:
        for ns, ne in pre:
            window = self.word_window if ne - ns == 1 else self.window
            if ne <= start and start - ne <= window and self._clause_clear(breaks, ne, start):
                return True
        for ns, ne in post:
            if ns >= end and ns - end <= self.post_window and self._clause_clear(breaks, end, ns):
                return True
        return False

    @staticmethod
    def _texts(doc: Doc, spans) -> list[str]:
        """Overlapping hits merged into one phrase, in text order, in the words the writer used."""
        merged = []
        for start, end in sorted(set(spans)):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        seen, out = set(), []
        for start, end in merged:
            text = doc[start:end].text
            if text.lower() not in seen:
                seen.add(text.lower())
                out.append(text)
        return out[:_MAX_EVIDENCE]


@Language.factory("complaints_theme_rules", default_config={"taxonomy_text": None})
def make_theme_rules(nlp: Language, name: str, taxonomy_text: str | None):
    """The theme-rules component for a taxonomy given as TOML text (the built-in default when None)."""
    taxonomy = parse_taxonomy(taxonomy_text, origin="taxonomy_text") if taxonomy_text else load_taxonomy()
    return ThemeRules(nlp, taxonomy)


@spacy.registry.misc("complaints.theme_rules.v1")
def build_rules(taxonomy: Taxonomy) -> Language:
    """A blank English pipeline with the lemma-like normaliser and the rules for `taxonomy`."""
    nlp = spacy.blank("en")
    nlp.add_pipe("complaints_theme_rules", config={"taxonomy_text": taxonomy.source_text})
    return nlp


def match_themes(nlp: Language, texts: list[str], batch_size: int = 256) -> list[dict]:
    """Rule hits for each text: {theme: {"strong"|"cue"|"counter": [phrase, ...]}}."""
    return [doc._.theme_hits or {} for doc in nlp.pipe(texts, batch_size=batch_size)]
