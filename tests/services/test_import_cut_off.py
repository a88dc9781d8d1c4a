"""A text cut off before its operative part is refused on import, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import AuditEvent, Citation, Resolution
from tracker.parsing import parse_resolution
from tracker.services.errors import ValidationError
from tracker.services.resolutions import import_resolution

PREAMBLE_ONLY = (
    "European Parliament resolution of 14 March 2023 on Cambodia: the case of Kem Sokha\n"
    "The European Parliament,\n"
    "- having regard to its previous resolutions on Cambodia,\n"
    "A. whereas on 3 March 2023 Kem Sokha was sentenced to 27 years of house arrest;\n"
)


def test_a_preamble_only_text_is_refused_with_where_it_stops(db: Session) -> None:
    parsed = parse_resolution(PREAMBLE_ONLY)
    with pytest.raises(ValidationError) as refused:
        import_resolution(db, parsed, actor=None)
    assert str(refused.value) == (
        "the text stops in the recitals, before any operative paragraph: "
        "paste or upload the whole text to import it"
    )
    db.flush()
    for model in (Resolution, Citation, AuditEvent):
        assert db.scalar(select(func.count()).select_from(model)) == 0
