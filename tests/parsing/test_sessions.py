"""Deadlines from UN session references, read through the shipped calendar of sessions."""

from __future__ import annotations

import datetime

import pytest

from tracker.parsing import parse_resolution
from tracker.parsing.deadlines import find_deadline
from tracker.parsing.sessions import ordinal_number, session_month

ADOPTED = datetime.date(2024, 4, 4)


@pytest.mark.parametrize(
    ("word", "number"),
    [("first", 1), ("eleventh", 11), ("fiftieth", 50), ("fifty-eighth", 58),
     ("eightieth", 80), ("seventy ninth", 79), ("58th", 58), ("101st", 101)],
)  # fmt: skip
def test_ordinals(word: str, number: int) -> None:
    assert ordinal_number(word) == number


def test_the_calendar_ships_with_the_package() -> None:
    assert session_month("UN Human Rights Council", 58) == "2025-02"
    assert session_month("UN Human Rights Council", 53) == "2023-06"
    assert session_month("UN General Assembly", 80) == "2025-09"
    assert session_month("UN General Assembly", 500) is None


@pytest.mark.parametrize(
    ("clause", "speaker", "deadline"),
    [
        ("to present a report to the Human Rights Council at its fifty-eighth session",
         "UN Human Rights Council", "2025-02"),
        ("to report to the Council at its fifty-sixth session", "UN Human Rights Council",
         "2024-06"),
        ("to submit a report to the General Assembly at its eightieth session",
         "UN Human Rights Council", "2025-09"),
        ("to report to it at its eightieth session", "UN General Assembly", "2025-09"),
        ("to report at the eightieth session of the General Assembly", None, "2025-09"),
        ("to report at its fifty-fifth session", "European Parliament", None),
        ("to brief the Security Council at its fifty-eighth session", "UN Human Rights Council",
         None),
        ("to report at its fifty-fourth session", "UN Human Rights Council", None),  # before
    ],
)  # fmt: skip
def test_session_references_give_a_month(
    clause: str, speaker: str | None, deadline: str | None
) -> None:
    assert find_deadline(clause, ADOPTED, speaker) == deadline


def test_a_council_resolution_dates_a_report_by_its_session() -> None:
    parsed = parse_resolution(
        "Resolution adopted by the Human Rights Council on 4 April 2024\n"
        "55/20. Situation of human rights in Myanmar\nThe Human Rights Council,\n"
        "Recalling its resolutions on Myanmar,\n"
        "1. Requests the Special Rapporteur to present a report to the Council at its "
        "fifty-eighth session;\n"
    )
    assert parsed.paragraphs[0].deadline == "2025-02"
    assert parsed.paragraphs[0].demands[0].deadline == "2025-02"
