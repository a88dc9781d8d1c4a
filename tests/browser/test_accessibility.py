"""axe-core over the main pages, the import review and the forms in their error state: no
critical or serious violation, and a form that comes back with errors holds the focus on its
error summary or first wrong field, after a full page load and after an htmx swap alike."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tracker.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

# Vendored from npm for the tests only (tests/browser/vendor/VERSIONS); the app never serves it.
AXE = PROJECT_ROOT / "tests/browser/vendor/axe.min.js"
SAMPLE = PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt"
BLOCKING = {"critical", "serious"}
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}"""
# The element that holds the focus: an error summary or a field marked invalid, never <body>.
FOCUSED_ON_ERROR = """() => {
  const el = document.activeElement;
  return !!el && el !== document.body
    && (el.matches('.error-summary') || el.getAttribute('aria-invalid') === 'true');
}"""


def blocking_violations(page: Page) -> list[str]:
    found = page.evaluate(RUN_AXE)
    return [
        f"{v['impact']} {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def test_pages_and_forms_in_error_have_no_serious_violations(
    signed_in: Page, live_server: str
) -> None:
    page = signed_in
    page.add_init_script(path=str(AXE))
    report: dict[str, list[str]] = {}

    def check(name: str) -> None:
        report[name] = blocking_violations(page)

    for name, path in (
        ("dashboard", "/"),
        ("demand list", "/demands"),
        ("resolution list", "/resolutions"),
        ("actor list", "/actors"),
        ("event list", "/events"),
        ("search", "/search?q=Sokha"),
        ("briefing", "/briefings?country=KH&since=2023-01-01"),
    ):
        page.goto(f"{live_server}{path}")
        check(name)

    page.goto(f"{live_server}/resolutions")
    page.locator("main table a[href^='/resolutions/']").first.click()
    expect(page.locator("article.paragraph").first).to_be_visible()
    check("resolution page")

    page.goto(f"{live_server}/actors?q=Kem+Sokha")
    page.get_by_role("link", name="Kem Sokha", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kem Sokha")
    check("actor page")

    page.goto(f"{live_server}/demands")
    page.locator("main table a[href^='/demands/']").first.click()
    expect(page.get_by_role("heading", name=re.compile("History"))).to_be_visible()
    check("demand page")

    # The update form, sent with a status that needs a source and none given: htmx swaps the
    # form back with its errors.
    page.get_by_label("Status", exact=True).select_option("not_implemented")
    page.get_by_label("Assessed on").fill("2024-02-01")
    page.get_by_role("button", name="Record update").click()
    expect(page.locator("#followup .error-summary")).to_be_visible()
    assert page.evaluate(FOCUSED_ON_ERROR), page.evaluate("document.activeElement.outerHTML")
    check("update form with errors")

    page.goto(f"{live_server}/events/new")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.evaluate(FOCUSED_ON_ERROR), page.evaluate("document.activeElement.outerHTML")
    check("event form with errors")

    page.goto(f"{live_server}/resolutions/import")
    page.get_by_label("Paste the text").fill(SAMPLE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Read and review").click()
    expect(page.get_by_role("heading", name="Review before importing")).to_be_visible()
    check("import review")

    assert {name: found for name, found in report.items() if found} == {}
