"""Treaty-body concluding observations, UPR layouts and UN addressees."""
# ruff: noqa: E501 - the texts below are data, kept one paragraph a line.

from __future__ import annotations

import pytest

from tracker.parsing import parse_resolution
from tracker.parsing.addressees import find_addressees, for_body

OBSERVATIONS = """United Nations
CCPR/C/KHM/CO/3
International Covenant on Civil and Political Rights
Distr.: General
18 May 2022
Human Rights Committee
Concluding observations on the third periodic report of Cambodia*
1. The Committee considered the third periodic report of Cambodia at its 3850th and 3851st meetings, held on 15 and 16 March 2022, and adopted the present concluding observations at its 3870th meeting, held on 29 March 2022.
B. Positive aspects
2. The Committee welcomes the ratification of the Convention on the Rights of Persons with Disabilities.
C. Principal matters of concern and recommendations
Freedom of expression
3. The Committee is concerned about the arrest of journalists and human rights defenders. The State party should:
(a) Release all journalists detained for their work;
(b) Repeal the provisions of the Criminal Code that criminalize defamation;
(c) Ensure that human rights defenders can work without fear of reprisals.
Political participation
4. The Committee recommends that the State party take all measures necessary to reinstate the Cambodia National Rescue Party.
"""


def test_concluding_observations_give_one_demand_per_lettered_item_asked_of_the_state() -> None:
    parsed = parse_resolution(OBSERVATIONS)
    assert parsed.title == "Concluding observations on the third periodic report of Cambodia"
    assert parsed.body == "Human Rights Committee"
    assert parsed.document_reference == "CCPR/C/KHM/CO/3"
    assert str(parsed.date) == "2022-03-29"
    kinds = {p.label: p.kind for p in parsed.paragraphs}
    assert kinds == {"1": "position", "2": "position", "3": "demand", "4": "demand"}
    concern = parsed.paragraphs[2]
    assert [d.title for d in concern.demands] == [
        "Release all journalists detained for their work",
        "Repeal the provisions of the Criminal Code that criminalize defamation",
        "Ensure that human rights defenders can work without fear of reprisals",
    ]
    assert all(d.addressees == ("Cambodian Government",) for d in concern.demands)
    assert all(d.themes == ("Freedom of expression",) for d in concern.demands)
    (reinstate,) = parsed.paragraphs[3].demands
    assert reinstate.addressees == ("Cambodian Government",)
    assert reinstate.themes == ("Political participation",)
    assert reinstate.title.startswith("Take all measures necessary to reinstate")


UPR_LAYOUTS = {
    "report": (
        "Report of the Working Group on the Universal Periodic Review\nCambodia\n"
        "118. The following recommendations enjoy the support of Cambodia:\n"
        "118.1 Ratify the Optional Protocol to the Convention against Torture (Denmark);\n"
        "118.2 Release all political prisoners (Sweden) (Norway);\n"
    ),
    "bullets": (
        "UPR of Cambodia: recommendations supported\n"
        "- 118.1 Ratify the Optional Protocol to the Convention against Torture (Denmark);\n"
        "- 118.2 Release all political prisoners (Sweden) (Norway);\n"
    ),
    "table": (
        "UPR 46th session - Cambodia - Thematic list of recommendations\n"
        "Recommendation | Position | Themes |\n"
        "Theme: Acceptance of international norms\n"
        "118.1 Ratify the Optional Protocol to the Convention against Torture (Denmark); |\n"
        "Source of Position: A/HRC/46/1/Add.1 |\nSupported |\n- Acceptance of international norms\n"
        "118.2 Release all political prisoners (Sweden) (Norway); |\n"
        "Source of Position: A/HRC/46/1/Add.1 |\nNoted |\n- Detention\n"
    ),
}


@pytest.mark.parametrize("layout", sorted(UPR_LAYOUTS))
def test_upr_layouts_give_one_demand_per_recommendation_with_its_states(layout: str) -> None:
    parsed = parse_resolution(UPR_LAYOUTS[layout])
    demands = [d for p in parsed.paragraphs for d in p.demands]
    assert [p.label for p in parsed.paragraphs] == ["118.1", "118.2"]
    assert [d.title for d in demands] == [
        "Ratify the Optional Protocol to the Convention against Torture",
        "Release all political prisoners",
    ]
    assert [d.recommended_by for d in demands] == [("Denmark",), ("Sweden", "Norway")]
    if layout == "report":
        assert [d.response for d in demands] == ["supported", "supported"]
    if layout == "table":
        assert [d.response for d in demands] == ["supported", "noted"]
        assert demands[1].themes == ("Acceptance of international norms", "Detention")


@pytest.mark.parametrize(
    "name", ["Human Rights Council", "Security Council", "Council of Europe", "European Council"]
)
def test_other_councils_are_never_the_council_of_the_eu(name: str) -> None:
    found = [n for _, n in find_addressees(f"Calls on the {name} to act")]
    assert found and "Council" not in found


@pytest.mark.parametrize(
    ("body", "names", "expected"),
    [
        ("UN Human Rights Council", ("Council",), ("UN Human Rights Council",)),
        ("UN General Assembly", ("Council", "States"), ("States",)),
        ("Human Rights Committee", ("Council", "Commission"), ()),
        ("European Parliament", ("Council", "Commission"), ("Council", "Commission")),
    ],
)
def test_a_bare_council_is_read_as_the_speaking_body_means_it(
    body: str, names: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert for_body(names, body) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Calls upon the Myanmar military to release all detainees", ["Myanmar military"]),
        ("Urges the de facto authorities to end the violence", ["Myanmar de facto authorities"]),
        (
            "Calls upon all parties to the conflict to cease hostilities",
            ["Parties to the conflict"],
        ),
        ("Requests the Special Rapporteur to present a report", ["UN Special Rapporteur"]),
        ("Requests the Secretary-General to provide", ["UN Secretary-General"]),
        ("Requests the High Commissioner to report", ["OHCHR"]),
        ("Calls upon all States to cooperate", ["States"]),
        ("Urges the Government of Myanmar to cooperate", ["Myanmar Government"]),
        ("The State party should release them", ["Myanmar Government"]),
    ],
)
def test_un_addressees(text: str, names: list[str]) -> None:
    assert [n for _, n in find_addressees(text, "Myanmar")] == names


def test_a_human_rights_council_resolution_asks_no_eu_institution() -> None:
    text = (
        "Resolution adopted by the Human Rights Council on 4 April 2023\n"
        "52/31. Situation of human rights in Myanmar\n"
        "The Human Rights Council,\n"
        "Recalling its resolutions on Myanmar,\n"
        "1. Calls upon the Myanmar military to release State Counsellor Aung San Suu Kyi;\n"
        "2. Requests the Special Rapporteur to present a report to the Council at its "
        "fifty-fifth session;\n"
    )
    parsed = parse_resolution(text)
    first, second = parsed.paragraphs
    assert first.addressees == ("Myanmar military",)
    assert "Aung San Suu Kyi" in first.new_actors
    assert dict(first.new_actor_notes)["Aung San Suu Kyi"] == "State Counsellor"
    assert second.addressees == ("UN Special Rapporteur",)
    assert "Council" not in {n for p in parsed.paragraphs for n in p.addressees}


def test_organisations_named_in_a_paragraph_are_proposed() -> None:
    parsed = parse_resolution(
        "The European Parliament,\n1. Calls on the Cambodian authorities to stop harassing "
        "Human Rights Watch, the Cambodian Centre for Human Rights and Amnesty International;\n"
    )
    assert parsed.paragraphs[0].new_actors == (
        "Human Rights Watch",
        "Cambodian Centre for Human Rights",
        "Amnesty International",
    )


def test_honorifics_leave_the_name_and_are_no_office() -> None:
    parsed = parse_resolution(
        "The European Parliament,\n1. Calls for the release of Mr. Kem Sokha and of opposition "
        "leader Sam Rainsy;\n"
    )
    (paragraph,) = parsed.paragraphs
    assert paragraph.new_actors == ("Kem Sokha", "Sam Rainsy")
    assert dict(paragraph.new_actor_notes) == {"Sam Rainsy": "opposition leader"}
