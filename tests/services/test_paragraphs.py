"""A paragraph's kind and its demands after import: moving a paragraph between demand, position
and procedural; adding, splitting, merging and deleting demands. A demand with history is never
deleted, a demand paragraph never has nothing under it, a stale version is a conflict."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import (
    ActorFactory,
    DemandFactory,
    EventFactory,
    ParagraphFactory,
    SourceFactory,
    UserFactory,
)
from tracker.models import (
    AuditEvent,
    Demand,
    DemandActor,
    LinkRole,
    MatchDismissal,
    Paragraph,
    ParagraphKind,
    Status,
)
from tracker.services.actors import link_actor
from tracker.services.editing import add_demand_event, add_demand_theme, get_demand_links
from tracker.services.errors import EditConflict, ValidationError
from tracker.services.followup import record_status_update
from tracker.services.paragraphs import (
    add_demand,
    change_paragraph_kind,
    delete_demand,
    get_paragraph_page,
    merge_demands,
    split_demand,
)
from tracker.services.threads import create_thread, dismiss_match


def _paragraph(db: Session, demands: int = 1, **kwargs: object) -> tuple[Paragraph, list[Demand]]:
    paragraph = ParagraphFactory(**kwargs)
    made = [
        DemandFactory(paragraph=paragraph, position=n + 1, title=f"Demand {n + 1}")
        for n in range(demands)
    ]
    db.flush()
    return paragraph, made


def _history(db: Session, demand: Demand) -> None:
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[SourceFactory()],
        actor=UserFactory(),
    )


def _titles(db: Session, paragraph: Paragraph) -> list[str]:
    db.flush()
    return list(
        db.scalars(
            select(Demand.title)
            .where(Demand.paragraph_id == paragraph.id)
            .order_by(Demand.position)
        )
    )


def _audit(db: Session, action: str) -> AuditEvent:
    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.action == action))
    return event


def test_a_demand_paragraph_without_history_becomes_a_position_and_loses_its_demands(
    db: Session,
) -> None:
    user = UserFactory()
    paragraph, (first, second) = _paragraph(db, demands=2)
    kem = ActorFactory(name="Kem Sokha")
    link_actor(db, first, kem, LinkRole.SUBJECT, actor=None)
    add_demand_event(db, first, title=EventFactory().title, expected_version=1, actor=None)
    add_demand_theme(db, first, name="Elections", expected_version=2, actor=None)
    dismiss_match(db, first, DemandFactory(), actor=None)
    first_id = first.id
    created = change_paragraph_kind(
        db, paragraph, kind=ParagraphKind.POSITION, expected_version=1, actor=user
    )
    assert created is None
    assert paragraph.kind == ParagraphKind.POSITION
    assert paragraph.version == 2
    assert _titles(db, paragraph) == []
    # Its links went with it; the actor stays.
    for table in (DemandActor, MatchDismissal):
        left = select(func.count()).select_from(table).filter_by(demand_id=first_id)
        assert db.scalar(left) == 0, table
    assert kem.id is not None and db.get(type(kem), kem.id) is not None
    audit = _audit(db, "paragraph.kind")
    assert audit.user_id == user.id
    assert audit.before["kind"] == "demand"
    assert [d["title"] for d in audit.before["demands"]] == ["Demand 1", "Demand 2"]
    assert audit.after == {"kind": "position", "demands": []}
    assert "2 demand(s) without history removed" in audit.summary


def test_a_paragraph_whose_demand_has_history_keeps_its_kind_and_says_why(db: Session) -> None:
    paragraph, (first, second) = _paragraph(db, demands=2)
    _history(db, second)
    with pytest.raises(ValidationError) as refused:
        change_paragraph_kind(
            db, paragraph, kind=ParagraphKind.PROCEDURAL, expected_version=1, actor=None
        )
    message = str(refused.value)
    assert "cannot become procedural" in message
    assert "“Demand 2”" in message and "never deleted" in message
    assert "Demand 1" not in message
    assert _titles(db, paragraph) == ["Demand 1", "Demand 2"]
    assert paragraph.kind == ParagraphKind.DEMAND


def test_a_position_becomes_a_demand_with_its_first_demand(db: Session) -> None:
    paragraph, _ = _paragraph(
        db, demands=0, kind=ParagraphKind.POSITION, verb="insists", text="insists that X must go;"
    )
    with pytest.raises(ValidationError, match="needs a title") as refused:
        change_paragraph_kind(
            db, paragraph, kind=ParagraphKind.DEMAND, expected_version=1, actor=None
        )
    assert refused.value.field == "first_demand_title"
    created = change_paragraph_kind(
        db,
        paragraph,
        kind=ParagraphKind.DEMAND,
        first_demand_title="X must go",
        expected_version=1,
        actor=None,
    )
    assert created is not None
    assert (created.title, created.text, created.verb) == ("X must go", paragraph.text, "insists")
    assert paragraph.kind == ParagraphKind.DEMAND
    assert _titles(db, paragraph) == ["X must go"]
    with pytest.raises(ValidationError, match="already a demand"):
        change_paragraph_kind(
            db, paragraph, kind=ParagraphKind.DEMAND, first_demand_title="x", expected_version=2,
            actor=None,
        )  # fmt: skip


def test_a_stale_paragraph_version_is_a_conflict_with_the_saved_state(db: Session) -> None:
    paragraph, _ = _paragraph(db, demands=1)
    add_demand(db, paragraph, title="Added first", expected_version=1, actor=None)
    for attempt in (
        lambda: add_demand(db, paragraph, title="Added second", expected_version=1, actor=None),
        lambda: change_paragraph_kind(
            db, paragraph, kind=ParagraphKind.POSITION, expected_version=1, actor=None
        ),
    ):
        with pytest.raises(EditConflict) as conflict:
            attempt()
        assert conflict.value.current == {
            "kind": "demand",
            "demands": ["Demand 1", "Added first"],
            "version": 2,
        }
    assert _titles(db, paragraph) == ["Demand 1", "Added first"]


def test_adding_a_demand_to_a_position_is_refused(db: Session) -> None:
    paragraph, _ = _paragraph(db, demands=0, kind=ParagraphKind.POSITION)
    with pytest.raises(ValidationError, match="is a position: make it a demand first"):
        add_demand(db, paragraph, title="Anything", expected_version=1, actor=None)


def test_a_split_keeps_history_on_the_first_and_copies_the_links_to_the_second(
    db: Session,
) -> None:
    paragraph, (demand,) = _paragraph(db, demands=1)
    council = ActorFactory(name="Council")
    link_actor(db, demand, council, LinkRole.ADDRESSEE, actor=None)
    add_demand_theme(db, demand, name="Sanctions", expected_version=1, actor=None)
    thread = create_thread(db, title="Sanctions", actor=None)
    demand.thread_id = thread.id
    demand.deadline = dt.date(2024, 1, 1)
    db.flush()
    _history(db, demand)
    second = split_demand(
        db,
        demand,
        first_title="Targeted sanctions",
        second_title="Freeze assets",
        second_text="freeze the assets of those responsible",
        expected_version=db.get(Demand, demand.id).version,  # type: ignore[union-attr]
        paragraph_version=1,
        actor=None,
    )
    assert _titles(db, paragraph) == ["Targeted sanctions", "Freeze assets"]
    assert (second.text, second.deadline, second.thread_id) == (
        "freeze the assets of those responsible",
        dt.date(2024, 1, 1),
        None,
    )
    assert demand.thread_id == thread.id and demand.text == "the release of all political prisoners"
    links = get_demand_links(db, second.id)
    assert (links["addressees"], links["themes"]) == (["Council"], ["Sanctions"])
    # The history stays with the first: only one of the two has a current update.
    assert db.scalar(
        select(func.count()).select_from(Demand).where(Demand.current_update_id.is_not(None))
        .where(Demand.paragraph_id == paragraph.id)
    ) == 1  # fmt: skip
    audit = _audit(db, "demand.split")
    assert audit.before["title"] == "Demand 1"
    assert (audit.after["first"]["title"], audit.after["second"]["title"]) == (
        "Targeted sanctions",
        "Freeze assets",
    )
    with pytest.raises(EditConflict):
        split_demand(
            db, demand, first_title="a", second_title="b", expected_version=1,
            paragraph_version=2, actor=None,
        )  # fmt: skip


def test_merging_folds_links_and_wording_and_deletes_the_one_without_history(
    db: Session,
) -> None:
    paragraph, (keep, other) = _paragraph(db, demands=2)
    other.text = "and of Kem Sokha"
    other.condition = "should the verdict stand"
    db.flush()
    link_actor(db, keep, ActorFactory(name="Council"), LinkRole.ADDRESSEE, actor=None)
    link_actor(db, other, ActorFactory(name="Commission"), LinkRole.ADDRESSEE, actor=None)
    link_actor(db, other, ActorFactory(name="Kem Sokha"), LinkRole.SUBJECT, actor=None)
    _history(db, keep)
    other_id = other.id
    merged = merge_demands(
        db, keep, other, expected_version=keep.version, paragraph_version=1, actor=None
    )
    assert _titles(db, paragraph) == ["Demand 1"]
    assert db.get(Demand, other_id) is None
    assert merged.text == "the release of all political prisoners; and of Kem Sokha"
    assert merged.condition == "should the verdict stand"
    links = get_demand_links(db, keep.id)
    assert (links["addressees"], links["subjects"]) == (["Commission", "Council"], ["Kem Sokha"])
    audit = _audit(db, "demand.merge")
    assert (audit.before["keep"]["title"], audit.before["other"]["title"]) == (
        "Demand 1",
        "Demand 2",
    )


def test_a_demand_with_history_is_not_merged_away(db: Session) -> None:
    paragraph, (first, second) = _paragraph(db, demands=2)
    _history(db, second)
    with pytest.raises(ValidationError, match="merge it the other way round"):
        merge_demands(db, first, second, expected_version=1, paragraph_version=1, actor=None)
    _history(db, first)
    with pytest.raises(ValidationError, match="never deleted$"):
        merge_demands(db, first, second, expected_version=1, paragraph_version=1, actor=None)
    elsewhere = DemandFactory()
    with pytest.raises(ValidationError, match="same paragraph"):
        merge_demands(db, first, elsewhere, expected_version=1, paragraph_version=1, actor=None)
    assert _titles(db, paragraph) == ["Demand 1", "Demand 2"]


def test_deleting_a_demand_without_history_but_never_the_last_or_one_with_history(
    db: Session,
) -> None:
    user = UserFactory()
    paragraph, (first, second, third) = _paragraph(db, demands=3)
    _history(db, third)
    with pytest.raises(ValidationError, match="“Demand 3” cannot be deleted: its demand has a"):
        delete_demand(db, third, expected_version=third.version, paragraph_version=1, actor=user)
    first_id = first.id
    delete_demand(db, first, expected_version=1, paragraph_version=1, actor=user)
    assert _titles(db, paragraph) == ["Demand 2", "Demand 3"]
    audit = _audit(db, "demand.delete")
    assert (audit.entity_id, audit.before["title"]) == (first_id, "Demand 1")
    assert audit.user_id == user.id
    with pytest.raises(EditConflict):
        delete_demand(db, second, expected_version=1, paragraph_version=1, actor=user)

    lonely_paragraph, (lonely,) = _paragraph(db, demands=1)
    with pytest.raises(ValidationError, match="only demand of paragraph .*: to stop tracking it"):
        delete_demand(db, lonely, expected_version=1, paragraph_version=1, actor=user)


def test_the_paragraph_page_counts_each_demands_history(db: Session) -> None:
    paragraph, (first, second) = _paragraph(db, demands=2)
    _history(db, second)
    _history(db, second)
    page = get_paragraph_page(db, paragraph.resolution_id, paragraph.position)
    assert [d.title for d in page.demands] == ["Demand 1", "Demand 2"]
    assert (page.has_history(first), page.has_history(second)) == (False, True)
    assert page.updates[second.id] == 2
