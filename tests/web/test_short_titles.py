"""Lists shorten long demand titles for display only, at a word boundary."""

from __future__ import annotations

from tracker.web.helpers import FILTERS

TITLE = (
    "Release Kem Sokha and all opposition officials and activists convicted or held in custody "
    "on politically motivated charges"
)


def test_a_long_title_is_shortened_at_a_word_for_lists() -> None:
    short = FILTERS["short"](TITLE, 60)
    assert short == "Release Kem Sokha and all opposition officials and\u2026"
    assert TITLE.startswith(short.removesuffix("\u2026"))


def test_a_title_that_fits_is_shown_whole() -> None:
    assert FILTERS["short"]("Release Kem Sokha") == "Release Kem Sokha"
