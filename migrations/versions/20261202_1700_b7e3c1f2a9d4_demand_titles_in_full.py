"""Demand titles in full: rebuild every stored title the parser cut with "…".

The parser used to cut a demand's title at 120 characters and end it with "…" ("… held in
custody on politically motivated…"); that cut text reached page headings, exports and the
draft wording of briefings. A title ending in "…" is rebuilt from its demand's text (else its
paragraph): the words before the "…" are found there and the title runs on to the end of that
clause. Titles stay within the column's 300 characters, cut at a word without an ellipsis.

Downgrade cuts titles longer than 120 characters again as the parser did, with "…".

Revision ID: b7e3c1f2a9d4
Revises: 2cd1b192a744
Create Date: 2026-12-02 17:00:00.000000+00:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e3c1f2a9d4"
down_revision: str | None = "2cd1b192a744"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ELLIPSIS = "\u2026"
STORED = 300  # demands.title
OLD_CUT = 120  # the parser's former limit
# Bracketed States closing a UPR recommendation: "(Slovakia) (Spain);".
_STATES_RE = re.compile(r"(?:\s*\([A-Z][^()\d]{1,80}\))+\s*[;.,]?\s*$")
_CLAUSE_END_RE = re.compile(r"[;:]|\.(?:\s|$)")

demands = sa.table(
    "demands",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("text", sa.Text),
    sa.column("paragraph_id", sa.Integer),
)
paragraphs = sa.table("paragraphs", sa.column("id", sa.Integer), sa.column("text", sa.Text))


def _fit(title: str) -> str:
    title = " ".join(title.split()).strip(" ,;:.")
    if len(title) <= STORED:
        return title
    cut = title[:STORED]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:")


def rebuilt(title: str, demand_text: str | None, paragraph_text: str | None) -> str:
    """The title without its "…", run on to the end of its clause in the source text."""
    stem = title.removesuffix(ELLIPSIS).rstrip()
    words = stem.split()
    for source in (demand_text, paragraph_text):
        source = " ".join((source or "").split())
        if not source:
            continue
        for n in range(min(len(words), 12), 1, -1):
            tail = " ".join(words[-n:])
            at = source.find(tail)
            if at < 0:
                continue
            rest = source[at + len(tail) :]
            end = _CLAUSE_END_RE.search(rest)
            rest = _STATES_RE.sub("", rest[: end.start()] if end else rest)
            return _fit(stem + rest)
    # Nothing of the title is found: the demand's own words name what it asks.
    source = " ".join((demand_text or paragraph_text or "").split()) or stem
    return _fit(source[:1].upper() + source[1:])


def old_cut(title: str) -> str:
    """The parser's former cut: 119 characters at a word, then "…"."""
    if len(title) <= OLD_CUT:
        return title
    cut = title[: OLD_CUT - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:") + ELLIPSIS


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(demands.c.id, demands.c.title, demands.c.text, paragraphs.c.text)
        .join(paragraphs, paragraphs.c.id == demands.c.paragraph_id)
        .where(demands.c.title.like(f"%{ELLIPSIS}"))
        .order_by(demands.c.id)
    ).all()
    for demand_id, title, demand_text, paragraph_text in rows:
        bind.execute(
            demands.update()
            .where(demands.c.id == demand_id)
            .values(title=rebuilt(title, demand_text, paragraph_text))
        )


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(demands.c.id, demands.c.title)
        .where(sa.func.length(demands.c.title) > OLD_CUT)
        .order_by(demands.c.id)
    ).all()
    for demand_id, title in rows:
        bind.execute(demands.update().where(demands.c.id == demand_id).values(title=old_cut(title)))
