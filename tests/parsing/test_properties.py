"""Property tests: the parser only ever raises ParseError, and never drops an operative word."""

from __future__ import annotations

import contextlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.parsing import ParseError, parse_resolution

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_raises_nothing_but_parse_error(text: str) -> None:
    try:
        parse_resolution(text)
    except ParseError as exc:
        assert str(exc)
        assert "\n" not in str(exc)


_PIECES = st.sampled_from(
    [
        "1. Calls on ", "2.", "A. whereas ", "- having regard to ", "(a) ", " |", "\n", "\n\n",
        "Recalling ", "Urges the Council to ", "–", "•", "whereas", ";", ",", ".", "2023(1)",
        "[1]", "(2023/2589(RSP))", "The European Parliament,", "Instructs its President",
        "should the ", "by 30 June 2025", "in July 2023", "\u2011", "\u00a0", "\u0301", "118.5 ",
    ]
)  # fmt: skip


@SETTINGS
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=60).map("".join))
def test_resolution_like_noise_raises_nothing_but_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_resolution(text)


_WORD = st.from_regex(r"[a-z]{3,10}", fullmatch=True).filter(
    lambda w: w not in {"and", "whereas", "having", "should", "unless", "if"}
)
_PARAGRAPH = st.lists(_WORD, min_size=3, max_size=25)


@SETTINGS
@given(
    st.lists(_PARAGRAPH, min_size=1, max_size=6),
    st.integers(min_value=2, max_value=8),
    st.sampled_from(["\n", "\n\n", " \n"]),
)
def test_no_word_of_an_operative_paragraph_is_dropped(
    paragraphs: list[list[str]], wrap: int, line_break: str
) -> None:
    lines = [
        "European Parliament resolution on a test",
        "The European Parliament,",
        "- having regard to its rules,",
    ]
    for n, words in enumerate(paragraphs, start=1):
        body = [f"{n}. Calls", "for", *words]
        # Hard-wrap every `wrap` words, as PDF text arrives.
        wrapped = [" ".join(body[i : i + wrap]) for i in range(0, len(body), wrap)]
        lines.append(line_break.join(wrapped) + ";")
    parsed = parse_resolution("\n".join(lines))
    assert len(parsed.paragraphs) == len(paragraphs)
    for paragraph, words in zip(parsed.paragraphs, paragraphs, strict=True):
        out_words = set(re.findall(r"[a-z]+", paragraph.text))
        assert set(words) <= out_words
