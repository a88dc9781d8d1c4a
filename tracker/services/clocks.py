"""Reply clocks: opening them when an adopted text is imported, recording the replies that answer
them, and finding those due soon or overdue. Rules are data (ClockRule), edited by admins."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    Actor,
    Clock,
    ClockRule,
    ClockStart,
    Demand,
    DemandActor,
    LinkRole,
    Paragraph,
    PeriodUnit,
    Reply,
    Resolution,
    ResolutionKind,
    User,
)
from tracker.services.audit import record_audit, snapshot
from tracker.services.errors import EditConflict, NotFound, ValidationError
from tracker.text import normalise_name

# Drafts: a group motion or a joint motion that was never adopted owes no one a reply.
DRAFT_KINDS = frozenset({ResolutionKind.MOTION, ResolutionKind.JOINT_MOTION})

# UN treaty bodies by the symbol of their documents, for texts whose body was not printed.
TREATY_BODY_SYMBOLS = (
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

_NUMBER_WORDS = {
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
_WITHIN = re.compile(
    r"\bwithin\s+(?:a\s+period\s+of\s+)?(?:the\s+next\s+)?"
    rf"({'|'.join(_NUMBER_WORDS)}|\d{{1,2}})\s+(?:\(\d{{1,2}}\)\s+)?(years?|months?)\b",
    re.IGNORECASE,
)
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_BY_DATE = re.compile(rf"\bby\s+(\d{{1,2}})\s+({'|'.join(_MONTHS)})\s+(\d{{4}})\b", re.IGNORECASE)
# Where a text asks for follow-up information, rather than setting a deadline for an act.
_FOLLOW_UP = re.compile(
    r"follow-up|rule\s+\d+|requested\s+to\s+provide|information\s+on\s+(?:the\s+)?implementation"
    r"|provide\s+(?:the\s+committee\s+with\s+)?information|report\s+back",
    re.IGNORECASE,
)
DUE_SOON_DAYS = 30


# --- dates and periods ----------------------------------------------------------------------


def add_period(start: dt.date, count: int, unit: PeriodUnit) -> dt.date:
    """`start` plus a period; a month-end that does not exist is the month's last day
    (31 January + 1 month = 28 or 29 February)."""
    if unit == PeriodUnit.DAYS:
        return start + dt.timedelta(days=count)
    months = count * (12 if unit == PeriodUnit.YEARS else 1)
    total = start.year * 12 + start.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class StatedPeriod:
    """A reply period as a text states it."""

    wording: str
    count: int | None = None
    unit: PeriodUnit | None = None
    due_on: dt.date | None = None

    def due_from(self, start: dt.date) -> dt.date:
        if self.due_on is not None:
            return self.due_on
        assert self.count is not None and self.unit is not None
        return add_period(start, self.count, self.unit)


def stated_period(texts: Iterable[str]) -> StatedPeriod | None:
    """The follow-up period a text states: "within two years", "within one year", "by 25 March
    2024". Paragraphs that ask for follow-up information come first."""
    texts = list(texts)
    ordered = [t for t in texts if _FOLLOW_UP.search(t)] + [
        t for t in texts if not _FOLLOW_UP.search(t)
    ]
    for text in ordered:
        if m := _WITHIN.search(text):
            raw = m.group(1).lower()
            count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            unit = PeriodUnit.YEARS if m.group(2).lower().startswith("year") else PeriodUnit.MONTHS
            return StatedPeriod(m.group(0), count, unit)
        if _FOLLOW_UP.search(text) and (m := _BY_DATE.search(text)):
            day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
            try:
                return StatedPeriod(m.group(0), due_on=dt.date(year, month, day))
            except ValueError:
                continue
    return None


# --- matching rules to texts ----------------------------------------------------------------


def split_names(value: str) -> list[str]:
    return [n.strip() for n in value.split(";") if n.strip()]


def _name_key(name: str) -> str:
    key = normalise_name(name)
    return key[4:] if key.startswith("the ") else key


def is_adopted(resolution: Resolution) -> bool:
    """An adopted text with a date: EP adopted texts, UN resolutions, concluding observations,
    PACE texts. Group motions and joint motions are drafts."""
    return resolution.adopted_on is not None and resolution.kind not in DRAFT_KINDS


def body_of(resolution: Resolution) -> str:
    if resolution.body:
        return resolution.body
    symbol = (resolution.document_reference or "").upper()
    return next((name for prefix, name in TREATY_BODY_SYMBOLS if symbol.startswith(prefix)), "")


def rule_applies_to_body(rule: ClockRule, body: str) -> bool:
    names = split_names(rule.body)
    if not names:
        return True
    key = _name_key(body)
    return bool(key) and any(
        re.search(rf"(?:^| ){re.escape(_name_key(n))}(?: |$)", key) for n in names
    )


def rule_binds(rule: ClockRule, addressee: str) -> bool:
    names = split_names(rule.addressee)
    return not names or _name_key(addressee) in {_name_key(n) for n in names}


# --- opening clocks -------------------------------------------------------------------------


def list_rules(session: Session, *, active_only: bool = False) -> list[ClockRule]:
    stmt = select(ClockRule).order_by(ClockRule.id)
    if active_only:
        stmt = stmt.where(ClockRule.is_active.is_(True))
    return list(session.scalars(stmt))


def open_clocks_for_resolution(
    session: Session, resolution: Resolution, *, actor: User | None
) -> list[Clock]:
    """One clock per rule and addressee the text's demands ask (per demand, for a demand's own
    deadline), from its adoption date. Clocks already open are kept; a draft opens none."""
    if not is_adopted(resolution) or resolution.adopted_on is None:
        return []
    adopted_on = resolution.adopted_on
    rules = [
        r
        for r in list_rules(session, active_only=True)
        if rule_applies_to_body(r, body_of(resolution))
    ]
    if not rules:
        return []
    asked = session.execute(
        select(Demand.id, Demand.deadline, Actor)
        .join(Paragraph, Paragraph.id == Demand.paragraph_id)
        .outerjoin(
            DemandActor,
            and_(DemandActor.demand_id == Demand.id, DemandActor.role == LinkRole.ADDRESSEE),
        )
        .outerjoin(Actor, Actor.id == DemandActor.actor_id)
        .where(Paragraph.resolution_id == resolution.id)
        .order_by(Paragraph.position, Demand.position, Actor.name)
    ).all()
    existing: set[tuple[int, int | None, int | None]] = {
        (rule_id, demand_id, addressee_id)
        for rule_id, demand_id, addressee_id in session.execute(
            select(Clock.rule_id, Clock.demand_id, Clock.addressee_id).where(
                Clock.resolution_id == resolution.id
            )
        )
    }
    texts: list[str] | None = None
    opened: list[Clock] = []

    def open_clock(
        rule: ClockRule, demand_id: int | None, addressee: Actor | None, due_on: dt.date
    ) -> None:
        key = (rule.id, demand_id, addressee.id if addressee else None)
        if key in existing:
            return
        existing.add(key)
        clock = Clock(
            rule_id=rule.id,
            resolution_id=resolution.id,
            demand_id=demand_id,
            addressee_id=addressee.id if addressee else None,
            starts_on=adopted_on,
            due_on=due_on,
        )
        session.add(clock)
        opened.append(clock)

    for rule in rules:
        if rule.starts == ClockStart.DEMAND_DEADLINE:
            for demand_id, deadline, addressee in asked:
                if deadline is None or deadline < adopted_on:
                    continue
                if addressee is None and split_names(rule.addressee):
                    continue
                if addressee is None or rule_binds(rule, addressee.name):
                    open_clock(rule, demand_id, addressee, deadline)
            continue
        due_on: dt.date | None = None
        if rule.period_from_text:
            if texts is None:
                texts = list(
                    session.scalars(
                        select(Paragraph.text)
                        .where(Paragraph.resolution_id == resolution.id)
                        .order_by(Paragraph.position)
                    )
                )
            stated = stated_period(texts)
            due_on = stated.due_from(adopted_on) if stated else None
        if due_on is None and rule.period and rule.period_unit:
            due_on = add_period(adopted_on, rule.period, rule.period_unit)
        if due_on is None:
            continue
        seen: set[int] = set()
        for _demand_id, _deadline, addressee in asked:
            if addressee is None or addressee.id in seen or not rule_binds(rule, addressee.name):
                continue
            seen.add(addressee.id)
            open_clock(rule, None, addressee, due_on)
    if opened:
        session.flush()
        record_audit(
            session,
            actor=actor,
            action="clock.open",
            entity_type="resolutions",
            entity_id=resolution.id,
            summary=f"opened {len(opened)} reply clock(s)",
            after={
                "clocks": [{"id": c.id, "rule_id": c.rule_id, "due_on": c.due_on} for c in opened]
            },
        )
    return opened


# --- replies --------------------------------------------------------------------------------


def _clean_url(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    if not re.match(r"https?://[^\s/]+", url, re.IGNORECASE) or len(url) > 2000:
        raise ValidationError("the link must be an http(s) address", field="url")
    return url


def normalise_grade(rule: ClockRule, grade: str | None) -> str | None:
    grade = (grade or "").strip().upper()
    if not grade:
        return None
    grades = rule.grades or {}
    if not grades:
        raise ValidationError(
            f"no official grade under the rule “{rule.name}”: this body does not grade replies",
            field="grade",
        )
    if grade not in grades:
        raise ValidationError(f"the grade must be one of {', '.join(sorted(grades))}", "grade")
    return grade


def record_reply(
    session: Session,
    clock: Clock,
    *,
    received_on: dt.date,
    reference: str | None = None,
    url: str | None = None,
    summary: str = "",
    grade: str | None = None,
    is_demo: bool = False,
    actor: User | None,
    today: dt.date | None = None,
) -> Reply:
    """Record what the addressee answered; the clock is answered from then on."""
    if received_on > (today or dt.date.today()):
        raise ValidationError("the reply cannot be received in the future", field="received_on")
    if received_on < clock.starts_on:
        raise ValidationError(
            f"the reply cannot come before the clock started ({clock.starts_on.isoformat()})",
            field="received_on",
        )
    reference = " ".join((reference or "").split()) or None
    if reference and len(reference) > 200:
        raise ValidationError("reference too long: the limit is 200 characters", "reference")
    summary = summary.strip()
    if len(summary) > 20_000:
        raise ValidationError("summary too long: the limit is 20,000 characters", "summary")
    rule = session.get(ClockRule, clock.rule_id)
    assert rule is not None
    reply = Reply(
        clock_id=clock.id,
        received_on=received_on,
        reference=reference,
        url=_clean_url(url),
        summary=summary,
        grade=normalise_grade(rule, grade),
        author_id=actor.id if actor else None,
        is_demo=is_demo,
    )
    session.add(reply)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="reply.record",
        entity_type="clocks",
        entity_id=clock.id,
        summary=f"reply received {received_on.isoformat()}"
        + (f" ({reference})" if reference else "")
        + (f", graded {reply.grade}" if reply.grade else ""),
        after=snapshot(reply, ("id", "received_on", "reference", "url", "grade")),
    )
    return reply


# --- reading --------------------------------------------------------------------------------


def _answered() -> Any:
    return exists().where(Reply.clock_id == Clock.id)


def _loaded(stmt: Select[Any]) -> Select[Any]:
    return stmt.options(
        joinedload(Clock.rule),
        joinedload(Clock.resolution),
        joinedload(Clock.addressee),
        joinedload(Clock.demand),
        selectinload(Clock.replies),
    )


def get_clock(session: Session, clock_id: int) -> Clock:
    clock = session.scalar(_loaded(select(Clock).where(Clock.id == clock_id)))
    if clock is None:
        raise NotFound(f"no clock with id {clock_id}")
    return clock


def clocks_query(
    *,
    today: dt.date,
    overdue: bool = False,
    due_within: int | None = None,
    resolution_id: int | None = None,
    demand_id: int | None = None,
    addressee_id: int | None = None,
) -> Select[Any]:
    """Clocks by due date. `overdue` and `due_within` (days) keep the unanswered ones past due or
    due within that many days; given both, either."""
    stmt = select(Clock)
    wanted = []
    if overdue:
        wanted.append(Clock.due_on < today)
    if due_within is not None:
        wanted.append(Clock.due_on.between(today, today + dt.timedelta(days=due_within)))
    if wanted:
        stmt = stmt.where(~_answered(), or_(*wanted))
    if resolution_id is not None:
        stmt = stmt.where(Clock.resolution_id == resolution_id)
    if demand_id is not None:
        stmt = stmt.where(Clock.demand_id == demand_id)
    if addressee_id is not None:
        stmt = stmt.where(Clock.addressee_id == addressee_id)
    return stmt.order_by(Clock.due_on, Clock.id)


def list_clocks(
    session: Session,
    *,
    today: dt.date,
    limit: int | None = None,
    offset: int = 0,
    **filters: Any,
) -> list[Clock]:
    stmt = _loaded(clocks_query(today=today, **filters))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(session.scalars(stmt).unique())


def count_clocks(session: Session, *, today: dt.date, **filters: Any) -> int:
    stmt = clocks_query(today=today, **filters).order_by(None)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def clocks_for_demand(session: Session, demand: Demand) -> list[Clock]:
    """The demand's own clocks, and its text's clocks for the addressees it asks."""
    addressee_ids = [
        link.actor_id for link in demand.actor_links if link.role == LinkRole.ADDRESSEE
    ]
    stmt = select(Clock).where(
        or_(
            Clock.demand_id == demand.id,
            and_(
                Clock.demand_id.is_(None),
                Clock.resolution_id == demand.paragraph.resolution_id,
                Clock.addressee_id.in_(addressee_ids or [0]),
            ),
        )
    )
    return list(session.scalars(_loaded(stmt.order_by(Clock.due_on, Clock.id))).unique())


@dataclass(frozen=True)
class ClockPanel:
    """The dashboard's panel: replies due soon and replies overdue."""

    due_soon: list[Clock]
    due_soon_total: int
    overdue: list[Clock]
    overdue_total: int
    days: int


def get_clock_panel(
    session: Session, *, today: dt.date, days: int = DUE_SOON_DAYS, limit: int = 10
) -> ClockPanel:
    return ClockPanel(
        due_soon=list_clocks(session, today=today, due_within=days, limit=limit),
        due_soon_total=count_clocks(session, today=today, due_within=days),
        overdue=list_clocks(session, today=today, overdue=True, limit=limit),
        overdue_total=count_clocks(session, today=today, overdue=True),
        days=days,
    )


def clock_record(clock: Clock, today: dt.date) -> dict[str, Any]:
    """A clock as the command line and the API give it (a contract)."""
    answered = clock.answered_on
    return {
        "clock_id": clock.id,
        "resolution_id": clock.resolution_id,
        "demand_id": clock.demand_id,
        "addressee": clock.addressee.name if clock.addressee else None,
        "rule": clock.rule.name,
        "starts_on": clock.starts_on.isoformat(),
        "due_on": clock.due_on.isoformat(),
        "state": clock.state(today).value,
        "answered_on": answered.isoformat() if answered else None,
    }


# --- rules (admins) -------------------------------------------------------------------------

RULE_FIELDS = (
    "name",
    "body",
    "addressee",
    "period",
    "period_unit",
    "starts",
    "period_from_text",
    "grades",
    "source",
    "source_url",
    "is_active",
)


def parse_grades(text: str) -> dict[str, str]:
    """ "A: largely satisfactory" per line (or separated by ";") → {"A": "largely satisfactory"}."""
    grades: dict[str, str] = {}
    for line in re.split(r"[\n;]", text):
        if not line.strip():
            continue
        code, sep, meaning = line.partition(":")
        code = code.strip().upper()
        if not sep or not re.fullmatch(r"[A-Z0-9+-]{1,8}", code) or not meaning.strip():
            raise ValidationError(
                f"write each grade as CODE: meaning (e.g. B: partially satisfactory), not {line!r}",
                field="grades",
            )
        grades[code] = " ".join(meaning.split())
    return grades


def _check_rule(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"] or len(values["name"]) > 200:
        raise ValidationError("a rule needs a name of at most 200 characters", field="name")
    for name in ("body", "addressee"):
        values[name] = "; ".join(split_names(str(values.get(name) or "")))
        if len(values[name]) > 1000:
            raise ValidationError(f"{name} too long: the limit is 1000 characters", field=name)
    starts = ClockStart(values.get("starts") or ClockStart.ADOPTION)
    values["starts"] = starts
    period, unit = values.get("period"), values.get("period_unit")
    if starts == ClockStart.DEMAND_DEADLINE:
        period, unit = None, None
        values["period_from_text"] = False
    elif period is None or unit is None:
        if period is not None or unit is not None:
            raise ValidationError("give the period with its unit, or neither", field="period")
        if not values.get("period_from_text"):
            raise ValidationError(
                "a rule that starts at adoption needs a period, or takes the text's", "period"
            )
    elif int(period) < 1 or int(period) > 1000:
        raise ValidationError("the period must be a whole number from 1 to 1000", "period")
    values["period"] = int(period) if period is not None else None
    values["period_unit"] = PeriodUnit(unit) if unit else None
    values["period_from_text"] = bool(values.get("period_from_text"))
    values["grades"] = dict(values.get("grades") or {})
    values["source"] = str(values.get("source") or "").strip()
    if not values["source"]:
        raise ValidationError("say where the rule comes from (its source text)", "source")
    values["source_url"] = _clean_url(values.get("source_url"))
    values["is_active"] = bool(values.get("is_active", True))
    return values


def create_rule(session: Session, *, actor: User | None, **fields: Any) -> ClockRule:
    values = _check_rule(fields)
    if session.scalar(select(ClockRule.id).where(ClockRule.name == values["name"])):
        raise ValidationError(f"a rule named “{values['name']}” exists already", field="name")
    rule = ClockRule(**values)
    session.add(rule)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="clock_rule.create",
        entity_type="clock_rules",
        entity_id=rule.id,
        summary=f"created the rule {rule.name}",
        after=snapshot(rule, RULE_FIELDS),
    )
    return rule


def edit_rule(
    session: Session,
    rule: ClockRule,
    *,
    expected_version: int,
    actor: User | None,
    **fields: Any,
) -> ClockRule:
    """Save the rule if nobody saved since `expected_version` (EditConflict otherwise). Clocks
    already open keep their dates; texts imported from now on follow the new rule."""
    values = _check_rule(fields)
    clash = session.scalar(
        select(ClockRule.id).where(ClockRule.name == values["name"], ClockRule.id != rule.id)
    )
    if clash:
        raise ValidationError(f"a rule named “{values['name']}” exists already", field="name")
    before = snapshot(rule, RULE_FIELDS)
    result = session.execute(
        update(ClockRule)
        .where(ClockRule.id == rule.id, ClockRule.version == expected_version)
        .values(**values, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(rule)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(rule)
        raise EditConflict(
            "someone else saved this rule while you were editing it",
            current=snapshot(rule, (*RULE_FIELDS, "version")),
        )
    session.refresh(rule)
    record_audit(
        session,
        actor=actor,
        action="clock_rule.edit",
        entity_type="clock_rules",
        entity_id=rule.id,
        summary=f"edited the rule {rule.name}",
        before=before,
        after=snapshot(rule, RULE_FIELDS),
    )
    return rule


def get_rule(session: Session, rule_id: int) -> ClockRule:
    rule = session.get(ClockRule, rule_id)
    if rule is None:
        raise NotFound(f"no clock rule with id {rule_id}")
    return rule
