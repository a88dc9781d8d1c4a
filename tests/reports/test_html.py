"""HTML report: golden file, every demand's status and source, inert notes, nothing remote."""

from __future__ import annotations

import re
from dataclasses import replace

from tests.reports.conftest import check_golden
from tests.reports.sample_snapshot import KHMER_NAME, TRAP_HOST
from tracker.reports.charts import status_label
from tracker.reports.html import note_html, note_inline_html, render_html
from tracker.reports.snapshot import ReportSnapshot

SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def test_html_matches_the_golden_file(snapshot: ReportSnapshot) -> None:
    html = render_html(snapshot)
    # Chart paths depend on matplotlib's version; the charts have their own tests.
    check_golden("report.expected.html", SVG.sub("<svg><!-- chart --></svg>", html))


def test_html_holds_every_demand_its_status_and_latest_source(snapshot: ReportSnapshot) -> None:
    html = render_html(snapshot)
    for section in ("Summary", "Demands", "Annex: events", "Sources"):
        assert f"<h2>{section}</h2>" in html
    for n, demand in enumerate(snapshot.demands, 1):
        article = html.split(f'<article class="demand" id="demand-{demand.id}">')[1]
        article = article.split("</article>")[0]
        assert f"{n}. {demand.title}".replace("'", "&#39;") in article
        assert f'status-{demand.status}">{status_label(demand.status)}<' in article
        for source in demand.latest_sources:
            assert source.label.replace("'", "&#39;") in article
    assert len(SVG.findall(html)) == 2
    assert KHMER_NAME in html
    assert "Nguyễn" in html


def test_confidential_banner_only_when_confidential(snapshot: ReportSnapshot) -> None:
    assert "Confidential:" not in render_html(snapshot)
    assert "Confidential:" in render_html(replace(snapshot, include_confidential=True))


def test_corrections_are_marked_in_the_history(snapshot: ReportSnapshot) -> None:
    html = render_html(snapshot)
    assert '<tr id="update-101" class="superseded">' in html
    assert "Correction of #101" in html
    assert "Superseded by #102" in html
    # Newest first.
    assert html.index('id="update-103"') < html.index('id="update-102"')
    assert html.index('id="update-102"') < html.index('id="update-100"')


def test_notes_are_markdown_without_html_images_or_scripts() -> None:
    out = note_html(
        '**bold** <img src="http://127.0.0.1:9/x.png"> ![pic](http://127.0.0.1:9/y.png) '
        "<script>alert(1)</script> [link](javascript:alert(1)) [ok](https://example.org)"
    )
    assert "<strong>bold</strong>" in out
    assert "<img" not in out and "<script" not in out
    assert "javascript:" not in out.replace("[link](javascript:alert(1))", "")
    assert 'href="https://example.org"' in out
    assert 'rel="noopener noreferrer nofollow"' in out
    assert note_html("  ") == ""


def test_the_document_loads_nothing_from_elsewhere(snapshot: ReportSnapshot) -> None:
    html = render_html(snapshot)
    assert "<img" not in html
    assert "<script" not in html
    assert "<link" not in html
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert not re.search(r"<[^>]*\ssrc\s*=", html)
    # The note that tried to embed an image is shown as text, escaped.
    assert f"&lt;img src=&#34;http://{TRAP_HOST}/x.png&#34;&gt;" in html or (
        f'&lt;img src="http://{TRAP_HOST}/x.png"&gt;' in html
    )
    # Every link points inside the document or at a cited source.
    source_urls = {s.url for s in snapshot.footnoted_sources() if s.url}
    for href in re.findall(r'href="([^"]*)"', SVG.sub("", html)):
        assert href.startswith("#") or href in source_urls, href


def test_a_one_paragraph_note_runs_on_inline_and_a_longer_one_keeps_its_blocks() -> None:
    assert note_inline_html("Released **today**.") == "Released <strong>today</strong>."
    two = note_inline_html("First.\n\nSecond.")
    assert two == note_html("First.\n\nSecond.")
    assert two.count("<p>") == 2
    assert note_inline_html("<p>raw</p>") == "&lt;p&gt;raw&lt;/p&gt;"


def test_a_long_html_report_lists_a_bounded_number_of_demands() -> None:
    from tests.reports.sample_snapshot import large_snapshot
    from tracker.reports.outline import MAX_DEMANDS

    html = render_html(large_snapshot(MAX_DEMANDS + 7))
    assert html.count('<article class="demand"') == MAX_DEMANDS
    assert "and 7 more demands: the full list is in the XLSX and JSON exports." in html


def test_a_source_with_a_script_address_is_no_link(snapshot: ReportSnapshot) -> None:
    demand = snapshot.demands[0]
    source = replace(demand.history[0].sources[0], id=9999, url="javascript:alert(1)")
    update = replace(demand.history[0], sources=(source,))
    html = render_html(replace(snapshot, demands=(replace(demand, history=(update,)),), events=()))
    assert 'href="javascript:' not in html
