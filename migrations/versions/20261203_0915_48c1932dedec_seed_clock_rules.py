"""Seed the reply-clock rules, each with its source, and open the clocks of texts already stored.

Rules: the Commission's three months to answer Parliament (Framework Agreement, OJ L 304,
20.11.2010), the Committee of Ministers' six months for Assembly recommendations (decision of
22 January 2003), the follow-up period stated in UN treaty bodies' concluding observations (with
the Human Rights Committee's A-E grades, CCPR/C/128/3), and a demand's own deadline.

Clocks for stored texts follow what `tracker.services.clocks.open_clocks_for_resolution` did
when this revision was written; the logic is copied here, frozen, as data migrations must not
import the application.

Revision ID: 48c1932dedec
Revises: 6b68e478f7c3
Create Date: 2026-12-02 16:00:00.000000+00:00
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "48c1932dedec"
down_revision: str | None = "6b68e478f7c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OTHER_TREATY_BODIES = (
    "Committee against Torture; Committee on the Elimination of Racial Discrimination; "
    "Committee on the Elimination of Discrimination against Women; "
    "Committee on the Rights of the Child; Committee on Economic, Social and Cultural Rights; "
    "Committee on the Rights of Persons with Disabilities; Committee on Enforced Disappearances; "
    "Committee on Migrant Workers"
)

RULES: list[dict[str, Any]] = [
    {
        "name": "Commission: written follow-up to Parliament's resolutions",
        "body": "European Parliament",
        "addressee": "Commission; European Commission",
        "period": 3,
        "period_unit": "months",
        "starts": "adoption",
        "period_from_text": False,
        "grades": {},
        "source": (
            "Framework Agreement on relations between the European Parliament and the European "
            "Commission, OJ L 304, 20.11.2010, p. 47 (CELEX 32010Q1120(01)), point 16: “Within "
            "three months after the adoption of a Parliament resolution, the Commission shall "
            "provide information to Parliament in writing on action taken in response to "
            "specific requests addressed to it in Parliament's resolutions, including in cases "
            "where it has not been able to follow Parliament's views.” The Commission's replies "
            "are numbered SP(YYYY)NNN. Check the wording against the Official Journal: the "
            "search made when this rule was seeded found the agreement's OJ reference and "
            "secondary sources for the three months, not the text of point 16 itself."
        ),
        "source_url": "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32010Q1120(01)",
    },
    {
        "name": "Committee of Ministers: reply to Assembly recommendations",
        "body": "Parliamentary Assembly of the Council of Europe",
        "addressee": "Committee of Ministers",
        "period": 6,
        "period_unit": "months",
        "starts": "adoption",
        "period_from_text": False,
        "grades": {},
        "source": (
            "Ministers' Deputies, 825th meeting (22 January 2003): the Deputies' commitment on "
            "replies to Parliamentary Assembly recommendations, which modified the decisions of "
            "their 615th meeting (20 January 1998) “by introducing new deadlines of less than "
            "six months whenever possible, instead of nine months, for replying” (as recalled "
            "in Secretariat memorandum CM(2010)131). Replies are numbered CM/AS(YYYY)Rec…"
        ),
        "source_url": "https://wcd.coe.int/ViewDoc.jsp?Ref=CM(2010)131",
    },
    {
        "name": "Human Rights Committee: follow-up to concluding observations",
        "body": "Human Rights Committee",
        "addressee": "State party",
        "period": None,
        "period_unit": None,
        "starts": "adoption",
        "period_from_text": True,
        "grades": {
            "A": "largely satisfactory",
            "B": "partially satisfactory",
            "C": "not satisfactory",
            "D": "no cooperation with the Committee",
            "E": "measures contrary to or rejecting the recommendation",
        },
        "source": (
            "Rule 75 of the Committee's rules of procedure: the concluding observations ask the "
            "State party for information on the follow-up recommendations within the period "
            "they state (“within two years”). The Committee grades the reply (Report on "
            "follow-up to the concluding observations of the Human Rights Committee, "
            "CCPR/C/128/3, 1 September 2020): A reply/action largely satisfactory; B reply/action "
            "partially satisfactory; C reply/action not satisfactory; D no cooperation with the "
            "Committee (no follow-up report received after the reminder(s)); E information or "
            "measures taken are contrary to or reflect rejection of the recommendation."
        ),
        "source_url": "https://undocs.org/CCPR/C/128/3",
    },
    {
        "name": "Other UN treaty bodies: follow-up to concluding observations",
        "body": OTHER_TREATY_BODIES,
        "addressee": "State party",
        "period": None,
        "period_unit": None,
        "starts": "adoption",
        "period_from_text": True,
        "grades": {},
        "source": (
            "The follow-up procedure of each treaty body: its concluding observations ask the "
            "State party for information on selected recommendations within the period they "
            "state (usually one or two years)."
        ),
        "source_url": None,
    },
    {
        "name": "A demand's own deadline",
        "body": "",
        "addressee": "",
        "period": None,
        "period_unit": None,
        "starts": "demand_deadline",
        "period_from_text": False,
        "grades": {},
        "source": (
            "The deadline the text itself sets for what it asks (“before the July 2023 "
            "elections”, “by 30 June 2025”), as read by the parser and confirmed on import; the "
            "clock is due on that date, for each addressee asked."
        ),
        "source_url": None,
    },
]

rules_t = sa.table(
    "clock_rules",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("body", sa.String),
    sa.column("addressee", sa.String),
    sa.column("period", sa.Integer),
    sa.column("period_unit", sa.String),
    sa.column("starts", sa.String),
    sa.column("period_from_text", sa.Boolean),
    sa.column("grades", sa.JSON),
    sa.column("source", sa.Text),
    sa.column("source_url", sa.String),
    sa.column("is_active", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("version", sa.Integer),
)
clocks_t = sa.table(
    "clocks",
    sa.column("rule_id", sa.Integer),
    sa.column("resolution_id", sa.Integer),
    sa.column("demand_id", sa.Integer),
    sa.column("addressee_id", sa.Integer),
    sa.column("starts_on", sa.Date),
    sa.column("due_on", sa.Date),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
resolutions_t = sa.table(
    "resolutions",
    sa.column("id", sa.Integer),
    sa.column("body", sa.String),
    sa.column("kind", sa.String),
    sa.column("document_reference", sa.String),
    sa.column("adopted_on", sa.Date),
)
paragraphs_t = sa.table(
    "paragraphs",
    sa.column("id", sa.Integer),
    sa.column("resolution_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("text", sa.Text),
)
demands_t = sa.table(
    "demands",
    sa.column("id", sa.Integer),
    sa.column("paragraph_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("deadline", sa.Date),
)
links_t = sa.table(
    "demand_actors",
    sa.column("demand_id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("role", sa.String),
)
actors_t = sa.table("actors", sa.column("id", sa.Integer), sa.column("name", sa.String))

SYMBOLS = (
    ("CCPR/", "Human Rights Committee"),
    ("CAT/", "Committee against Torture"),
    ("CERD/", "Committee on the Elimination of Racial Discrimination"),
    ("CEDAW/", "Committee on the Elimination of Discrimination against Women"),
    ("CRC/", "Committee on the Rights of the Child"),
    ("E/C.12/", "Committee on Economic, Social and Cultural Rights"),
    ("CRPD/", "Committee on the Rights of Persons with Disabilities"),
    ("CED/", "Committee on Enforced Disappearances"),
    ("CMW/", "Committee on Migrant Workers"),
)
WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
WITHIN = re.compile(
    r"\bwithin\s+(?:a\s+period\s+of\s+)?(?:the\s+next\s+)?"
    rf"({'|'.join(WORDS)}|\d{{1,2}})\s+(?:\(\d{{1,2}}\)\s+)?(years?|months?)\b",
    re.IGNORECASE,
)
MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
BY_DATE = re.compile(rf"\bby\s+(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}})\b", re.IGNORECASE)
FOLLOW_UP = re.compile(
    r"follow-up|rule\s+\d+|requested\s+to\s+provide|information\s+on\s+(?:the\s+)?implementation"
    r"|provide\s+(?:the\s+committee\s+with\s+)?information|report\s+back",
    re.IGNORECASE,
)


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"\s+", " ", re.sub(r"[^\w\s/-]", " ", text)).strip()
    return text[4:] if text.startswith("the ") else text


def _names(value: str) -> list[str]:
    return [n.strip() for n in (value or "").split(";") if n.strip()]


def _add(start: dt.date, count: int, unit: str) -> dt.date:
    if unit == "days":
        return start + dt.timedelta(days=count)
    total = start.year * 12 + start.month - 1 + count * (12 if unit == "years" else 1)
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _stated_due(texts: list[str], start: dt.date) -> dt.date | None:
    ordered = [t for t in texts if FOLLOW_UP.search(t)] + [
        t for t in texts if not FOLLOW_UP.search(t)
    ]
    for text in ordered:
        if m := WITHIN.search(text):
            raw = m.group(1).lower()
            count = int(raw) if raw.isdigit() else WORDS[raw]
            return _add(
                start, count, "years" if m.group(2).lower().startswith("year") else "months"
            )
        if FOLLOW_UP.search(text) and (m := BY_DATE.search(text)):
            try:
                return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
            except ValueError:
                continue
    return None


def _add_clock(
    rows: list[dict[str, Any]],
    opened: set[tuple[int, int | None, int | None]],
    demand_id: int | None,
    actor_id: int | None,
    due: dt.date,
    **of: Any,
) -> None:
    key = (of["rule_id"], demand_id, actor_id)
    if key not in opened:
        opened.add(key)
        rows.append({**of, "demand_id": demand_id, "addressee_id": actor_id, "due_on": due})


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def upgrade() -> None:
    now = dt.datetime.now(dt.UTC)
    op.bulk_insert(
        rules_t,
        [
            {**rule, "is_active": True, "created_at": now, "updated_at": now, "version": 1}
            for rule in RULES
        ],
    )
    bind = op.get_bind()
    rules = bind.execute(sa.select(rules_t).order_by(rules_t.c.id)).mappings().all()
    texts = bind.execute(
        sa.select(resolutions_t).where(
            resolutions_t.c.adopted_on.is_not(None),
            sa.or_(
                resolutions_t.c.kind.is_(None),
                resolutions_t.c.kind.not_in(["motion", "joint motion"]),
            ),
        )
    ).mappings()
    rows: list[dict[str, Any]] = []
    for text in texts:
        adopted_on = _as_date(text["adopted_on"])
        assert adopted_on is not None
        body = text["body"] or next(
            (n for p, n in SYMBOLS if (text["document_reference"] or "").upper().startswith(p)), ""
        )
        asked = bind.execute(
            sa.select(demands_t.c.id, demands_t.c.deadline, actors_t.c.id, actors_t.c.name)
            .select_from(demands_t)
            .join(paragraphs_t, paragraphs_t.c.id == demands_t.c.paragraph_id)
            .outerjoin(
                links_t,
                sa.and_(links_t.c.demand_id == demands_t.c.id, links_t.c.role == "addressee"),
            )
            .outerjoin(actors_t, actors_t.c.id == links_t.c.actor_id)
            .where(paragraphs_t.c.resolution_id == text["id"])
            .order_by(paragraphs_t.c.position, demands_t.c.position, actors_t.c.name)
        ).all()
        paragraph_texts = list(
            bind.execute(
                sa.select(paragraphs_t.c.text)
                .where(paragraphs_t.c.resolution_id == text["id"])
                .order_by(paragraphs_t.c.position)
            ).scalars()
        )
        opened: set[tuple[int, int | None, int | None]] = set()
        for rule in rules:
            bodies = _names(rule["body"])
            if bodies and not any(
                re.search(rf"(?:^| ){re.escape(_key(b))}(?: |$)", _key(body)) for b in bodies
            ):
                continue
            bound = {_key(n) for n in _names(rule["addressee"])}

            of = {
                "rule_id": rule["id"],
                "resolution_id": text["id"],
                "starts_on": adopted_on,
                "created_at": now,
            }
            if rule["starts"] == "demand_deadline":
                for demand_id, deadline, actor_id, name in asked:
                    deadline = _as_date(deadline)
                    if deadline is None or deadline < adopted_on:
                        continue
                    if actor_id is None and bound:
                        continue
                    if actor_id is None or not bound or _key(name) in bound:
                        _add_clock(rows, opened, demand_id, actor_id, deadline, **of)
                continue
            due = _stated_due(paragraph_texts, adopted_on) if rule["period_from_text"] else None
            if due is None and rule["period"]:
                due = _add(adopted_on, rule["period"], rule["period_unit"])
            if due is None:
                continue
            for _demand_id, _deadline, actor_id, name in asked:
                if actor_id is not None and (not bound or _key(name) in bound):
                    _add_clock(rows, opened, None, actor_id, due, **of)
    if rows:
        op.bulk_insert(clocks_t, rows)


def downgrade() -> None:
    op.execute(clocks_t.delete())
    op.execute(rules_t.delete().where(rules_t.c.name.in_([r["name"] for r in RULES])))
