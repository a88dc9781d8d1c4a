"""Unit tests for the pieces: labels, markers, verbs, kinds, addressees, deadlines, metadata."""

from __future__ import annotations

import datetime

import pytest

from tracker.parsing import CANONICAL_ADDRESSEES, ParsedParagraph, ParseError, parse_resolution
from tracker.parsing.addressees import find_addressees
from tracker.parsing.conditions import find_condition
from tracker.parsing.deadlines import find_deadline
from tracker.parsing.metadata import find_date, find_reference, numbered_reference
from tracker.parsing.verbs import leading_verb

HEAD = (
    "European Parliament resolution on Cambodia\n"
    "The European Parliament,\n"
    "- having regard to its rules,\n"
)


def _one(paragraph: str) -> ParsedParagraph:
    return parse_resolution(HEAD + paragraph).paragraphs[0]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Calls for the release of X;", "calls for"),
        ("Calls on the Council to act;", "calls on"),
        ("Calls upon all States to act;", "calls upon"),
        ("Strongly condemns the arrest;", "strongly condemns"),
        ("Also urges the Commission to act;", "urges"),
        ("Reiterates its call for sanctions;", "reiterates its call"),
        ("Repeats its calls on the Council to act;", "repeats its call"),
        ("Is deeply concerned by the arrest;", "is deeply concerned"),
        ("Takes note of the report;", "takes note"),
        ("Gives its consent to the agreement;", "gives its consent"),
        ("Delivers a favourable opinion on the candidate;", "delivers a favourable opinion"),
        ("Instructs its President to forward this resolution;", "instructs"),
        ("The Assembly therefore calls on the authorities to act;", "calls on"),
        ("The Parliamentary Assembly recalls its Resolution 2300 (2019).", "recalls"),
    ],
)
def test_leading_verb_phrase(text: str, phrase: str) -> None:
    verb = leading_verb(text)
    assert verb is not None and verb.phrase == phrase


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("1. Demands that the authorities release X;", "demand"),
        ("1. Asks the Commission to report;", "demand"),
        ("1. Insists that the authorities must release all prisoners;", "demand"),
        ("1. Insists that the legitimacy of the government depends on free elections;", "position"),
        ("1. Condemns the arrest of X and calls for his release;", "demand"),
        ("1. Deplores the verdict;", "position"),
        ("1. Approves the Council decision;", "procedural"),
        ("1. Decides to remain seized of the matter.", "procedural"),
        ("1. Decides to continue its consideration of the question.", "procedural"),
        (
            "1. Requests the Secretary-General to convey this resolution to all States;",
            "procedural",
        ),
    ],
)
def test_paragraph_kind(paragraph: str, kind: str) -> None:
    assert _one(paragraph).kind == kind


def test_a_paragraph_asking_several_things_gives_several_demands() -> None:
    p = _one(
        "1. Calls for the release of X and urges the Council to impose sanctions,"
        " and to freeze assets;"
    )
    assert [d.title for d in p.demands] == ["Release X", "Impose sanctions", "Freeze assets"]
    assert [d.addressees for d in p.demands] == [(), ("Council",), ("Council",)]


@pytest.mark.parametrize(
    ("paragraph", "demands"),
    [
        (
            "1. Reiterates its call for the immediate and unconditional release of Kem Sokha and"
            " for all charges against him to be dropped;",
            [("Release Kem Sokha", ()), ("Drop all charges against him", ())],
        ),
        (
            "1. Calls for the release of Kem Sokha and for the Council to adopt targeted"
            " sanctions;",
            [("Release Kem Sokha", ()), ("Adopt targeted sanctions", ("Council",))],
        ),
        (
            "1. Reiterates its call for the Cambodian authorities to release Kem Sokha;",
            [("Release Kem Sokha", ("Cambodian authorities",))],
        ),
        (
            "1. Reiterates its call on the Council to adopt targeted sanctions;",
            [("Adopt targeted sanctions", ("Council",))],
        ),
        (
            "1. Calls for those responsible to be promptly brought to justice;",
            [("Bring those responsible to justice", ())],
        ),
        (
            "1. Calls for an independent investigation into the killing and for the"
            " perpetrators to be held accountable;",
            [
                ("An independent investigation into the killing", ()),
                ("Hold the perpetrators accountable", ()),
            ],
        ),
    ],
)
def test_a_call_for_several_things_gives_a_demand_each(
    paragraph: str, demands: list[tuple[str, tuple[str, ...]]]
) -> None:
    p = _one(paragraph)
    assert [(d.title, d.addressees) for d in p.demands] == demands
    assert {d.verb for d in p.demands} == {p.verb}


@pytest.mark.parametrize(
    ("paragraph", "title", "condition"),
    [
        (
            "1. Urges the Cambodian authorities to release, immediately and unconditionally, Kem"
            " Sokha and all other political prisoners;",
            "Release Kem Sokha and all other political prisoners",
            None,
        ),
        (
            "1. Strongly condemns the sentence and demands that he be released immediately;",
            "Release him immediately",
            None,
        ),
        (
            "1. Demands that all charges against Kem Sokha be dropped;",
            "Drop all charges against Kem Sokha",
            None,
        ),
        (
            "1. Calls for the EU to consider, if there is no improvement, the full suspension of"
            " Cambodia's EBA preferences;",
            "Consider the full suspension of Cambodia's EBA preferences",
            "if there is no improvement",
        ),
        (
            "1. Calls on the Cambodian Government to ensure that the 2028 elections are free, fair"
            " and inclusive, allowing all parties to participate;",
            "Ensure that the 2028 elections are free, fair and inclusive",
            None,
        ),
    ],
)
def test_titles_name_the_act_without_asides(
    paragraph: str, title: str, condition: str | None
) -> None:
    (demand,) = _one(paragraph).demands
    assert (demand.title, demand.condition) == (title, condition)


def test_un_sub_paragraphs_that_open_with_to_give_plain_titles() -> None:
    p = _one(
        "3. Calls upon the Government of the Islamic Republic of Iran:\n"
        "(a) To abolish public executions;\n"
        "(b) To release all persons arbitrarily detained;"
    )
    assert [d.title for d in p.demands] == [
        "Abolish public executions",
        "Release all persons arbitrarily detained",
    ]
    assert {d.addressees for d in p.demands} == {("Iranian Government",)}


def test_to_before_a_noun_is_not_an_infinitive_split() -> None:
    p = _one("1. Calls on the Council to grant access to lawyers and to their families;")
    assert len(p.demands) == 1


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("the HR/VP and the EEAS", ["VP/HR", "EEAS"]),
        ("the High Representative of the Union for Foreign Affairs and Security Policy", ["VP/HR"]),
        ("the EU delegation to Cambodia and the Member States", ["EU Delegation", "Member States"]),
        ("the UN Human Rights Council and the OHCHR", ["UN Human Rights Council", "OHCHR"]),
        ("the Secretary-General of ASEAN", ["Secretary-General of ASEAN"]),
        ("the Government, Prime Minister and National Assembly of Cambodia",
         ["Cambodian Government", "Cambodian Prime Minister", "Cambodian National Assembly"]),
        ("Cambodia's authorities", ["Cambodian authorities"]),
        ("the National Election Commission", []),
        ("the Human Rights Council", ["UN Human Rights Council"]),
        ("all parties to the conflict", ["Parties to the conflict"]),
        ("the Committee of Ministers of the Council of Europe", ["Committee of Ministers"]),
    ],
)  # fmt: skip
def test_addressee_spellings_map_to_canonical_names(text: str, names: list[str]) -> None:
    assert [n for _, n in find_addressees(text)] == names
    assert all(n in CANONICAL_ADDRESSEES or n.startswith("Cambodian ") for n in names)


@pytest.mark.parametrize(
    ("clause", "deadline"),
    [
        ("to ensure free elections in July 2023", "2023-07"),
        ("to act by the end of 2024", "2024"),
        ("to repeal the law by 30 June 2025", "2025-06-30"),
        ("to report no later than March 31, 2026", "2026-03-31"),
        ("to release those arrested in July 2021", None),
        ("to hold the elections scheduled in May 2026", "2026-05"),
        ("to release the prisoners", None),
    ],
)
def test_deadlines_at_the_precision_given(clause: str, deadline: str | None) -> None:
    assert find_deadline(clause, None) == deadline


def test_deadlines_before_the_resolution_date_are_ignored() -> None:
    assert find_deadline("in July 2023", datetime.date(2024, 1, 1)) is None
    assert find_deadline("within six months", datetime.date(2024, 1, 15)) == "2024-07"


@pytest.mark.parametrize(
    ("clause", "condition"),
    [
        (
            "to suspend trade preferences should the observers find fraud",
            "should the observers find fraud",
        ),
        ("to freeze funding unless the law is repealed", "unless the law is repealed"),
        ("to freeze funding if the crackdown continues", "if the crackdown continues"),
        ("to provide assistance, if necessary", None),
        ("that the authorities should release him", None),
    ],
)
def test_conditions(clause: str, condition: str | None) -> None:
    assert find_condition(clause) == condition


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ("B9\u20110174/2023", "B9-0174/2023"),
        ("RC-B9-0169/2023", "RC-B9-0169/2023"),
        ("P9_TA(2023)0085", "P9_TA(2023)0085"),
        ("TA-9-2023-0085", "TA-9-2023-0085"),
        ("A/HRC/RES/40/2", "A/HRC/RES/40/2"),
        ("A3-0148/93", "A3-0148/93"),
    ],
)
def test_document_references(line: str, reference: str) -> None:
    from tracker.parsing.normalise import normalise_chars

    assert find_reference([normalise_chars(line)], None) == reference


@pytest.mark.parametrize(
    ("header", "body", "symbol"),
    [
        (["Human Rights Council", "54/36. Advisory services"], "UN Human Rights Council",
         "A/HRC/RES/54/36"),
        (["78/220. Situation of human rights in Myanmar"], "UN General Assembly", "A/RES/78/220"),
        (["54/36. Advisory services for Cambodia"], "European Parliament", None),
        (["Human Rights Council", "Fifty-fourth session"], "UN Human Rights Council", None),
        (["Adopted 12/10/2023"], "UN Human Rights Council", None),
        (["Resolution 2518 (2023)", "Provisional version"], "Parliamentary Assembly of the Council"
         " of Europe", "Resolution 2518 (2023)"),
        (["Resolution 2518 (2023)"], "European Parliament", None),
        (["Cambodia", "CMBD/49 - Kem Sokha"], "Inter-Parliamentary Union", "CMBD/49"),
    ],
)  # fmt: skip
def test_a_printed_number_gives_the_reference(
    header: list[str], body: str, symbol: str | None
) -> None:
    assert numbered_reference(header, body) == symbol


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("14.3.2023", datetime.date(2023, 3, 14)),
        ("7 March 2005", datetime.date(2005, 3, 7)),
        ("Strasbourg, 14 March 2023", datetime.date(2023, 3, 14)),
        ("Wednesday, 15 March 2023 - Strasbourg", datetime.date(2023, 3, 15)),
        ("March 14th, 2023", datetime.date(2023, 3, 14)),
    ],
)
def test_dates(line: str, date: datetime.date) -> None:
    assert find_date([line]) == date


@pytest.mark.parametrize(
    ("paragraphs", "labels"),
    [
        ("1.Gives its consent;\n2.  Approves the decision.", ["1", "2"]),
        ("118.5 Ratify the convention;\n118.22 Release all prisoners.", ["118.5", "118.22"]),
        ("1. |\nCalls on the Council to act; |\n2. |\nApproves it. |", ["1", "2"]),
    ],
)
def test_operative_label_forms(paragraphs: str, labels: list[str]) -> None:
    parsed = parse_resolution(HEAD + paragraphs)
    assert [p.label for p in parsed.paragraphs] == labels


def test_cut_off_text_is_reported_not_completed() -> None:
    parsed = parse_resolution(
        HEAD + "1. Calls on the Council to act;\n2. Urges the Commission to mon"
    )
    assert parsed.complete is False
    assert parsed.paragraphs[-1].truncated is True
    assert parsed.paragraphs[-1].text.endswith("to mon")
    assert any("stops mid-sentence" in w for w in parsed.warnings)


def test_footnote_markers_are_dropped_but_legal_references_kept() -> None:
    parsed = parse_resolution(
        HEAD + "1. Recalls its resolution of 2023(1) and Article 7(1) TEU[1][1]"
        " and the Court's ruling(2);"
    )
    assert (
        parsed.paragraphs[0].text
        == "Recalls its resolution of 2023 and Article 7(1) TEU and the Court's ruling;"
    )


def test_arbitrary_non_text_input_gives_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_resolution(b"bytes".decode() * 0 + "\x00\x01\x02")
