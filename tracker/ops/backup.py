"""Backup archives: write one from a consistent read, check one, restore one in one transaction.

The archive is a **zip** file rather than a tar: a zip keeps a directory of its members at
the end, so `--check` and `restore` can read the manifest first and then each member on its
own without unpacking anything to disk; every member carries a CRC-32 besides our SHA-256, so
damage is caught twice; a truncated zip loses that directory and is refused at once; and a
researcher on any desktop can open it and read the JSON Lines inside. Members:

- `manifest.json`: format and version, tracker version, creation time, the schema revision
  (from `alembic_version`), and per table its member name, row count, SHA-256, primary key and
  columns (name, kind, the table a foreign key points at);
- `tables/<table>.jsonl`: one JSON object per row, rows sorted by primary key, keys sorted,
  timestamps in UTC as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, dates as `YYYY-MM-DD`, booleans as
  `true`/`false`, JSON columns with sorted keys. The same data gives the same bytes on SQLite
  and PostgreSQL; only the manifest's `created_at` differs between two backups.

Tables are those of `tracker.models.metadata` in dependency order, history and audit included.
The search index is derived data and left out: its triggers rebuild it as rows are restored.

A restore reads the manifest's column kinds, not the models, so a backup written at an older
schema revision is restored at that revision and then migrated forward in the same transaction.

SQLite keeps a NUL character in text; PostgreSQL cannot store one. The check lists every such
value (table, row key, column); a restore into PostgreSQL refuses the archive with that list
before writing anything, unless asked to replace each NUL with U+FFFD, and then it reports
every value it changed. Nothing is changed silently. (JSON values are left as they are: the
archive and PostgreSQL's json type both keep a NUL escaped as \\u0000.)
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from tracker.models.base import UTCDateTime
from tracker.services.errors import ServiceError

FORMAT = "tracker-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# A fixed member timestamp: the archive's data members depend on the data alone.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
BATCH = 1000
SPOOL_BYTES = 8 * 1024 * 1024

Progress = Callable[[str, int], None]


class BackupError(ServiceError):
    """A backup that cannot be written, read or restored; the message is one line."""


NUL = "\x00"
# How a NUL looks inside a member's line (json.dumps escapes it); lines without it are not
# parsed when looking for NULs.
NUL_IN_LINE = b"\\u0000"
NUL_REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class NulText:
    """A text value holding a NUL character, which PostgreSQL cannot store."""

    table: str
    key: str  # the row's primary key as the list shows it: "id=12", "demand_id=3,actor_id=5"
    column: str

    def __str__(self) -> str:
        return f"{self.table} {self.key} {self.column}"

    def to_dict(self) -> dict[str, str]:
        return {"table": self.table, "key": self.key, "column": self.column}


class NulTextRefused(BackupError):
    """The target cannot store text of the archive; `rows` says which values."""

    def __init__(self, name: str, rows: list[NulText]) -> None:
        self.rows = rows
        super().__init__(
            f"{name} holds {_text_values(len(rows))} PostgreSQL cannot store (NUL characters): "
            "nothing was restored"
        )


def _text_values(n: int) -> str:
    return f"{n} text value{'s' if n != 1 else ''}"


@dataclass
class Checked:
    """A verified archive: its manifest, and the text values holding a NUL."""

    manifest: Manifest
    nul_text: list[NulText]


# --- column kinds -------------------------------------------------------------------------

KIND_TYPES: dict[str, Callable[[], sa.types.TypeEngine[Any]]] = {
    "integer": sa.Integer,
    "string": sa.String,
    "boolean": sa.Boolean,
    "date": sa.Date,
    "datetime": UTCDateTime,
    "json": sa.JSON,
    "float": sa.Float,
    "decimal": lambda: sa.Numeric(asdecimal=True),
    "binary": sa.LargeBinary,
}


def column_kind(type_: sa.types.TypeEngine[Any]) -> str:
    """How a column's values are written to the archive (order matters: subclasses first)."""
    checks: list[tuple[type[Any], str]] = [
        (UTCDateTime, "datetime"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.Boolean, "boolean"),
        (sa.JSON, "json"),
        (sa.Integer, "integer"),
        (sa.Float, "float"),
        (sa.Numeric, "decimal"),
        (sa.LargeBinary, "binary"),
        (sa.String, "string"),
    ]
    for cls, kind in checks:
        if isinstance(type_, cls):
            return kind
    raise BackupError(f"a column of type {type_!r} cannot be backed up")


def encode_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if kind == "date":
        return value.isoformat()
    if kind == "boolean":
        return bool(value)
    if kind == "integer":
        return int(value)
    if kind == "string":
        # Enum columns come back as their StrEnum member: store the value.
        return str(getattr(value, "value", value))
    if kind == "float":
        return float(value)
    if kind == "decimal":
        return str(value)
    if kind == "binary":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value  # json: dumped with the row, keys sorted


def decode_value(kind: str, value: Any) -> Any:
    """The archive's value as Python; a value of the wrong JSON type raises ValueError."""
    if value is None or kind == "json":
        return value
    if kind == "datetime" and isinstance(value, str):
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("timestamp without a time zone")
        return parsed
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind == "decimal" and isinstance(value, str):
        try:
            return decimal.Decimal(value)
        except decimal.InvalidOperation as exc:
            raise ValueError("not a decimal") from exc
    if kind == "binary" and isinstance(value, str):
        return base64.b64decode(value, validate=True)
    raise ValueError(f"not a {kind}")


def dump_row(row: dict[str, Any]) -> bytes:
    return (
        json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        + "\n"
    ).encode("utf-8")


# --- table specs --------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str
    references: str | None = None  # the table a foreign key points at

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.references:
            data["references"] = self.references
        return data


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]

    @property
    def member(self) -> str:
        return f"tables/{self.name}.jsonl"

    def lightweight(self) -> sa.TableClause:
        """The table as the archive describes it, independent of today's models."""
        return sa.table(self.name, *(sa.column(c.name, KIND_TYPES[c.kind]()) for c in self.columns))


def table_specs(metadata: sa.MetaData | None = None) -> list[TableSpec]:
    """Every table of the models, parents before children (the order a restore inserts in)."""
    if metadata is None:
        from tracker.models import metadata as models_metadata

        metadata = models_metadata
    specs = []
    for table in metadata.sorted_tables:
        columns = tuple(
            ColumnSpec(
                c.name,
                column_kind(c.type),
                next((fk.column.table.name for fk in c.foreign_keys), None),
            )
            for c in table.columns
        )
        specs.append(TableSpec(table.name, columns, tuple(c.name for c in table.primary_key)))
    return specs


# --- writing ------------------------------------------------------------------------------


@dataclass
class TableEntry:
    spec: TableSpec
    rows: int
    sha256: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.spec.name,
            "member": self.spec.member,
            "rows": self.rows,
            "sha256": self.sha256,
            "bytes": self.size,
            "primary_key": list(self.spec.primary_key),
            "columns": [c.to_dict() for c in self.spec.columns],
        }


@dataclass
class Manifest:
    schema_revision: str
    tables: list[TableEntry]
    created_at: str
    tracker_version: str
    source_database: str
    format_version: int = FORMAT_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def counts(self) -> dict[str, int]:
        return {t.spec.name: t.rows for t in self.tables}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "tracker_version": self.tracker_version,
            "created_at": self.created_at,
            "schema_revision": self.schema_revision,
            "source_database": self.source_database,
            "tables": [t.to_dict() for t in self.tables],
        }


def _order_key(connection: Connection, column: sa.ColumnClause[Any], kind: str) -> Any:
    if kind != "string":
        return column
    # Byte order on both databases, so PostgreSQL's locale collation cannot reorder rows.
    return column.collate("C" if connection.dialect.name == "postgresql" else "BINARY")


def _dump_table(connection: Connection, spec: TableSpec, out: IO[bytes]) -> tuple[int, str, int]:
    table = spec.lightweight()
    kinds = {c.name: c.kind for c in spec.columns}
    query = sa.select(*table.c).order_by(
        *(_order_key(connection, table.c[name], kinds[name]) for name in spec.primary_key)
    )
    digest = hashlib.sha256()
    rows = size = 0
    result = connection.execution_options(yield_per=BATCH).execute(query)
    for row in result.mappings():
        line = dump_row({name: encode_value(kinds[name], value) for name, value in row.items()})
        digest.update(line)
        out.write(line)
        rows += 1
        size += len(line)
    return rows, digest.hexdigest(), size


def tracker_version() -> str:
    try:
        return importlib.metadata.version("tracker")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


def database_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def write_backup(source: Connection | Session, fileobj: IO[bytes]) -> Manifest:
    """Write the archive of everything `source` sees to `fileobj`. The caller provides the
    transaction (see `backup_database` for a consistent one); the database must be at the
    schema this tracker knows, so the models describe every column."""
    from tracker.migrate import head_revision

    connection = source.connection() if isinstance(source, Session) else source
    revision = database_revision(connection)
    head = head_revision()
    if revision is None:
        raise BackupError("the database has no schema yet: there is nothing to back up")
    if revision != head:
        raise BackupError(
            f"the database is at schema revision {revision}, this tracker expects {head}: "
            "run `tracker db upgrade` first"
        )
    return write_archive(connection, fileobj, revision, table_specs())


def write_archive(
    connection: Connection, fileobj: IO[bytes], revision: str, specs: list[TableSpec]
) -> Manifest:
    """The archive of the tables `specs` describe, stamped with `revision` (tests use it to
    write a backup of a database at an older revision)."""
    entries: list[tuple[TableEntry, IO[bytes]]] = []
    try:
        for spec in specs:
            spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
            entries.append((TableEntry(spec, *_dump_table(connection, spec, spool)), spool))
        manifest = Manifest(
            schema_revision=revision,
            tables=[entry for entry, _ in entries],
            created_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            tracker_version=tracker_version(),
            source_database=connection.dialect.name,
        )
        with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                _zip_info(MANIFEST),
                json.dumps(manifest.to_dict(), indent=2, sort_keys=True, ensure_ascii=False),
            )
            for entry, spool in entries:
                spool.seek(0)
                with archive.open(_zip_info(entry.spec.member), "w") as member:
                    shutil.copyfileobj(spool, member, 1024 * 1024)
    finally:
        for _, spool in entries:
            spool.close()
    return manifest


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction that sees a single moment while the app keeps writing: REPEATABLE
    READ on PostgreSQL; on SQLite in WAL mode a transaction's first read fixes its snapshot."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            yield connection


def backup_database(engine: Engine, fileobj: IO[bytes]) -> Manifest:
    with read_snapshot(engine) as connection:
        return write_backup(connection, fileobj)


def backup_to_file(engine: Engine, path: Path) -> Manifest:
    """Write next to `path` and rename at the end: a crash never leaves half an archive."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            manifest = backup_database(engine, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return manifest


# --- reading and checking -----------------------------------------------------------------


def _script() -> ScriptDirectory:
    from tracker.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config())


def _is_known_revision(revision: str) -> bool:
    try:
        return _script().get_revision(revision) is not None
    except CommandError:
        return False


@contextmanager
def open_archive(path: Path) -> Iterator[tuple[zipfile.ZipFile, Manifest]]:
    """Open an archive and validate its manifest (not yet the members' checksums)."""
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as raw:
            head = raw.read(4)
            if not head:
                raise BackupError(f"{name} is empty: not a tracker backup")
            try:
                archive = zipfile.ZipFile(raw)
            except zipfile.BadZipFile:
                if head == b"PK\x03\x04":
                    raise BackupError(
                        f"{name} is truncated or damaged: the end of the archive is missing"
                    ) from None
                raise BackupError(f"{name} is not a tracker backup (not a zip archive)") from None
            with archive:
                yield archive, _read_manifest(archive, name)
    except IsADirectoryError:
        raise BackupError(f"{name} is a directory, not a backup file") from None
    except FileNotFoundError:
        raise BackupError(f"no such file: {path}") from None


def _read_manifest(archive: zipfile.ZipFile, name: str) -> Manifest:
    try:
        raw = archive.read(MANIFEST)
    except KeyError:
        raise BackupError(f"{name} is not a tracker backup: it has no {MANIFEST}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise BackupError(f"{name} is damaged: {MANIFEST} is corrupted") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(f"{name} is damaged: {MANIFEST} is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{name} is not a tracker backup: its manifest is of another format")
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"{name} has a damaged manifest: no format version")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{name} was written by a newer tracker (backup format {version}; "
            f"this one reads format {FORMAT_VERSION}): upgrade tracker first"
        )
    try:
        tables = [_table_entry(t) for t in data["tables"]]
        manifest = Manifest(
            schema_revision=str(data["schema_revision"]),
            tables=tables,
            created_at=str(data["created_at"]),
            tracker_version=str(data["tracker_version"]),
            source_database=str(data.get("source_database", "")),
            format_version=version,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"{name} has a damaged manifest ({exc})") from None
    names = [t.spec.name for t in tables]
    if len(set(names)) != len(names):
        raise BackupError(f"{name} has a damaged manifest: a table is listed twice")
    expected = {MANIFEST, *(t.spec.member for t in tables)}
    present = set(archive.namelist())
    if missing := sorted(expected - present):
        raise BackupError(f"{name} is damaged: the member {missing[0]} is missing")
    if extra := sorted(present - expected):
        raise BackupError(f"{name} holds an unexpected member {extra[0]}: not a tracker backup")
    if not _is_known_revision(manifest.schema_revision):
        raise BackupError(
            f"{name} is from a newer database schema (revision {manifest.schema_revision} is "
            f"unknown to tracker {tracker_version()}): upgrade tracker first"
        )
    return manifest


def _table_entry(data: dict[str, Any]) -> TableEntry:
    columns = tuple(
        ColumnSpec(str(c["name"]), str(c["kind"]), c.get("references")) for c in data["columns"]
    )
    for column in columns:
        if column.kind not in KIND_TYPES:
            raise ValueError(f"unknown column kind {column.kind!r}")
    spec = TableSpec(str(data["name"]), columns, tuple(str(p) for p in data["primary_key"]))
    if not spec.name.replace("_", "").isalnum() or not columns:
        raise ValueError(f"bad table {spec.name!r}")
    if not set(spec.primary_key) <= {c.name for c in columns}:
        raise ValueError(f"bad primary key of {spec.name}")
    rows, sha256 = data["rows"], data["sha256"]
    if not isinstance(rows, int) or rows < 0 or not isinstance(sha256, str):
        raise ValueError(f"bad count or checksum of {spec.name}")
    return TableEntry(spec, rows, sha256, int(data.get("bytes", 0)))


def _member_lines(archive: zipfile.ZipFile, entry: TableEntry, name: str) -> Iterator[bytes]:
    """The member's lines; at the end, its checksum and row count are compared with the
    manifest, so a caller that consumed every line knows the member is intact."""
    digest = hashlib.sha256()
    rows = 0
    try:
        with archive.open(entry.spec.member) as member:
            for line in member:
                digest.update(line)
                rows += 1
                yield line
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise BackupError(
            f"{name} is damaged: the member {entry.spec.member} is corrupted"
        ) from None
    if digest.hexdigest() != entry.sha256:
        raise BackupError(
            f"{name} is damaged: the member {entry.spec.member} does not match its checksum"
        )
    if rows != entry.rows:
        raise BackupError(
            f"{name} is inconsistent: {entry.spec.member} holds {rows} rows, "
            f"the manifest says {entry.rows}"
        )


def check_backup(path: Path) -> Manifest:
    """Verify an archive without touching any database: manifest, schema revision, and every
    member's checksum and row count."""
    return inspect_backup(path).manifest


def inspect_backup(path: Path) -> Checked:
    """`check_backup`, and the text values (string columns) that hold a NUL character."""
    name = Path(path).name
    found: list[NulText] = []
    with open_archive(path) as (archive, manifest):
        for entry in manifest.tables:
            strings = [c.name for c in entry.spec.columns if c.kind == "string"]
            for number, line in enumerate(_member_lines(archive, entry, name), start=1):
                if strings and NUL_IN_LINE in line:
                    row = _parse_line(line, entry, name, number)
                    found += [
                        NulText(entry.spec.name, _row_key(entry.spec, row), column)
                        for column in strings
                        if isinstance(row[column], str) and NUL in row[column]
                    ]
    return Checked(manifest, found)


def _parse_line(line: bytes, entry: TableEntry, name: str, number: int) -> dict[str, Any]:
    """One row of a member as Python values, or a one-line refusal naming the line."""
    kinds = {c.name: c.kind for c in entry.spec.columns}
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or set(data) != set(kinds):
            raise ValueError("columns differ from the manifest")
        return {k: decode_value(kinds[k], v) for k, v in data.items()}
    except ValueError as exc:
        raise BackupError(f"{name} is damaged: {entry.spec.member} line {number} ({exc})") from None


def _row_key(spec: TableSpec, row: dict[str, Any]) -> str:
    return ",".join(f"{column}={row[column]}" for column in spec.primary_key)


# --- restoring ----------------------------------------------------------------------------


def _migrate(connection: Connection, direction: str, revision: str) -> None:
    from tracker.migrate import alembic_config

    cfg = alembic_config(connection.engine)
    cfg.attributes["connection"] = connection
    getattr(command, direction)(cfg, revision)


def _tables_with_rows(connection: Connection, names: set[str]) -> list[str]:
    existing = set(sa.inspect(connection).get_table_names())
    return [
        n
        for n in sorted(names & existing)
        if connection.execute(sa.select(sa.literal(1)).select_from(sa.table(n)).limit(1)).first()
    ]


def _prepare_schema(connection: Connection, revision: str, manifest: Manifest, force: bool) -> None:
    """Bring the database to the backup's revision, empty. The append-only triggers refuse to
    delete history rows, on purpose, so a database that holds data is not emptied row by row:
    its schema is dropped by the migrations (`downgrade base`) and built again, inside the
    restore's transaction, so a failure or a kill brings everything back."""
    from tracker.models import metadata

    if connection.dialect.name == "sqlite":
        # Dropping a table deletes its rows first; with the checks deferred to the commit, the
        # migrations may drop tables that still hold rows in any order (all go in the end).
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    current = database_revision(connection)
    if current is not None and not _is_known_revision(current):
        raise BackupError(
            f"the database is at schema revision {current}, unknown to this tracker: "
            "restore with the tracker that made it"
        )
    full = [
        name
        for name in _tables_with_rows(
            connection, {t.spec.name for t in manifest.tables} | set(metadata.tables)
        )
        if name not in SEEDED_BY_MIGRATIONS
    ]
    if full and not force:
        raise BackupError(
            f"the database holds data (in {', '.join(full[:3])}{'…' if len(full) > 3 else ''}): "
            "restore into an empty database, or add --force to replace everything in it"
        )
    if current is not None and (full or current != revision):
        _migrate(connection, "downgrade", "base")
    _migrate(connection, "upgrade", revision)
    columns = {
        t: {c["name"] for c in sa.inspect(connection).get_columns(t)}
        for t in (e.spec.name for e in manifest.tables)
    }
    for entry in manifest.tables:
        if columns[entry.spec.name] != {c.name for c in entry.spec.columns}:
            raise BackupError(
                f"the backup's table {entry.spec.name} does not match schema revision {revision}"
            )


def _lock_all(connection: Connection, manifest: Manifest) -> None:
    if connection.dialect.name == "postgresql":
        # Nobody writes (or reads half a restore) until it commits.
        names = ", ".join(
            connection.dialect.identifier_preparer.quote(t.spec.name) for t in manifest.tables
        )
        connection.exec_driver_sql(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")


# Tables a data migration fills (the reply-clock rules): a freshly migrated database holds
# their rows and is still empty.
SEEDED_BY_MIGRATIONS = frozenset({"clock_rules"})


def _clear_seeded_rows(connection: Connection, manifest: Manifest) -> None:
    """Data migrations seed rows (the reply-clock rules); the archive holds them as they were
    when it was made, so the seeded copies make way, children first."""
    for entry in reversed(manifest.tables):
        table = sa.table(entry.spec.name)
        if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar():
            connection.execute(table.delete())


def _reset_sequences(connection: Connection, manifest: Manifest) -> None:
    """New rows must get fresh ids after rows were inserted with explicit ones (PostgreSQL)."""
    if connection.dialect.name != "postgresql":
        return  # SQLite picks max(rowid) + 1 by itself
    for entry in manifest.tables:
        if len(entry.spec.primary_key) != 1:
            continue
        pk = entry.spec.primary_key[0]
        sequence = connection.execute(
            sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": entry.spec.name, "c": pk}
        ).scalar()
        if sequence:
            quoted = connection.dialect.identifier_preparer.quote
            connection.execute(
                sa.text(
                    f"SELECT setval(:s, COALESCE((SELECT MAX({quoted(pk)}) "  # noqa: S608
                    f"FROM {quoted(entry.spec.name)}), 0) + 1, false)"
                ),
                {"s": sequence},
            )


@dataclass
class _Deferred:
    """Foreign-key values inserted as NULL and set once the rows they point at exist."""

    table: TableSpec
    column: str
    references: str
    values: list[dict[str, Any]] = field(default_factory=list)


def _insert_table(
    connection: Connection,
    archive: zipfile.ZipFile,
    entry: TableEntry,
    name: str,
    inserted: set[str],
    replace_nul: bool = False,
) -> list[_Deferred]:
    spec = entry.spec
    table = spec.lightweight()
    strings = [c.name for c in spec.columns if c.kind == "string"]
    single_pk = spec.primary_key[0] if len(spec.primary_key) == 1 else None
    # Columns pointing at a table not yet restored (demands.current_update_id), or at their
    # own table (actors.merged_into_id), may have to wait until the rows they point at exist.
    forward = {
        c.name: _Deferred(spec, c.name, c.references)
        for c in spec.columns
        if c.references and c.references not in inserted
    }
    batch: list[dict[str, Any]] = []
    for number, line in enumerate(_member_lines(archive, entry, name), start=1):
        row = _parse_line(line, entry, name, number)
        if replace_nul and NUL_IN_LINE in line:
            for column in strings:
                if isinstance(row[column], str):
                    row[column] = row[column].replace(NUL, NUL_REPLACEMENT)
        for column, deferred in forward.items():
            value = row[column]
            if value is None:
                continue
            own_earlier = (
                deferred.references == spec.name
                and single_pk is not None
                and isinstance(value, int)
                and value < row[single_pk]
            )
            if own_earlier:
                continue  # the row it points at is inserted before this one
            deferred.values.append({"_pk": row[single_pk] if single_pk else None, "_v": value})
            row[column] = None
        batch.append(row)
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
    deferred_list = [d for d in forward.values() if d.values]
    if deferred_list and single_pk is None:
        raise BackupError(f"{name} cannot be restored: {spec.name} has forward references")
    return deferred_list


def _apply_deferred(connection: Connection, deferred: list[_Deferred]) -> None:
    for item in deferred:
        table = item.table.lightweight()
        pk = item.table.primary_key[0]
        connection.execute(
            sa.update(table)
            .where(table.c[pk] == sa.bindparam("_pk"))
            .values({item.column: sa.bindparam("_v")}),
            item.values,
        )


def restore_backup(
    engine: Engine,
    path: Path,
    force: bool = False,
    progress: Progress | None = None,
    *,
    replace_nul: bool = False,
) -> Checked:
    """Restore the archive at `path` into `engine`'s database, in one transaction.

    The archive is checked in full first. The database must be empty unless `force`. Text
    holding a NUL character is refused on PostgreSQL (`NulTextRefused`, before anything is
    written) unless `replace_nul`, which replaces each NUL with U+FFFD on either database; the
    values are in the result's `nul_text`. The schema is brought to the backup's revision,
    every row inserted, PostgreSQL's sequences moved past the restored ids, and the schema
    migrated to today's head; then one commit. Anything that goes wrong, including a kill,
    leaves the database as it was."""
    from tracker.migrate import head_revision

    path = Path(path)
    checked = inspect_backup(path)
    manifest = checked.manifest
    if checked.nul_text and not replace_nul and engine.dialect.name == "postgresql":
        raise NulTextRefused(path.name, checked.nul_text)
    head = head_revision()
    if head is None:  # pragma: no cover - the project always has migrations
        raise BackupError("this tracker has no migrations")
    with (
        open_archive(path) as (archive, _),
        engine.connect().execution_options(sqlite_begin="IMMEDIATE") as connection,
        connection.begin(),
    ):
        _prepare_schema(connection, manifest.schema_revision, manifest, force)
        _lock_all(connection, manifest)
        _clear_seeded_rows(connection, manifest)
        inserted: set[str] = set()
        deferred: list[_Deferred] = []
        replacing = replace_nul and bool(checked.nul_text)
        for entry in manifest.tables:
            deferred += _insert_table(connection, archive, entry, path.name, inserted, replacing)
            inserted.add(entry.spec.name)
            if progress is not None:
                progress(entry.spec.name, entry.rows)
        _apply_deferred(connection, deferred)
        _reset_sequences(connection, manifest)
        if manifest.schema_revision != head:
            _migrate(connection, "upgrade", head)
    return checked
