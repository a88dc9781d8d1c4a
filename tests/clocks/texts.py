"""Texts that start reply clocks: an EP adopted text asking the Commission (the parser reads it),
and concluding observations of the Human Rights Committee (built as the parser will give them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from tracker.models import Resolution, User
from tracker.parsing import parse_resolution
from tracker.parsing.model import ParsedParagraph, ParsedResolution, ProposedDemand
from tracker.services.resolutions import import_resolution, known_actors

_HEADING = (
    "European Parliament resolution of 16 March 2023 on Cambodia: the case of opposition leader "
    "Kem Sokha (2023/2589(RSP))"
)
EP_ADOPTED = f"""Texts adopted
Thursday, 16 March 2023 - Strasbourg
Cambodia: the case of opposition leader Kem Sokha
P9_TA(2023)0085
{_HEADING}

The European Parliament,

–   having regard to its previous resolutions on Cambodia,

A.  whereas on 3 March 2023 Kem Sokha was sentenced to 27 years of house arrest;

1.  Calls on the Cambodian authorities to release Kem Sokha immediately and unconditionally;

2.  Calls on the Commission to review the trade preferences granted to Cambodia;

3.  Instructs its President to forward this resolution to the Council, the Commission and
the Government of Cambodia.
"""

EP_MOTION = (
    EP_ADOPTED.replace("Texts adopted", "MOTION FOR A RESOLUTION")
    .replace("P9_TA(2023)0085", "B9-0174/2023")
    .replace("European Parliament resolution of 16 March 2023 on", "Motion for a resolution on")
)


def import_text(db: Session, text: str, user: User | None = None) -> Resolution:
    parsed = parse_resolution(text, known_actors=known_actors(db))
    return import_resolution(db, parsed, actor=user)


def _paragraph(position: int, text: str, *, kind: str, asks: str | None = None) -> ParsedParagraph:
    demands: tuple[ProposedDemand, ...] = ()
    if asks:
        demands = (
            ProposedDemand(
                title=asks,
                text=text,
                verb="should",
                addressees=("State party",),
                subjects=(),
                deadline=None,
                condition=None,
            ),
        )
    return ParsedParagraph(
        label=str(position),
        position=position,
        text=text,
        subparagraphs=(),
        kind=kind,
        verb="should" if asks else None,
        addressees=("State party",) if asks else (),
        subjects=(),
        new_actors=(),
        conditional=False,
        condition=None,
        deadline=None,
        repetition=False,
        demands=demands,
    )


def concluding_observations(
    adopted_on: dt.date = dt.date(2022, 3, 18), period: str = "within two years"
) -> ParsedResolution:
    source = (
        "Human Rights Committee\nConcluding observations on the third periodic report of "
        f"Cambodia\n21. The State party should release Kem Sokha.\n39. ... {period} ..."
    )
    return ParsedResolution(
        title="Concluding observations on the third periodic report of Cambodia",
        body="Human Rights Committee",
        kind=None,
        procedure=None,
        document_reference="CCPR/C/KHM/CO/3",
        date=adopted_on,
        language="en",
        citations=(),
        recitals=(),
        paragraphs=(
            _paragraph(
                1,
                "The Committee is concerned about the arrest of opposition politicians.",
                kind="position",
            ),
            _paragraph(
                2,
                "The State party should release all persons detained for the peaceful exercise "
                "of their rights, including Kem Sokha.",
                kind="demand",
                asks="Release Kem Sokha",
            ),
            _paragraph(
                3,
                "In accordance with rule 75, paragraph 1, of the Committee's rules of procedure, "
                f"the State party is requested to provide, {period} of the adoption of the "
                "present concluding observations, information on the implementation of the "
                "recommendation made by the Committee in paragraph 2 above.",
                kind="procedural",
            ),
        ),
        complete=True,
        warnings=(),
        source_text=source,
    )


def import_concluding_observations(db: Session, **kwargs: object) -> Resolution:
    parsed = concluding_observations(**kwargs)  # type: ignore[arg-type]
    return import_resolution(db, replace(parsed), actor=None)
