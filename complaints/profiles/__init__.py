"""Column-mapping profiles: TOML files that say how an export's columns become records.

Built-in profiles live beside this module; a council adds its own by dropping a TOML file into the
folder named by the `profiles_dir` setting (a user profile with a built-in's name replaces it).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from complaints.errors import ProfileError

__all__ = ["FieldSpec", "Profile", "fold", "fold_value", "load_profile", "load_profiles", "get_profile",
           "detect_profile", "BUILT_IN", "TYPES", "TABLES"]

BUILT_IN = Path(__file__).resolve().parent
TYPES = ("text", "date", "money", "int", "enum")
TABLES = {"complaints": "complaint_ref", "cases": "case_ref"}
_SPEC_KEYS = {"type", "required", "allow_blank", "aliases", "values", "map", "otherwise", "prefix", "keep_raw"}
_PROFILE_KEYS = {"name", "description", "table", "key", "date_order", "sheet", "fields", "constants"}


def fold(name: str) -> str:
    """A header name folded for matching: lower case, runs of spaces/underscores/hyphens/dots as one `_`."""
    return re.sub(r"[\s_\-.]+", "_", str(name).strip().lstrip("\ufeff").lower()).strip("_")


def fold_value(value: str) -> str:
    """An enum value folded for matching: lower case, hyphens/underscores as spaces, spaces collapsed."""
    return " ".join(re.sub(r"[_\-]+", " ", value).lower().split())


@dataclass(frozen=True)
class FieldSpec:
    """How one canonical field is found in a file and read."""

    name: str
    type: str = "text"
    required: bool = False               # the file must have a column for it
    allow_blank: bool = False            # ...but a row may leave that column empty
    aliases: tuple[str, ...] = ()        # folded header names, the field's own name first
    values: tuple[str, ...] = ()         # enum: the canonical values
    map: dict = field(default_factory=dict)  # enum: folded source value -> canonical value
    otherwise: str | None = None         # enum: None = reject unknown values, "keep" = keep, "" = blank, else value
    prefix: str = ""
    keep_raw: bool = False               # also keep the column's raw value in `extra`


@dataclass(frozen=True)
class Profile:
    """A named column mapping for one target table."""

    name: str
    table: str
    key: str
    fields: dict[str, FieldSpec]
    description: str = ""
    date_order: str = "dmy"
    sheet: str | None = None
    constants: dict = field(default_factory=dict)
    path: Path | None = None

    @property
    def required(self) -> list[str]:
        """Names of the fields a file must have a column for."""
        return [name for name, spec in self.fields.items() if spec.required]

    def match_columns(self, columns: list[str]) -> dict[str, str]:
        """Map each of the file's columns to a field name (first matching column wins per field)."""
        lookup = {}
        for spec in self.fields.values():
            for alias in spec.aliases:
                lookup.setdefault(alias, spec.name)
        mapping: dict[str, str] = {}
        taken: set[str] = set()
        for column in columns:
            name = lookup.get(fold(column))
            if name and name not in taken:
                mapping[column] = name
                taken.add(name)
        return mapping

    def missing(self, columns: list[str]) -> list[str]:
        """Required fields that none of `columns` supplies."""
        found = set(self.match_columns(columns).values())
        return [name for name in self.required if name not in found]


def _spec(profile: str, name: str, raw: dict) -> FieldSpec:
    if not isinstance(raw, dict):
        raise ProfileError(f"profile {profile!r}: field {name!r} must be a table of settings")
    unknown = set(raw) - _SPEC_KEYS
    if unknown:
        raise ProfileError(f"profile {profile!r}: field {name!r} has unknown settings {sorted(unknown)} "
                           f"(allowed: {', '.join(sorted(_SPEC_KEYS))})")
    kind = raw.get("type", "text")
    if kind not in TYPES:
        raise ProfileError(f"profile {profile!r}: field {name!r} has type {kind!r}; use one of {', '.join(TYPES)}")
    values = tuple(str(v) for v in raw.get("values", ()))
    mapping = {fold_value(str(k)): str(v) for k, v in dict(raw.get("map", {})).items()}
    if kind == "enum" and not values:
        raise ProfileError(f"profile {profile!r}: enum field {name!r} needs `values = [...]`")
    aliases = [fold(name)] + [fold(a) for a in raw.get("aliases", ())]
    otherwise = raw.get("otherwise")
    return FieldSpec(name=name, type=kind, required=bool(raw.get("required", False)),
                     allow_blank=bool(raw.get("allow_blank", False)),
                     aliases=tuple(dict.fromkeys(aliases)), values=values, map=mapping,
                     otherwise=None if otherwise is None else str(otherwise),
                     prefix=str(raw.get("prefix", "")), keep_raw=bool(raw.get("keep_raw", False)))


def load_profile(path: str | Path) -> Profile:
    """Read and check one profile TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"profile file {path}: cannot be read as TOML ({exc})") from None
    name = str(data.get("name") or path.stem)
    unknown = set(data) - _PROFILE_KEYS
    if unknown:
        raise ProfileError(f"profile {name!r} ({path}): unknown settings {sorted(unknown)}")
    table = data.get("table", "complaints")
    if table not in TABLES:
        raise ProfileError(f"profile {name!r}: table {table!r} is not one of {', '.join(TABLES)}")
    key = data.get("key", TABLES[table])
    if key != TABLES[table]:
        raise ProfileError(f"profile {name!r}: the key of table {table!r} is {TABLES[table]!r}, not {key!r}; "
                           "use `prefix` to keep another system's references apart")
    raw_fields = data.get("fields") or {}
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise ProfileError(f"profile {name!r} ({path}): no [fields.<name>] tables")
    fields = {field_name: _spec(name, field_name, spec) for field_name, spec in raw_fields.items()}
    if key not in fields:
        raise ProfileError(f"profile {name!r}: the key field {key!r} has no [fields.{key}] table")
    if not fields[key].required:
        fields[key] = FieldSpec(**{**fields[key].__dict__, "required": True})
    order = data.get("date_order", "dmy")
    if order not in ("dmy", "mdy"):
        raise ProfileError(f"profile {name!r}: date_order {order!r} must be \"dmy\" or \"mdy\"")
    constants = dict(data.get("constants") or {})
    clash = set(constants) & set(fields)
    if clash:
        raise ProfileError(f"profile {name!r}: {sorted(clash)} is both a field and a constant")
    return Profile(name=name, table=table, key=key, fields=fields, description=str(data.get("description", "")),
                   date_order=order, sheet=data.get("sheet"), constants=constants, path=path)


def load_profiles(profiles_dir: str | Path | None = None) -> dict[str, Profile]:
    """Every profile by name: the built-in ones, then the user's folder (which may replace a built-in)."""
    found = {}
    folders = [BUILT_IN]
    if profiles_dir is not None:
        folder = Path(profiles_dir)
        if not folder.is_dir():
            raise ProfileError(f"profiles folder {folder} does not exist (check COMPLAINTS_PROFILES_DIR)")
        folders.append(folder)
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            profile = load_profile(path)
            found[profile.name] = profile
    return found


def get_profile(name: str, profiles_dir: str | Path | None = None) -> Profile:
    """The profile called `name`; ProfileError lists the known names when it does not exist."""
    profiles = load_profiles(profiles_dir)
    if name not in profiles:
        raise ProfileError(f"no profile named {name!r}; known profiles: {', '.join(sorted(profiles))}")
    return profiles[name]


def detect_profile(columns: list[str], profiles_dir: str | Path | None = None, *, file_name: str = "file") -> Profile:
    """The profile whose required columns `columns` satisfies, preferring the one matching most columns."""
    profiles = load_profiles(profiles_dir)
    complete = []
    nearest = None
    for profile in profiles.values():
        missing = profile.missing(columns)
        matched = len(profile.match_columns(columns))
        if not missing:
            complete.append((matched, profile))
        elif nearest is None or len(missing) < len(nearest[1]):
            nearest = (profile, missing)
    if not complete:
        hint = ""
        if nearest:
            hint = (f"; the nearest is {nearest[0].name!r}, which lacks "
                    f"{', '.join(repr(m) for m in nearest[1])}")
        raise ProfileError(f"{file_name}: no profile fits its columns ({', '.join(columns[:12])}){hint}. "
                           "Pass --profile NAME, or add a profile TOML to the profiles folder")
    complete.sort(key=lambda item: -item[0])
    if len(complete) > 1 and complete[0][0] == complete[1][0]:
        tied = [p.name for n, p in complete if n == complete[0][0]]
        raise ProfileError(f"{file_name}: several profiles fit its columns equally well ({', '.join(tied)}); "
                           "choose one with --profile NAME")
    return complete[0][1]
