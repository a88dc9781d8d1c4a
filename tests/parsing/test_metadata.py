"""Metadata: European Parliament references across terms, titles with procedure groups, UN symbols."""
# ruff: noqa: E501 - the texts below are data.

from __future__ import annotations

import pytest

from tracker.parsing import parse_resolution

BODY = "The European Parliament,\n- having regard to its previous resolutions,\n1. Calls for the release of all political prisoners;\n"


@pytest.mark.parametrize(
    ("head", "reference", "report"),
    [
        ("P5_TA(2002)0123\nEuropean Parliament resolution on Burma", "P5_TA(2002)0123", None),
        ("P8_TA-PROV(2016)0123\nA8-0045/2016\nEuropean Parliament resolution of 14 April 2016 on X",
         "P8_TA(2016)0123", "A8-0045/2016"),
        ("Texts adopted\nTA-8-2018-0123\nEuropean Parliament resolution of 5 July 2018 on X",
         "TA-8-2018-0123", None),
        ("Motion for a resolution\nB9-0174/2023\nEuropean Parliament resolution on Cambodia",
         "B9-0174/2023", None),
        ("Joint motion for a resolution\nRC-B9-0169/2023\nEuropean Parliament resolution on X",
         "RC-B9-0169/2023", None),
        ("Motion for a resolution - B7-0178/2012Motion for a resolution\n"
         "European Parliament resolution on Belarus", "B7-0178/2012", None),
    ],
)  # fmt: skip
def test_european_parliament_references(head: str, reference: str, report: str | None) -> None:
    parsed = parse_resolution(f"{head}\n{BODY}")
    assert parsed.document_reference == reference
    assert parsed.report_reference == report


def test_an_adopted_text_page_keeps_its_own_reference_apart_from_its_report() -> None:
    parsed = parse_resolution(
        "Texts adopted\nProcedure : 2015/2572(RSP)\nTexts adopted : P8_TA(2015)0079\n"
        "A8-0023/2015\nEuropean Parliament resolution of 12 March 2015 on the EU's priorities\n"
        f"{BODY}"
    )
    assert parsed.document_reference == "P8_TA(2015)0079"
    assert parsed.report_reference == "A8-0023/2015"


@pytest.mark.parametrize(
    ("title_lines", "title", "procedure"),
    [
        ("European Parliament legislative resolution of 14 March 2023 on the draft Council decision "
         "on the conclusion of the Agreement (00000/2021 — C9-0000/2021 — 2021/0123(NLE))",
         "European Parliament legislative resolution of 14 March 2023 on the draft Council decision "
         "on the conclusion of the Agreement", "2021/0123(NLE)"),
        ("European Parliament legislative resolution of 14 March 2023 on the draft Council decision\n"
         "(00000/2021 — C9-0000/2021 — 2021/0123(NLE)) (Consent) (2023/C 00/00)",
         "European Parliament legislative resolution of 14 March 2023 on the draft Council decision",
         "2021/0123(NLE)"),
        ("European Parliament resolution of 29 March 2012 on the situation in Belarus "
         "((2012/2581(RSP))", "European Parliament resolution of 29 March 2012 on the situation in "
         "Belarus", "2012/2581(RSP)"),
    ],
)  # fmt: skip
def test_titles_printed_with_their_procedure_group(
    title_lines: str, title: str, procedure: str
) -> None:
    parsed = parse_resolution(f"{title_lines}\n{BODY}")
    assert parsed.title == title
    assert parsed.procedure == procedure


@pytest.mark.parametrize(
    ("head", "reference"),
    [
        ("Resolution adopted by the Human Rights Council on 4 April 2024\n55/27. Situation\n"
         "The Human Rights Council,", "A/HRC/RES/55/27"),
        ("United Nations CCPR/C/KHM/CO/3\nHuman Rights Committee\n"
         "Concluding observations on the third periodic report of Cambodia", "CCPR/C/KHM/CO/3"),
        ("United Nations A/HRC/26/16\nGeneral Assembly\nReport of the Working Group on the "
         "Universal Periodic Review\nCambodia", "A/HRC/26/16"),
        ("United Nations A/C.3/78/L.42\nGeneral Assembly\nThird Committee\nAustria: draft "
         "resolution\nSituation of human rights in the Islamic Republic of Iran", "A/C.3/78/L.42"),
    ],
)  # fmt: skip
def test_un_symbols(head: str, reference: str) -> None:
    body = "The General Assembly,\nRecalling its resolutions,\n1. Calls upon all States to act;\n"
    parsed = parse_resolution(f"{head}\n{body}")
    assert parsed.document_reference == reference
