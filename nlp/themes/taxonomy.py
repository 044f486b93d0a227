"""The theme taxonomy: theme names, definitions and seed patterns, read from TOML configuration."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nlp.errors import TaxonomyError

__all__ = ["Theme", "Taxonomy", "load_taxonomy", "parse_taxonomy", "DEFAULT_TAXONOMY_PATH"]

DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parents[1] / "data" / "taxonomy.toml"

_SETTING_DEFAULTS = {
    "negation_window": 5,
    "word_negation_window": 2,
    "post_window": 5,
    "rule_weight": 0.65,
    "cue_weight": 0.1,
    "counter_weight": 0.45,
}


@dataclass(frozen=True)
class Theme:
    """One theme: its name, what it means, and the patterns that are evidence for or against it."""

    name: str
    label: str
    definition: str
    phrases: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    patterns: tuple = ()
    hard_negatives: tuple[str, ...] = ()
    negation: tuple[str, ...] = ()
    absence_is_evidence: tuple[str, ...] = ()
    min_precision: float | None = None


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of themes plus the settings the rules and the combination use."""

    themes: tuple[Theme, ...]
    negation_pre: tuple[str, ...]
    negation_post: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    settings: dict = field(default_factory=dict)
    source_text: str = ""

    @property
    def names(self) -> list[str]:
        """Theme names in configuration order."""
        return [theme.name for theme in self.themes]

    @property
    def fingerprint(self) -> str:
        """sha256 of the configuration text: a model trained under another taxonomy is not reused."""
        return hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()

    def theme(self, name: str) -> Theme:
        """The theme called `name`, or a TaxonomyError listing the known names."""
        for theme in self.themes:
            if theme.name == name:
                return theme
        raise TaxonomyError(f"unknown theme {name!r}; the taxonomy has: {', '.join(self.names)}")


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise TaxonomyError(f"{where} must be a list of non-empty strings")
    return tuple(item.strip() for item in value)


def _precision(value, where: str) -> float | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or not 0 < value < 1:
        raise TaxonomyError(f"{where} min_precision must be a number between 0 and 1, e.g. 0.9")
    return float(value)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy TOML file (the built-in default when `path` is None)."""
    path = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(f"taxonomy file {path} not found; set COMPLAINTS_TAXONOMY_PATH to an existing TOML file") from None
    return parse_taxonomy(text, origin=str(path))


def parse_taxonomy(text: str, origin: str = "taxonomy text") -> Taxonomy:
    """Parse taxonomy TOML text; `origin` names it in error messages."""
    path = origin
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"taxonomy file {path} is not valid TOML: {exc}") from None
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, dict) or not raw_themes:
        raise TaxonomyError(f"taxonomy file {path} has no [themes.<name>] tables; add at least one theme")
    themes = []
    for name, spec in raw_themes.items():
        if not name.isidentifier() or name != name.lower():
            raise TaxonomyError(f"theme name {name!r} in {path} must be lower_snake_case")
        if name == "other":
            raise TaxonomyError(f"theme name 'other' in {path} is reserved for records with no theme")
        where = f"[themes.{name}] in {path}"
        if not isinstance(spec, dict) or not isinstance(spec.get("definition"), str):
            raise TaxonomyError(f"{where} needs a definition = \"...\"")
        patterns = spec.get("patterns", [])
        if not isinstance(patterns, list) or not all(isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns):
            raise TaxonomyError(f"{where}: patterns must be a list of token-pattern lists, e.g. [[{{LOWER = \"late\"}}]]")
        phrases = _strings(spec.get("phrases"), f"{where} phrases")
        cues = _strings(spec.get("cues"), f"{where} cues")
        if not phrases and not cues and not patterns:
            raise TaxonomyError(f"{where} needs at least one phrase, cue or pattern")
        themes.append(Theme(
            name=name,
            label=spec.get("label", name.replace("_", " ").capitalize()),
            definition=" ".join(spec["definition"].split()),
            phrases=phrases,
            cues=cues,
            patterns=tuple(patterns),
            hard_negatives=_strings(spec.get("hard_negatives"), f"{where} hard_negatives"),
            negation=_strings(spec.get("negation"), f"{where} negation"),
            min_precision=_precision(spec.get("min_precision"), where),
            absence_is_evidence=tuple(x.lower() for x in _strings(spec.get("absence_is_evidence"), f"{where} absence_is_evidence")),
        ))
    negation = data.get("negation", {})
    settings = dict(_SETTING_DEFAULTS)
    for key, value in data.get("settings", {}).items():
        if key not in _SETTING_DEFAULTS:
            raise TaxonomyError(f"unknown setting {key!r} in [settings] of {path}; known: {', '.join(_SETTING_DEFAULTS)}")
        settings[key] = value
    return Taxonomy(
        themes=tuple(themes),
        negation_pre=_strings(negation.get("pre"), "[negation] pre"),
        negation_post=_strings(negation.get("post"), "[negation] post"),
        clause_breaks=_strings(negation.get("clause_breaks", [".", ";", "!", "?", "but", "however"]), "[negation] clause_breaks"),
        settings=settings,
        source_text=text,
    )
