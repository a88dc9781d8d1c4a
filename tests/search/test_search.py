"""Search on both databases: accents, prefixes, quotes, typed operators, confidentiality, facets."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, EventFactory, ResolutionFactory, SourceFactory
from tracker.models import ActorKind, Role, Status
from tracker.services.actors import create_actor
from tracker.services.followup import record_status_update
from tracker.services.search import (
    excerpt,
    fts5_expression,
    highlighted,
    marked,
    plain_text,
    query_terms,
    rebuild_search_index,
    search,
)


def _kinds_and_ids(results) -> set[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return {(h.kind, h.ref_id) for hits in results.groups.values() for h in hits}


@pytest.fixture
def people(db: Session):  # type: ignore[no-untyped-def]
    sokha = create_actor(
        db, name="Kem Sokha", kind=ActorKind.PERSON, country="KH", aliases=["Sokha Kem"],
        actor=None,
    )  # fmt: skip
    nguyen = create_actor(
        db, name="Nguyễn Văn Đài", kind=ActorKind.PERSON, country="VN", actor=None
    )
    db.flush()
    return sokha, nguyen


def test_accents_and_case_do_not_matter(db: Session, people) -> None:  # type: ignore[no-untyped-def]
    sokha, nguyen = people
    for q in ("nguyen", "NGUYỄN", "van dai", "Đài", "dai"):
        assert ("actor", nguyen.id) in _kinds_and_ids(search(db, q, role=Role.VIEWER)), q
    assert ("actor", sokha.id) in _kinds_and_ids(search(db, "SOKHA", role=Role.VIEWER))


def test_the_last_word_is_a_prefix(db: Session, people) -> None:  # type: ignore[no-untyped-def]
    sokha, _ = people
    assert ("actor", sokha.id) in _kinds_and_ids(search(db, "kem sok", role=Role.VIEWER))
    # Only the last word: "so kem" needs a word "so".
    assert ("actor", sokha.id) not in _kinds_and_ids(search(db, "so kem", role=Role.VIEWER))


def test_aliases_are_found_and_follow_changes(db: Session, people) -> None:  # type: ignore[no-untyped-def]
    from tracker.services.actors import add_alias

    sokha, _ = people
    assert not search(db, "kemsokha", role=Role.VIEWER).total
    add_alias(db, sokha, "KemSokha2017", actor=None)
    db.flush()
    assert ("actor", sokha.id) in _kinds_and_ids(search(db, "kemsokha", role=Role.VIEWER))


@pytest.mark.parametrize(
    "q",
    [
        '"kem',
        "kem AND",
        "OR sokha",
        "NOT",
        "kem NEAR(sokha)",
        "sokha*",
        "(kem",
        "-kem ^sokha",
        "title:kem",
        "kem & | ! sokha:*",
        "'); DROP TABLE demands; --",
        "\\",
        "\ue000kem\ue001",
    ],
)
def test_operators_and_quotes_typed_are_plain_words(db: Session, people, q: str) -> None:  # type: ignore[no-untyped-def]
    results = search(db, q, role=Role.VIEWER)  # never a syntax error
    words = query_terms(q)
    if words and all(w in {"kem", "sokha"} for w in words):
        assert results.total >= 1, q


def test_typed_operator_words_are_searched_as_words(db: Session) -> None:
    DemandFactory(title="Release all prisoners NOT yet tried")
    DemandFactory(title="Release all prisoners")
    db.flush()
    results = search(db, "prisoners not", role=Role.VIEWER)
    titles = [h.title for h in results.groups.get("demand", [])]
    assert len(titles) == 1 and ("NOT", True) in titles[0]


def test_highlights_are_the_record_text_in_pieces_the_query_matched(db: Session) -> None:
    """Data, not HTML: the page's template escapes each piece (tests/search/test_page.py)."""
    DemandFactory(title="<script>alert(1)</script> release Kem Sokha", text="free <b>Sokha</b>")
    db.flush()
    hit = search(db, "sokha", role=Role.VIEWER).groups["demand"][0]
    assert hit.title == (("<script>alert(1)</script> release Kem ", False), ("Sokha", True))
    assert hit.title_text == "<script>alert(1)</script> release Kem Sokha"
    assert plain_text(hit.snippet).startswith("free <b>Sokha")
    assert ("Sokha", True) in hit.snippet


def test_every_kind_is_searched(db: Session) -> None:
    resolution = ResolutionFactory(title="Resolution on Zanzibarian elections")
    demand = DemandFactory(
        title="Free the journalists",
        paragraph__resolution=resolution,
        paragraph__text="calls for the release of the Zanzibarian journalists;",
    )
    person = create_actor(
        db, name="Zanzibarian Bar Association", kind=ActorKind.ORGANISATION, actor=None
    )
    event = EventFactory(title="Arrest in Zanzibarian capital", country="TZ")
    source = SourceFactory(title="Report", publisher="Zanzibarian Herald")
    record_status_update(
        db, demand, status=Status.NOT_IMPLEMENTED, assessed_on=dt.date(2024, 1, 2),
        sources=[source], note="Still held in the Zanzibarian prison", actor=None,
    )  # fmt: skip
    db.flush()
    found = _kinds_and_ids(search(db, "zanzibarian", role=Role.ANALYST))
    assert found == {
        ("resolution", resolution.id),
        ("paragraph", demand.paragraph_id),
        ("note", demand.current_update_id),
        ("actor", person.id),
        ("event", event.id),
        ("source", source.id),
    }


def test_confidential_text_is_only_for_analysts(db: Session) -> None:
    demand = DemandFactory(title="Release the editor")
    secret = SourceFactory(title="Testimony of Quorthax", is_confidential=True)
    record_status_update(
        db, demand, status=Status.NOT_IMPLEMENTED, assessed_on=dt.date(2024, 1, 2),
        sources=[secret], note="Quorthax says he is held in Prey Sar", is_note_confidential=True,
        actor=None,
    )  # fmt: skip
    db.flush()
    assert search(db, "quorthax", role=Role.VIEWER).total == 0
    assert search(db, "prey sar", role=Role.VIEWER).total == 0
    seen = {k for k, _ in _kinds_and_ids(search(db, "quorthax", role=Role.ANALYST))}
    assert seen == {"source", "note"}
    assert search(db, "prey sar", role=Role.ADMIN).total == 1


def test_facets_count_and_filter_by_type_country_and_status(db: Session) -> None:
    kh = ResolutionFactory(country="KH")
    vn = ResolutionFactory(country="VN")
    a = DemandFactory(title="Blorvian release", paragraph__resolution=kh)
    DemandFactory(title="Blorvian release", paragraph__resolution=vn)
    record_status_update(
        db, a, status=Status.IMPLEMENTED, assessed_on=dt.date(2024, 1, 2),
        sources=[SourceFactory()], actor=None,
    )  # fmt: skip
    db.flush()
    results = search(db, "blorvian", role=Role.VIEWER)
    assert results.kind_counts == {"demand": 2}
    assert dict(results.country_counts) == {"KH": 1, "VN": 1}
    assert dict(results.status_counts) == {Status.NO_INFORMATION: 1, Status.IMPLEMENTED: 1}
    only = search(db, "blorvian", role=Role.VIEWER, country="kh", kind="demand")
    assert _kinds_and_ids(only) == {("demand", a.id)}
    done = search(db, "blorvian", role=Role.VIEWER, status=Status.IMPLEMENTED)
    assert _kinds_and_ids(done) == {("demand", a.id)}


def test_the_index_follows_edits_and_deletes(db: Session) -> None:
    from tracker.services.editing import edit_demand

    resolution = ResolutionFactory(title="Motion on Floopland", country="KH")
    demand = DemandFactory(title="Release Wibbleton", paragraph__resolution=resolution)
    db.flush()
    edit_demand(
        db, demand, expected_version=demand.version, title="Release Wobbleton", text="",
        deadline=None, deadline_precision=None, condition=None, actor=None,
    )  # fmt: skip
    db.flush()
    assert search(db, "wibbleton", role=Role.VIEWER).total == 0
    assert search(db, "wobbleton", role=Role.VIEWER).total == 1
    # A plain SQL change of the resolution's country reaches its demands' documents.
    db.execute(text("UPDATE resolutions SET country = 'LA' WHERE id = :id"), {"id": resolution.id})
    assert dict(search(db, "wobbleton", role=Role.VIEWER).country_counts) == {"LA": 1}
    db.execute(text("DELETE FROM demands WHERE id = :id"), {"id": demand.id})
    assert search(db, "wobbleton", role=Role.VIEWER).total == 0


def test_reindex_rebuilds_the_same_index(db: Session, people) -> None:  # type: ignore[no-untyped-def]
    before = search(db, "sokha", role=Role.ANALYST)
    db.execute(text("DELETE FROM search_index"))
    assert search(db, "sokha", role=Role.ANALYST).total == 0
    count = rebuild_search_index(db, actor=None)
    assert count >= 2
    after = search(db, "sokha", role=Role.ANALYST)
    assert _kinds_and_ids(after) == _kinds_and_ids(before)


def test_an_empty_query_searches_nothing(db: Session, people) -> None:  # type: ignore[no-untyped-def]
    for q in ("", "   ", "***", '""', "()"):
        results = search(db, q, role=Role.ADMIN)
        assert results.total == 0 and not results.groups


def test_an_excerpt_is_cut_around_the_first_match_with_the_matches_marked() -> None:
    words = [f"word{n}" for n in range(100)]
    words[60] = "Nguyễn"
    text = " ".join(words) + " <b>"
    cut = excerpt(text, query_terms("nguyen"), words=10)
    assert cut[0][0].startswith("…") and cut[-1][0].endswith("…")
    assert ("Nguyễn", True) in cut and "word58" in plain_text(cut)
    assert "word57" not in plain_text(cut)
    whole = excerpt("a <b>Sokha</b> trial", query_terms("sok"))
    assert whole == (("a <b>", False), ("Sokha", True), ("</b> trial", False))
    assert excerpt("", query_terms("sokha")) == ()


def test_a_one_letter_last_word_is_a_whole_word_not_a_prefix() -> None:
    assert fts5_expression(query_terms("Sokha k")).endswith('"k")')
    assert fts5_expression(query_terms("Sokha ke")).endswith('"ke"*)')
    assert highlighted("Kem Sokha", query_terms("k")) == (("Kem Sokha", False),)
    assert highlighted("Plan K", query_terms("k")) == (("Plan ", False), ("K", True))


def test_engine_fragments_become_pieces_with_entities_read_back() -> None:
    fragment = "a &lt;b&gt; \ue000Sokha\ue001 \ue001trial\ue000 &amp; more"
    assert marked(fragment, entities=True) == (
        ("a <b> ", False),
        ("Sokha", True),
        (" trial", False),
        (" & more", True),
    )
    assert marked(None) == ()
