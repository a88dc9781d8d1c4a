"""The dashboard narrowed by country (by name or code) and by body, from its own form."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, ParagraphFactory, ResolutionFactory
from tracker.models import Role


def test_the_dashboard_narrows_to_a_country_by_name_or_code_and_to_a_body(
    db: Session, client: FlaskClient, auth
) -> None:  # type: ignore[no-untyped-def]
    for country, body, title in (
        ("KH", "European Parliament", "Release Kem Sokha"),
        ("KH", "UN Human Rights Council", "Restore the CNRP"),
        ("NI", "European Parliament", "Release the Nicaraguan prisoners"),
    ):
        resolution = ResolutionFactory(country=country, body=body)
        DemandFactory(paragraph=ParagraphFactory(resolution=resolution), title=title)
    db.commit()
    auth.login(Role.VIEWER)

    everything = client.get("/").get_data(as_text=True)
    assert '<option value="KH" >Cambodia</option>' in everything
    assert '<option value="NI" >Nicaragua</option>' in everything
    for query in ("country=Cambodia", "country=kh"):
        html = client.get(f"/?{query}").get_data(as_text=True)
        assert "Release Kem Sokha" in html and "Restore the CNRP" in html
        assert "Nicaraguan" not in html
        assert "/demands?status=not_implemented&amp;country=KH" in html  # figures link in scope
    html = client.get("/?country=KH&body=UN+Human+Rights+Council").get_data(as_text=True)
    assert "Restore the CNRP" in html and "Kem Sokha" not in html
    assert "Cambodia · UN Human Rights Council" in html

    unknown = client.get("/?country=Narnia")
    assert unknown.status_code == 200
    html = unknown.get_data(as_text=True)
    assert "There is no country called &#39;Narnia&#39;" in html
    assert "Release Kem Sokha" in html and "Nicaraguan" in html  # everything, not nothing
