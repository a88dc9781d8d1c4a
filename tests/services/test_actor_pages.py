"""A person's situation now: every situation still in force, not only the latest entry."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tracker.models import ActorKind, Role, Situation, SituationChange
from tracker.services.actor_pages import get_actor_page, situations_in_force
from tracker.services.actors import create_actor, record_situation

D = Situation


def _history(*entries: tuple[Situation, str]) -> list[SituationChange]:
    return [
        SituationChange(id=n, situation=s, since=dt.date.fromisoformat(on))
        for n, (s, on) in enumerate(entries, start=1)
    ]


@pytest.mark.parametrize(
    ("history", "now"),
    [
        ([], []),
        ([(D.DETAINED, "2017-09-03")], [D.DETAINED]),
        # Kem Sokha: a conviction does not end house arrest, it comes on top of it.
        (
            [
                (D.DETAINED, "2017-09-03"),
                (D.HOUSE_ARREST, "2018-09-10"),
                (D.CONVICTED, "2023-03-03"),
            ],
            [D.HOUSE_ARREST, D.CONVICTED],
        ),
        # A release ends custody, not the conviction.
        (
            [(D.CONVICTED, "2023-03-03"), (D.DETAINED, "2023-03-04"), (D.RELEASED, "2024-01-01")],
            [D.CONVICTED, D.RELEASED],
        ),
        ([(D.RELEASED, "2020-01-01"), (D.IN_EXILE, "2021-05-01")], [D.IN_EXILE]),
        ([(D.IN_EXILE, "2019-01-01"), (D.DETAINED, "2022-02-02")], [D.DETAINED]),
        ([(D.CONVICTED, "2019-01-01"), (D.UNKNOWN, "2022-02-02")], [D.CONVICTED, D.UNKNOWN]),
        (
            [
                (D.HOUSE_ARREST, "2019-01-01"),
                (D.CONVICTED, "2020-01-01"),
                (D.DECEASED, "2024-01-01"),
            ],
            [D.DECEASED],
        ),
        # Recorded out of order: the dates decide, not the order of entry.
        ([(D.RELEASED, "2024-01-01"), (D.DETAINED, "2020-01-01")], [D.RELEASED]),
    ],
)
def test_situations_in_force(history: list[tuple[Situation, str]], now: list[Situation]) -> None:
    assert [c.situation for c in situations_in_force(_history(*history))] == now


def _kem_sokha(db: Session):  # type: ignore[no-untyped-def]
    person = create_actor(db, name="Kem Sokha", kind=ActorKind.PERSON, country="KH", actor=None)
    for situation, on in (
        (D.DETAINED, dt.date(2017, 9, 3)),
        (D.HOUSE_ARREST, dt.date(2018, 9, 10)),
        (D.CONVICTED, dt.date(2023, 3, 3)),
    ):
        record_situation(db, person, situation=situation, since=on, actor=None)
    db.commit()
    return person


def test_the_actor_page_and_list_show_every_situation_in_force(
    db: Session, client: FlaskClient, auth
) -> None:  # type: ignore[no-untyped-def]
    person = _kem_sokha(db)
    page = get_actor_page(db, person.id)
    assert [c.situation for c in page.situations_in_force] == [D.HOUSE_ARREST, D.CONVICTED]

    auth.login(Role.VIEWER)
    for path in (f"/actors/{person.id}", "/actors?q=sokha"):
        html = client.get(path).get_data(as_text=True)
        assert 'house arrest</span> <small class="muted">since 10 September 2018' in html, path
        assert 'convicted</span> <small class="muted">since 3 March 2023' in html, path
        assert ">detained</span>" not in html, path
