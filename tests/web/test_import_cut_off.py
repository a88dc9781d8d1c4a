"""The import page refuses a text cut off before its operative part and says where it stops."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.models import Resolution, Role

from ..services.test_import_cut_off import PREAMBLE_ONLY


def test_the_import_page_refuses_a_preamble_only_text(client, auth, db) -> None:  # type: ignore[no-untyped-def]
    auth.login(Role.ANALYST)
    response = client.post("/resolutions/import", data={"text": PREAMBLE_ONLY})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "the text stops in the recitals, before any operative paragraph" in page
    assert "paste or upload the whole text" in page
    assert db.scalar(select(func.count()).select_from(Resolution)) == 0
