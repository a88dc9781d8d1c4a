"""A researcher signs in, opens the sample resolution, records an update and sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_sign_in_open_the_sample_record_an_update_and_see_it(
    signed_in: Page, live_server: str
) -> None:
    page = signed_in
    page.locator("a[href^='/resolutions/']", has_text="Kem Sokha").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kem Sokha")
    expect(page.locator(".paragraph.kind-procedural")).to_have_count(1)

    page.locator("#p2 ul.demands a").first.click()
    expect(page.get_by_role("heading", name=re.compile("History"))).to_be_visible()
    page.get_by_label("Status", exact=True).select_option("partially_implemented")
    page.get_by_label("Assessed on").fill("2024-02-01")
    page.get_by_label("Source URL").fill("https://news.example.org/cnrp-browser-test")
    page.get_by_label("Source title").fill("Browser test source")
    page.get_by_label("Note (Markdown)").fill("Recorded *through the browser*")
    page.get_by_role("button", name="Record update").click()

    expect(page.locator(".flash")).to_contain_text("Status update recorded")
    newest = page.locator("#history article.update").first
    expect(newest).to_contain_text("Partially implemented")
    expect(newest).to_contain_text("Browser test source")
    expect(newest.locator("em")).to_have_text("through the browser")
