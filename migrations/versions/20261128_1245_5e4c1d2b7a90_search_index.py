"""Search index: FTS5 on SQLite, tsvector + GIN on PostgreSQL, kept in step by triggers.

Revision ID: 5e4c1d2b7a90
Revises: ada2639dbbc0
Create Date: 2026-11-28 12:45:00.000000+00:00

One row per searchable record in `search_index` (documents of seven kinds), built by the view
`search_source` and kept in step by database triggers, so every service, importer, restore and
plain SQL statement stays indexed. A document's id is `record id * 8 + kind code`, so a
trigger finds it without a lookup. `tracker search reindex` rebuilds it from the view.
"""

from __future__ import annotations

# ruff: noqa: S608 - every statement here is built from this file's own constants, no input
from collections.abc import Sequence

from alembic import op

revision: str = "5e4c1d2b7a90"
down_revision: str | None = "ada2639dbbc0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Columns of a document, in the order every arm of the view gives them.
COLUMNS = ("doc_id", "kind", "ref_id", "parent_id", "title", "body", "label", "country",
           "status", "access")  # fmt: skip

# Statuses are stored without underscores so that one FTS5 token names one status.
_STATUS = "replace({}, '_', '')"
_ACCESS = "CASE WHEN {} THEN 'confidential' ELSE 'public' END"
_RES_LABEL = "'¶ ' || p.label || ' · ' || substr(r.title, 1, 150)"


def _arms(dialect: str) -> dict[str, tuple[str, list[str], str, list[str]]]:
    """kind → (table, expressions giving COLUMNS in order, FROM clause, conditions)."""
    aliases = "group_concat(x.alias, ' ')" if dialect == "sqlite" else "string_agg(x.alias, ' ')"
    no_int = "CAST(NULL AS INTEGER)"
    no_text = "CAST(NULL AS VARCHAR(32))"
    resolution_of = "JOIN resolutions r ON r.id = p.resolution_id"
    # PostgreSQL's parser reads a URL as one token: spaces let its words be found one by one.
    url = (
        "coalesce(s.url, '')"
        if dialect == "sqlite"
        else "translate(coalesce(s.url, ''), '/.:?=&_-', '        ')"
    )
    return {
        "resolution": (
            "resolutions",
            ["CAST(r.id AS BIGINT) * 8 + 1", "'resolution'", "r.id", no_int, "r.title",
             "substr(r.source_text, 1, 200000)",
             "r.body || coalesce(' · ' || r.document_reference, '')", "lower(r.country)",
             no_text, "'public'"],
            "resolutions r",
            [],
        ),
        "paragraph": (
            "paragraphs",
            ["CAST(p.id AS BIGINT) * 8 + 2", "'paragraph'", "p.id", "p.resolution_id", "''",
             "p.text", _RES_LABEL, "lower(r.country)", no_text, "'public'"],
            f"paragraphs p {resolution_of}",
            [],
        ),
        "demand": (
            "demands",
            ["CAST(d.id AS BIGINT) * 8 + 3", "'demand'", "d.id", "r.id", "d.title", "d.text",
             _RES_LABEL, "lower(r.country)",
             f"coalesce((SELECT {_STATUS.format('su.status')} FROM status_updates su "
             "WHERE su.id = d.current_update_id), 'noinformation')", "'public'"],
            f"demands d JOIN paragraphs p ON p.id = d.paragraph_id {resolution_of}",
            [],
        ),
        "note": (
            "status_updates",
            ["CAST(su.id AS BIGINT) * 8 + 4", "'note'", "su.id", "su.demand_id", "''",
             "su.note",
             "substr(d.title, 1, 150) || ' · ' || CAST(su.assessed_on AS VARCHAR(10))",
             "lower(r.country)", _STATUS.format("su.status"),
             _ACCESS.format("su.is_note_confidential")],
            "status_updates su JOIN demands d ON d.id = su.demand_id "
            f"JOIN paragraphs p ON p.id = d.paragraph_id {resolution_of}",
            ["su.note <> ''"],
        ),
        "actor": (
            "actors",
            ["CAST(a.id AS BIGINT) * 8 + 5", "'actor'", "a.id", no_int, "a.name",
             f"coalesce((SELECT {aliases} FROM actor_aliases x WHERE x.actor_id = a.id), '') "
             "|| ' ' || a.description", "a.kind", "lower(a.country)", no_text, "'public'"],
            "actors a",
            ["a.merged_into_id IS NULL"],
        ),
        "event": (
            "events",
            ["CAST(e.id AS BIGINT) * 8 + 6", "'event'", "e.id", no_int, "e.title",
             "e.description", "e.kind || ' · ' || CAST(e.occurred_on AS VARCHAR(10))",
             "lower(e.country)", no_text, "'public'"],
            "events e",
            [],
        ),
        "source": (
            "sources",
            ["CAST(s.id AS BIGINT) * 8 + 7", "'source'", "s.id", no_int, "s.title",
             f"s.publisher || ' ' || {url} || ' ' || coalesce(s.reference, '')",
             "s.publisher", "CAST(NULL AS VARCHAR(2))", no_text,
             _ACCESS.format("s.is_confidential")],
            "sources s",
            [],
        ),
    }  # fmt: skip


CODES = {"resolution": 1, "paragraph": 2, "demand": 3, "note": 4, "actor": 5, "event": 6,
         "source": 7}  # fmt: skip
ALIAS = {"resolution": "r", "paragraph": "p", "demand": "d", "note": "su", "actor": "a",
         "event": "e", "source": "s"}  # fmt: skip

# FTS5's unicode61 tokenizer removes diacritics but leaves letters that have no decomposition
# (Vietnamese đ, Polish ł, Danish ø): their folded spelling goes into a hidden column.
_FOLD_PAIRS = (("đ", "d"), ("Đ", "D"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"))


def _sqlite_fold(expr: str) -> str:
    for a, b in _FOLD_PAIRS:
        expr = f"replace({expr}, '{a}', '{b}')"
    return expr


def _select(dialect: str, kind: str, extra: str | None = None) -> str:
    """The documents of one kind (optionally narrowed), with the columns search_index takes."""
    _table, exprs, from_, conditions = _arms(dialect)[kind]
    conditions = [*conditions, *([extra] if extra else [])]
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    named = dict(zip(COLUMNS, exprs, strict=True))
    columns = ", ".join(f"{expr} AS {name}" for name, expr in named.items())
    if dialect == "sqlite":
        both = f"({named['title']} || ' ' || {named['body']})"
        alt = f"CASE WHEN {_sqlite_fold(both)} <> {both} THEN {_sqlite_fold(both)} ELSE '' END"
        columns += f", {alt} AS alt"
    return f"SELECT {columns} FROM {from_}{where}"


def _target(dialect: str) -> str:
    if dialect == "sqlite":
        return (
            "search_index (rowid, kind, ref_id, parent_id, title, body, label, country, "
            "status, access, alt)"
        )
    return "search_index (id, kind, ref_id, parent_id, title, body, label, country, status, access)"


def _reindex(dialect: str, kind: str, condition: str) -> list[str]:
    key = "rowid" if dialect == "sqlite" else "id"
    return [
        f"DELETE FROM search_index WHERE {key} IN "
        f"(SELECT doc_id FROM ({_select(dialect, kind, condition)}) AS old_docs)",
        f"INSERT INTO {_target(dialect)} {_select(dialect, kind, condition)}",
    ]


def _own(dialect: str, kind: str, row: str) -> list[str]:
    """Statements that re-index the record `row` (NEW or OLD) of its own table."""
    key = "rowid" if dialect == "sqlite" else "id"
    statements = [f"DELETE FROM search_index WHERE {key} = {row}.id * 8 + {CODES[kind]}"]
    if row == "NEW":
        statements.append(
            f"INSERT INTO {_target(dialect)} {_select(dialect, kind, f'{ALIAS[kind]}.id = NEW.id')}"
        )
    return statements


def _triggers(dialect: str) -> dict[str, dict[str, tuple[str | None, list[str]]]]:
    """table → {operation: (condition on UPDATE or None, statements)}."""
    triggers: dict[str, dict[str, tuple[str | None, list[str]]]] = {}
    for kind, (table, _exprs, _from, _cond) in _arms(dialect).items():
        ops: dict[str, tuple[str | None, list[str]]] = {
            "INSERT": (None, _own(dialect, kind, "NEW")[1:]),
            "DELETE": (None, _own(dialect, kind, "OLD")),
        }
        if kind != "note":  # status updates are append-only: never updated
            ops["UPDATE"] = (None, _own(dialect, kind, "NEW"))
        triggers[table] = ops
    # Documents that show their parent's title or country follow it when it changes.
    res_changed = " OR ".join(
        f"OLD.{c} IS DISTINCT FROM NEW.{c}" if dialect != "sqlite" else f"OLD.{c} IS NOT NEW.{c}"
        for c in ("title", "country")
    )
    triggers["resolutions"]["UPDATE CASCADE"] = (
        res_changed,
        [
            s
            for kind in ("paragraph", "demand", "note")
            for s in _reindex(dialect, kind, "r.id = NEW.id")
        ],
    )
    title_changed = (
        "OLD.title IS NOT NEW.title"
        if dialect == "sqlite"
        else "OLD.title IS DISTINCT FROM NEW.title"
    )
    triggers["demands"]["UPDATE CASCADE"] = (
        title_changed,
        _reindex(dialect, "note", "d.id = NEW.id"),
    )
    triggers["actor_aliases"] = {
        "INSERT": (None, _reindex(dialect, "actor", "a.id = NEW.actor_id")),
        "UPDATE": (
            None,
            _reindex(dialect, "actor", "a.id = OLD.actor_id")
            + _reindex(dialect, "actor", "a.id = NEW.actor_id"),
        ),
        "DELETE": (None, _reindex(dialect, "actor", "a.id = OLD.actor_id")),
    }
    return triggers


# A bulk load (tracker synth) pauses the triggers inside its own transaction and indexes what
# it added in one INSERT … SELECT at the end: FTS5 flushes its pending terms at every statement
# a trigger runs, so row by row it is several times slower than one statement.
PAUSED_SQLITE = "NOT EXISTS (SELECT 1 FROM search_index_paused)"


def _view(dialect: str) -> str:
    arms = " UNION ALL ".join(_select(dialect, kind) for kind in CODES)
    return f"CREATE VIEW search_source AS {arms}"


def _upgrade_sqlite() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "title, body, alt, kind, country, status, access, "
        "label UNINDEXED, ref_id UNINDEXED, parent_id UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute("CREATE TABLE search_index_paused (reason VARCHAR(100) NOT NULL)")
    op.execute(_view("sqlite"))
    for table, ops in _triggers("sqlite").items():
        for operation, (condition, statements) in ops.items():
            verb = operation.split()[0]
            name = f"search_{table}_{operation.lower().replace(' ', '_')}"
            when = f" WHEN {PAUSED_SQLITE}" + (f" AND ({condition})" if condition else "")
            body = "; ".join(statements)
            op.execute(f"CREATE TRIGGER {name} AFTER {verb} ON {table}{when} BEGIN {body}; END")
    op.execute(
        "INSERT INTO search_index (rowid, kind, ref_id, parent_id, title, body, label, country, "
        "status, access, alt) SELECT * FROM search_source"
    )


def _upgrade_postgresql() -> None:
    # unaccent folds "Nguyễn" and "Đặng" to "nguyen" and "dang" inside the text search
    # configuration, so to_tsvector stays IMMUTABLE and ts_headline highlights accented words.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION tracker_search (COPY = pg_catalog.simple)")
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION tracker_search ALTER MAPPING FOR "
        "asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple"
    )
    op.execute(
        "CREATE TABLE search_index ("
        "id BIGINT PRIMARY KEY, kind VARCHAR(16) NOT NULL, ref_id INTEGER NOT NULL, "
        "parent_id INTEGER, title TEXT NOT NULL, body TEXT NOT NULL, label TEXT, "
        "country VARCHAR(2), status VARCHAR(32), access VARCHAR(16) NOT NULL, "
        "document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('tracker_search', title), 'A') || "
        "setweight(to_tsvector('tracker_search', body), 'B')) STORED)"
    )
    op.execute("CREATE INDEX ix_search_index_document ON search_index USING gin (document)")
    op.execute("CREATE INDEX ix_search_index_kind ON search_index (kind, id)")
    op.execute("CREATE TABLE search_index_paused (reason VARCHAR(100) NOT NULL)")
    op.execute(_view("postgresql"))
    for table, ops in _triggers("postgresql").items():
        for operation, (condition, statements) in ops.items():
            verb = operation.split()[0]
            name = f"search_{table}_{operation.lower().replace(' ', '_')}"
            body = " ".join(f"{s};" for s in statements)
            if condition:
                body = f"IF {condition} THEN {body} END IF;"
            body = f"IF EXISTS (SELECT 1 FROM search_index_paused) THEN RETURN NULL; END IF; {body}"
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body} RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {name} AFTER {verb} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
    op.execute(
        "INSERT INTO search_index (id, kind, ref_id, parent_id, title, body, label, country, "
        "status, access) SELECT * FROM search_source"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, ops in _triggers(dialect).items():
        for operation in ops:
            name = f"search_{table}_{operation.lower().replace(' ', '_')}"
            if dialect == "sqlite":
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP VIEW IF EXISTS search_source")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.execute("DROP TABLE IF EXISTS search_index_paused")
    if dialect != "sqlite":
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS tracker_search")
        op.execute("DROP EXTENSION IF EXISTS unaccent")
