"""Briefings: what changed since a date, open demands by addressee, drafts; every format."""

from __future__ import annotations

import datetime as dt
import io
import json

from docx import Document
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ResolutionFactory, SourceFactory, UserFactory
from tracker.models import ActorKind, EventKind, LinkRole, Response, Role, Status
from tracker.reports.briefing import Limits
from tracker.reports.briefing_build import build_briefing
from tracker.reports.briefing_render import render_briefing, render_briefing_html
from tracker.services.actors import create_actor, link_actor
from tracker.services.events import create_event
from tracker.services.followup import record_status_update

TODAY = dt.date(2024, 6, 1)


def _fixed(db: Session):  # type: ignore[no-untyped-def]
    user = UserFactory(role=Role.ANALYST)
    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 3, 14))
    council = create_actor(db, name="Council", kind=ActorKind.INSTITUTION, actor=None)
    # Asked first in an earlier text, so that it has an assessment from before the briefing's date.
    earlier = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 1, 19))
    release = DemandFactory(paragraph__resolution=earlier, title="Release Kem Sokha")
    sanctions = DemandFactory(
        paragraph__resolution=resolution,
        title="Adopt targeted sanctions",
        deadline=dt.date(2024, 1, 31),
    )
    link_actor(db, sanctions, council, LinkRole.ADDRESSEE, actor=None)
    for demand, when, status, url in (
        (release, dt.date(2023, 2, 20), Status.NOT_IMPLEMENTED, "https://example.org/before"),
        (release, dt.date(2023, 3, 20), Status.PARTIALLY_IMPLEMENTED, "https://example.org/after1"),
        (sanctions, dt.date(2023, 9, 1), Status.NOT_IMPLEMENTED, "https://example.org/after2"),
    ):
        record_status_update(
            db,
            demand,
            status=status,
            assessed_on=when,
            sources=[SourceFactory(url=url)],
            actor=user,
            today=TODAY,
        )
    create_event(
        db,
        kind=EventKind.ELECTION,
        title="General election",
        country="KH",
        occurred_on=dt.date(2023, 7, 23),
        actor=None,
        today=TODAY,
    )
    create_event(
        db,
        kind=EventKind.VERDICT,
        title="Old verdict",
        country="KH",
        occurred_on=dt.date(2022, 1, 1),
        actor=None,
        today=TODAY,
    )
    db.flush()
    return resolution


def test_a_country_briefing_lists_only_changes_since_the_date(db: Session) -> None:
    _fixed(db)
    briefing = build_briefing(db, country="KH", since=dt.date(2023, 3, 1), today=TODAY)
    status_changes = [c for c in briefing.changes if c.kind == "status"]
    assert {c.on for c in status_changes} == {dt.date(2023, 3, 20), dt.date(2023, 9, 1)}
    assert all(c.on >= dt.date(2023, 3, 1) for c in briefing.changes)
    first = next(c for c in status_changes if c.on == dt.date(2023, 3, 20))
    assert first.previous_status == "not_implemented"
    assert first.status == "partially_implemented"
    assert [s.url for s in first.sources] == ["https://example.org/after1"]
    kinds = {c.kind for c in briefing.changes}
    assert {"event", "resolution", "overdue"} <= kinds
    assert "Old verdict" not in {c.title for c in briefing.changes}


def test_open_demands_are_grouped_by_addressee_with_overdue_and_drafts(db: Session) -> None:
    _fixed(db)
    briefing = build_briefing(db, country="KH", since=dt.date(2023, 3, 1), today=TODAY)
    groups = {g.addressee: [d.title for d in g.demands] for g in briefing.open_by_addressee}
    assert groups["Council"] == ["Adopt targeted sanctions"]
    assert [d.title for d in briefing.overdue] == ["Adopt targeted sanctions"]
    # Its deadline (31 January 2024) passed before TODAY: the draft says so, it does not call
    # again for what the date made moot.
    assert (
        "[DRAFT] Notes that the deadline of 31 January 2024 has passed for its call on the"
        " Council to adopt targeted sanctions (first made in "
        in "\n".join(briefing.suggested_wording)
    )


def test_since_defaults_to_the_latest_resolution_in_scope(db: Session) -> None:
    _fixed(db)
    briefing = build_briefing(db, country="KH", today=TODAY)
    assert briefing.since == dt.date(2023, 3, 14)


def test_every_briefing_format_holds_the_changes(db: Session) -> None:
    _fixed(db)
    briefing = build_briefing(db, country="KH", since=dt.date(2023, 3, 1), today=TODAY)
    data = json.loads(render_briefing(briefing, "json"))
    assert len(data["changes"]) == len(briefing.changes)
    assert "Release Kem Sokha" in render_briefing(briefing, "md").decode()
    text = "\n".join(
        p.text for p in Document(io.BytesIO(render_briefing(briefing, "docx"))).paragraphs
    )
    assert "1. What changed" in text and "Reiterates" in text
    pdf = render_briefing(briefing, "pdf")
    assert pdf.startswith(b"%PDF")


def test_each_open_demand_says_how_often_it_was_demanded_in_every_format(db: Session) -> None:
    resolution = _fixed(db)
    DemandFactory(paragraph__resolution=resolution, title="Never looked at")
    db.flush()
    briefing = build_briefing(db, country="KH", since=dt.date(2023, 3, 1), today=TODAY)
    html = render_briefing_html(briefing)
    markdown = render_briefing(briefing, "md").decode()
    docx = "\n".join(
        p.text for p in Document(io.BytesIO(render_briefing(briefing, "docx"))).paragraphs
    )
    for text in (html, markdown, docx):
        assert "Release Kem Sokha" in text
        assert text.count("demanded once") == sum(
            len(g.demands) for g in briefing.open_by_addressee
        )
        assert "Stale (never assessed): Never looked at" in text
        assert "last assessed —" not in text


def test_the_briefing_page_and_its_downloads(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    _fixed(db)
    db.commit()
    page = client.get("/briefings?country=KH&since=2023-03-01")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Release Kem Sokha" in body and "What changed" in body
    for fmt in ("md", "json", "docx", "pdf"):
        response = client.get(f"/briefings/download?country=KH&since=2023-03-01&format={fmt}")
        assert response.status_code == 200, fmt
        assert "attachment" in response.headers["Content-Disposition"]
    assert client.get("/briefings?country=KH&confidential=1").status_code == 403
    assert client.get("/briefings?country=Atlantis").status_code == 422
    assert client.get("/briefings?country=Cambodia").status_code == 200
    future = client.get("/briefings?country=KH&since=2999-01-01")
    assert future.status_code == 422
    assert "The date is after today" in future.get_data(as_text=True)
    for bad, says in (
        ("country=KH&since=2999-01-01&format=md", "The date is after today"),
        ("country=KH&format=exe", "There is no briefing format &#39;exe&#39;"),
        ("country=KH&since=2023-02-30&format=md", "Write the date as YYYY-MM-DD."),
        ("format=md", "Say what it covers: one of country, actor"),
    ):
        response = client.get(f"/briefings/download?{bad}")
        assert response.status_code == 400, bad
        assert says in response.get_data(as_text=True), bad


def test_briefing_statement_count_does_not_grow(db: Session, queries) -> None:  # type: ignore[no-untyped-def]
    _fixed(db)
    db.flush()
    with queries() as small:
        build_briefing(db, country="KH", since=dt.date(2023, 1, 1), today=TODAY)
    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 5, 1))
    for _ in range(8):
        demand = DemandFactory(paragraph__resolution=resolution)
        record_status_update(
            db,
            demand,
            status=Status.REGRESSED,
            assessed_on=dt.date(2023, 6, 1),
            sources=[SourceFactory()],
            actor=None,
            today=TODAY,
        )
    db.flush()
    db.expire_all()
    with queries() as large:
        build_briefing(db, country="KH", since=dt.date(2023, 1, 1), today=TODAY)
    assert small.count == large.count, (str(small), str(large))


def test_the_briefing_command_writes_json_with_changes(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _fixed(db)
    db.commit()
    out = tmp_path / "b.json"
    result = cli(
        "briefing", "--country", "KH", "--since", "2023-03-01", "--format", "json", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["changes"]
    assert all(c["on"] >= "2023-03-01" for c in data["changes"])
    refused = cli("briefing", "--country", "KH", "--actor", "1", "--format", "md", "-o", "-")
    assert refused.exit_code != 0 and "exactly one" in refused.output


def test_a_limited_briefing_lists_the_first_lines_and_counts_them_all(db: Session) -> None:
    _fixed(db)
    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 5, 1))
    council = create_actor(db, name="Commission", kind=ActorKind.INSTITUTION, actor=None)
    for n in range(6):
        demand = DemandFactory(
            paragraph__resolution=resolution, title=f"Demand {n}", deadline=dt.date(2023, 12, 1)
        )
        link_actor(db, demand, council, LinkRole.ADDRESSEE, actor=None)
        record_status_update(
            db,
            demand,
            status=Status.NOT_IMPLEMENTED,
            assessed_on=dt.date(2023, 6, n + 1),
            sources=[SourceFactory()],
            actor=None,
            today=TODAY,
        )
    db.flush()
    full = build_briefing(db, country="KH", since=dt.date(2023, 3, 1), today=TODAY)
    short = build_briefing(
        db,
        country="KH",
        since=dt.date(2023, 3, 1),
        today=TODAY,
        limits=Limits(changes=3, per_addressee=2, lists=1),
    )
    assert not full.is_abridged and short.is_abridged
    assert full.changes_total == len(full.changes) == short.changes_total
    assert [c.on for c in short.changes] == [c.on for c in full.changes][-3:]
    groups = {g.addressee: g for g in short.open_by_addressee}
    assert groups["Commission"].total == 6 and len(groups["Commission"].demands) == 2
    assert (short.overdue_total, len(short.overdue)) == (len(full.overdue), 1)
    assert len(full.overdue) == 7
    assert len(short.suggested_wording) == 1 < short.wording_total == len(full.suggested_wording)


def test_the_briefing_page_says_how_many_lines_it_leaves_out(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.VIEWER)
    _fixed(db)
    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 5, 1))
    for _ in range(Limits().lists + 3):
        DemandFactory(paragraph__resolution=resolution, deadline=dt.date(2023, 12, 1))
    db.commit()
    body = client.get("/briefings?country=KH&since=2023-03-01").get_data(as_text=True)
    assert "the downloads list more" in body
    assert "… and 4 more overdue" in body  # 25 listed of 29: 28 new and "Adopt targeted sanctions"
    markdown = client.get("/briefings/download?country=KH&since=2023-03-01&format=md")
    assert markdown.get_data(as_text=True).count("Overdue since") == Limits().lists + 4


def test_only_real_changes_are_listed_and_confirmations_are_counted(db: Session) -> None:
    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 3, 14))
    quiet = DemandFactory(paragraph__resolution=resolution, title="Targeted sanctions")
    kept = DemandFactory(paragraph__resolution=resolution, title="Release Kem Sokha")
    for demand, when, status, response in (
        (quiet, dt.date(2023, 4, 1), Status.NO_INFORMATION, None),
        (quiet, dt.date(2023, 5, 1), Status.NO_INFORMATION, None),
        (kept, dt.date(2023, 4, 1), Status.NOT_IMPLEMENTED, None),
        (kept, dt.date(2023, 6, 1), Status.NOT_IMPLEMENTED, None),
        (kept, dt.date(2023, 9, 15), Status.NOT_IMPLEMENTED, Response.REJECTED),
        (kept, dt.date(2023, 10, 1), Status.PARTIALLY_IMPLEMENTED, None),
    ):
        record_status_update(
            db,
            demand,
            status=status,
            assessed_on=when,
            sources=[SourceFactory()],
            response=response,
            actor=None,
            today=TODAY,
        )
    db.flush()
    briefing = build_briefing(db, country="KH", since=dt.date(2023, 3, 1), today=TODAY)
    details = [(c.on, c.title, c.detail) for c in briefing.changes if c.kind == "status"]
    assert details == [
        (dt.date(2023, 4, 1), "Release Kem Sokha", "first assessed: not implemented"),
        (
            dt.date(2023, 9, 15),
            "Release Kem Sokha",
            "still not implemented; the addressee rejected it",
        ),
        (
            dt.date(2023, 10, 1),
            "Release Kem Sokha",
            "now partially implemented (was not implemented)",
        ),
    ]
    assert briefing.unchanged_total == 3  # two "no information" again, one "not implemented"
    assert briefing.changes_total == len(briefing.changes)
    for fmt in ("md", "json"):
        text = render_briefing(briefing, fmt).decode()
        assert "no information → no information" not in text
        assert "no information, now no information" not in text


def test_a_briefing_names_its_country_and_quotes_demands_in_full(db: Session) -> None:
    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 3, 14))
    DemandFactory(
        paragraph__resolution=resolution,
        title="Ensure free and fair elections in July 2023",
        verb="urges",
        text="Urges the Cambodian authorities to ensure free and fair elections in July 2023,"
        " allowing all political parties to carry out an equal campaign",
        deadline=dt.date(2023, 7, 31),
        deadline_precision="month",
    )
    DemandFactory(
        paragraph__resolution=resolution,
        title="Release Kem Sokha and all opposition officials and activists convicted…",
        verb="calls for",
        text="calls for immediate and unconditional release of Kem Sokha and all opposition"
        " officials and activists convicted or held in custody on politically motivated charges",
    )
    db.flush()
    briefing = build_briefing(db, country="kh", since=dt.date(2023, 3, 1), today=TODAY)
    assert briefing.title == "Briefing: Cambodia" and briefing.scope_name == "Cambodia"
    drafts = "\n".join(briefing.suggested_wording)
    assert (
        "[DRAFT] Reiterates its call for immediate and unconditional release of Kem Sokha and all"
        " opposition officials and activists convicted or held in custody on politically"
        " motivated charges (first made in " in drafts
    )
    assert (
        "[DRAFT] Notes that the deadline of July 2023 has passed for its call on the Cambodian"
        " authorities to ensure free and fair elections in July 2023, allowing all political"
        " parties to carry out an equal campaign (first made in " in drafts
    )
    assert "Reiterates its call on the Cambodian authorities to ensure" not in drafts
    assert "…" not in drafts
    overdue = next(c for c in briefing.changes if c.kind == "overdue")
    assert (overdue.on, overdue.precision) == (dt.date(2023, 7, 31), "month")


def test_a_draft_reiterates_a_call_whose_deadline_is_still_ahead(db: Session) -> None:
    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 3, 14))
    DemandFactory(
        paragraph__resolution=resolution,
        title="Hold elections",
        verb="urges",
        text="Urges the Cambodian authorities to hold elections by 2030",
        deadline=dt.date(2030, 12, 31),
        deadline_precision="year",
    )
    db.flush()
    (draft,) = build_briefing(db, country="KH", today=TODAY).suggested_wording
    assert draft.startswith(
        "[DRAFT] Reiterates its call on the Cambodian authorities to hold elections by 2030 ("
    )


def test_a_document_lists_a_bounded_number_of_lines_whatever_the_scope(db: Session) -> None:
    from dataclasses import replace

    from tracker.reports.briefing import DOCUMENT_LIMITS

    resolution = ResolutionFactory(country="KH", adopted_on=dt.date(2023, 5, 1))
    addressees = [
        create_actor(db, name=f"Ministry {n}", kind=ActorKind.INSTITUTION, actor=None)
        for n in range(4)
    ]
    for n in range(12):
        demand = DemandFactory(paragraph__resolution=resolution, deadline=dt.date(2023, 12, 1))
        link_actor(db, demand, addressees[n % 4], LinkRole.ADDRESSEE, actor=None)
    db.flush()
    small = Limits(changes=2, per_addressee=2, lists=3, addressees=2)
    briefing = build_briefing(
        db, country="KH", since=dt.date(2023, 1, 1), today=TODAY, limits=small
    )
    assert len(briefing.open_by_addressee) == 2 and briefing.addressees_total == 4
    assert all(len(g.demands) == 2 and g.total == 3 for g in briefing.open_by_addressee)
    assert (len(briefing.overdue), briefing.overdue_total) == (3, 12)
    assert len(briefing.changes) == 2 and briefing.is_abridged
    # Downloads and the command line build with DOCUMENT_LIMITS unless told otherwise.
    for limits in (None, DOCUMENT_LIMITS):
        default = build_briefing(
            db, country="KH", since=dt.date(2023, 1, 1), today=TODAY, limits=limits
        )
        assert default.overdue_total == 12 and len(default.overdue) == 12
    tight = replace(DOCUMENT_LIMITS, lists=5)
    assert len(build_briefing(db, country="KH", today=TODAY, limits=tight).overdue) == 5
