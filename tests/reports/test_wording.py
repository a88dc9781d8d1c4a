"""Draft wording: a demand's title turned back into a call for the next text."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.reports.briefing import BriefDemand
from tracker.reports.wording import call_in_full, deadline_words, draft_line, reiterated_call


@pytest.mark.parametrize(
    ("title", "addressees", "call"),
    [
        ("Adopt targeted sanctions", ["Council"],
         "Reiterates its call on the Council to adopt targeted sanctions"),
        ("Release Kem Sokha", [], "Reiterates its call to release Kem Sokha"),
        ("Immediately end all forms of intimidation", ["Cambodian Prime Minister",
         "Cambodian Government"], "Reiterates its call on the Cambodian Prime Minister and the"
         " Cambodian Government to immediately end all forms of intimidation"),
        ("Targeted sanctions", [], "Reiterates its call for targeted sanctions"),
        ("Release of Kem Sokha", ["Cambodian authorities"],
         "Reiterates its call on the Cambodian authorities for the release of Kem Sokha"),
        ("EU sanctions against officials", ["Council", "Commission", "Member States"],
         "Reiterates its call on the Council, the Commission and the Member States for EU"
         " sanctions against officials"),
        ("Kem Sokha's release", [], "Reiterates its call for Kem Sokha's release"),
        ("An independent investigation", ["States"],
         "Reiterates its call on all States for an independent investigation"),
        ("Suspend Cambodia's EBA status", ["EU"],
         "Reiterates its call on the EU to suspend Cambodia's EBA status"),
        ("Step down", ["Hun Manet"], "Reiterates its call on Hun Manet to step down"),
    ],
)  # fmt: skip
def test_a_title_becomes_a_call(title: str, addressees: list[str], call: str) -> None:
    assert reiterated_call(title, addressees) == call


def _demand(title: str, text: str, verb: str | None, **changes: object) -> BriefDemand:
    values: dict[str, object] = {
        "id": 1, "title": title, "status": "not_implemented", "times_demanded": 1,
        "resolution_reference": "2023/2589(RSP)", "addressees": (), "deadline": None,
        "deadline_precision": None, "last_assessed_on": None, "latest_sources": (),
        "text": text, "verb": verb,
    }  # fmt: skip
    values.update(changes)
    return BriefDemand(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "verb", "call"),
    [
        ("calls for immediate and unconditional release of Kem Sokha and all officials",
         "calls for",
         "Reiterates its call for immediate and unconditional release of Kem Sokha and all"
         " officials"),
        ("Urges the Council to adopt restrictive measures, against the leaders;", "urges",
         "Reiterates its call on the Council to adopt restrictive measures, against the"
         " leaders"),
        ("calls on the Prime Minister and his government to end all harassment", "calls on",
         "Reiterates its call on the Prime Minister and his government to end all harassment"),
        ("Reiterates its call for targeted sanctions", "reiterates its call",
         "Reiterates its call for targeted sanctions"),
        ("Strongly urges the authorities to release him", "strongly urges",
         "Reiterates its call on the authorities to release him"),
    ],
)  # fmt: skip
def test_a_call_is_quoted_in_full_from_the_demands_words(text: str, verb: str, call: str) -> None:
    assert call_in_full(_demand("Short title…", text, verb)) == call


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("to provide direct assistance to civil society", "urges"),  # a fragment
        ("demands that the authorities release him", "demands"),
        ("", None),
    ],
)
def test_words_that_are_no_call_fall_back_to_the_title(text: str, verb: str | None) -> None:
    demand = _demand("Adopt targeted sanctions", text, verb, addressees=("Council",))
    assert call_in_full(demand) == "Reiterates its call on the Council to adopt targeted sanctions"


def test_a_passed_deadline_is_noted_not_called_for_again() -> None:
    demand = _demand(
        "Ensure free and fair elections in July 2023",
        "Urges the Cambodian authorities to ensure free and fair elections in July 2023",
        "urges",
        deadline=dt.date(2023, 7, 31),
        deadline_precision="month",
    )
    assert draft_line(demand, today=dt.date(2026, 1, 1)) == (
        "[DRAFT] Notes that the deadline of July 2023 has passed for its call on the Cambodian"
        " authorities to ensure free and fair elections in July 2023 (first made in"
        " 2023/2589(RSP); status: not implemented);"
    )
    assert draft_line(demand, today=dt.date(2023, 7, 1)).startswith(
        "[DRAFT] Reiterates its call on the Cambodian authorities to ensure"
    )


@pytest.mark.parametrize(
    ("precision", "words"),
    [("day", "31 July 2023"), ("month", "July 2023"), ("year", "2023"), (None, "31 July 2023")],
)
def test_a_deadline_in_words_keeps_its_precision(precision: str | None, words: str) -> None:
    assert deadline_words(dt.date(2023, 7, 31), precision) == words
