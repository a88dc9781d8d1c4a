"""Correcting a demand from its page and a paragraph from its own: names typed, never numbers;
a refusal says why and keeps what was typed; a conflict shows the saved version beside the
change; the demand, actor and resolution pages show the result."""

from __future__ import annotations

import datetime as dt
import re

from flask.testing import FlaskClient
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
    Actor,
    ActorKind,
    AuditEvent,
    Demand,
    LinkRole,
    Paragraph,
    ParagraphKind,
    Resolution,
    Role,
    Status,
)
from tracker.services.actors import add_alias, link_actor
from tracker.services.editing import get_demand_links
from tracker.services.followup import record_status_update
from tracker.services.threads import create_thread


def _version(db: Session, demand: Demand) -> str:
    db.expire_all()
    return str(db.scalar(select(Demand.version).where(Demand.id == demand.id)))


def _links(db: Session, demand: Demand) -> dict[str, object]:
    db.expire_all()
    return get_demand_links(db, demand.id)


def _paragraph_of(db: Session, demands: int) -> tuple[Paragraph, list[Demand]]:
    paragraph = ParagraphFactory()
    made = [
        DemandFactory(paragraph=paragraph, position=n + 1, title=f"Demand {n + 1}")
        for n in range(demands)
    ]
    db.commit()
    return paragraph, made


def _paragraph_url(paragraph: Paragraph, tail: str = "") -> str:
    return f"/resolutions/{paragraph.resolution_id}/paragraphs/{paragraph.position}{tail}"


def test_a_viewer_sees_the_links_but_no_correction_forms(client: FlaskClient, auth, db) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    db.commit()
    auth.login(Role.VIEWER)
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "Correct this demand" not in page
    assert "/actors/addressee" not in page
    auth.login(Role.ANALYST)
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "Correct this demand" in page
    assert 'list="addressee-options"' in page and 'id="addressee-options"' in page


def test_an_addressee_typed_by_alias_is_linked_and_shows_on_both_pages(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    council = ActorFactory(name="Council of the European Union", kind=ActorKind.INSTITUTION)
    add_alias(db, council, "Council", actor=None)
    db.commit()
    user = auth.login(Role.ANALYST)
    response = client.post(
        f"/demands/{demand.id}/actors/addressee",
        data={"addressee-name": "council", "addressee-version": _version(db, demand)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/demands/{demand.id}#addressees")
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "Council of the European Union added to those asked to act." in page
    asked = page[page.index("<dt>Asked of</dt>") : page.index("<dt>About</dt>")]
    assert "Council of the European Union" in asked
    actor_page = client.get(f"/actors/{council.id}").get_data(as_text=True)
    assert f"/demands/{demand.id}" in actor_page
    audit = db.scalar(select(AuditEvent).where(AuditEvent.action == "demand.add_addressee"))
    assert audit is not None and audit.user_id == user.id
    assert audit.after == {"addressees": ["Council of the European Union"]}


def test_an_unknown_name_is_refused_until_its_kind_is_given(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    db.commit()
    auth.login(Role.ANALYST)
    actors = db.scalar(select(func.count()).select_from(Actor))
    refused = client.post(
        f"/demands/{demand.id}/actors/subject",
        data={"subject-name": "Kem Monovithya", "subject-version": _version(db, demand)},
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "There is no actor called &#39;Kem Monovithya&#39; yet" in page
    assert 'value="Kem Monovithya"' in page  # what was typed is still there
    assert db.scalar(select(func.count()).select_from(Actor)) == actors
    created = client.post(
        f"/demands/{demand.id}/actors/subject",
        data={
            "subject-name": "Kem Monovithya",
            "subject-kind": "person",
            "subject-version": _version(db, demand),
        },
    )
    assert created.status_code == 302
    assert _links(db, demand)["subjects"] == ["Kem Monovithya"]
    person = db.scalar(select(Actor).where(Actor.name == "Kem Monovithya"))
    assert person is not None and person.kind == ActorKind.PERSON


def test_removing_a_subject_from_its_button(client: FlaskClient, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    kem = ActorFactory(name="Kem Sokha")
    link_actor(db, demand, kem, LinkRole.SUBJECT, actor=None)
    db.commit()
    auth.login(Role.ANALYST)
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert 'aria-label="Remove Kem Sokha from what the demand is about"' in page
    response = client.post(
        f"/demands/{demand.id}/actors/subject/remove",
        data={"record": str(kem.id), "version": _version(db, demand)},
    )
    assert response.status_code == 302
    assert _links(db, demand)["subjects"] == []
    assert "Kem Sokha removed" in client.get(f"/demands/{demand.id}").get_data(as_text=True)


def test_a_stale_form_shows_both_versions_and_keeps_what_was_typed(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    ActorFactory(name="Cambodian authorities", kind=ActorKind.GOVERNMENT)
    ActorFactory(name="Council", kind=ActorKind.INSTITUTION)
    db.commit()
    auth.login(Role.ANALYST)
    seen = _version(db, demand)
    first = client.post(
        f"/demands/{demand.id}/actors/addressee",
        data={"addressee-name": "Cambodian authorities", "addressee-version": seen},
    )
    assert first.status_code == 302
    second = client.post(
        f"/demands/{demand.id}/actors/addressee",
        data={"addressee-name": "Council", "addressee-version": seen},
    )
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    saved = page[page.index('class="facts conflict-saved"') :]
    assert "Cambodian authorities" in saved[: saved.index("</dl>")]
    assert "add “Council” to those asked to act" in page
    assert 'value="Council"' in page
    # The form now carries the saved version: sending it again applies it.
    assert f'name="addressee-version" type="hidden" value="{int(seen) + 1}"' in page
    assert _links(db, demand)["addressees"] == ["Cambodian authorities"]
    again = client.post(
        f"/demands/{demand.id}/actors/addressee",
        data={"addressee-name": "Council", "addressee-version": str(int(seen) + 1)},
    )
    assert again.status_code == 302
    assert _links(db, demand)["addressees"] == ["Cambodian authorities", "Council"]


def test_events_themes_and_country_by_name(client: FlaskClient, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory(paragraph__resolution__country="MM")
    resolution_id = demand.paragraph.resolution_id
    EventFactory(title="Kem Sokha convicted", occurred_on=dt.date(2023, 3, 3))
    db.commit()
    auth.login(Role.ANALYST)
    assert (
        client.post(
            f"/demands/{demand.id}/events",
            data={"event-title": "Kem Sokha convicted", "event-version": _version(db, demand)},
        ).status_code
        == 302
    )
    missing = client.post(
        f"/demands/{demand.id}/events",
        data={"event-title": "Never happened", "event-version": _version(db, demand)},
    )
    assert missing.status_code == 422
    assert "record it on the events page first" in missing.get_data(as_text=True)
    assert (
        client.post(
            f"/demands/{demand.id}/themes",
            data={"theme-name": "Political prisoners", "theme-version": _version(db, demand)},
        ).status_code
        == 302
    )
    resolution = db.get(Resolution, resolution_id)
    assert resolution is not None
    country = client.post(
        f"/demands/{demand.id}/country",
        data={"country-country": "Cambodia", "country-version": str(resolution.version)},
    )
    assert country.status_code == 302
    links = _links(db, demand)
    assert (links["events"], links["themes"]) == (["Kem Sokha convicted"], ["Political prisoners"])
    db.expire_all()
    assert db.get(Resolution, resolution.id).country == "KH"  # type: ignore[union-attr]
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "<dt>Country</dt><dd>Cambodia</dd>" in page
    listed = client.get("/demands?country=KH").get_data(as_text=True)
    assert demand.title in listed
    unknown = client.post(
        f"/demands/{demand.id}/country",
        data={"country-country": "Atlantis", "country-version": str(resolution.version)},
    )
    assert unknown.status_code == 422
    assert "There is no country called &#39;Atlantis&#39;" in unknown.get_data(as_text=True)


def test_suggestions_offer_names_as_one_types(client: FlaskClient, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    kem = ActorFactory(name="Kem Sokha")
    add_alias(
        db,
        ActorFactory(name="Candlelight Party", kind=ActorKind.PARTY),
        "Sam Rainsy Party",
        actor=None,
    )
    create_thread(db, title="Release Kem Sokha", actor=None)
    db.commit()
    auth.login(Role.ANALYST)
    actors = client.get("/demands/suggest/actors?addressee-name=kem").get_data(as_text=True)
    assert f'<option value="{kem.name}">person · KH</option>' in actors
    by_alias = client.get("/demands/suggest/actors?subject-name=rainsy").get_data(as_text=True)
    assert 'value="Candlelight Party"' in by_alias
    threads = client.get("/demands/suggest/threads?thread_title=release").get_data(as_text=True)
    assert 'value="Release Kem Sokha"' in threads
    countries = client.get("/demands/suggest/countries?country-country=camb").get_data(as_text=True)
    assert '<option value="Cambodia">KH</option>' in countries
    assert client.get("/demands/suggest/actors?q=").get_data(as_text=True).strip() == ""


def test_a_thread_is_picked_by_its_title(client: FlaskClient, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    demand = DemandFactory()
    thread = create_thread(db, title="Release Kem Sokha", actor=None)
    db.commit()
    auth.login(Role.ANALYST)
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "Thread number" not in page
    response = client.post(
        f"/demands/{demand.id}/thread", data={"thread_title": "release kem sokha"}
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Demand, demand.id).thread_id == thread.id  # type: ignore[union-attr]
    client.post(f"/demands/{demand.id}/thread", data={"thread_title": "No such thread"})
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "There is no thread titled &#39;No such thread&#39;" in page


def test_an_actor_merge_picks_the_duplicate_by_name_and_tells_namesakes_apart(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    keep = ActorFactory(name="Kem Sokha")
    first = ActorFactory(name="KEM Sokha", country="KH")
    second = ActorFactory(name="kem sokha", country=None)
    link_actor(db, DemandFactory(), second, LinkRole.SUBJECT, actor=None)
    db.commit()
    auth.login(Role.ADMIN)
    page = client.get(f"/actors/{keep.id}").get_data(as_text=True)
    assert "Number of the duplicate" not in page
    assert 'list="duplicate-options"' in page
    nobody = client.post(f"/actors/{keep.id}/merge", data={"duplicate": "Hun Sen"})
    assert nobody.status_code == 422
    assert "No other actor is called “Hun Sen”." in nobody.get_data(as_text=True)
    several = client.post(f"/actors/{keep.id}/merge", data={"duplicate": "kem sokha"})
    assert several.status_code == 422
    page = several.get_data(as_text=True)
    assert "2 actors are called “kem sokha”: choose the duplicate." in page
    assert "KEM Sokha (person; KH; named in 0 demands)" in page
    assert "kem sokha (person; no country; named in 1 demand)" in page
    merged = client.post(
        f"/actors/{keep.id}/merge",
        data={"duplicate": "kem sokha", "duplicate_choice": str(second.id)},
    )
    assert merged.status_code == 302
    db.expire_all()
    assert db.get(Actor, second.id).merged_into_id == keep.id  # type: ignore[union-attr]
    assert db.get(Actor, first.id).merged_into_id is None  # type: ignore[union-attr]


def test_moving_a_paragraph_to_position_removes_its_demands_and_the_page_says_so(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    paragraph, (demand,) = _paragraph_of(db, 1)
    auth.login(Role.ANALYST)
    demand_page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert _paragraph_url(paragraph) in demand_page
    page = client.get(_paragraph_url(paragraph)).get_data(as_text=True)
    assert "Correct paragraph" in page and "Demand 1" in page
    response = client.post(
        _paragraph_url(paragraph, "/kind"), data={"kind": "position", "version": "1"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#p{paragraph.position}")
    resolution_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is now a position; 1 demand(s) without history removed." in resolution_page
    article = resolution_page[resolution_page.index(f'id="p{paragraph.position}"') :]
    article = article[: article.index("</article>")]
    assert '<span class="kind">position</span>' in article
    assert "Demand 1" not in article
    assert client.get(f"/demands/{demand.id}").status_code == 404


def test_a_paragraph_with_history_keeps_its_kind_and_the_page_says_why(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    paragraph, (demand,) = _paragraph_of(db, 1)
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[SourceFactory()],
        actor=UserFactory(),
    )
    db.commit()
    auth.login(Role.ANALYST)
    response = client.post(
        _paragraph_url(paragraph, "/kind"), data={"kind": "procedural", "version": "1"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "cannot become procedural: its demand has a status history (“Demand 1”)" in page
    db.expire_all()
    assert db.get(Paragraph, paragraph.id).kind == ParagraphKind.DEMAND  # type: ignore[union-attr]


def test_a_position_becomes_a_demand_and_leads_to_its_first_demand(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    paragraph = ParagraphFactory(kind=ParagraphKind.POSITION, text="insists that X must go;")
    db.commit()
    auth.login(Role.ANALYST)
    page = client.get(_paragraph_url(paragraph)).get_data(as_text=True)
    assert 'value="insists that X must go;"' in page  # the first title, offered
    response = client.post(
        _paragraph_url(paragraph, "/kind"),
        data={"kind": "demand", "first_demand_title": "X must go", "version": "1"},
    )
    assert response.status_code == 302
    created = db.scalar(select(Demand).where(Demand.paragraph_id == paragraph.id))
    assert created is not None and created.title == "X must go"
    assert response.headers["Location"].endswith(f"/demands/{created.id}#links")


def test_split_merge_and_delete_from_the_paragraph_page(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    paragraph, (first, second) = _paragraph_of(db, 2)
    auth.login(Role.ANALYST)
    split = client.post(
        _paragraph_url(paragraph, f"/demands/{first.id}/split"),
        data={
            f"split-{first.id}-first_title": "Release Kem Sokha",
            f"split-{first.id}-second_title": "Drop the charges",
            f"split-{first.id}-version": "1",
            f"split-{first.id}-paragraph_version": "1",
        },
    )
    assert split.status_code == 302
    titles = lambda: list(  # noqa: E731
        db.scalars(
            select(Demand.title)
            .where(Demand.paragraph_id == paragraph.id)
            .order_by(Demand.position)
        )
    )
    db.expire_all()
    assert titles() == ["Release Kem Sokha", "Demand 2", "Drop the charges"]
    stale = client.post(
        _paragraph_url(paragraph, f"/demands/{second.id}/delete"),
        data={f"delete-{second.id}-version": "1", f"delete-{second.id}-paragraph_version": "1"},
    )
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert "Someone else changed this paragraph" in body
    assert "Release Kem Sokha; Demand 2; Drop the charges" in body
    deleted = client.post(
        _paragraph_url(paragraph, f"/demands/{second.id}/delete"),
        data={f"delete-{second.id}-version": "1", f"delete-{second.id}-paragraph_version": "2"},
    )
    assert deleted.status_code == 302
    db.expire_all()
    assert titles() == ["Release Kem Sokha", "Drop the charges"]
    third = db.scalar(select(Demand).where(Demand.title == "Drop the charges"))
    assert third is not None
    merged = client.post(
        _paragraph_url(paragraph, f"/demands/{first.id}/merge"),
        data={
            f"merge-{first.id}-other": str(third.id),
            f"merge-{first.id}-version": "2",
            f"merge-{first.id}-paragraph_version": "3",
        },
    )
    assert merged.status_code == 302, merged.get_data(as_text=True)[:2000]
    db.expire_all()
    assert titles() == ["Release Kem Sokha"]
    page = client.get(_paragraph_url(paragraph)).get_data(as_text=True)
    assert "The only demand of this paragraph" in page
    actions = [
        a.action
        for a in db.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(["demand.split", "demand.delete", "demand.merge"]))
            .order_by(AuditEvent.id)
        )
    ]
    assert actions == ["demand.split", "demand.delete", "demand.merge"]


def test_a_demand_paragraph_with_nothing_under_it_says_so(
    client: FlaskClient, auth, db: Session
) -> None:  # type: ignore[no-untyped-def]
    paragraph = ParagraphFactory(kind=ParagraphKind.DEMAND)
    db.commit()
    auth.login(Role.ANALYST)
    page = client.get(f"/resolutions/{paragraph.resolution_id}").get_data(as_text=True)
    article = page[page.index(f'id="p{paragraph.position}"') :]
    article = article[: article.index("</article>")]
    assert "No demand is tracked from this paragraph." in article
    assert re.search(r'href="[^"]*/paragraphs/\d+"', article)
    editor = client.get(_paragraph_url(paragraph)).get_data(as_text=True)
    assert "No demand is tracked from this paragraph yet" in editor
