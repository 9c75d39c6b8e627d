"""Two people edit the same section of the same plan in two browsers: the second save shows
both versions, nothing typed is lost, and the text finally saved is the one chosen."""

from __future__ import annotations

from services.plans import plans
from tests.e2e import helpers, serve

CITY = "city-0001"  # Dakar: its city lead is lead.dakar; the coordinator sees every city
LEAD_TEXT = "Texte de la responsable de Dakar"
COORDINATOR_TEXT = "Text typed by the coordinator"
FINAL_TEXT = "Both views reconciled by the coordinator"


def open_section(page, title: str) -> None:
    """Expand the section whose expander label starts with `title`."""
    page.locator("[data-testid=stExpander] summary", has_text=title).first.click()
    page.wait_for_timeout(200)


def narrative(page):
    """The narrative text area of the context section, whatever its form generation."""
    return page.locator("[class*='st-key-plan-context-narrative'] textarea").first


def stored_narrative(server) -> str:
    with serve.store_of(server.data_dir):
        return plans.find_plan(CITY).sections["context"].content.narrative


def test_two_editors_same_section_conflict_then_merge(server, browser, page):
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    other = second.new_page()
    other.set_default_timeout(20_000)
    try:
        # The city lead (French) and the coordinator (French too) open Dakar's plan.
        helpers.logged_in(page, server, "lead.dakar", "plan")
        helpers.assert_no_error(page)
        helpers.logged_in(other, server, "coordinator.demo", "plan")
        helpers.select_option(other, "plan.city", "Dakar")
        helpers.assert_no_error(other)
        for p in (page, other):
            open_section(p, "Contexte")
            narrative(p).wait_for()

        # Both type; the lead saves first.
        narrative(page).fill(LEAD_TEXT)
        narrative(other).fill(COORDINATOR_TEXT)
        helpers.click(page, "plan.context.save")
        helpers.assert_no_error(page)
        assert stored_narrative(server) == LEAD_TEXT

        # The coordinator's save meets the conflict view: both texts are there.
        helpers.click(other, "plan.context.save")
        helpers.assert_no_error(other)
        helpers.by_key(other, "plan.context.conflict.merge").wait_for()
        theirs = helpers.by_key(other, "plan.context.conflict.theirs").inner_text()
        mine = helpers.by_key(other, "plan.context.conflict.mine").inner_text()
        assert LEAD_TEXT in theirs
        assert COORDINATOR_TEXT in mine
        assert helpers.by_key(other, "plan.context.conflict.overwrite").count() == 1
        assert helpers.by_key(other, "plan.context.conflict.discard").count() == 1
        assert stored_narrative(server) == LEAD_TEXT  # nothing overwritten silently
        helpers.screenshot(other, "plan-conflict")

        # Merge (three-way): both changed the narrative, so both texts land in the field, each
        # after its mark; the coordinator edits and saves the result.
        helpers.click(other, "plan.context.conflict.merge")
        helpers.assert_no_error(other)
        merged = narrative(other)
        merged.wait_for()
        value = merged.input_value()
        assert LEAD_TEXT in value and COORDINATOR_TEXT in value
        assert value.index(LEAD_TEXT) < value.index(COORDINATOR_TEXT)
        merged.fill(FINAL_TEXT)
        helpers.click(other, "plan.context.save")
        helpers.assert_no_error(other)
        assert stored_narrative(server) == FINAL_TEXT

        # The lead, coming back to the plan, sees the text chosen.
        helpers.open_page(page, server, "home")
        helpers.open_page(page, server, "plan")
        open_section(page, "Contexte")
        assert narrative(page).input_value() == FINAL_TEXT
    finally:
        second.close()
