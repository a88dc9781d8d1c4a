"""Markdown exports: what a note or a source says cannot become a script link or an embedded
(remote) image in whatever renders the file; plain CommonMark reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tracker.reports.briefing import BriefDemand, Briefing, Change
from tracker.reports.briefing_render import render_briefing_markdown
from tracker.reports.markdown import render_markdown
from tracker.reports.snapshot import ReportSnapshot, SourceRef

HOSTILE_NOTE = "\n".join(
    [
        "Seen [here](javascript:alert(1)) and [there](JaVaScRiPt:alert(2)).",
        "[data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox(1))",
        "![beacon](http://tracker.invalid/beacon.png) ![local](beacon.png)",
        "<javascript:alert(3)> <img src=x onerror=alert(4)>",
        "[ref][evil] and [fine](https://example.org/report) <mailto:desk@example.org>",
        "",
        "[evil]: javascript:alert(5)",
    ]
)
HOSTILE_URLS = ("javascript:alert(6)", "data:text/html,x", "vbscript:x", "file:///etc/passwd")


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def links_and_images(markdown: str) -> tuple[list[str], list[str]]:
    """The targets of every link and every image that a CommonMark reader sees (one that
    trusts every scheme: markdown-it itself drops javascript: links, other readers do not)."""
    reader = MarkdownIt("commonmark")
    reader.validateLink = lambda url: True  # type: ignore[method-assign]
    tokens = list(_tokens(reader.parse(markdown)))
    links = [str(t.attrs["href"]) for t in tokens if t.type == "link_open"]
    images = [str(t.attrs["src"]) for t in tokens if t.type == "image"]
    return links, images


def _hostile_snapshot(snapshot: ReportSnapshot) -> ReportSnapshot:
    demand = snapshot.demands[0]
    sources = tuple(
        SourceRef(9100 + n, f"Odd source {n}", url, "", None, False)
        for n, url in enumerate(HOSTILE_URLS)
    )
    update = replace(demand.history[0], note=HOSTILE_NOTE, sources=sources)
    return replace(
        snapshot, demands=(replace(demand, history=(update, *demand.history[1:])),), events=()
    )


def _assert_safe(markdown: str) -> None:
    links, images = links_and_images(markdown)
    assert images == []
    assert links, "the safe links should remain links"
    for href in links:
        assert href.startswith(("http://", "https://", "mailto:")), href


def test_the_report_markdown_keeps_only_web_and_mail_links_and_embeds_no_image(
    snapshot: ReportSnapshot,
) -> None:
    markdown = render_markdown(_hostile_snapshot(snapshot))
    _assert_safe(markdown)
    links, _images = links_and_images(markdown)
    assert "https://example.org/report" in links and "mailto:desk@example.org" in links
    # An image becomes a link to it, the words of the note stay.
    assert "http://tracker.invalid/beacon.png" in links
    assert "beacon" in markdown and "Seen here and there" in " ".join(markdown.split())
    for url in HOSTILE_URLS:
        assert f"]({url}" not in markdown and f"<{url}>" not in markdown


def test_the_briefing_markdown_keeps_only_web_and_mail_links() -> None:
    sources = tuple(
        SourceRef(n, f"Source {n}", url, "", None, False)
        for n, url in enumerate((*HOSTILE_URLS, "https://example.org/a"))
    )
    demand = BriefDemand(
        id=1,
        title="Release [x](javascript:alert(1)) ![i](http://tracker.invalid/i.png)",
        status="not_implemented",
        times_demanded=1,
        resolution_reference="B9-0174/2023",
        addressees=(),
        deadline=None,
        deadline_precision=None,
        last_assessed_on=dt.date(2023, 5, 1),
        latest_sources=sources,
    )
    briefing = Briefing(
        title="Briefing: Cambodia",
        scope_kind="country",
        scope_value="KH",
        since=dt.date(2023, 1, 1),
        today=dt.date(2024, 1, 1),
        generated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        include_confidential=False,
        changes=(
            Change(dt.date(2023, 5, 1), "status", demand.title, "first assessed", 1, sources),
        ),
        open_by_addressee=(),
        overdue=(demand,),
        stale=(),
        suggested_wording=(),
        demand_count=1,
    )
    markdown = render_briefing_markdown(briefing)
    _assert_safe(markdown)
    assert "https://example.org/a" in links_and_images(markdown)[0]


@pytest.mark.parametrize(
    "markdown",
    [
        "| a | b |\n|---|---|\n| 1 | 2 |\n",  # a pipe table: a plugin, not CommonMark
        "Text[^1]\n\n[^1]: a footnote\n",  # a footnote: a plugin too
    ],
)
def test_the_check_for_plugins_catches_tables_and_footnotes(markdown: str) -> None:
    assert uses_plugins(markdown)


def uses_plugins(markdown: str) -> bool:
    """Whether the Markdown shows raw table pipes or footnote marks in plain CommonMark."""
    html = MarkdownIt("commonmark").render(markdown)
    return "|---" in html or "[^" in html


def test_the_markdown_exports_need_no_plugin(snapshot: ReportSnapshot) -> None:
    assert not uses_plugins(render_markdown(snapshot))
