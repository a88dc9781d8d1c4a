"""One scope parsed from raw values: countries by code or name, records by number or name."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, ResolutionFactory
from tracker.services.errors import NotFound, ValidationError
from tracker.services.scopes import BRIEFING_SCOPES, ScopeRef, country_code, parse_scope


@pytest.mark.parametrize(
    ("raw", "code"),
    [("KH", "KH"), ("kh", "KH"), ("Cambodia", "KH"), (" cambodia ", "KH"), ("Myanmar", "MM")],
)
def test_a_country_is_given_by_code_or_name(raw: str, code: str) -> None:
    assert country_code(raw) == code


def test_an_unknown_country_says_how_to_give_one() -> None:
    with pytest.raises(ValidationError, match="two-letter ISO code"):
        country_code("Atlantis")


def test_records_are_found_by_number_or_by_name(db: Session) -> None:
    kem = ActorFactory(name="Kem Sokha")
    resolution = ResolutionFactory(title="Cambodia: the case of Kem Sokha")
    db.flush()
    assert parse_scope(db, {"actor": str(kem.id)}) == ScopeRef("actor", kem.id)
    assert parse_scope(db, {"actor": "kem sokha"}) == ScopeRef("actor", kem.id)
    assert parse_scope(db, {"resolution": resolution.procedure}).value == resolution.id
    assert parse_scope(db, {"resolution": resolution.title.upper()}).value == resolution.id
    assert parse_scope(db, {"country": "Cambodia"}).as_kwargs() == {"country": "KH"}
    assert parse_scope(db, {"addressee": kem.id}, kinds=BRIEFING_SCOPES).as_kwargs() == {
        "addressee_id": kem.id
    }


def test_a_scope_must_be_one_and_known(db: Session) -> None:
    with pytest.raises(ValidationError, match="say what the report covers: one of resolution"):
        parse_scope(db, {"country": "", "format": "pdf"})
    with pytest.raises(ValidationError, match="give exactly one of"):
        parse_scope(db, {"country": "KH", "actor": "1"})
    with pytest.raises(NotFound, match="no actor called 'Nobody'"):
        parse_scope(db, {"actor": "Nobody"})
    # A number no INTEGER column can hold names no record: not found, never a database error.
    with pytest.raises(NotFound, match="no thread with id"):
        parse_scope(db, {"thread": "99999999999999999999"})
