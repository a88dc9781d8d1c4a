"""Revision b7e3c1f2a9d4 rebuilds demand titles cut with "…", and its downgrade cuts them again."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.support import fresh_engine
from tracker.migrate import downgrade, upgrade

BEFORE = "2cd1b192a744"
AFTER = "b7e3c1f2a9d4"
EP_TEXT = (
    "calls for immediate and unconditional release of Kem Sokha and all opposition officials "
    "and activists convicted or held in custody on politically motivated charges"
)
EP_CUT = (
    "Release Kem Sokha and all opposition officials and activists convicted or held in custody "
    "on politically motivated\u2026"
)
EP_FULL = (
    "Release Kem Sokha and all opposition officials and activists convicted or held in custody "
    "on politically motivated charges"
)
UPR_TEXT = (
    "Undertake measures to ratify the International Convention on the Protection of the Rights "
    "of All Migrant Workers and Members of Their Families (Indonesia)"
)
UPR_CUT = (
    "Undertake measures to ratify the International Convention on the Protection of the Rights "
    "of All Migrant Workers and\u2026"
)


@pytest.fixture
def engine(backend: str, tmp_path):  # type: ignore[no-untyped-def]
    engine = fresh_engine(backend, "migrations", tmp_path)
    yield engine
    engine.dispose()


def _titles(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT title FROM demands ORDER BY id")).scalars())


def test_titles_cut_with_an_ellipsis_are_rebuilt_and_cut_again_on_downgrade(
    engine: sa.Engine,
) -> None:
    upgrade(engine, BEFORE)
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    meta = sa.MetaData()
    meta.reflect(engine, only=["resolutions", "paragraphs", "demands"])
    t = meta.tables
    with engine.begin() as conn:
        conn.execute(
            t["resolutions"].insert(),
            {"id": 1, "body": "EP", "title": "R", "source_text": "x", "source_sha256": "0" * 64}
            | {"is_complete": True, "parse_warnings": [], "is_demo": False}
            | {"created_at": now, "version": 1},
        )
        conn.execute(
            t["paragraphs"].insert(),
            {"id": 1, "resolution_id": 1, "position": 1, "label": "1", "text": EP_TEXT + ";"}
            | {"subparagraphs": [], "kind": "demand", "is_truncated": False, "extra": {}},
        )
        rows = [
            (1, EP_CUT, EP_TEXT),  # found in the demand's text
            (2, UPR_CUT, UPR_TEXT),  # the recommending State is left out
            (3, "Release Kem Sokha", EP_TEXT),  # a whole title is left alone
            (4, "Something nobody printed\u2026", ""),  # not found: the paragraph's words
        ]
        conn.execute(
            t["demands"].insert(),
            [
                {"id": i, "paragraph_id": 1, "position": i, "title": title, "text": text}
                | {"strength": "standard", "is_repetition": False, "created_at": now, "version": 1}
                for i, title, text in rows
            ],
        )
    upgrade(engine, AFTER)
    titles = _titles(engine)
    assert titles[:3] == [
        EP_FULL,
        UPR_TEXT.removesuffix(" (Indonesia)"),
        "Release Kem Sokha",
    ]
    assert (
        titles[3] == "Calls for immediate and unconditional release of Kem Sokha and all "
        "opposition officials and activists convicted or held in custody on politically "
        "motivated charges"
    )
    assert not any(title.endswith("\u2026") for title in titles)

    downgrade(engine, BEFORE)
    after_down = _titles(engine)
    assert after_down[0] == EP_CUT
    assert after_down[2] == "Release Kem Sokha"
    assert all(len(title) <= 120 for title in after_down)
    upgrade(engine, AFTER)
    assert _titles(engine)[0] == EP_FULL
