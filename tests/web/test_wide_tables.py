"""Every table on a page scrolls in its own labelled region, never the page: a static check of
the templates, so that a new table cannot bring sideways scrolling back to phones."""

from __future__ import annotations

import re

from tracker.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
# Documents (PDF, DOCX, print) lay out their own tables on paper.
DOCUMENTS = ("reports/", "briefings/document.html")
OPENS_REGION = re.compile(
    r"""scroll_region\(|class="scroll-x"[^>]*role="region"[^>]*tabindex="0\""""
)


def test_every_table_on_a_page_is_in_a_scroll_region() -> None:
    bare = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(DOCUMENTS):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            before = text[max(0, match.start() - 200) : match.start()]
            if not OPENS_REGION.search(before):
                bare.append(f"{name}:{text.count(chr(10), 0, match.start()) + 1}")
    assert bare == []
