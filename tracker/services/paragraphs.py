"""A paragraph's kind and the demands drawn from it, corrected after import: move a paragraph
between demand, position and procedural; add, split, merge and delete its demands.

Two rules hold after each change: a demand paragraph has at least one demand, and a position or
procedural paragraph has none; and a demand with a status history is never deleted (history is
append-only), so a change that would delete one is refused with the reason. Each change names the
paragraph's version (and the demand's, where it rewrites one) it was made on; a stale one is an
EditConflict carrying what is stored now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    Demand,
    DemandActor,
    Paragraph,
    ParagraphKind,
    Resolution,
    StatusUpdate,
    User,
)
from tracker.models.demands import demand_events, demand_themes
from tracker.services.audit import record_audit, snapshot
from tracker.services.editing import claim_demand
from tracker.services.errors import EditConflict, NotFound, ValidationError
from tracker.services.resolutions import verb_strength

DEMAND_FIELDS = ("title", "text", "deadline", "deadline_precision", "condition", "thread_id")
KIND_WORDS = {
    ParagraphKind.DEMAND: "a demand",
    ParagraphKind.POSITION: "a position",
    ParagraphKind.PROCEDURAL: "procedural",
}


@dataclass
class ParagraphPage:
    paragraph: Paragraph
    resolution: Resolution
    demands: list[Demand]
    updates: dict[int, int]  # demand id → number of status updates (its history)

    def has_history(self, demand: Demand) -> bool:
        return self.updates.get(demand.id, 0) > 0


def get_paragraph_page(session: Session, resolution_id: int, position: int) -> ParagraphPage:
    """A paragraph, its resolution, its demands and how much history each has."""
    paragraph = session.scalar(
        select(Paragraph)
        .where(Paragraph.resolution_id == resolution_id, Paragraph.position == position)
        .options(
            joinedload(Paragraph.resolution),
            selectinload(Paragraph.demands).options(
                joinedload(Demand.current_update),
                selectinload(Demand.actor_links).joinedload(DemandActor.actor),
            ),
        )
    )
    if paragraph is None:
        raise NotFound(f"resolution {resolution_id} has no paragraph at position {position}")
    return ParagraphPage(
        paragraph=paragraph,
        resolution=paragraph.resolution,
        demands=list(paragraph.demands),
        updates=_history_counts(session, [d.id for d in paragraph.demands]),
    )


def _history_counts(session: Session, demand_ids: list[int]) -> dict[int, int]:
    if not demand_ids:
        return {}
    rows = session.execute(
        select(StatusUpdate.demand_id, func.count())
        .where(StatusUpdate.demand_id.in_(demand_ids))
        .group_by(StatusUpdate.demand_id)
    ).all()
    return {demand_id: count for demand_id, count in rows}  # noqa: C416 (typed pairs)


def _label(paragraph: Paragraph) -> str:
    return f"paragraph {paragraph.label or paragraph.position}"


def get_paragraph_state(session: Session, paragraph_id: int) -> dict[str, Any]:
    """The paragraph as stored now: what a conflict shows as the saved version."""
    kind, version = session.execute(
        select(Paragraph.kind, Paragraph.version).where(Paragraph.id == paragraph_id)
    ).one()
    titles = session.scalars(
        select(Demand.title).where(Demand.paragraph_id == paragraph_id).order_by(Demand.position)
    ).all()
    return {"kind": kind.value, "demands": list(titles), "version": version}


def claim_paragraph(
    session: Session, paragraph: Paragraph, expected_version: int, **values: Any
) -> None:
    """Raise the paragraph's version (and set `values`) if it is still `expected_version`;
    otherwise EditConflict with what is stored now. Every change to a paragraph's demands takes
    this row first, so two of them are made one after the other, never interleaved."""
    result = session.execute(
        update(Paragraph)
        .where(Paragraph.id == paragraph.id, Paragraph.version == expected_version)
        .values(**values, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise EditConflict(
            f"someone else changed {_label(paragraph)} while you were editing it",
            current=get_paragraph_state(session, paragraph.id),
        )
    session.expire(paragraph, ["version", *values])


def _with_history(session: Session, demands: list[Demand]) -> list[Demand]:
    counts = _history_counts(session, [d.id for d in demands])
    return [d for d in demands if counts.get(d.id)]


def _demands_of(session: Session, paragraph: Paragraph) -> list[Demand]:
    return list(
        session.scalars(
            select(Demand).where(Demand.paragraph_id == paragraph.id).order_by(Demand.position)
        )
    )


def _next_position(session: Session, paragraph: Paragraph) -> int:
    highest = session.scalar(
        select(func.max(Demand.position)).where(Demand.paragraph_id == paragraph.id)
    )
    return (highest or 0) + 1


def _clean_title(title: str, field: str = "title") -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("a demand needs a title", field=field)
    if len(title) > 300:
        raise ValidationError("title too long: the limit is 300 characters", field=field)
    return title


def _new_demand(session: Session, paragraph: Paragraph, *, title: str, text: str) -> Demand:
    demand = Demand(
        paragraph_id=paragraph.id,
        position=_next_position(session, paragraph),
        title=title,
        text=text.strip() or paragraph.text,
        verb=paragraph.verb,
        strength=verb_strength(paragraph.verb),
        is_repetition=bool((paragraph.extra or {}).get("repetition")),
    )
    session.add(demand)
    session.flush()
    return demand


def _delete_demands(session: Session, demands: list[Demand]) -> None:
    """Delete demands that have no history; their links, themes and events go with them (ON
    DELETE CASCADE), their thread and the actors and events themselves stay."""
    ids = [d.id for d in demands]
    if not ids:
        return
    session.execute(
        delete(Demand).where(Demand.id.in_(ids)).execution_options(synchronize_session=False)
    )
    for demand in demands:
        session.expunge(demand)


def _history_refusal(paragraph: Paragraph, kept: list[Demand], what: str) -> ValidationError:
    titles = ", ".join(f"“{d.title[:80]}”" for d in kept)
    noun = "demand has" if len(kept) == 1 else "demands have"
    return ValidationError(
        f"{what}: its {noun} a status history ({titles}), which is never deleted. "
        "Record a “moot” status update instead if the demand no longer applies"
    )


def change_paragraph_kind(
    session: Session,
    paragraph: Paragraph,
    *,
    kind: ParagraphKind,
    expected_version: int,
    first_demand_title: str = "",
    actor: User | None,
) -> Demand | None:
    """Make the paragraph a demand, a position or procedural. A paragraph that becomes a
    demand gets its first demand (titled `first_demand_title`), which is returned; one that
    stops being a demand loses its demands, which is refused if any has a history."""
    if kind == paragraph.kind:
        raise ValidationError(f"{_label(paragraph)} is already {KIND_WORDS[kind]}", field="kind")
    demands = _demands_of(session, paragraph)
    title = ""
    if kind == ParagraphKind.DEMAND:
        title = _clean_title(first_demand_title, field="first_demand_title")
    else:
        kept = _with_history(session, demands)
        if kept:
            raise _history_refusal(
                paragraph, kept, f"{_label(paragraph)} cannot become {KIND_WORDS[kind]}"
            )
    before: dict[str, Any] = {
        "kind": paragraph.kind.value,
        "demands": [snapshot(d, ("id", *DEMAND_FIELDS)) for d in demands],
    }
    claim_paragraph(session, paragraph, expected_version, kind=kind)
    created = None
    if kind == ParagraphKind.DEMAND:
        created = _new_demand(session, paragraph, title=title, text="")
    else:
        _delete_demands(session, demands)
    session.expire(paragraph, ["demands"])
    record_audit(
        session,
        actor=actor,
        action="paragraph.kind",
        entity_type="paragraphs",
        entity_id=paragraph.id,
        summary=(
            f"{_label(paragraph)} of resolution {paragraph.resolution_id} is now "
            f"{KIND_WORDS[kind]}"
            + (f"; {len(demands)} demand(s) without history removed" if demands else "")
        ),
        before=before,
        after={
            "kind": kind.value,
            "demands": [snapshot(created, ("id", *DEMAND_FIELDS))] if created else [],
        },
    )
    return created


def add_demand(
    session: Session,
    paragraph: Paragraph,
    *,
    title: str,
    text: str = "",
    expected_version: int,
    actor: User | None,
) -> Demand:
    """One more demand drawn from a demand paragraph (its wording defaults to the paragraph's)."""
    if paragraph.kind != ParagraphKind.DEMAND:
        raise ValidationError(
            f"{_label(paragraph)} is {KIND_WORDS[paragraph.kind]}: make it a demand first, "
            "which adds its first demand"
        )
    title = _clean_title(title)
    claim_paragraph(session, paragraph, expected_version)
    demand = _new_demand(session, paragraph, title=title, text=text)
    session.expire(paragraph, ["demands"])
    record_audit(
        session,
        actor=actor,
        action="demand.add",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"demand {title[:150]} added to {_label(paragraph)}",
        after=snapshot(demand, ("paragraph_id", *DEMAND_FIELDS)),
    )
    return demand


def split_demand(
    session: Session,
    demand: Demand,
    *,
    first_title: str,
    second_title: str,
    first_text: str = "",
    second_text: str = "",
    expected_version: int,
    paragraph_version: int,
    actor: User | None,
) -> Demand:
    """Split one demand into two: it keeps its history and thread under `first_title`; the new
    one (returned) starts with the same addressees, subjects, events, themes, deadline and
    condition, and no history."""
    first_title = _clean_title(first_title, field="first_title")
    second_title = _clean_title(second_title, field="second_title")
    paragraph = session.get(Paragraph, demand.paragraph_id)
    assert paragraph is not None  # a demand always has its paragraph
    before = snapshot(demand, ("id", *DEMAND_FIELDS))
    claim_paragraph(session, paragraph, paragraph_version)
    claim_demand(session, demand, expected_version)
    session.execute(
        update(Demand)
        .where(Demand.id == demand.id)
        .values(title=first_title, text=first_text.strip() or demand.text)
        .execution_options(synchronize_session=False)
    )
    second = Demand(
        paragraph_id=paragraph.id,
        position=_next_position(session, paragraph),
        title=second_title,
        text=second_text.strip() or demand.text,
        verb=demand.verb,
        strength=demand.strength,
        deadline=demand.deadline,
        deadline_precision=demand.deadline_precision,
        condition=demand.condition,
        is_repetition=demand.is_repetition,
    )
    session.add(second)
    session.flush()
    _copy_links(session, source_id=demand.id, target_id=second.id)
    session.expire(demand)
    session.expire(paragraph, ["demands"])
    record_audit(
        session,
        actor=actor,
        action="demand.split",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"{before['title'][:100]} split into {first_title[:100]} and {second_title[:100]}",
        before=before,
        after={
            "first": snapshot(demand, ("id", *DEMAND_FIELDS)),
            "second": snapshot(second, ("id", *DEMAND_FIELDS)),
        },
    )
    return second


def _copy_links(session: Session, *, source_id: int, target_id: int) -> None:
    """Give `target` every actor link, event and theme of `source` it does not have yet."""
    links = select(DemandActor.actor_id, DemandActor.role)
    has = set(session.execute(links.where(DemandActor.demand_id == target_id)).all())
    for actor_id, role in session.execute(links.where(DemandActor.demand_id == source_id)).all():
        if (actor_id, role) not in has:
            session.add(DemandActor(demand_id=target_id, actor_id=actor_id, role=role))
    for table in (demand_events, demand_themes):
        column = table.c.event_id if table is demand_events else table.c.theme_id
        wanted = set(session.scalars(select(column).where(table.c.demand_id == source_id)))
        present = set(session.scalars(select(column).where(table.c.demand_id == target_id)))
        for value in sorted(wanted - present):
            session.execute(insert(table).values({"demand_id": target_id, column.key: value}))
    session.flush()


def merge_demands(
    session: Session,
    keep: Demand,
    other: Demand,
    *,
    expected_version: int,
    paragraph_version: int,
    actor: User | None,
) -> Demand:
    """Fold `other` into `keep` (two demands of one paragraph that are one ask): `keep` gains
    its addressees, subjects, events and themes, its wording, and its thread, deadline and
    condition where it has none; `other` is deleted, so it must have no history."""
    if keep.id == other.id:
        raise ValidationError("a demand cannot be merged with itself", field="other")
    if keep.paragraph_id != other.paragraph_id:
        raise ValidationError("only two demands of the same paragraph can be merged", field="other")
    paragraph = session.get(Paragraph, keep.paragraph_id)
    assert paragraph is not None  # a demand always has its paragraph
    if _with_history(session, [other]):
        reverse = "" if _with_history(session, [keep]) else ": merge it the other way round"
        raise ValidationError(
            f"“{other.title[:80]}” has a status history, which is never deleted{reverse}",
            field="other",
        )
    before = {
        "keep": snapshot(keep, ("id", *DEMAND_FIELDS)),
        "other": snapshot(other, ("id", *DEMAND_FIELDS)),
    }
    claim_paragraph(session, paragraph, paragraph_version)
    claim_demand(session, keep, expected_version)
    _copy_links(session, source_id=other.id, target_id=keep.id)
    values: dict[str, Any] = {}
    if other.text and other.text.strip() not in keep.text:
        values["text"] = f"{keep.text.rstrip(' ;.')}; {other.text.strip()}"
    for name in ("thread_id", "deadline", "deadline_precision", "condition"):
        if getattr(keep, name) is None and getattr(other, name) is not None:
            values[name] = getattr(other, name)
    if values:
        session.execute(
            update(Demand)
            .where(Demand.id == keep.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    _delete_demands(session, [other])
    session.expire(keep)
    session.expire(paragraph, ["demands"])
    record_audit(
        session,
        actor=actor,
        action="demand.merge",
        entity_type="demands",
        entity_id=keep.id,
        summary=f"{before['other']['title'][:100]} merged into {before['keep']['title'][:100]}",
        before=before,
        after={"keep": snapshot(keep, ("id", *DEMAND_FIELDS))},
    )
    return keep


def delete_demand(
    session: Session,
    demand: Demand,
    *,
    expected_version: int,
    paragraph_version: int,
    actor: User | None,
) -> None:
    """Delete a demand that has no history yet. The only demand of a paragraph is not deleted
    alone: the paragraph would read "demand" with nothing under it; making the paragraph a
    position or procedural removes it instead."""
    paragraph = session.get(Paragraph, demand.paragraph_id)
    assert paragraph is not None  # a demand always has its paragraph
    if _with_history(session, [demand]):
        raise _history_refusal(paragraph, [demand], f"“{demand.title[:80]}” cannot be deleted")
    siblings = session.scalar(
        select(func.count()).select_from(Demand).where(Demand.paragraph_id == paragraph.id)
    )
    if (siblings or 0) <= 1:
        raise ValidationError(
            f"“{demand.title[:80]}” is the only demand of {_label(paragraph)}: to stop "
            "tracking it, make the paragraph a position or procedural"
        )
    before = snapshot(demand, ("id", "paragraph_id", *DEMAND_FIELDS))
    claim_paragraph(session, paragraph, paragraph_version)
    claim_demand(session, demand, expected_version)
    demand_id = demand.id
    _delete_demands(session, [demand])
    session.expire(paragraph, ["demands"])
    record_audit(
        session,
        actor=actor,
        action="demand.delete",
        entity_type="demands",
        entity_id=demand_id,
        summary=f"demand {before['title'][:150]} deleted from {_label(paragraph)}",
        before=before,
    )
