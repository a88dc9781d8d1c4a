"""One unit of work per request: views never commit or roll back by hand; a refused change
leaves nothing behind; every demand CSV is one table with inert cells."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, SourceFactory
from tracker.models import LinkRole, Role, Source, Status, StatusUpdate
from tracker.services.actors import link_actor
from tracker.services.followup import record_status_update

WEB = Path(__file__).resolve().parents[2] / "tracker" / "web"


def test_no_view_commits_or_rolls_back_by_hand() -> None:
    found = []
    for path in sorted(WEB.rglob("*.py")):
        if path.name != "views.py" and path.parent.name not in ("admin",):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("commit", "rollback")
            ):
                found.append(f"{path.relative_to(WEB)}:{node.lineno} {node.func.attr}()")
    assert found == []


def test_a_refused_update_leaves_no_source_behind(client, auth, db: Session) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    demand, other = DemandFactory(), DemandFactory()
    foreign = record_status_update(
        db,
        other,
        status=Status.IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[SourceFactory()],
        actor=None,
    )
    db.commit()
    sources = db.scalar(select(func.count()).select_from(Source))
    response = client.post(
        f"/demands/{demand.id}/updates",
        data={
            "status": "not_implemented",
            "assessed_on": "2023-05-02",
            "source_url": "https://news.example.org/never-stored",
            "corrects_id": str(foreign.id),  # an update of another demand: refused
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "not an update of this demand" in page
    # The source the service created before refusing was rolled back before the page was
    # drawn: it is neither stored nor offered as "already cited".
    assert "never-stored" not in page.split("<textarea")[0].split('name="source_url"')[0]
    assert db.scalar(select(func.count()).select_from(Source)) == sources
    assert (
        db.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(StatusUpdate.demand_id == demand.id)
        )
        == 0
    )


def test_the_list_csv_and_the_command_write_one_table_with_inert_cells(  # type: ignore[no-untyped-def]
    client, auth, db: Session, cli
) -> None:
    auth.login(Role.VIEWER)
    demand = DemandFactory(title="=HYPERLINK('https://evil.example')")
    link_actor(db, demand, ActorFactory(name="@SUM(A1)"), LinkRole.ADDRESSEE, actor=None)
    db.commit()
    web = client.get("/demands/export.csv").get_data(as_text=True).lstrip("\ufeff")
    command = cli("demands", "list", "--format", "csv")
    assert command.exit_code == 0, command.output
    for text in (web, command.output):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == [
            "id",
            "title",
            "status",
            "last_assessed_on",
            "resolution",
            "paragraph",
            "country",
            "addressees",
            "subjects",
            "deadline",
        ]
        row = next(r for r in rows if r["id"] == str(demand.id))
        assert row["title"] == "'=HYPERLINK('https://evil.example')"
        assert row["addressees"] == "'@SUM(A1)"
