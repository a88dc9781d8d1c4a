"""Controlled vocabularies, stored as their string values."""

from __future__ import annotations

import enum


class ResolutionKind(enum.StrEnum):
    MOTION = "motion"
    JOINT_MOTION = "joint motion"
    ADOPTED_TEXT = "adopted text"
    UN_RESOLUTION = "UN resolution"
    RECOMMENDATIONS_LIST = "recommendations list"


class ParagraphKind(enum.StrEnum):
    DEMAND = "demand"
    POSITION = "position"
    PROCEDURAL = "procedural"


class Status(enum.StrEnum):
    """Implementation status, worst to best where that makes sense; `moot` stands apart."""

    NO_INFORMATION = "no_information"
    NOT_IMPLEMENTED = "not_implemented"
    REGRESSED = "regressed"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    IMPLEMENTED = "implemented"
    MOOT = "moot"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Response(enum.StrEnum):
    NONE = "none"
    ACKNOWLEDGED = "acknowledged"
    COMMITTED = "committed"
    REJECTED = "rejected"


class ActorKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PARTY = "party"
    GOVERNMENT = "government"
    INSTITUTION = "institution"
    MEDIA = "media"


class Situation(enum.StrEnum):
    DETAINED = "detained"
    HOUSE_ARREST = "house_arrest"
    CONVICTED = "convicted"
    RELEASED = "released"
    IN_EXILE = "in_exile"
    DECEASED = "deceased"
    UNKNOWN = "unknown"


class EventKind(enum.StrEnum):
    ARREST = "arrest"
    DETENTION = "detention"
    CHARGE = "charge"
    TRIAL = "trial"
    VERDICT = "verdict"
    RELEASE = "release"
    ELECTION = "election"
    CLOSURE = "closure"
    DISSOLUTION = "dissolution"
    SANCTION = "sanction"
    REPLY = "reply"
    DEBATE = "debate"
    RESOLUTION = "resolution"
    OTHER = "other"


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Role(enum.StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    def at_least(self, other: Role) -> bool:
        order = [Role.VIEWER, Role.ANALYST, Role.ADMIN]
        return order.index(self) >= order.index(other)


class LinkRole(enum.StrEnum):
    """How an actor stands to a demand."""

    ADDRESSEE = "addressee"
    SUBJECT = "subject"
