"""Revision 48c1932dedec seeds the rules and opens the clocks of adopted texts already stored;
its downgrade removes both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from tests.support import fresh_engine
from tracker.migrate import downgrade, upgrade

BEFORE = "6b68e478f7c3"


def _insert_text(
    conn: sa.Connection,
    t: dict[str, sa.Table],
    n: int,
    *,
    kind: str | None,
    body: str,
    addressee: str,
    paragraphs: list[str],
    reference: str | None = None,
) -> None:
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    conn.execute(
        t["resolutions"].insert(),
        {"id": n, "body": body, "kind": kind, "title": f"R{n}", "source_text": f"x{n}"}
        | {"source_sha256": f"{n:064x}", "adopted_on": dt.date(2023, 3, 16)}
        | {"document_reference": reference, "is_complete": True, "parse_warnings": []}
        | {"is_demo": False, "created_at": now, "version": 1},
    )
    for position, text in enumerate(paragraphs, 1):
        conn.execute(
            t["paragraphs"].insert(),
            {"id": n * 10 + position, "resolution_id": n, "position": position, "text": text}
            | {"label": str(position), "subparagraphs": [], "kind": "demand"}
            | {"is_truncated": False, "extra": {}},
        )
    conn.execute(
        t["demands"].insert(),
        {"id": n, "paragraph_id": n * 10 + 1, "position": 1, "title": f"D{n}", "text": ""}
        | {"strength": "standard", "is_repetition": False, "created_at": now, "version": 1},
    )
    conn.execute(
        t["actors"].insert(),
        {"id": n, "kind": "institution", "name": addressee, "normalised_name": addressee.lower()}
        | {"description": "", "created_at": now, "version": 1},
    )
    conn.execute(t["demand_actors"].insert(), {"demand_id": n, "actor_id": n, "role": "addressee"})


def test_stored_adopted_texts_get_their_clocks(backend: str, tmp_path: Path) -> None:
    engine = fresh_engine(backend, "clockmigration", tmp_path)
    upgrade(engine, BEFORE)
    meta = sa.MetaData()
    meta.reflect(engine, only=["resolutions", "paragraphs", "demands", "actors", "demand_actors"])
    with engine.begin() as conn:
        _insert_text(
            conn,
            meta.tables,
            1,
            kind="adopted text",
            body="European Parliament",
            addressee="Commission",
            paragraphs=["Calls on the Commission to act;"],
        )
        _insert_text(
            conn,
            meta.tables,
            2,
            kind="motion",
            body="European Parliament",
            addressee="Commission",
            paragraphs=["Calls on the Commission to act;"],
        )
        _insert_text(
            conn,
            meta.tables,
            3,
            kind=None,
            body="",
            reference="CCPR/C/KHM/CO/3",
            addressee="State party",
            paragraphs=[
                "The State party should release Kem Sokha.",
                "The State party is requested to provide, within two years, information on "
                "the implementation of the recommendations.",
            ],
        )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT c.resolution_id, r.name, c.starts_on, c.due_on FROM clocks c "
                "JOIN clock_rules r ON r.id = c.rule_id ORDER BY c.resolution_id"
            )
        ).all()
    assert [(i, name.split(":")[0], str(start), str(due)) for i, name, start, due in rows] == [
        (1, "Commission", "2023-03-16", "2023-06-16"),
        (3, "Human Rights Committee", "2023-03-16", "2025-03-16"),
    ]
    downgrade(engine, BEFORE)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM clocks")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM clock_rules")).scalar() == 0
    engine.dispose()
