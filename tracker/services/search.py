"""Full-text search over every record: SQLite FTS5 or PostgreSQL tsvector, behind one service."""

# ruff: noqa: S608 - SQL is built from this module's fixed fragments; what users type is bound
from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from tracker.models import Role, Status, User
from tracker.services.audit import record_audit
from tracker.text import fold

# Display order of the groups, and what each kind is called on the page.
KINDS: dict[str, str] = {
    "demand": "Demands",
    "resolution": "Resolutions",
    "paragraph": "Paragraphs",
    "note": "Follow-up notes",
    "actor": "People and organisations",
    "event": "Events",
    "source": "Sources",
}
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# Facets count at most this many matches: a one-letter prefix over a million notes would
# otherwise make every keystroke scan the whole index. Above it, results come newest first
# (ranking needs every match scored) and counts read "2,000+".
MATCH_CAP = 2000
START, STOP = "\ue000", "\ue001"  # private-use characters: never in a query
_TERM = re.compile(r"[^\W_]+")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_STATUS_KEYS = {s.value.replace("_", ""): s for s in Status}


def query_terms(q: str) -> list[str]:
    """The words of a query, folded: operators, quotes and punctuation typed are not syntax."""
    return [t[:MAX_TERM_LENGTH] for t in _TERM.findall(fold(q or ""))][:MAX_TERMS]


# The last word is a prefix from this length on: one letter would match most of the index.
MIN_PREFIX = 2


def _is_prefix(term: str) -> bool:
    return len(term) >= MIN_PREFIX


def fts5_expression(terms: list[str]) -> str:
    """Every word required, the last one as a prefix; each quoted, so none is an operator."""
    quoted = [f'"{t}"' for t in terms]
    if _is_prefix(terms[-1]):
        quoted[-1] += "*"
    return "{title body alt} : (" + " ".join(quoted) + ")"


def tsquery_expression(terms: list[str]) -> str:
    quoted = [f"'{t}'" for t in terms]
    if _is_prefix(terms[-1]):
        quoted[-1] += ":*"
    return " & ".join(quoted)


def _matches(terms: list[str]) -> Callable[[str], bool]:
    """Whether a folded word is one the query matches, as the index decides."""
    *whole_words, last = terms
    whole = set(whole_words)
    if _is_prefix(last):
        return lambda key: key in whole or key.startswith(last)
    whole.add(last)
    return whole.__contains__


# Highlighted text as data: its pieces in order, each with whether the query matched it. The
# page's template turns it into HTML (<mark>), escaping every piece.
Highlight = tuple[tuple[str, bool], ...]


def _joined(pieces: Iterable[tuple[str, bool]]) -> Highlight:
    """The pieces with empty ones dropped and neighbours of the same kind run together."""
    out: list[tuple[str, bool]] = []
    for piece, is_match in pieces:
        if not piece:
            continue
        if out and out[-1][1] == is_match:
            out[-1] = (out[-1][0] + piece, is_match)
        else:
            out.append((piece, is_match))
    return tuple(out)


def plain_text(highlight: Highlight) -> str:
    return "".join(piece for piece, _is_match in highlight)


def marked(fragment: str | None, *, entities: bool = False) -> Highlight:
    """The engine's fragment with its match markers read as the pieces that matched
    (`entities`: the fragment came back with &, < and > as entities: they are read back)."""
    pieces: list[tuple[str, bool]] = []
    inside = False
    for piece in re.split(f"([{START}{STOP}])", fragment or ""):
        if piece in (START, STOP):
            inside = piece == START
        else:
            pieces.append((html.unescape(piece) if entities else piece, inside))
    return _joined(pieces)


def highlighted(value: str, terms: list[str]) -> Highlight:
    """The words of a short text that the terms match (the last one as a prefix), as the
    index does: used for titles, which ts_headline would trim and read as HTML."""
    matches = _matches(terms)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for word in _TERM.finditer(value):
        if matches(fold(word.group())):
            pieces += [(value[last : word.start()], False), (word.group(), True)]
            last = word.end()
    pieces.append((value[last:], False))
    return _joined(pieces)


def excerpt(value: str, terms: list[str], words: int = 24) -> Highlight:
    """About `words` words of a long text around its first match, the matches marked; "…"
    where it is cut. Like FTS5's snippet(), in Python: a snippet() call per row costs FTS5 a
    second pass over every match of the query."""
    matches = _matches(terms)
    tokens = list(_TERM.finditer(value))
    if not tokens:
        return ()
    first = next(
        (i for i, t in enumerate(tokens) if matches(fold(t.group()))),
        0,
    )
    start = max(0, min(first - words // 4, len(tokens) - words))
    end = min(len(tokens), start + words)
    begin = tokens[start].start() if start > 0 else 0
    finish = tokens[end - 1].end() if end < len(tokens) else len(value)
    piece = highlighted(value[begin:finish].strip(), terms)
    before = "…" if start > 0 else ""
    after = "…" if end < len(tokens) else ""
    return _joined([(before, False), *piece, (after, False)])


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref_id: int
    parent_id: int | None
    title: Highlight  # empty when the record has no title: the page shows its label
    snippet: Highlight
    label: str
    country: str | None
    status: Status | None

    @property
    def title_text(self) -> str:
        return plain_text(self.title)


@dataclass
class SearchResults:
    q: str
    terms: list[str]
    kind: str | None = None
    country: str | None = None
    status: Status | None = None
    groups: dict[str, list[SearchHit]] = field(default_factory=dict)
    kind_counts: dict[str, int] = field(default_factory=dict)
    country_counts: list[tuple[str, int]] = field(default_factory=list)
    status_counts: list[tuple[Status, int]] = field(default_factory=list)
    total: int = 0
    is_capped: bool = False
    page: int = 1
    per_page: int = 20

    @property
    def is_ranked(self) -> bool:
        return not self.is_capped


def _filters(
    kind: str | None, country: str | None, status: Status | None, role: Role
) -> dict[str, str]:
    wanted: dict[str, str] = {}
    if kind:
        wanted["kind"] = kind
    if country:
        wanted["country"] = country.lower()
    if status:
        wanted["status"] = status.value.replace("_", "")
    if not role.at_least(Role.ANALYST):
        wanted["access"] = "public"
    return wanted


# ts_headline reads its text as HTML and drops what looks like a tag: it is given the text as
# entities, and `marked` turns them back into characters before escaping.
_ENTITIES = "replace(replace(replace({}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


class _Engine:
    """What differs between the two databases: the match clause, ranking and highlighting."""

    def __init__(self, session: Session, terms: list[str]) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.params: dict[str, Any] = {"a": START, "b": STOP}
        if self.sqlite:
            self.params["m"] = fts5_expression(terms)
        else:
            self.params["m"] = tsquery_expression(terms)

    def where(self, wanted: dict[str, str], tag: str) -> str:
        if self.sqlite:
            # Filters are FTS5 column filters so the index itself narrows the matches.
            extra = " AND ".join(f'{col} : "{val}"' for col, val in wanted.items())
            self.params[f"m{tag}"] = self.params["m"] + (f" AND {extra}" if extra else "")
            return f"search_index MATCH :m{tag}"
        clauses = ["document @@ to_tsquery('tracker_search', :m)"]
        for col, val in wanted.items():
            self.params[f"{col}{tag}"] = val
            clauses.append(f"{col} = :{col}{tag}")
        return " AND ".join(clauses)

    def facets(self, wanted: dict[str, str]) -> list[Any]:
        sql = (
            "SELECT kind, country, status, count(*) FROM (SELECT kind, country, status "
            f"FROM search_index WHERE {self.where(wanted, 'f')} LIMIT {MATCH_CAP + 1}) AS m "
            "GROUP BY kind, country, status"
        )
        return list(self.session.execute(text(sql), self.params).all())

    def hits(self, wanted: dict[str, str], tag: str, ranked: bool, limit: int, offset: int) -> str:
        """PostgreSQL: one page of matches of one kind, with ts_headline snippets."""
        where = self.where(wanted, tag)
        order = "ts_rank(document, to_tsquery('tracker_search', :m)) DESC, id DESC"
        options = (
            "StartSel=\ue000, StopSel=\ue001, MaxWords=30, MinWords=12, MaxFragments=2, "
            'FragmentDelimiter=" … "'
        )
        self.params["ho"] = options
        return (
            "SELECT kind, ref_id, parent_id, label, country, status, "
            "title, "
            f"ts_headline('tracker_search', {_ENTITIES.format('body')}, "
            "to_tsquery('tracker_search', :m), :ho) "
            "FROM (SELECT * FROM search_index "
            f"WHERE {where} ORDER BY {order if ranked else 'id DESC'} "
            f"LIMIT {int(limit)} OFFSET {int(offset)}) AS h"
        )


def _count(results: SearchResults, rows: Iterable[tuple[str, str | None, str | None, int]]) -> None:
    """Facets and totals from (kind, country, status, n) rows of at most MATCH_CAP + 1 matches."""
    rows = list(rows)
    results.is_capped = sum(r[3] for r in rows) > MATCH_CAP
    kinds: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    statuses: Counter[Status] = Counter()
    for row_kind, row_country, row_status, n in rows:
        kinds[row_kind] += n
        if row_country:
            countries[row_country.upper()] += n
        if row_status in _STATUS_KEYS:
            statuses[_STATUS_KEYS[row_status]] += n
    results.kind_counts = {k: kinds[k] for k in KINDS if kinds[k]}
    results.country_counts = countries.most_common(12)
    results.status_counts = [(s, statuses[s]) for s in Status if statuses[s]]
    results.total = min(sum(kinds.values()), MATCH_CAP)


def _search_sqlite(
    engine: _Engine,
    terms: list[str],
    wanted: dict[str, str],
    results: SearchResults,
    *,
    per_group: int,
) -> None:
    """FTS5 reads a query's matches once: the first statement lists up to MATCH_CAP + 1 of
    them (newest first) with their facets and score, the second reads the few rows shown by
    rowid, highlighted here. A statement per kind would load the same doclists again each."""
    matches = engine.session.execute(
        text(
            "SELECT rowid, kind, country, status, "
            "bm25(search_index, 10.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0) "
            f"FROM search_index WHERE {engine.where(wanted, 'f')} "
            f"ORDER BY rowid DESC LIMIT {MATCH_CAP + 1}"
        ),
        engine.params,
    ).all()
    facets = Counter((r[1], r[2], r[3]) for r in matches)
    _count(results, [(k, c, st, n) for (k, c, st), n in facets.items()])
    if not results.total:
        return
    shown = matches[:MATCH_CAP]
    if results.is_ranked:
        shown = sorted(shown, key=lambda r: (r[4], -r[0]))
    if results.kind:
        offset = (max(results.page, 1) - 1) * results.per_page
        chosen = [r[0] for r in shown[offset : offset + results.per_page]]
    else:
        per_kind: dict[str, list[int]] = {}
        for r in shown:
            picked = per_kind.setdefault(r[1], [])
            if len(picked) < per_group:
                picked.append(r[0])
        chosen = [rowid for ids in per_kind.values() for rowid in ids]
    if not chosen:
        return
    rows = {
        r[0]: r
        for r in engine.session.execute(
            text(
                "SELECT rowid, kind, ref_id, parent_id, label, country, status, title, body "
                "FROM search_index WHERE rowid IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": chosen},
        )
    }
    groups: dict[str, list[SearchHit]] = {}
    for rowid in chosen:
        _rowid, kind, ref_id, parent_id, label, country, status, title, body = rows[rowid]
        groups.setdefault(kind, []).append(
            SearchHit(
                kind=kind,
                ref_id=int(ref_id),
                parent_id=int(parent_id) if parent_id is not None else None,
                title=highlighted(title, terms) if title else (),
                snippet=excerpt(body or "", terms),
                label=label or "",
                country=country.upper() if country else None,
                status=_STATUS_KEYS.get(status or ""),
            )
        )
    results.groups = {k: groups[k] for k in KINDS if k in groups}


def search(
    session: Session,
    q: str,
    *,
    role: Role,
    kind: str | None = None,
    country: str | None = None,
    status: Status | None = None,
    page: int = 1,
    per_page: int = 20,
    per_group: int = 5,
) -> SearchResults:
    """Matches of `q` grouped by kind (or one kind, a page at a time) with facets.

    Confidential text (confidential sources, confidential notes) is searched only for analysts
    and admins. Two statements whatever the amount of data: the matches with their facets,
    then the hits shown."""
    kind = kind if kind in KINDS else None
    country = country.upper() if country and _COUNTRY.fullmatch(country) else None
    terms = query_terms(q)
    results = SearchResults(
        q=q, terms=terms, kind=kind, country=country, status=status, page=page, per_page=per_page
    )
    if not terms:
        return results
    engine = _Engine(session, terms)
    wanted = _filters(kind, country, status, role)
    if engine.sqlite:
        _search_sqlite(engine, terms, wanted, results, per_group=per_group)
        return results
    _count(results, engine.facets(wanted))
    if not results.total:
        return results
    ranked = not results.is_capped
    if kind:
        parts = [
            engine.hits(
                _filters(kind, country, status, role),
                "k",
                ranked,
                per_page,
                (max(page, 1) - 1) * per_page,
            )
        ]
    else:
        parts = [
            engine.hits(_filters(k, country, status, role), f"k{i}", ranked, per_group, 0)
            for i, k in enumerate(results.kind_counts)
        ]
    sql = " UNION ALL ".join(f"({p})" for p in parts)
    groups: dict[str, list[SearchHit]] = {}
    for row in session.execute(text(sql), engine.params).all():
        hit = SearchHit(
            kind=row[0],
            ref_id=row[1],
            parent_id=row[2],
            title=highlighted(row[6], terms) if row[6] else (),
            snippet=marked(row[7], entities=True),
            label=row[3] or "",
            country=row[4].upper() if row[4] else None,
            status=_STATUS_KEYS.get(row[5] or ""),
        )
        groups.setdefault(hit.kind, []).append(hit)
    results.groups = {k: groups[k] for k in KINDS if k in groups}
    return results


def pause_indexing(session: Session, reason: str) -> None:
    """Stop the index triggers for the rest of this transaction (a bulk load); other
    connections never see the pause. `index_added` must follow before the commit."""
    session.execute(text("INSERT INTO search_index_paused (reason) VALUES (:r)"), {"r": reason})


def index_added(session: Session, first_ids: dict[str, int]) -> int:
    """Index the records of each kind from the given id on, in one statement, and resume."""
    session.execute(text("DELETE FROM search_index_paused"))
    sqlite = session.get_bind().dialect.name == "sqlite"
    target = (
        "search_index (rowid, kind, ref_id, parent_id, title, body, label, country, status, "
        "access, alt)"
        if sqlite
        else "search_index (id, kind, ref_id, parent_id, title, body, label, country, status, "
        "access)"
    )
    clauses = " OR ".join(f"(kind = '{k}' AND ref_id >= :{k})" for k in first_ids if k in KINDS)
    if not clauses:
        return 0
    result = session.execute(
        text(f"INSERT INTO {target} SELECT * FROM search_source WHERE {clauses}"), first_ids
    )
    return int(getattr(result, "rowcount", 0) or 0)


def rebuild_search_index(session: Session, *, actor: User | None) -> int:
    """Rebuild the whole index from the records (the triggers keep it in step after that)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    session.flush()
    session.execute(text("DELETE FROM search_index"))
    if sqlite:
        session.execute(
            text(
                "INSERT INTO search_index (rowid, kind, ref_id, parent_id, title, body, label, "
                "country, status, access, alt) SELECT * FROM search_source"
            )
        )
        session.execute(text("INSERT INTO search_index (search_index) VALUES ('optimize')"))
    else:
        session.execute(
            text(
                "INSERT INTO search_index (id, kind, ref_id, parent_id, title, body, label, "
                "country, status, access) SELECT * FROM search_source"
            )
        )
    count = int(session.scalar(text("SELECT count(*) FROM search_index")) or 0)
    record_audit(
        session,
        actor=actor,
        action="search.reindex",
        entity_type="search_index",
        entity_id=None,
        summary=f"search index rebuilt: {count} documents",
        after={"documents": count},
    )
    return count
