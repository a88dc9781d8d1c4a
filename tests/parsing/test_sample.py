"""Acceptance results on the sample motion (issue 4, "Done means" 2)."""

from __future__ import annotations

import pytest

from tracker.parsing import KnownActor, ParsedResolution, country_of_text, parse_resolution


@pytest.fixture(scope="module")
def parsed(sample_text: str) -> ParsedResolution:
    return parse_resolution(sample_text)


def test_sample_metadata(parsed: ParsedResolution) -> None:
    assert (
        parsed.title
        == "European Parliament resolution on Cambodia: the case of opposition leader Kem Sokha"
    )
    assert parsed.procedure == "2023/2589(RSP)"
    assert parsed.body == "European Parliament"
    assert parsed.kind == "motion"
    assert parsed.date is None
    assert parsed.document_reference is None
    assert parsed.language == "en"
    assert parsed.complete is True
    assert country_of_text(parsed) == "KH"


def test_sample_structure(parsed: ParsedResolution) -> None:
    assert [c.label for c in parsed.citations] == ["-", "-"]
    assert [r.label for r in parsed.recitals] == ["A", "B", "C", "D"]
    assert [p.label for p in parsed.paragraphs] == [str(n) for n in range(1, 10)]
    assert [p.position for p in parsed.paragraphs] == list(range(1, 10))


def test_sample_kinds(parsed: ParsedResolution) -> None:
    kinds = {p.label: p.kind for p in parsed.paragraphs}
    assert kinds["9"] == "procedural"
    assert kinds["5"] == "position"
    assert all(kinds[label] == "demand" for label in "1234678")
    assert parsed.paragraphs[4].verb == "insists"
    assert parsed.paragraphs[4].demands == ()
    assert parsed.paragraphs[8].demands == ()


def test_sample_paragraph_details(parsed: ParsedResolution) -> None:
    p = {x.label: x for x in parsed.paragraphs}
    assert p["1"].verb == "calls for"
    assert "Kem Sokha" in p["1"].subjects
    assert p["1"].demands[0].title.startswith("Release Kem Sokha")
    assert "CNRP" in p["2"].subjects
    assert p["3"].verb == "calls on"
    assert {"Cambodian Prime Minister", "Cambodian Government"} <= set(p["3"].addressees)
    assert p["4"].verb == "urges"
    assert "Cambodian authorities" in p["4"].addressees
    assert p["4"].deadline == "2023-07"
    assert p["4"].demands[0].deadline == "2023-07"
    assert p["6"].conditional is True
    assert p["6"].condition is not None
    assert p["6"].condition.startswith("should the independent electoral observers find evidence")
    assert len(p["7"].demands) == 2
    assert all(d.addressees == ("Commission",) for d in p["7"].demands)
    assert "Council" in p["8"].addressees
    assert p["8"].repetition is True
    assert p["8"].verb == "reiterates its call"
    assert [d.title for d in p["8"].demands] == ["Targeted sanctions", "Adopt restrictive measures"]
    assert not any(x.repetition for x in parsed.paragraphs if x.label != "8")


def test_sample_known_actor_alias_gives_canonical_name(sample_text: str) -> None:
    actors = [
        KnownActor(1, "Cambodia National Rescue Party", ("CNRP",)),
        KnownActor(2, "Kem Sokha"),
    ]
    parsed = parse_resolution(sample_text, known_actors=actors)
    p = {x.label: x for x in parsed.paragraphs}
    assert p["2"].subjects == ("Cambodia National Rescue Party",)
    assert p["2"].new_actors == ()
    assert p["1"].subjects == ("Kem Sokha",)
    assert "Kem Sokha" not in p["1"].new_actors


def test_known_actor_matching_ignores_accents_and_case(sample_text: str) -> None:
    parsed = parse_resolution(sample_text, known_actors=[KnownActor(7, "KÉM SOKHA")])
    assert parsed.paragraphs[0].subjects == ("KÉM SOKHA",)


def test_fuzzy_match_does_not_confuse_people_sharing_a_surname(sample_text: str) -> None:
    parsed = parse_resolution(sample_text, known_actors=[KnownActor(3, "Kem Monovithya")])
    assert "Kem Monovithya" not in parsed.paragraphs[0].subjects


def test_to_dict_follows_the_cli_contract(parsed: ParsedResolution) -> None:
    d = parsed.to_dict()
    assert "source_text" not in d
    for key in ("title", "body", "kind", "procedure", "document_reference", "date", "citations",
                "recitals", "paragraphs", "complete", "warnings"):  # fmt: skip
        assert key in d
    para = d["paragraphs"][0]
    for key in ("label", "text", "kind", "verb", "addressees", "subjects", "conditional",
                "deadline", "repetition", "demands"):  # fmt: skip
        assert key in para
    assert set(para["demands"][0]) >= {"title", "text", "addressees"}
    assert d["citations"][0] == {
        "label": "-",
        "text": "having regard to its previous resolutions on Cambodia,",
    }


def test_source_text_is_verbatim(sample_text: str, parsed: ParsedResolution) -> None:
    assert parsed.source_text == sample_text
    assert "\u2019" in parsed.source_text
