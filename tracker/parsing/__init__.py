"""Pure text -> frozen dataclasses: read resolution documents and propose trackable demands."""

from .addressees import CANONICAL_ADDRESSEES
from .metadata import country_of_text
from .model import (
    MAX_BYTES,
    KnownActor,
    ParsedCitation,
    ParsedParagraph,
    ParsedRecital,
    ParsedResolution,
    ParseError,
    ProposedDemand,
)
from .parser import parse_resolution
from .readers import read_document
from .titles import title_verbs

__all__ = [
    "CANONICAL_ADDRESSEES",
    "MAX_BYTES",
    "KnownActor",
    "ParseError",
    "ParsedCitation",
    "ParsedParagraph",
    "ParsedRecital",
    "ParsedResolution",
    "ProposedDemand",
    "country_of_text",
    "parse_resolution",
    "read_document",
    "title_verbs",
]
