"""Accessibility in a real browser: axe-core's WCAG 2.0/2.1 A and AA rules on every page of
every role's menu, on a desktop (1280x900) and on a phone (iPhone 13, 390x844); and the
"log in -> record a result -> saved" and "edit a plan section -> save -> conflict -> merge ->
save" flows with the keyboard alone, with a visible focus at every stop.

One server for the module; one login per role and size. A failure prints every violation with
its rule, impact and the elements (targets) that fail it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from models.user import ROLES, User
from services.core import collections, i18n, store
from services.plans import plans
from tests.e2e import helpers, serve
from tests.e2e.test_shell import USERNAMES, pages_for_role

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SIZES = {"desktop": DESKTOP, "phone": None}  # phone: the iPhone 13 descriptor, 390x844


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _context(browser, devices, size: str):
    if size == "desktop":
        return browser.new_context(**DESKTOP, locale="en-GB")
    # The phone's user agent matters: Streamlit closes the sidebar after a page is chosen only
    # for a mobile user agent. The descriptor's viewport leaves room for Safari's bars; the
    # issue asks for the full 390x844.
    device = dict(devices["iPhone 13"])
    device.pop("default_browser_type", None)
    device["viewport"] = {"width": 390, "height": 844}
    return browser.new_context(**device, locale="en-GB")


def _violations(axe, page, where: str) -> list[str]:
    """One line per failing element: where, rule, impact, target, and axe's summary. axe-core
    is put into the page once (the app changes pages without loading a new document), not
    before each run as `Axe.run` does: its 570 KB took 0.2-0.5 s a page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    violations = page.evaluate("options => axe.run(options).then(r => r.violations)", options)
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}) {node['target']}"
                f" -- {summary[:220]}"
            )
    return lines


def _open(page, server, url_path: str, phone: bool) -> None:
    if phone and not page.locator("[data-testid=stSidebarNav]").is_visible():
        page.locator("[data-testid=stExpandSidebarButton]").click()
        page.locator("[data-testid=stSidebarNav]").wait_for(state="visible")
    helpers.open_page(page, server, url_path)


@pytest.mark.parametrize("size", list(SIZES))
def test_login_page_has_no_axe_violations(server, browser, devices, axe, size):
    context = _context(browser, devices, size)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        helpers.goto_app(page, server)
        found = _violations(axe, page, f"{size} login")
    finally:
        context.close()
    print("\n".join(found))
    assert not found, f"{len(found)} axe violations:\n" + "\n".join(found)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_has_no_axe_violations(server, browser, devices, axe, role, size):
    username = server.admin_username if role == "admin" else USERNAMES[role]
    context = _context(browser, devices, size)
    page = context.new_page()
    page.set_default_timeout(20_000)
    found: list[str] = []
    try:
        helpers.logged_in(page, server, username)
        expected = pages_for_role(role)
        assert len(helpers.menu_paths(page)) == len(expected)
        for url_path, _title in expected:
            _open(page, server, url_path, phone=size == "phone")
            helpers.assert_no_error(page)
            found += _violations(axe, page, f"{role} {size} /{url_path}")
    finally:
        context.close()
    print("\n".join(found))
    pages = {line.split(":")[0] for line in found}
    assert not found, f"{len(found)} axe violations on {len(pages)} pages:\n" + "\n".join(found)


def test_language_of_the_page_is_set(server, page):
    helpers.goto_app(page, server)
    assert page.evaluate("document.documentElement.lang") == "en"
    helpers.select_option(page, "app.language", i18n.language_name("fr"))
    page.wait_for_function("document.documentElement.lang === 'fr'")


# --- keyboard only -------------------------------------------------------------------------------

KEYBOARD_USER = "lag.ghent"  # Ghent's "Shared evening delivery round" runs (orders per week)


def test_keyboard_only_log_in_record_a_result_saved(server, page):
    helpers.goto_app(page, server)
    helpers.tab_to(page, helpers.key_class("login.username"))
    page.keyboard.type(KEYBOARD_USER)
    helpers.tab_to(page, helpers.key_class("login.password"), limit=3)
    page.keyboard.type(server.demo_password)
    page.keyboard.press("Enter")  # Enter in a form's field submits the form
    page.locator("[data-testid=stSidebarNav]").wait_for(state="attached")
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    assert page.locator("h1").first.inner_text() == i18n.t("record.title", "en")

    helpers.tab_to(page, helpers.key_class("record.value"))
    page.keyboard.type("141")
    helpers.tab_to(page, helpers.key_class("record.note"), limit=6)
    page.keyboard.type("typed with the keyboard only")
    stops = helpers.tab_to(page, helpers.key_class("record.save"), limit=6)
    assert stops[-1]["tag"] == "BUTTON"
    page.keyboard.press("Enter")
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    page.get_by_text(i18n.t("record.saved", "en")).wait_for()
    latest = page.locator("[class*='st-key-record-entry-']").first.inner_text()
    assert "141 orders" in latest and "typed with the keyboard only" in latest


PLAN_CITY = "city-0002"  # the demo's second city; its city lead edits the plan below
NARRATIVE = "[class*='st-key-plan-context-narrative']"  # the form's key changes after a save


def _context_narrative(server) -> str:
    with serve.store_of(server.data_dir):
        return plans.find_plan(PLAN_CITY).sections["context"].content.narrative


def _user(server, **where) -> User:
    with serve.store_of(server.data_dir):
        return User.from_doc(store.get().find(collections.USERS, where)[0])


def _someone_else_saves_the_context(server, text: str) -> None:
    coordinator = _user(server, username="coordinator.demo")
    with serve.store_of(server.data_dir):
        plan = plans.find_plan(PLAN_CITY)
        content = plan.sections["context"].content.model_dump(mode="json")
        plans.save_section(coordinator, plan, "context", {**content, "narrative": text})


def _open_section(page, title: str) -> None:
    summary = "[data-testid=stExpander] summary"
    helpers.tab_to(page, summary, limit=120, text=title)
    if page.evaluate("s => !document.activeElement.closest('details').open", summary):
        page.keyboard.press("Enter")


def test_keyboard_only_save_a_plan_section_and_resolve_a_conflict(server, page):
    """The city lead opens the plan, edits a section, saves; then saves again after someone
    else did, meets the conflict view, merges and saves: every step with the keyboard."""
    lead = _user(server, role="city_lead", city_ids=PLAN_CITY)
    helpers.logged_in(page, server, lead.username)
    section = i18n.t("plan.section.context", lead.language)

    helpers.tab_to(page, "[data-testid=stSidebarNav] a[href$='/plan']", limit=40)
    page.keyboard.press("Enter")
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    open_section = lambda: _open_section(page, section)  # noqa: E731
    open_section()
    box = NARRATIVE
    helpers.tab_to(page, box, limit=60)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("First version, typed with the keyboard")
    helpers.tab_to(page, helpers.key_class("plan.context.save"), limit=80)
    page.keyboard.press("Enter")
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    assert _context_narrative(server) == "First version, typed with the keyboard"

    _someone_else_saves_the_context(server, "The coordinator's version")
    helpers.pause_before_next_entry(page)  # a person typing a new version takes that long
    open_section()  # a save closes the section
    helpers.tab_to(page, box, limit=60)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("The lead's second version")
    helpers.tab_to(page, helpers.key_class("plan.context.save"), limit=80)
    page.keyboard.press("Enter")
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    assert _context_narrative(server) == "The coordinator's version"  # nothing overwritten
    helpers.tab_to(page, helpers.key_class("plan.context.conflict.merge"), limit=150)
    page.keyboard.press("Enter")
    helpers.wait_idle(page)
    # The merged text fills the field on the rerun after the click: wait for it (a rerun may
    # still be drawing the field when the page first reads idle).
    merged = page.locator(f"{box} textarea").first
    expect(merged).to_have_value(re.compile("The coordinator's version"), timeout=15_000)
    assert "The lead's second version" in merged.input_value()
    helpers.tab_to(page, box, limit=150)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Both versions, reconciled with the keyboard")
    helpers.tab_to(page, helpers.key_class("plan.context.save"), limit=80)
    page.keyboard.press("Enter")
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    assert _context_narrative(server) == "Both versions, reconciled with the keyboard"
