"""The issue's cases through each door: an EP text adopted on 2023-03-16 asking the Commission is
overdue without a reply on the dashboard, in `clocks list --overdue` and in the briefing; a
reply answers it; a treaty body's graded reply shows beside the analyst's status; the command
line's JSON contracts; watching from the pages."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.clocks.texts import EP_ADOPTED, import_concluding_observations, import_text
from tests.factories import SourceFactory, UserFactory
from tracker.models import Clock, Demand, Paragraph, Role, Status, Watch
from tracker.reports.briefing_build import build_briefing
from tracker.services.clocks import record_reply
from tracker.services.followup import record_status_update

CONTRACT = {
    "clock_id",
    "resolution_id",
    "demand_id",
    "addressee",
    "rule",
    "starts_on",
    "due_on",
    "state",
    "answered_on",
}


def _commission_clock(db: Session) -> Clock:
    resolution = import_text(db, EP_ADOPTED)
    clock = db.scalars(select(Clock).where(Clock.resolution_id == resolution.id)).one()
    db.commit()
    return clock


def test_without_a_reply_the_clock_is_overdue_on_the_dashboard_in_the_list_and_the_briefing(
    db: Session,
    cli,
    client,
    auth,  # type: ignore[no-untyped-def]
) -> None:
    clock = _commission_clock(db)

    listed = json.loads(cli("clocks", "list", "--overdue", "--format", "json").output)
    mine = [c for c in listed if c["clock_id"] == clock.id]
    assert mine == [
        {
            "clock_id": clock.id,
            "resolution_id": clock.resolution_id,
            "demand_id": None,
            "addressee": "Commission",
            "rule": "Commission: written follow-up to Parliament's resolutions",
            "starts_on": "2023-03-16",
            "due_on": "2023-06-16",
            "state": "overdue",
            "answered_on": None,
        }
    ]

    auth.login(Role.VIEWER)
    dashboard = client.get("/").get_data(as_text=True)
    overdue_part = dashboard.split('id="replies-overdue-h"')[1].split("</section>")[0]
    assert f"/clocks/{clock.id}" in overdue_part and "Commission" in overdue_part

    briefing = build_briefing(
        db, resolution_id=clock.resolution_id, since=dt.date(2023, 3, 1), today=dt.date(2023, 7, 1)
    )
    missed = [c for c in briefing.changes if c.kind == "reply_missed"]
    assert len(missed) == 1 and "no reply by 2023-06-16" in missed[0].detail
    assert "Commission" in missed[0].title

    # A reply answers it: no longer overdue anywhere, and the briefing lists it as received.
    record_reply(db, clock, received_on=dt.date(2023, 6, 12), reference="SP(2023)312", actor=None)
    db.commit()
    listed = json.loads(cli("clocks", "list", "--overdue", "--format", "json").output)
    assert clock.id not in [c["clock_id"] for c in listed]
    every = json.loads(cli("clocks", "list", "--format", "json").output)
    (answered,) = [c for c in every if c["clock_id"] == clock.id]
    assert set(answered) == CONTRACT
    assert answered["state"] == "answered" and answered["answered_on"] == "2023-06-12"
    dashboard = client.get("/").get_data(as_text=True)
    overdue_part = dashboard.split('id="replies-overdue-h"')[1].split("</section>")[0]
    assert f"/clocks/{clock.id}" not in overdue_part
    db.expire_all()
    briefing = build_briefing(
        db, resolution_id=clock.resolution_id, since=dt.date(2023, 3, 1), today=dt.date(2023, 7, 1)
    )
    kinds = [c.kind for c in briefing.changes]
    assert "reply" in kinds and "reply_missed" not in kinds


def test_replies_record_on_the_command_line(db: Session, cli) -> None:  # type: ignore[no-untyped-def]
    clock = _commission_clock(db)
    analyst = UserFactory(role=Role.ANALYST)
    viewer = UserFactory(role=Role.VIEWER)
    db.commit()
    refused = cli(
        "replies", "record", str(clock.id), "--received-on", "2023-06-01", "--as", viewer.email
    )
    assert refused.exit_code == 1 and "only analysts and admins" in refused.output
    graded = cli(
        "replies",
        "record",
        str(clock.id),
        "--received-on",
        "2023-06-01",
        "--grade",
        "B",
        "--as",
        analyst.email,
    )
    assert graded.exit_code == 1 and "does not grade replies" in graded.output
    assert "Traceback" not in graded.output
    bad_date = cli(
        "replies", "record", str(clock.id), "--received-on", "June", "--as", analyst.email
    )
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    done = cli(
        "replies",
        "record",
        str(clock.id),
        "--received-on",
        "2023-06-01",
        "--reference",
        "SP(2023)312",
        "--url",
        "https://example.org/sp",
        "--summary",
        "Noted.",
        "--as",
        analyst.email,
    )
    assert done.exit_code == 0, done.output
    missing = cli(
        "replies", "record", "999999", "--received-on", "2023-06-01", "--as", analyst.email
    )
    assert missing.exit_code == 1 and "no clock with id 999999" in missing.output


def test_clock_rules_are_listed_with_their_sources(cli) -> None:  # type: ignore[no-untyped-def]
    rules = json.loads(cli("clocks", "rules", "--format", "json").output)
    by_name = {r["name"]: r for r in rules}
    commission = by_name["Commission: written follow-up to Parliament's resolutions"]
    assert (commission["period"], commission["period_unit"]) == (3, "months")
    assert "OJ L 304, 20.11.2010" in commission["source"] and "point 16" in commission["source"]
    ministers = by_name["Committee of Ministers: reply to Assembly recommendations"]
    assert (ministers["period"], ministers["period_unit"]) == (6, "months")
    assert "22 January 2003" in ministers["source"]
    committee = by_name["Human Rights Committee: follow-up to concluding observations"]
    assert committee["period_from_text"] is True and "CCPR/C/128/3" in committee["source"]
    assert committee["grades"]["B"] == "partially satisfactory"
    assert by_name["A demand's own deadline"]["starts"] == "demand_deadline"


def test_watch_add_and_list_on_the_command_line(db: Session, cli) -> None:  # type: ignore[no-untyped-def]
    clock = _commission_clock(db)
    user = UserFactory(role=Role.VIEWER)
    db.commit()
    assert cli("watch", "add", user.email, "--resolution", str(clock.resolution_id)).exit_code == 0
    assert cli("watch", "add", user.email, "--country", "Cambodia").exit_code == 0
    again = cli("watch", "add", user.email, "--country", "kh")
    assert again.exit_code == 0  # watching twice changes nothing
    two = cli("watch", "add", user.email, "--country", "KH", "--demand", "1")
    assert two.exit_code == 1 and "exactly one" in two.output
    unknown = cli("watch", "add", user.email, "--actor", "999999")
    assert unknown.exit_code == 1 and "no actor with id 999999" in unknown.output
    listed = json.loads(cli("watch", "list", user.email, "--format", "json").output)
    assert [(w["kind"], w["target"]) for w in listed] == [
        ("resolution", clock.resolution_id),
        ("country", "KH"),
    ]
    assert listed[1]["label"] == "Cambodia"


def test_a_graded_reply_shows_beside_the_analysts_status(db: Session, client, auth) -> None:  # type: ignore[no-untyped-def]
    resolution = import_concluding_observations(db)
    clock = db.scalars(select(Clock).where(Clock.resolution_id == resolution.id)).one()
    assert clock.due_on == dt.date(2024, 3, 18)
    demand = db.scalars(
        select(Demand).join(Paragraph).where(Paragraph.resolution_id == resolution.id)
    ).one()
    record_status_update(
        db,
        demand,
        status=Status.PARTIALLY_IMPLEMENTED,
        assessed_on=dt.date(2024, 4, 1),
        sources=[SourceFactory()],
        actor=None,
    )
    record_reply(db, clock, received_on=dt.date(2024, 3, 1), grade="B", actor=None)
    db.commit()
    auth.login(Role.VIEWER)
    page = client.get(f"/demands/{demand.id}").get_data(as_text=True)
    header = page.split("</hgroup>")[0]
    assert "Partially implemented" in header  # the analyst's status stays
    assert "B — partially satisfactory" in header  # the official grade beside it
    clock_page = client.get(f"/clocks/{clock.id}").get_data(as_text=True)
    assert "B — partially satisfactory" in clock_page


def test_recording_a_reply_on_the_clock_page(db: Session, client, auth) -> None:  # type: ignore[no-untyped-def]
    resolution = import_concluding_observations(db)
    clock = db.scalars(select(Clock).where(Clock.resolution_id == resolution.id)).one()
    db.commit()
    auth.login(Role.ANALYST)
    page = client.get(f"/clocks/{clock.id}").get_data(as_text=True)
    assert "B — partially satisfactory" in page  # the grade choices
    refused = client.post(
        f"/clocks/{clock.id}/replies", data={"received_on": "2021-01-01", "grade": "A"}
    )
    assert refused.status_code == 422
    assert "before the clock started" in refused.get_data(as_text=True)
    done = client.post(
        f"/clocks/{clock.id}/replies",
        data={"received_on": "2024-03-01", "reference": "CCPR/C/KHM/FCO/3", "grade": "C"},
    )
    assert done.status_code == 302
    assert "C — not satisfactory" in client.get(f"/clocks/{clock.id}").get_data(as_text=True)


def test_watch_buttons_add_and_remove_a_watch(db: Session, client, auth) -> None:  # type: ignore[no-untyped-def]
    clock = _commission_clock(db)
    user = auth.login(Role.VIEWER)
    path = f"/resolutions/{clock.resolution_id}"
    page = client.get(path).get_data(as_text=True)
    assert ">Watch</button>" in page and "Watch KH" in page
    added = client.post(
        "/watching/add",
        data={"target": "resolution", "value": str(clock.resolution_id), "next": path},
    )
    assert added.status_code == 302 and added.headers["Location"].endswith(path)
    assert "Watching ✓" in client.get(path).get_data(as_text=True)
    away = client.post(
        "/watching/add", data={"target": "country", "value": "KH", "next": "https://evil.example"}
    )
    assert away.headers["Location"].endswith("/watching")  # never an open redirect
    watching = client.get("/watching").get_data(as_text=True)
    assert "Cambodia (KH)" in watching
    watch = db.scalars(select(Watch).where(Watch.user_id == user.id, Watch.country == "KH")).one()
    assert client.post(f"/watching/{watch.id}/remove").status_code == 302
    assert "Cambodia (KH)" not in client.get("/watching").get_data(as_text=True)
    bad = client.post("/watching/add", data={"target": "country", "value": "Atlantis"})
    assert bad.status_code == 302


def test_the_feed_carries_the_same_items_behind_a_personal_token(db: Session, client, auth) -> None:  # type: ignore[no-untyped-def]
    clock = _commission_clock(db)
    user = auth.login(Role.VIEWER)
    client.post("/watching/add", data={"target": "resolution", "value": str(clock.resolution_id)})
    record_reply(db, clock, received_on=dt.date(2023, 6, 12), reference="SP(2023)312", actor=None)
    db.commit()
    page = client.post("/watching/feed-token").get_data(as_text=True)
    address = page.split('<pre class="token">')[1].split("</pre>")[0]
    path = address.split("localhost", 1)[1]
    client.post("/logout")
    feed = client.get(path)
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    body = feed.get_data(as_text=True)
    assert "SP(2023)312" in body and f"/clocks/{clock.id}" in body
    assert client.get(path[:-4] + "abcd").status_code == 404
    assert user.id


def test_reports_carry_the_reply_clocks(db: Session) -> None:
    from tracker.reports.build import build_snapshot
    from tracker.reports.markdown import render_markdown

    resolution = import_concluding_observations(db)
    clock = db.scalars(select(Clock).where(Clock.resolution_id == resolution.id)).one()
    record_reply(db, clock, received_on=dt.date(2024, 3, 1), grade="B", actor=None)
    db.expire_all()
    snapshot = build_snapshot(db, resolution_id=resolution.id)
    (row,) = snapshot.clocks
    assert (row.addressee, row.state, row.official_grade) == (
        "State party",
        "answered",
        "B — partially satisfactory",
    )
    text = render_markdown(snapshot)
    assert "## Reply clocks" in text and "B — partially satisfactory" in text
