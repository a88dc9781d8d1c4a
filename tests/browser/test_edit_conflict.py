"""Two people edit the same demand at once: the second save shows both versions, loses nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import demo_login

pytestmark = pytest.mark.browser


def _sign_in(page: Page, base: str) -> None:
    email, password = demo_login()
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_second_save_shows_the_conflict_and_keeps_both_texts(
    browser: Browser, live_server: str
) -> None:
    first_context, second_context = browser.new_context(), browser.new_context()
    first, second = first_context.new_page(), second_context.new_page()
    for page in (first, second):
        _sign_in(page, live_server)
        page.goto(f"{live_server}/demands/3/edit")
        expect(page.get_by_role("heading", name="Edit demand")).to_be_visible()

    first.get_by_label("Title").fill("Edited by the first analyst")
    first.get_by_label("What is asked (wording)").fill("Wording from the first analyst")
    first.get_by_role("button", name="Save").click()
    expect(first.locator(".flash")).to_contain_text("Demand saved")

    second.get_by_label("Title").fill("Edited by the second analyst")
    second.get_by_label("Condition").fill("Condition typed by the second analyst")
    second.get_by_role("button", name="Save").click()

    conflict = second.locator(".conflict")
    expect(conflict).to_contain_text("Someone else saved this demand")
    expect(second.locator(".conflict-saved")).to_contain_text("Edited by the first analyst")
    expect(second.locator(".conflict-saved")).to_contain_text("Wording from the first analyst")
    expect(second.locator(".conflict-mine")).to_contain_text("Edited by the second analyst")
    # What the second person typed is still in the form, ready to save deliberately.
    expect(second.get_by_label("Title")).to_have_value("Edited by the second analyst")
    expect(second.get_by_label("Condition")).to_have_value("Condition typed by the second analyst")

    second.get_by_role("button", name="Save").click()
    expect(second.locator(".flash")).to_contain_text("Demand saved")
    expect(second.get_by_role("heading", level=1)).to_have_text("Edited by the second analyst")
    first.goto(f"{live_server}/admin/audit?entity_type=demands&entity_id=3")
    expect(first.locator("table.audit")).to_contain_text("Edited by the first analyst")
    first_context.close()
    second_context.close()
