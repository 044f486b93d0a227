"""Entities in complaint text that identify a child's case: case and ombudsman references, child names
as parents write them, dates of birth, schools, postcodes. Each entity keeps its character span.

A blank English pipeline with rule components only: a registered component joins hyphenated names
(`Mia-Rose`) into one token, a Matcher finds names by the words around them, PhraseMatchers find
gazetteer schools and forenames, and regular expressions (aligned to the text) find references,
dates and postcodes, which are character patterns rather than token patterns.
"""

from __future__ import annotations

import re
from datetime import date

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.util import filter_spans

__all__ = ["find_entities", "EntityFinder", "DEFAULT_CASE_REF_PATTERNS", "KINDS"]

# Case references: `EHC-012345` (EHC-, five or six digits; also written `EHC 01234`, `ehc012345`) and the older
# `SEN/2019/0042` style. A council sets its own in configuration (COMPLAINTS_CASE_REF_PATTERNS).
DEFAULT_CASE_REF_PATTERNS: tuple[str, ...] = (r"\bEHC[-/ ]?\d{5,6}\b", r"\bSEN/\d{4}/\d{4}\b")
KINDS = ("case_ref", "ombudsman_ref", "child_name", "adult_name", "dob", "school", "postcode")

RELATIONS = ["son", "daughter", "child", "grandson", "granddaughter", "stepson", "stepdaughter", "boy", "girl",
             "nephew", "niece", "ward", "grandchild", "kid", "baby", "twin", "twins", "children", "sons", "daughters"]
POSSESSIVES = ["my", "our", "his", "her", "their", "mrs", "mr", "ms"]
DESCRIBERS = ["eldest", "youngest", "older", "younger", "oldest", "middle", "little", "foster", "adopted",
              "step", "autistic", "disabled", "beautiful", "lovely", "only", "twin", "dear", "-"]
AGE_WORDS = ["year", "years", "yr", "-", "old", "month", "months"]
TITLES = ["mr", "mrs", "ms", "miss", "mx", "dr"]
# capitalised words that follow a name at the start of a clause and are not surnames
NOT_NAMES = {
    "i", "the", "he", "she", "they", "we", "it", "his", "her", "our", "my", "this", "that", "in", "at", "on",
    "and", "but", "is", "was", "has", "had", "who", "which", "school", "primary", "academy", "college",
    "council", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "ehc", "ehcp", "sen", "send", "dob", "year", "since", "please", "dear", "yours", "thank",
    "thanks", "however", "also", "after", "before", "when", "as", "so", "if", "there", "then", "now",
    "mrs", "mr", "ms", "miss", "dr", "mum", "dad", "re", "ref", "reference", "date", "born", "age", "aged",
}
NAME = {"TEXT": {"REGEX": r"^[A-Z][a-zA-Z'\u2019]*(?:-[A-Z][a-zA-Z'\u2019]+)*$"}}
INITIAL = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}}

_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_MONTH_NUMBER = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DATE = re.compile(
    r"\b(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
    r"|(?:the\s+)?(?P<wd>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<wm>" + _MONTHS + r")\.?,?\s+(?P<wy>\d{4})"
    r"|(?P<um>" + _MONTHS + r")\.?\s+(?P<ud>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<uy>\d{4}))\b",
    re.IGNORECASE)
_DOB_CONTEXT = re.compile(r"(?:\bborn\b|\bd\.?o\.?b\b\.?|date\s+of\s+birth|\bbirthday\b|\bb\.\s*)[^.\n]{0,25}$",
                          re.IGNORECASE)
_OMBUDSMAN = re.compile(r"\b(\d{2})([ -])(\d{3})\2(\d{3})\b|\b(\d{2})(\d{3})(\d{3})\b")
_OMBUDSMAN_CONTEXT = re.compile(r"(ombudsman|lgo|lgsco|reference|\bref\b)", re.IGNORECASE)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b")  # inward letters kept loose: exports carry made-up codes


@Language.component("complaints_hyphen_names_v1")
def join_hyphenated_names(doc):
    """Merge `Mia`, `-`, `Rose` (written without spaces) into one token so a name is one token."""
    spans = []
    i = 0
    while i < len(doc) - 2:
        a, dash, b = doc[i], doc[i + 1], doc[i + 2]
        if (dash.text == "-" and not a.whitespace_ and not dash.whitespace_ and a.text[:1].isupper()
                and b.text[:1].isupper() and a.is_alpha and b.is_alpha):
            end = i + 3
            # a triple-barrelled name keeps going
            while end < len(doc) - 1 and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                    and not doc[end].whitespace_ and doc[end + 1].text[:1].isupper():
                end += 2
            spans.append(doc[i:end])
            i = end
        else:
            i += 1
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
    return doc


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        value += 2000 if value <= (date.today().year % 100) + 1 else 1900
    return value


def _iso(day, month, year) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except (ValueError, TypeError):
        return None


def _date_value(m: re.Match) -> str | None:
    if m.group("iy"):
        return _iso(int(m.group("id")), int(m.group("im")), int(m.group("iy")))
    if m.group("d"):
        return _iso(int(m.group("d")), int(m.group("m")), _year(m.group("y")))
    if m.group("wd"):
        return _iso(int(m.group("wd")), _MONTH_NUMBER[m.group("wm")[:3].lower()], int(m.group("wy")))
    return _iso(int(m.group("ud")), _MONTH_NUMBER[m.group("um")[:3].lower()], int(m.group("uy")))


def _name_ok(token_text: str) -> bool:
    return token_text.lower() not in NOT_NAMES and len(token_text) > 1


class EntityFinder:
    """A compiled entity finder for one set of reference patterns and gazetteers; call it on a text."""

    def __init__(self, case_ref_patterns=DEFAULT_CASE_REF_PATTERNS, schools=(), names=()):
        self.case_ref_patterns = [re.compile(p, re.IGNORECASE) for p in case_ref_patterns]
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("complaints_hyphen_names_v1")
        vocab = self.nlp.vocab
        self.matcher = Matcher(vocab)
        lead = [{"LOWER": {"IN": POSSESSIVES}}, {"LOWER": {"IN": DESCRIBERS}, "OP": "*"},
                {"LIKE_NUM": True, "OP": "?"}, {"LOWER": {"IN": AGE_WORDS}, "OP": "*"},
                {"LOWER": {"IN": DESCRIBERS}, "OP": "*"},
                {"LOWER": {"IN": RELATIONS}}, {"IS_PUNCT": True, "OP": "?"}]
        self.matcher.add("RELATION", [lead + [NAME], lead + [NAME, NAME], lead + [INITIAL, NAME]],
                         greedy="LONGEST")
        label = [{"LOWER": {"IN": ["child", "pupil", "student", "young"]}}, {"LOWER": "person", "OP": "?"},
                 {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"}, {"LOWER": "name", "OP": "?"},
                 {"LOWER": {"IN": [":", "is", "-"]}}]
        self.matcher.add("LABEL", [label + [NAME], label + [NAME, NAME]], greedy="LONGEST")
        self.matcher.add("INITIAL", [[INITIAL, {"ORTH": ".", "OP": "?"}, NAME]])
        title = [{"LOWER": {"IN": TITLES}}, {"ORTH": ".", "OP": "?"}]
        self.matcher.add("ADULT", [title + [NAME], title + [NAME, NAME]], greedy="LONGEST")
        self.schools = PhraseMatcher(vocab, attr="LOWER")
        self.school_names: dict[str, str] = {}
        for school in schools:
            for variant in self._school_variants(school):
                key = variant.lower()
                if key not in self.school_names:
                    self.school_names[key] = school
                    self.schools.add(key, [self.nlp.make_doc(variant)])
        self.names = PhraseMatcher(vocab, attr="ORTH")
        titled = sorted({n.strip().title() for n in names if n and len(n.strip()) > 1})
        if titled:
            self.names.add("NAME", list(self.nlp.tokenizer.pipe(titled)))

    @staticmethod
    def _school_variants(name: str):
        yield name
        words = name.split()
        trimmed = [w for w in words if w.lower() not in ("school", "academy")]
        if 2 <= len(trimmed) < len(words):
            yield " ".join(trimmed)

    def __call__(self, text: str) -> list[dict]:
        """Every entity found in `text`, in order: dicts of kind, text, start, end (characters) and value."""
        text = text or ""
        found: list[dict] = []
        found += self._regex_entities(text)
        doc = self.nlp(text)
        found += self._name_entities(doc)
        for match_id, start, end in self.schools(doc):
            span = doc[start:end]
            found.append(self._entity("school", span.text, span.start_char, span.end_char,
                                      self.school_names[self.nlp.vocab.strings[match_id]]))
        found = self._drop_overlaps(found)
        return sorted(found, key=lambda e: (e["start"], e["kind"]))

    @staticmethod
    def _entity(kind, text, start, end, value):
        return {"kind": kind, "text": text, "start": start, "end": end, "value": value}

    def _regex_entities(self, text: str) -> list[dict]:
        out = []
        for pattern in self.case_ref_patterns:
            for m in pattern.finditer(text):
                value = re.sub(r"\s+", "-", m.group(0).upper())
                if re.fullmatch(r"EHC\d{5,6}", value):
                    value = f"EHC-{value[3:]}"
                out.append(self._entity("case_ref", m.group(0), m.start(), m.end(), value))
        for m in _OMBUDSMAN.finditer(text):
            if m.group(5) and not _OMBUDSMAN_CONTEXT.search(text[max(0, m.start() - 60):m.start()]):
                continue  # eight bare digits are only a reference where the text says so
            digits = re.sub(r"\D", "", m.group(0))
            out.append(self._entity("ombudsman_ref", m.group(0), m.start(), m.end(),
                                    f"{digits[:2]} {digits[2:5]} {digits[5:]}"))
        for m in _DATE.finditer(text):
            if not _DOB_CONTEXT.search(text[max(0, m.start() - 40):m.start()]):
                continue
            value = _date_value(m)
            if value and value <= date.today().isoformat():
                out.append(self._entity("dob", m.group(0), m.start(), m.end(), value))
        for m in _POSTCODE.finditer(text):
            out.append(self._entity("postcode", m.group(0), m.start(), m.end(), f"{m.group(1)} {m.group(2)}"))
        return out

    def _name_entities(self, doc) -> list[dict]:
        out = []
        strings = self.nlp.vocab.strings
        matches = [(strings[mid], doc[s:e]) for mid, s, e in self.matcher(doc)]
        taken: list[tuple[int, int]] = []
        adults = [span for label, span in matches if label == "ADULT"]
        for span in filter_spans(adults):
            words = [t.text for t in span if t.text[:1].isupper() and t.lower_ not in TITLES]
            words = [w for w in words if _name_ok(w)]
            if not words:
                continue
            value = {"title": span[0].text, "forename": words[0] if len(words) > 1 else None, "surname": words[-1]}
            out.append(self._entity("adult_name", span.text, span.start_char, span.end_char, value))
            taken.append((span.start, span.end))
        children = [(label, span) for label, span in matches if label in ("RELATION", "LABEL", "INITIAL")]
        for span in filter_spans([span for _, span in children]):
            label = next(lbl for lbl, sp in children if sp == span)
            if any(s < span.end and span.start < e for s, e in taken) and label == "INITIAL":
                continue
            # the name is the trailing capitalised run of the span, less words that are not names
            tokens = []
            for token in reversed(span):
                if re.match(r"^[A-Z]", token.text) and token.lower_ not in POSSESSIVES:
                    tokens.insert(0, token)
                else:
                    break
            tokens = [t for t in tokens if _name_ok(t.text) or re.fullmatch(r"[A-Z]\.?", t.text)]
            if not tokens or (len(tokens) > 1 and tokens[1].i != tokens[0].i + 1):
                tokens = tokens[:1]
            if not tokens:
                continue
            forename = tokens[0].text.rstrip(".")
            surname = tokens[1].text if len(tokens) > 1 else None
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            how = {"RELATION": "relation", "LABEL": "label", "INITIAL": "initial"}[label]
            out.append(self._entity("child_name", doc.text[start:end], start, end,
                                    {"forename": forename, "surname": surname, "how": how}))
            taken.append((span.start, span.end))
        for _, s, e in self.names(doc):
            if any(a < e and s < b for a, b in taken):
                continue
            forename = doc[s:e].text
            end = e
            surname = None
            if end < len(doc) and re.match(NAME["TEXT"]["REGEX"], doc[end].text) and _name_ok(doc[end].text):
                surname = doc[end].text
                end += 1
            span = doc[s:end]
            out.append(self._entity("child_name", span.text, span.start_char, span.end_char,
                                    {"forename": forename, "surname": surname, "how": "gazetteer"}))
            taken.append((s, end))
        return out

    @staticmethod
    def _drop_overlaps(found: list[dict]) -> list[dict]:
        # references and dates are more certain than a name guessed from a capitalised word
        priority = {"case_ref": 0, "ombudsman_ref": 0, "dob": 1, "postcode": 1, "school": 2,
                    "adult_name": 3, "child_name": 4}
        kept: list[dict] = []
        for ent in sorted(found, key=lambda e: (priority[e["kind"]], e["start"])):
            if any(k["start"] < ent["end"] and ent["start"] < k["end"] for k in kept):
                continue
            kept.append(ent)
        return kept


_CACHE: dict[tuple, EntityFinder] = {}
_LAST: list = [None, None, None, None]  # (patterns, schools, names, finder): identity fast path


def _finder(case_ref_patterns, schools, names) -> EntityFinder:
    last = _LAST
    if last[3] is not None and last[0] is case_ref_patterns and last[1] is schools and last[2] is names:
        return last[3]
    key = (tuple(case_ref_patterns), tuple(schools), tuple(names))
    finder = _CACHE.get(key)
    if finder is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        finder = _CACHE[key] = EntityFinder(case_ref_patterns, schools, names)
    _LAST[:] = [case_ref_patterns, schools, names, finder]
    return finder


def find_entities(text: str, *, case_ref_patterns=DEFAULT_CASE_REF_PATTERNS, schools=(), names=()) -> list[dict]:
    """Entities in `text` (kinds in KINDS), each with its character span and a normalised value.

    `schools` is a gazetteer of school names (from the cases table); `names` a gazetteer of forenames
    (and their short forms) that are recognised even without "my son ..." around them.
    """
    return _finder(case_ref_patterns, schools, names)(text)
