"""In the field, on an iPhone (Playwright's "iPhone 13" descriptor at 390x844): the record and
check-in forms' primary action is on screen without scrolling; shared links open the page they
name for every role that may see it, and say so in the person's language otherwise; a French
first run stays French."""

from __future__ import annotations

import pytest

from services.core import i18n
from tests.e2e import helpers
from tests.e2e.conftest import DEVICES

LAG_USER = "lag.ghent"  # Ghent's "Shared evening delivery round" runs (orders per week)
DEMO_TITLE = "Africa-Europe Digital Cities"
SCREEN_HEIGHT = 844


def phone_context(browser, locale: str = "en-GB"):
    device = {k: v for k, v in DEVICES["iPhone 13"].items() if k != "default_browser_type"}
    device["viewport"] = {"width": 390, "height": SCREEN_HEIGHT}
    return browser.new_context(**device, locale=locale)


def log_in(page, username: str, password: str) -> None:
    helpers.fill(page, "login.username", username)
    helpers.fill(page, "login.password", password)
    helpers.click(page, "login.submit")
    page.locator("[data-testid=stSidebarNav]").wait_for(state="attached")
    helpers.wait_idle(page)


def open_url(page, url: str) -> None:
    """Open an address afresh (a shared link, a bookmark): a new session, kept logged in by
    the login cookie."""
    page.goto(url)
    helpers.wait_idle(page, timeout=30_000)
    page.wait_for_timeout(500)
    helpers.wait_idle(page)


def above_the_fold(page, key: str) -> dict:
    """The button of `key`, wholly on the screen as the page opened (no scrolling)."""
    assert page.evaluate("window.scrollY") == 0
    box = helpers.by_key(page, key).locator("button").first.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN_HEIGHT, box
    return box


def test_record_and_checkin_are_sent_without_scrolling_on_a_phone(browser, devices, server):
    context = phone_context(browser)
    page = context.new_page()
    page.set_default_timeout(20_000)
    helpers.goto_app(page, server)
    log_in(page, LAG_USER, server.demo_password)
    assert page.locator("h1").first.inner_text() == i18n.t("record.title", "en")
    above_the_fold(page, "record.save")
    helpers.by_key(page, "record.value").locator("input").fill("128")
    helpers.screenshot(page, "field-phone-record")
    # The date and the note are folded away, not gone.
    details = page.get_by_text(i18n.t("record.details", "en"))
    details.click()
    helpers.fill(page, "record.note", "tapped without scrolling")
    helpers.click(page, "record.save")
    page.get_by_text(i18n.t("record.saved", "en")).wait_for()
    latest = page.locator("[class*='st-key-record-entry-']").first.inner_text()
    assert "128 orders" in latest and "tapped without scrolling" in latest

    open_url(page, server.url + "/checkin")
    assert page.locator("h1").first.inner_text() == i18n.t("checkin.title", "en")
    above_the_fold(page, "checkin.save")
    helpers.screenshot(page, "field-phone-checkin")
    helpers.fill(page, "checkin.happened", "a check-in from the market")
    page.get_by_text(i18n.t("checkin.details", "en")).click()
    for key in ("checkin.blockers", "checkin.blocker_note", "checkin.help", "checkin.date"):
        helpers.by_key(page, key).wait_for()  # every field is still there
    helpers.fill(page, "checkin.help", "a printer")
    helpers.click(page, "checkin.save")
    page.get_by_text(i18n.t("checkin.saved", "en")).wait_for()
    helpers.assert_no_error(page)
    context.close()


def test_shared_links_open_the_page_or_say_why_not(browser, devices, server):
    context = phone_context(browser)
    page = context.new_page()
    page.set_default_timeout(20_000)
    # A link to /record, opened logged out: the login form there, then the record page.
    open_url(page, server.url + "/record")
    assert page.locator("h1").first.inner_text() == i18n.t("login.title", "en")
    log_in(page, LAG_USER, server.demo_password)
    page.get_by_role("heading", name=i18n.t("record.title", "en")).wait_for()
    not_found = "Page not found"
    # The landing page's own address (it is also the root), and other pages'.
    for address, heading in (
        ("record", i18n.t("record.title", "en")),
        ("home", DEMO_TITLE),
        ("checkin", i18n.t("checkin.title", "en")),
    ):
        open_url(page, f"{server.url}/{address}")
        helpers.assert_no_error(page)
        assert page.locator("h1").first.inner_text() == heading, address
        assert page.get_by_text(not_found).count() == 0, address
    # A page the role lacks, in the person's language (French, picked in the menu).
    page.locator("[data-testid=stExpandSidebarButton]").tap()
    helpers.select_option(page, "app.language", i18n.language_name("fr"))
    open_url(page, server.url + "/admin")
    refusal = i18n.t("app.page_not_for_role", "fr", role=i18n.t("role.lag_member", "fr"))
    page.get_by_text(refusal).wait_for()
    assert page.get_by_text(not_found).count() == 0
    assert page.locator("h1").count() == 0
    helpers.screenshot(page, "field-phone-not-for-role")
    context.close()


@pytest.mark.parametrize("how", ["picker", "browser"])
def test_a_french_first_run_stays_french(browser, devices, fresh_server, how):
    """French chosen on the first-run screen (an English browser) or by the browser itself:
    the account is created French, and a new browser logging in to it gets French."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fr-FR" if how == "browser" else "en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    helpers.goto_app(page, fresh_server)
    if how == "picker":
        assert page.locator("h1").first.inner_text() == i18n.t("setup.title", "en")
        helpers.select_option(page, "app.language", i18n.language_name("fr"))
    assert page.locator("h1").first.inner_text() == i18n.t("setup.title", "fr")
    helpers.by_key(page, "setup.demo").locator("label").first.click()
    helpers.wait_idle(page)
    helpers.fill(page, "setup.network_name", "Réseau des villes côtières")
    helpers.fill(page, "setup.display_name", "Fatou Diop")
    helpers.fill(page, "setup.username", "fatou.diop")
    helpers.fill(page, "setup.password", "first run passphrase 2026")
    helpers.fill(page, "setup.confirm", "first run passphrase 2026")
    helpers.click(page, "setup.submit")
    page.locator("[data-testid=stSidebarNav]").wait_for(timeout=60_000)
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    assert i18n.t("app.logout", "fr") in sidebar.inner_text()
    assert i18n.t("home.no_cities", "fr") in page.locator("[data-testid=stMain]").inner_text()
    # A reload (a new session from the login cookie) is still French.
    open_url(page, fresh_server.url + "/roles")
    page.get_by_role("heading", name=i18n.t("roles.title", "fr")).wait_for()
    helpers.screenshot(page, f"field-first-run-fr-{how}")
    context.close()

    # Another browser, in English, logging in to the account: French, the account's language.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = other.new_page()
    page.set_default_timeout(20_000)
    helpers.goto_app(page, fresh_server)
    log_in(page, "fatou.diop", "first run passphrase 2026")
    assert i18n.t("app.logout", "fr") in page.locator("[data-testid=stSidebar]").inner_text()
    other.close()
