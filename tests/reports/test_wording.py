"""Draft wording: a demand's title turned back into a call for the next text."""

from __future__ import annotations

import pytest

from tracker.reports.wording import reiterated_call


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
