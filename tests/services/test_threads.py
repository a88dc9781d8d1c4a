"""Suggested thread matches: similar words elsewhere, a bonus for shared subjects, and what is
never suggested (the same resolution, the same thread, a dismissed match)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, ParagraphFactory, ResolutionFactory
from tracker.models import Demand, LinkRole
from tracker.services.actors import link_actor
from tracker.services.demands import get_demand
from tracker.services.threads import (
    SUGGESTION_THRESHOLD,
    attach_demand,
    create_thread,
    dismiss_match,
    suggest_matches,
)

TEXT = "the immediate and unconditional release of Kem Sokha and all political prisoners"


def _demand(country: str = "KH", text: str = TEXT, title: str = "Release Kem Sokha") -> Demand:
    resolution = ResolutionFactory(country=country)
    return DemandFactory(paragraph=ParagraphFactory(resolution=resolution), title=title, text=text)


def _suggested(db: Session, demand: Demand, **kwargs: int) -> list[tuple[int, float]]:
    db.flush()
    db.expire_all()
    return [
        (s.demand.id, s.score) for s in suggest_matches(db, get_demand(db, demand.id), **kwargs)
    ]


def test_the_same_call_elsewhere_in_the_country_is_suggested_best_first(db: Session) -> None:
    mine = _demand()
    same = _demand(text=TEXT.upper().replace("Sokha", "Sokhá"))
    close = _demand(text="the release of Kem Sokha and of the journalists held in Phnom Penh")
    unrelated = _demand(text="to hold free and fair elections with observers", title="Elections")
    other_country = _demand(country="BY")
    suggested = _suggested(db, mine)
    ids = [i for i, _score in suggested]
    assert ids[:2] == [same.id, close.id]
    assert suggested[0][1] == 100.0 > suggested[1][1]
    assert unrelated.id not in ids and other_country.id not in ids
    assert all(score >= SUGGESTION_THRESHOLD for _i, score in suggested)


def test_a_shared_subject_brings_in_other_countries_and_adds_to_the_score(db: Session) -> None:
    kem = ActorFactory(name="Kem Sokha")
    mine = _demand()
    abroad = _demand(country="BY", text="the release of Kem Sokha, now in prison")
    plain = _demand(text="the release of Kem Sokha, now in prison")
    for demand in (mine, abroad):
        link_actor(db, demand, kem, LinkRole.SUBJECT, actor=None)
    scores = dict(_suggested(db, mine))
    assert abroad.id in scores
    assert scores[abroad.id] == pytest.approx(min(100.0, scores[plain.id] + 10.0))


def test_never_the_same_resolution_thread_or_a_dismissed_match(db: Session) -> None:
    mine = _demand()
    same_resolution = DemandFactory(
        paragraph=ParagraphFactory(resolution=mine.paragraph.resolution), text=TEXT
    )
    in_thread, dismissed, kept = _demand(), _demand(), _demand()
    db.flush()
    thread = create_thread(db, title="Release Kem Sokha", actor=None)
    for demand in (mine, in_thread):
        attach_demand(db, demand, thread, actor=None)
    dismiss_match(db, mine, dismissed, actor=None)
    ids = [i for i, _score in _suggested(db, mine)]
    assert ids == [kept.id]
    assert same_resolution.id not in ids


def test_the_number_of_suggestions_and_of_candidates_is_bounded(db: Session) -> None:
    mine = _demand()
    others = [_demand() for _ in range(8)]
    assert len(_suggested(db, mine)) == 5
    # Candidates are the newest demands sharing the country; ties go to the newest.
    assert [i for i, _s in _suggested(db, mine, limit=3, candidates=4)] == [
        d.id for d in others[::-1][:3]
    ]
