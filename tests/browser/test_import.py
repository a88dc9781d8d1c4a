"""A researcher pastes a resolution, edits a proposed demand, imports; the same text is refused."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tracker.config import PROJECT_ROOT

pytestmark = pytest.mark.browser
SAMPLE = PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt"


def test_paste_edit_import_then_refuse_the_same_text(signed_in: Page, live_server: str) -> None:
    page = signed_in
    # The demo already holds the sample: this is the same motion under another procedure number.
    text = SAMPLE.read_text().replace("2023/2589(RSP)", "2023/9589(RSP)")
    page.goto(f"{live_server}/resolutions/import")
    page.get_by_label("Paste the text").fill(text)
    page.get_by_role("button", name="Read and review").click()
    expect(page.get_by_role("heading", name="Review before importing")).to_be_visible()

    first_title = page.locator("fieldset.draft input[name$='-title']").first
    first_title.fill("Release Kem Sokha, edited during review")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.locator(".flash")).to_contain_text("Imported")
    expect(page.locator("#p1")).to_contain_text("Release Kem Sokha, edited during review")
    stored_url = page.url
    assert re.search(r"/resolutions/\d+$", stored_url)

    page.goto(f"{live_server}/resolutions/import")
    page.get_by_label("Paste the text").fill(text)
    page.get_by_role("button", name="Read and review").click()
    warning = page.locator("p.warning", has_text="already stored")
    expect(warning).to_be_visible()
    warning.get_by_role("link").click()
    expect(page).to_have_url(stored_url)
