"""Frozen dataclasses the parser returns, its one exception, and the size limit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 5 * 1024 * 1024


class ParseError(Exception):
    """Raised for input the parser cannot read; the message is one line for users."""


@dataclass(frozen=True)
class KnownActor:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedCitation:
    label: str
    text: str
    truncated: bool = False


@dataclass(frozen=True)
class ParsedRecital:
    label: str
    text: str
    truncated: bool = False


@dataclass(frozen=True)
class ProposedDemand:
    title: str
    text: str
    verb: str | None
    addressees: tuple[str, ...]
    subjects: tuple[str, ...]
    deadline: str | None
    condition: str | None
    recommended_by: tuple[str, ...] = ()  # the States that made a UPR recommendation
    response: str | None = None  # the State's response where printed: supported / noted
    themes: tuple[str, ...] = ()  # the headings or theme cells the demand is printed under

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "text": self.text,
            "addressees": list(self.addressees),
            "verb": self.verb,
            "subjects": list(self.subjects),
            "deadline": self.deadline,
            "condition": self.condition,
            "recommended_by": list(self.recommended_by),
            "response": self.response,
            "themes": list(self.themes),
        }


@dataclass(frozen=True)
class ParsedParagraph:
    label: str
    position: int
    text: str
    subparagraphs: tuple[str, ...]
    kind: str
    verb: str | None
    addressees: tuple[str, ...]
    subjects: tuple[str, ...]
    new_actors: tuple[str, ...]
    conditional: bool
    condition: str | None
    deadline: str | None
    repetition: bool
    demands: tuple[ProposedDemand, ...]
    truncated: bool = False
    # A new person's office as printed before the name: ("Aung San Suu Kyi", "State Counsellor").
    new_actor_notes: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "text": self.text,
            "kind": self.kind,
            "verb": self.verb,
            "addressees": list(self.addressees),
            "subjects": list(self.subjects),
            "conditional": self.conditional,
            "deadline": self.deadline,
            "repetition": self.repetition,
            "demands": [d.to_dict() for d in self.demands],
            "position": self.position,
            "subparagraphs": list(self.subparagraphs),
            "new_actors": list(self.new_actors),
            "new_actor_notes": dict(self.new_actor_notes),
            "condition": self.condition,
            "truncated": self.truncated,
        }


@dataclass(frozen=True)
class ParsedResolution:
    title: str | None
    body: str | None
    kind: str | None
    procedure: str | None
    document_reference: str | None
    date: datetime.date | None
    language: str | None
    citations: tuple[ParsedCitation, ...]
    recitals: tuple[ParsedRecital, ...]
    paragraphs: tuple[ParsedParagraph, ...]
    complete: bool
    warnings: tuple[str, ...]
    source_text: str = field(repr=False, default="")
    # The report an adopted text was voted on ("A9-0043/2023"), kept apart from the text's own
    # reference ("P9_TA(2023)0085").
    report_reference: str | None = None

    @property
    def stops_before_operative(self) -> str | None:
        """Why a text shaped like a resolution holds no operative paragraph ("the text stops in
        the recitals, before any operative paragraph"), or None when it has some."""
        if self.paragraphs:
            return None
        return self.warnings[0] if self.warnings else "no operative paragraphs found"

    def to_dict(self) -> dict[str, Any]:
        """The `tracker parse --format json` contract of DESIGN.md (plus a few extra keys)."""
        return {
            "title": self.title,
            "body": self.body,
            "kind": self.kind,
            "procedure": self.procedure,
            "document_reference": self.document_reference,
            "report_reference": self.report_reference,
            "date": self.date.isoformat() if self.date else None,
            "language": self.language,
            "citations": [{"label": c.label, "text": c.text} for c in self.citations],
            "recitals": [{"label": r.label, "text": r.text} for r in self.recitals],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "complete": self.complete,
            "warnings": list(self.warnings),
        }
