"""At 390 px (a phone) no page scrolls sideways and the header folds into a Menu; at 1280 px the
links are in the header without it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import demo_login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _signed_in(browser: Browser, live_server: str, viewport: dict[str, int]) -> Page:
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    email, password = demo_login()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/")
    return page


def _first_link(page: Page, url: str, selector: str) -> str:
    page.goto(url)
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no {selector} on {url}"
    return href


def test_no_page_scrolls_sideways_at_390_px(browser: Browser, live_server: str) -> None:
    page = _signed_in(browser, live_server, PHONE)
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.locator("summary", has_text="Menu")
    expect(menu).to_be_visible()
    expect(nav.get_by_role("link", name="Demands")).to_be_hidden()
    menu.click()
    expect(nav.get_by_role("link", name="Demands")).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    paths = [
        a.get_attribute("href") or "" for a in nav.locator("a[href^='/']").all() if a.is_visible()
    ]
    assert len(paths) >= 8, paths  # the brand, every area, the account
    paths += [
        _first_link(page, f"{live_server}/demands", "main table a[href^='/demands/']"),
        _first_link(page, f"{live_server}/actors?q=Kem+Sokha", "main table a[href^='/actors/']"),
        _first_link(page, f"{live_server}/resolutions", "main table a[href^='/resolutions/']"),
        "/briefings?country=KH&since=2023-01-01",
        "/search?q=Sokha",
    ]
    widths = {}
    for path in paths:
        page.goto(f"{live_server}{path}")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    assert {path: w for path, w in widths.items() if w > PHONE["width"]} == {}
    page.context.close()


def test_wide_screens_show_the_links_without_the_menu(browser: Browser, live_server: str) -> None:
    page = _signed_in(browser, live_server, DESKTOP)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.locator("summary", has_text="Menu")).to_be_hidden()
    for name in ("Resolutions", "Demands", "Briefings", "Search", "Account"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    page.context.close()
