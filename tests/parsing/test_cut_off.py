"""Texts cut off before their operative part: parsed as far as they go, never refused."""

from __future__ import annotations

import pytest

from tracker.parsing import ParseError, parse_resolution

TITLE = "European Parliament resolution of 14 March 2023 on Cambodia: the case of Kem Sokha"
CITATIONS = (
    "The European Parliament,\n"
    "- having regard to its previous resolutions on Cambodia,\n"
    "- having regard to the Universal Declaration of Human Rights,\n"
)
RECITALS = (
    "A. whereas on 3 March 2023 Kem Sokha was sentenced to 27 years of house arrest;\n"
    "B. whereas the trial was widely seen as politically"
)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"{TITLE}\n(2023/2589(RSP))\n{CITATIONS}{RECITALS}", "in the recitals"),
        (f"{TITLE}\n{CITATIONS}", "in the citations"),
        (f"{TITLE}\nThe European Parliament,\n", "after its opening formula"),
        (f"{TITLE}\n", "after its title"),
        (
            "The Human Rights Council,\nGuided by the Charter of the United Nations,\n"
            "Recalling its resolution 52/31 of 4 April 2023,\n",
            "in the recitals",
        ),
    ],
)
def test_a_text_that_stops_before_its_operative_part_says_where(text: str, where: str) -> None:
    parsed = parse_resolution(text)
    assert parsed.complete is False
    assert parsed.paragraphs == ()
    message = f"the text stops {where}, before any operative paragraph"
    assert parsed.warnings[0] == message
    assert parsed.stops_before_operative == message


def test_what_a_cut_off_text_holds_is_kept() -> None:
    parsed = parse_resolution(f"{TITLE}\n(2023/2589(RSP))\n{CITATIONS}{RECITALS}")
    assert parsed.title == TITLE
    assert parsed.procedure == "2023/2589(RSP)"
    assert [c.text[:27] for c in parsed.citations] == [
        "having regard to its previo",
        "having regard to the Univer",
    ]
    assert [r.label for r in parsed.recitals] == ["A", "B"]
    assert parsed.recitals[-1].truncated is True


def test_a_complete_text_has_nothing_to_refuse() -> None:
    parsed = parse_resolution(f"{TITLE}\n{CITATIONS}1. Calls for the release of Kem Sokha.\n")
    assert parsed.complete is True
    assert parsed.stops_before_operative is None


@pytest.mark.parametrize(
    "text",
    [
        "Phnom Penh, 3 March 2023. A court sentenced the opposition leader to 27 years of "
        "house arrest on Friday, his lawyers said.\nThe European Parliament adopted a "
        "resolution on Cambodia on Thursday.\n",
        "Shopping list\n- apples\n- bread\n",
    ],
)
def test_a_text_with_no_resolution_shape_is_still_refused(text: str) -> None:
    with pytest.raises(ParseError, match="no operative paragraphs found"):
        parse_resolution(text)
