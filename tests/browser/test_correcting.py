"""After import, a researcher corrects a demand in the browser by typing names: who is asked to
act, whom it is about (a new person created in place), and a paragraph moved from demand to
position. The demand, actor and briefing pages show the change; the audit log holds each step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tracker.config import PROJECT_ROOT

pytestmark = pytest.mark.browser
SAMPLE = PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt"
PROCEDURE = "2023/8589(RSP)"  # the demo holds the sample itself: this is the same motion again


def _import(page: Page, base: str) -> str:
    page.goto(f"{base}/resolutions/import")
    page.get_by_label("Paste the text").fill(
        SAMPLE.read_text().replace("2023/2589(RSP)", PROCEDURE)
    )
    page.get_by_role("button", name="Read and review").click()
    expect(page.get_by_role("heading", name="Review before importing")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Imported")
    assert re.search(r"/resolutions/\d+$", page.url)
    return page.url


def _type_and_pick(page: Page, box_id: str, typed: str, name: str) -> None:
    """Type the start of a name as a person does, see it offered, then give it in full."""
    box = page.locator(f"#{box_id}")
    box.press_sequentially(typed, delay=30)
    options = page.locator(f"#{box.get_attribute('list')} option[value='{name}']")
    expect(options).to_have_count(1)
    box.fill(name)


def test_correct_addressees_subjects_and_a_paragraph_by_name(
    signed_in: Page, live_server: str
) -> None:
    page = signed_in
    resolution_url = _import(page, live_server)
    resolution_id = resolution_url.rsplit("/", 1)[1]

    # Paragraph 1's demand: nobody named as asked to act, Kem Sokha as its subject.
    page.locator("#p1 ul.demands a").first.click()
    demand_url = page.url
    demand_id = demand_url.rsplit("/", 1)[1]
    title = page.get_by_role("heading", level=1).inner_text()
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("no addressee named")
    expect(facts).to_contain_text("Kem Sokha")

    # An actor already recorded, found from the first letters typed.
    _type_and_pick(page, "addressee-name", "Cambodian auth", "Cambodian authorities")
    page.get_by_role("button", name="Add addressee").click()
    expect(page.locator(".flash")).to_contain_text("Cambodian authorities added")

    # A name nobody recorded yet: refused until its kind is given, then created in place.
    page.locator("#subject-name").fill("Kem Monovithya")
    page.get_by_role("button", name="Add subject").click()
    expect(page.locator("#subjects .error-summary")).to_contain_text(
        "There is no actor called 'Kem Monovithya' yet"
    )
    expect(page.locator("#subject-name")).to_have_value("Kem Monovithya")
    page.get_by_label("If this subject is new, it is a").select_option("person")
    page.get_by_role("button", name="Add subject").click()
    expect(page.locator(".flash")).to_contain_text("Kem Monovithya added")

    page.get_by_role("button", name="Remove Kem Sokha from what the demand is about").click()
    expect(page.locator(".flash")).to_contain_text("Kem Sokha removed")

    facts = page.locator("dl.facts").first
    expect(facts.locator("dd").nth(0)).to_have_text("Cambodian authorities")
    expect(facts.locator("dd").nth(1)).to_have_text("Kem Monovithya")

    # Paragraph 6 asks nobody to do anything after all: from its demand's page, make it a
    # position. Its demand has no history yet, so it goes.
    page.goto(resolution_url)
    suspended = page.locator("#p6 ul.demands a").first.inner_text()
    page.locator("#p6 ul.demands a").first.click()
    page.get_by_role("link", name=re.compile(r"^Paragraph 6: change its kind")).click()
    expect(page.get_by_role("heading", name="Correct paragraph 6")).to_be_visible()
    page.get_by_role("radio", name=re.compile(r"Position: a stance")).check()
    page.get_by_role("button", name="Change kind").click()
    expect(page.locator(".flash")).to_contain_text(
        "Paragraph 6 is now a position; 1 demand(s) without history removed."
    )
    expect(page.locator("#p6 .kind")).to_have_text("position")
    expect(page.locator("#p6")).not_to_contain_text(suspended)
    expect(page.locator("#p6")).not_to_contain_text("No demand is tracked")

    # The demand page, the actors' pages and the briefing show the change.
    page.goto(demand_url)
    expect(page.locator("dl.facts").first).to_contain_text("Cambodian authorities")
    reference = f"{PROCEDURE} ¶1"
    page.locator("dl.facts").first.get_by_role("link", name="Kem Monovithya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kem Monovithya")
    expect(page.locator("#main")).to_contain_text(reference)
    expect(page.locator(f"#main a[href$='/demands/{demand_id}']").first).to_be_visible()
    page.go_back()
    page.locator("dl.facts").first.get_by_role("link", name="Cambodian authorities").click()
    expect(page.locator("#main")).to_contain_text(reference)
    page.goto(f"{live_server}/actors?q=Kem+Sokha")
    page.get_by_role("link", name="Kem Sokha", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kem Sokha")
    expect(page.locator("#main")).not_to_contain_text(reference)

    page.goto(f"{live_server}/briefings")
    page.get_by_label("Covering").select_option("resolution")
    page.get_by_label("Which").fill(PROCEDURE)
    page.get_by_label("Since").fill("2023-01-01")
    page.get_by_role("button", name="Prepare the briefing").click()
    group = page.locator("h3", has_text="Cambodian authorities")
    expect(group).to_be_visible()
    expect(group.locator("xpath=following-sibling::ul[1]")).to_contain_text(title)
    expect(page.locator(".briefing")).not_to_contain_text(suspended)

    # Each step is in the audit log, with who did it and the lists before and after.
    page.goto(f"{live_server}/admin/audit?entity_type=demands&entity_id={demand_id}")
    log = page.locator("table.audit")
    expect(log).to_contain_text("demand.add_addressee")
    expect(log).to_contain_text("Cambodian authorities added as addressee")
    expect(log).to_contain_text("demand.add_subject")
    expect(log).to_contain_text("Kem Monovithya added as subject")
    expect(log).to_contain_text("demand.remove_subject")
    expect(log).to_contain_text("Kem Sokha removed as subject")
    page.goto(f"{live_server}/admin/audit?entity_type=paragraphs")
    expect(page.locator("table.audit")).to_contain_text(
        f"paragraph 6 of resolution {resolution_id} is now a position"
    )
    expect(page.locator("table.audit")).to_contain_text(suspended)


def test_the_correction_forms_in_error_keep_focus_and_pass_axe(
    signed_in: Page, live_server: str
) -> None:
    from tests.browser.test_accessibility import AXE, FOCUSED_ON_ERROR, blocking_violations

    page = signed_in
    page.add_init_script(path=str(AXE))
    report: dict[str, list[str]] = {}
    page.goto(f"{live_server}/demands")
    page.locator("main table a[href^='/demands/']").first.click()
    report["demand page with its correction forms"] = blocking_violations(page)

    # Refused (an unknown name, no kind): nothing saved, the focus on the summary that says why.
    page.locator("#addressee-name").fill("Nobody Recorded Yet")
    page.get_by_role("button", name="Add addressee").click()
    expect(page.locator("#addressees .error-summary")).to_contain_text("Nothing was saved")
    assert page.evaluate(FOCUSED_ON_ERROR)
    report["addressee refused"] = blocking_violations(page)

    page.get_by_role("link", name=re.compile(r"^Paragraph \S+: change its kind")).click()
    report["paragraph page"] = blocking_violations(page)
    page.get_by_role("radio", name=re.compile(r"Demand: someone is asked")).check()
    page.get_by_role("button", name="Change kind").click()
    expect(page.locator("#kind .error-summary")).to_contain_text("is already a demand")
    assert page.evaluate(FOCUSED_ON_ERROR)
    report["kind refused"] = blocking_violations(page)
    assert not any(report.values()), report
