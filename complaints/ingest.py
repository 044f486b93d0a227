"""Ingest an export file into the database through a column-mapping profile.

One file is one transaction: rows are normalised in Python and staged in batches into a temporary
table, then merged with set-based SQL. Re-ingesting adds nothing; a changed row (same natural key,
different content) updates the record and writes a `changes` row with the fields before and after.
Inside one file, the first row for a key wins; a later identical row is a duplicate, a later
different row is applied as an update on top of it (so the last version in the file is kept); when the
stored record already equals a key's last version in the file, every row for that key is a duplicate.
A large insert builds the table's indexes (when it starts empty) and its full-text entries after
the rows are in, still inside the file's transaction; a first load without repeated keys skips
classifying. Both give the same database as the row-by-row path (tests/complaints/test_ingest_bulk.py).
"""

from __future__ import annotations

import hashlib
import json
import sys
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path

from complaints.errors import MissingColumnError, ProfileError
from complaints.profiles import FieldSpec, Profile, detect_profile, fold_value, get_profile
from complaints.readers import RowError, open_table
from complaints.store import Database, transaction, utc_now
from complaints.values import parse_date, parse_int, parse_money

__all__ = ["ingest_file", "list_rejects"]

_BATCH_ROWS = 5000
_BULK_ROWS = 10_000  # from this many new rows on, indexes and full-text entries are built after the insert
# The full-text index kept by a trigger per target table: (FTS table, its after-insert trigger, indexed columns).
_FULL_TEXT = {"complaints": ("complaints_fts", "complaints_fts_ai", ("text",))}
_MANAGED = {"id", "source_id", "extra", "row_hash", "created_at", "updated_at"}  # never mapped from a file
_STAGE = "temp._ingest_stage"
_PLAN = "temp._ingest_plan"


class _Reject(Exception):
    """A row that cannot become a record; the message is the reason stored in `rejects`."""


@contextmanager
def _bigger_cache(db: Database, kib: int = 64 * 1024):
    """A larger page cache while ingesting: index pages for a million random dates no longer thrash."""
    main_before = db.conn.execute("PRAGMA main.cache_size").fetchone()[0]
    temp_before = db.conn.execute("PRAGMA temp.cache_size").fetchone()[0]
    db.conn.execute(f"PRAGMA main.cache_size = {-kib}")
    db.conn.execute(f"PRAGMA temp.cache_size = {-kib // 4}")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA main.cache_size = {int(main_before)}")
        db.conn.execute(f"PRAGMA temp.cache_size = {int(temp_before)}")


@contextmanager
def _bulk_insert(db: Database, table: str):
    """Build the table's secondary indexes (when it starts empty) and full-text entries after the block's insert.

    Inside the ingest's transaction, so readers never see the table without them, and on an error the
    rollback restores the dropped indexes and trigger with everything else. Sorting once to build an
    index, and indexing a million texts in one pass, beat updating both row by row.
    """
    conn = db.conn
    before = conn.execute(f"SELECT max(id) FROM main.{table}").fetchone()[0]
    indexes = [] if before is not None else conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        [table]).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX main.{name}")
    fts_table, trigger, columns = _FULL_TEXT.get(table, (None, None, ()))
    trigger_sql = fts_table and conn.execute(
        "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = ?", [trigger]).fetchone()
    if trigger_sql:
        conn.execute(f"DROP TRIGGER main.{trigger}")
    yield
    for _, sql in indexes:
        conn.execute(sql)
    if trigger_sql:
        listed = ", ".join(columns)
        conn.execute(f"INSERT INTO main.{fts_table} (rowid, {listed}) SELECT id, {listed} FROM main.{table} "
                     "WHERE id > ? ORDER BY id", [before or 0])
        conn.execute(trigger_sql[0])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet reference typed as a number: 1234.0 -> "1234"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_MEMO_LIMIT = 100_000  # distinct raw values remembered per column (dates, enums and amounts repeat a lot)


def _memoised(compute):
    """Wrap a cell converter so each distinct raw value is worked out once per file."""
    memo: dict = {}

    def convert(value):
        if value.__class__ is not str:  # only text is remembered: 1 and True would share a slot
            return compute(value)
        try:
            return memo[value]
        except KeyError:
            result = compute(value)
            if len(memo) < _MEMO_LIMIT:
                memo[value] = result
            return result
    convert.memo = memo  # the compiled row function looks here first and calls convert only on a miss
    return convert


def _converter(spec: FieldSpec, column: str, date_order: str):
    """A function turning one non-blank raw cell into the field's stored value, raising _Reject with the reason."""

    def fail(why: str) -> _Reject:
        return _Reject(f"column {column!r} ({spec.name}): {why}")

    readers = {"date": (lambda value: parse_date(value, date_order).isoformat(), "cannot read date"),
               "money": (parse_money, "cannot read amount"),
               "int": (parse_int, "cannot read number")}
    if spec.type in readers:
        read, what = readers[spec.type]

        def convert(value):
            try:
                return read(value)
            except ValueError as exc:
                raise fail(f"{what}: {exc}") from None
    elif spec.type == "enum":
        canonical = {fold_value(v): v for v in spec.values}

        def convert(value):
            key = fold_value(_as_text(value))
            if key in spec.map:
                return spec.map[key]
            if key in canonical:
                return canonical[key]
            if spec.otherwise is None:
                raise fail(f"{_as_text(value)!r} is not one of {', '.join(spec.values)}")
            if spec.otherwise == "keep":
                return key
            return spec.otherwise or None
    else:
        def convert(value):
            return value if value.__class__ is str else _as_text(value)  # strings arrive stripped
        if not spec.prefix:
            convert.plain = True  # the compiled row function stores a stripped string as it is
            return convert  # free text is mostly distinct: not worth remembering
    if spec.prefix:
        inner = convert

        def convert(value):
            return spec.prefix + inner(value)
    return _memoised(convert)


class _Normaliser:
    """Turns raw rows (column -> value) into (field values, extra JSON) for one profile."""

    def __init__(self, profile: Profile, columns: list[str], fixed: bool = False):
        self.profile = profile
        self.fields = list(profile.fields) + [name for name in profile.constants if name not in profile.fields]
        self.positions = {name: i for i, name in enumerate(self.fields)}
        self.template = [None] * len(self.fields)
        for name, value in profile.constants.items():
            self.template[self.positions[name]] = value
        self.required = [(self.positions[name], name) for name in profile.required
                         if not profile.fields[name].allow_blank]
        self._mapping = profile.match_columns(columns)
        self._plans: dict = {}
        self.header = tuple(columns)
        self.steps = [(column, self._plan(column)) for column in columns]
        self._width = len(columns)
        self._compiled = self._compile()
        # With a fixed header (CSV, XLSX) a field no column maps to is always blank: it is not staged, which
        # saves binding and copying a NULL per row. JSON lines may map a new key on any row: all are staged.
        filled = {plan[0] for _, plan in self.steps if plan} | {self.positions[name] for name in profile.constants}
        filled.add(self.positions.get(profile.key, -1))
        self.staged = [name for i, name in enumerate(self.fields) if not fixed or i in filled]
        positions = [self.positions[name] for name in self.staged]
        self.pick = (lambda values: values) if len(positions) == len(self.fields) else \
            (lambda values, get=itemgetter(*positions): get(values)) if len(positions) > 1 else \
            (lambda values, at=positions[0]: (values[at],))

    def _plan(self, column: str):
        # JSON lines may bring new keys on any row: work out their mapping once, on first sight.
        if column in self._plans:
            return self._plans[column]
        if column in self._mapping:
            name = self._mapping[column]
        else:
            name = self.profile.match_columns(list(self._mapping) + [column]).get(column)
            if name in self._mapping.values():
                name = None  # the field already has a column: this one is extra
            self._mapping[column] = name
        plan = None
        if name is not None:
            spec = self.profile.fields[name]
            plan = (self.positions[name], _converter(spec, column, self.profile.date_order), spec.keep_raw)
        self._plans[column] = plan
        return plan

    def normalise(self, row: dict) -> tuple[list, str | None]:
        """The record's field values in `self.fields` order and its extra columns as JSON (or None)."""
        if len(row) == self._width:
            try:
                return self._compiled(row)
            except KeyError:
                pass  # a row with other columns than the header (JSON lines): the general path below
        return self._general(row)

    def _general(self, row: dict) -> tuple[list, str | None]:
        values = self.template.copy()
        extra = None
        steps = self.steps if len(row) == len(self.header) and tuple(row) == self.header else \
            [(column, self._plan(column)) for column in row]
        for column, plan in steps:
            raw = row[column]
            if raw.__class__ is str:
                raw = raw.strip()
                if not raw:
                    continue
            elif raw is None:
                continue
            if plan is None:
                if extra is None:
                    extra = {}
                extra[column] = raw if isinstance(raw, (str, int, float, bool)) else _as_text(raw)
                continue
            position, convert, keep_raw = plan
            values[position] = convert(raw)
            if keep_raw:
                if extra is None:
                    extra = {}
                extra[column] = raw if isinstance(raw, (str, int, float)) else _as_text(raw)
        for position, name in self.required:
            if values[position] is None or values[position] == "":
                raise _Reject(f"required field {name!r} is blank")
        return values, (json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None)

    def _compile(self):
        """One straight-line function for rows shaped like the header: what `_general` does, minus the loop.

        Per cell it inlines the strip, the blank test and the memo lookup, so a row costs a handful of
        Python calls instead of three per cell. A row without one of the header's keys raises KeyError.
        """
        env = {"_as_text": _as_text, "_Reject": _Reject, "_dumps": json.dumps, "_template": self.template,
               "_str": str, "_plain": (str, int, float, bool), "_raw_kinds": (str, int, float)}
        lines = ["def normalise(row):", "    values = _template.copy()", "    extra = None"]

        def put_extra(indent: str, i: int, kinds: str) -> None:
            lines.append(f"{indent}if extra is None: extra = {{}}")
            lines.append(f"{indent}extra[_c{i}] = raw if isinstance(raw, {kinds}) else _as_text(raw)")

        for i, (column, plan) in enumerate(self.steps):
            env[f"_c{i}"] = column
            lines.append(f"    raw = row[_c{i}]")
            for text in (True, False):  # a stripped non-blank string, then any other non-None value
                if text:
                    lines += ["    if raw.__class__ is _str:", "        raw = raw.strip()", "        if raw:"]
                else:
                    lines += ["    elif raw is not None:", "        if True:"]
                indent = "            "
                if plan is None:
                    put_extra(indent, i, "_plain")
                    continue
                position, convert, keep_raw = plan
                env[f"_f{i}"] = convert
                memo = getattr(convert, "memo", None)
                if text and memo is not None:
                    env[f"_m{i}"] = memo
                    lines += [f"{indent}try:", f"{indent}    values[{position}] = _m{i}[raw]",
                              f"{indent}except KeyError:", f"{indent}    values[{position}] = _f{i}(raw)"]
                elif text and getattr(convert, "plain", False):
                    lines.append(f"{indent}values[{position}] = raw")  # free text: the stripped string itself
                else:
                    lines.append(f"{indent}values[{position}] = _f{i}(raw)")
                if keep_raw:
                    put_extra(indent, i, "_raw_kinds")
        for position, name in self.required:
            env[f"_why{position}"] = f"required field {name!r} is blank"
            lines.append(f"    if values[{position}] is None or values[{position}] == '':")
            lines.append(f"        raise _Reject(_why{position})")
        lines.append("    return values, (_dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None)")
        exec("\n".join(lines), env)  # noqa: S102 - source built above from the profile's plan, no file data
        return env["normalise"]


def _raw_json(row: object) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)


def _table_columns(db: Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def _source_id(db: Database, path: Path, sha256: str, profile: Profile) -> int:
    existing = db.execute("SELECT id FROM sources WHERE sha256 = ? AND profile = ? ORDER BY id LIMIT 1",
                          [sha256, profile.name]).fetchone()
    if existing:
        # The same file again: its earlier rejects are replaced by this run's (they are the same rows).
        db.execute("DELETE FROM rejects WHERE source_id = ?", [existing[0]])
        return existing[0]
    cursor = db.execute(
        "INSERT INTO sources (file_name, sha256, profile, kind, ingested_at) VALUES (?, ?, ?, ?, ?)",
        [path.name, sha256, profile.name, profile.table, utc_now()])
    return cursor.lastrowid


def _stage_rows(db, table, normaliser, source_id, progress) -> tuple[int, int]:
    """Normalise every row into the staging table (bad rows into rejects); returns (rows_read, rejected)."""
    fields = normaliser.staged
    stage_sql = (f"INSERT INTO {_STAGE} (row_hash, extra, {', '.join(fields)}) "
                 f"VALUES ({', '.join('?' * (len(fields) + 2))})")
    pick = normaliser.pick
    reject_sql = "INSERT INTO rejects (source_id, file_name, line_no, raw, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)"
    now = utc_now()
    rows_read = rejected = 0
    batch: list = []
    rejects: list = []
    conn = db.conn
    normalise = normaliser.normalise
    sha1 = hashlib.sha1
    batch_rows = _BATCH_ROWS
    file_name = table.path.name
    rows = iter(table)
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        rows = tqdm(rows, unit=" rows", desc=table.path.name, file=sys.stderr, mininterval=0.5)
    for line_no, row in rows:
        rows_read += 1
        if isinstance(row, RowError):
            rejects.append((source_id, file_name, line_no, _raw_json(row.raw), row.reason, now))
        else:
            try:
                values, extra = normalise(row)
            except _Reject as exc:
                rejects.append((source_id, file_name, line_no, _raw_json(row), str(exc), now))
            else:
                # repr keeps None, numbers and text apart; the hash only has to be stable between runs.
                batch.append((sha1(repr((values, extra)).encode("utf-8", "surrogatepass")).hexdigest(),
                              extra, *pick(values)))
                if len(batch) >= batch_rows:
                    conn.executemany(stage_sql, batch)
                    batch.clear()
                continue
        if len(rejects) >= batch_rows:
            rejected += len(rejects)
            conn.executemany(reject_sql, rejects)
            rejects.clear()
    if batch:
        conn.executemany(stage_sql, batch)
    if rejects:
        rejected += len(rejects)
        conn.executemany(reject_sql, rejects)
    return rows_read, rejected


def _staged(alias: str, column: str, staged: set[str]) -> str:
    # A field the file has no column for was not staged: its value is blank (NULL) in every row.
    return f"{alias}.{column}" if column in staged else "NULL"


def _record_changes(db, profile: Profile, fields: list[str], source_id: int, staged: set[str]) -> None:
    """Write one `changes` row per update: the fields that differ, before and after."""
    target, key = profile.table, profile.key
    tracked = fields + ["extra"]
    staged = staged | {"extra"}
    after = ", ".join(_staged("s", c, staged) for c in tracked)
    staged_before = ", ".join(_staged("b", c, staged) for c in tracked)
    stored_before = ", ".join(f"t.{c}" for c in tracked)
    cursor = db.conn.execute(
        f"SELECT s.{key}, p.prev_seq IS NOT NULL, {after}, {staged_before}, {stored_before} "
        f"FROM {_PLAN} p JOIN {_STAGE} s ON s.seq = p.seq "
        f"LEFT JOIN {_STAGE} b ON b.seq = p.prev_seq "
        f"LEFT JOIN main.{target} t ON t.id = p.existing_id "
        "WHERE p.kind = 'update' ORDER BY p.seq")
    width = len(tracked)
    now = utc_now()
    batch = []
    for row in cursor:
        record_key, from_stage = row[0], row[1]
        new = row[2:2 + width]
        old = row[2 + width:2 + 2 * width] if from_stage else row[2 + 2 * width:]
        before = {c: o for c, o, n in zip(tracked, old, new) if o != n}
        after_values = {c: n for c, o, n in zip(tracked, old, new) if o != n}
        batch.append((target, record_key, source_id, json.dumps(before, ensure_ascii=False),
                      json.dumps(after_values, ensure_ascii=False), now))
        if len(batch) >= _BATCH_ROWS:
            db.conn.executemany("INSERT INTO changes (table_name, record_key, source_id, before, after, changed_at) "
                                "VALUES (?, ?, ?, ?, ?, ?)", batch)
            batch.clear()
    if batch:
        db.conn.executemany("INSERT INTO changes (table_name, record_key, source_id, before, after, changed_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", batch)


def _all_new(conn, target: str, key: str) -> bool:
    """True when every staged row is a new record: the table is empty and no key repeats in the file."""
    return bool(conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM main.{target})").fetchone()[0]
                and conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {_STAGE} GROUP BY {key} HAVING count(*) > 1)"
                                 ).fetchone()[0])


def _classify(conn, target: str, key: str) -> dict[str, int]:
    """Plan each staged row as an insert, update or duplicate; returns how many of each."""
    conn.execute(f"DROP TABLE IF EXISTS {_PLAN}")
    # prev_hash: the state this row is compared with — the previous row for the key in this file,
    # else the stored record. Equal → duplicate; none → insert; different → update.
    # seq is the plan's rowid, so the insert below walks the staged rows in file order and finds each
    # one's plan by rowid, instead of sorting every wide staged row again.
    conn.execute("CREATE TEMP TABLE _ingest_plan (seq INTEGER PRIMARY KEY, existing_id, prev_seq, is_last, kind)")
    # When the stored record already equals the file's last version of a key, every row for that key is a
    # duplicate: ingesting the same file again (even one holding two versions of a record) changes nothing.
    conn.execute(f"""
        INSERT INTO {_PLAN}
        SELECT seq, existing_id, prev_seq, is_last,
               CASE WHEN stored_hash = final_hash THEN 'duplicate'
                    WHEN prev_hash IS NULL THEN 'insert'
                    WHEN prev_hash = row_hash THEN 'duplicate' ELSE 'update' END AS kind
        FROM (
            SELECT s.seq, s.row_hash, t.id AS existing_id, t.row_hash AS stored_hash,
                   LAG(s.seq) OVER w AS prev_seq,
                   COALESCE(LAG(s.row_hash) OVER w, t.row_hash) AS prev_hash,
                   LEAD(s.seq) OVER w IS NULL AS is_last,
                   LAST_VALUE(s.row_hash) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS final_hash
            FROM {_STAGE} s LEFT JOIN main.{target} t ON t.{key} = s.{key}
            WINDOW w AS (PARTITION BY s.{key} ORDER BY s.seq)
        ) ORDER BY seq""")
    counts = {"inserted": 0, "updated": 0, "duplicates": 0}
    names = {"insert": "inserted", "update": "updated", "duplicate": "duplicates"}
    for kind, number in conn.execute(f"SELECT kind, count(*) FROM {_PLAN} GROUP BY kind"):
        counts[names[kind]] = number
    return counts


def _merge(db, profile: Profile, fields: list[str], source_id: int, staged: list[str] | None = None) -> dict[str, int]:
    """Classify staged rows against each other and the table, record changes, then insert and update."""
    target, key = profile.table, profile.key
    staged = set(fields if staged is None else staged)
    conn = db.conn
    if _all_new(conn, target, key):
        # A first load without repeated keys (the usual bulk load): nothing to classify, every row goes in.
        counts = {"inserted": conn.execute(f"SELECT count(*) FROM {_STAGE}").fetchone()[0],
                  "updated": 0, "duplicates": 0}
        new_rows = f"FROM {_STAGE} s"
    else:
        counts = _classify(conn, target, key)
        new_rows = f"FROM {_PLAN} p JOIN {_STAGE} s ON s.seq = p.seq WHERE p.is_last AND p.existing_id IS NULL"
    if counts["updated"]:
        _record_changes(db, profile, fields, source_id, staged)
    now = utc_now()
    columns = ", ".join(fields)
    with _bulk_insert(db, target) if counts["inserted"] >= _BULK_ROWS else nullcontext():
        conn.execute(
            f"INSERT INTO main.{target} ({columns}, extra, row_hash, source_id, created_at, updated_at) "
            f"SELECT {', '.join(_staged('s', c, staged) for c in fields)}, s.extra, s.row_hash, ?, ?, ? "
            f"{new_rows} ORDER BY s.seq", [source_id, now, now])
    if counts["updated"]:
        assignments = ", ".join(f"{c} = {_staged('u', c, staged)}" for c in fields)
        conn.execute(
            f"UPDATE main.{target} SET {assignments}, extra = u.extra, row_hash = u.row_hash, "
            f"source_id = ?, updated_at = ? "
            f"FROM (SELECT p.existing_id, s.* FROM {_PLAN} p JOIN {_STAGE} s ON s.seq = p.seq "
            "      WHERE p.is_last AND p.existing_id IS NOT NULL) AS u "
            f"WHERE main.{target}.id = u.existing_id AND main.{target}.row_hash != u.row_hash",
            [source_id, now])
    return counts


def ingest_file(db: Database, path: str | Path, profile: str | Profile | None = None, *,
                profiles_dir: str | Path | None = None, progress: bool = False,
                encoding: str | None = None) -> dict:
    """Load one export into `db` in one transaction; returns the counts of what happened to its rows."""
    path = Path(path)
    with open_table(path, encoding=encoding,
                    sheet=profile.sheet if isinstance(profile, Profile) else None) as table:
        if profile is None:
            chosen = detect_profile(table.columns, profiles_dir, file_name=path.name)
        elif isinstance(profile, Profile):
            chosen = profile
        else:
            chosen = get_profile(profile, profiles_dir)
        if chosen.sheet and table.format == "xlsx" and not isinstance(profile, Profile):
            table.close()
            return ingest_file(db, path, chosen, progress=progress, encoding=encoding)
        missing = chosen.missing(table.columns)
        if missing:
            name = missing[0]
            accepted = ", ".join(repr(a) for a in chosen.fields[name].aliases)
            raise MissingColumnError(
                f"{path.name}: profile {chosen.name!r} requires column {name!r} (a header named one of "
                f"{accepted}), which is missing; the file's columns are: {', '.join(table.columns)}")
        allowed = _table_columns(db, chosen.table)
        normaliser = _Normaliser(chosen, table.columns, fixed=table.format != "jsonl")
        unknown = [name for name in normaliser.fields if name not in allowed or name in _MANAGED]
        if unknown:
            raise ProfileError(f"profile {chosen.name!r} names fields {unknown} that table "
                               f"{chosen.table!r} does not have or that ingest manages itself")
        sha256 = _sha256(path)
        with transaction(db), _bigger_cache(db):
            source_id = _source_id(db, path, sha256, chosen)
            db.conn.execute(f"DROP TABLE IF EXISTS {_STAGE}")
            db.conn.execute(
                f"CREATE TEMP TABLE _ingest_stage (seq INTEGER PRIMARY KEY, row_hash TEXT, "
                f"extra TEXT, {', '.join(normaliser.staged)})")
            rows_read, rejected = _stage_rows(db, table, normaliser, source_id, progress)
            counts = _merge(db, chosen, normaliser.fields, source_id, normaliser.staged)
            db.conn.execute(f"DROP TABLE IF EXISTS {_PLAN}")
            db.conn.execute(f"DROP TABLE {_STAGE}")
            db.execute(
                "UPDATE sources SET file_name = ?, rows_read = ?, inserted = ?, updated = ?, duplicates = ?, "
                "rejected = ?, ingested_at = ? WHERE id = ?",
                [path.name, rows_read, counts["inserted"], counts["updated"], counts["duplicates"], rejected,
                 utc_now(), source_id])
            # Counts only: the audit log never holds complaint text or names.
            db.execute("INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail) "
                       "VALUES (?, 'ingest', NULL, 'ingest', 'sources', ?, ?)",
                       [utc_now(), str(source_id), json.dumps({"profile": chosen.name, "rows_read": rows_read,
                                                               "rejected": rejected, **counts})])
    return {"file": str(path), "profile": chosen.name, "inserted": counts["inserted"],
            "updated": counts["updated"], "duplicates": counts["duplicates"], "rejected": rejected,
            "rows_read": rows_read, "source_id": source_id}


def list_rejects(db: Database, source_id: int | None = None, limit: int | None = None) -> list[dict]:
    """Rejected rows (newest source first, then by line) with file, line, reason and the raw row."""
    sql = "SELECT id, source_id, file_name, line_no, reason, raw, created_at FROM rejects"
    params: list = []
    if source_id is not None:
        sql += " WHERE source_id = ?"
        params.append(source_id)
    sql += " ORDER BY source_id DESC, line_no"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    keys = ("id", "source_id", "file", "line", "reason", "raw", "created_at")
    out = []
    for row in db.execute(sql, params).fetchall():
        record = dict(zip(keys, row))
        try:
            record["raw"] = json.loads(record["raw"]) if record["raw"] else None
        except json.JSONDecodeError:
            pass
        out.append(record)
    return out
