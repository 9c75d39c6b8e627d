"""Security in a real browser: user text stays text, cities stay private, viewers edit nothing."""

from __future__ import annotations

import re

import pytest

from models.city import CityFields
from services.accounts import login
from services.core import i18n
from services.network import networks
from tests.e2e import helpers, serve

XSS = "<img src=x onerror=alert(1)>"
XSS_FLAG = '<img src=x onerror="window.__atelier_xss=1">'
OWN_CITY, OWN_CITY_NAME = "city-0001", "Dakar"
FOREIGN_CITY, FOREIGN_CITY_NAME = "city-0002", "Kigali"
# Demo users of francophone cities read French: accept the message in either language.
NOT_FOUND = re.compile(
    "|".join(re.escape(i18n.t("error.not_found", lang)) for lang in ("en", "fr"))
)


def watch_scripts(page) -> list[str]:
    """Record every dialog (alert, confirm ...) the page opens; a script ran if any."""
    dialogs: list[str] = []

    def opened(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", opened)
    return dialogs


def assert_no_script_ran(page, dialogs: list[str]) -> None:
    assert dialogs == [], f"a script ran: {dialogs}"
    assert page.evaluate("() => window.__atelier_xss === undefined")
    assert page.locator("img[src='x']").count() == 0


def go_to_url_in_session(page, path: str) -> None:
    """Change the address inside the open session (as the back button or a typed link would
    in a single-page app): push the URL and let Streamlit's frontend follow it."""
    page.evaluate(
        "(path) => { window.history.pushState({}, '', path);"
        " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }",
        path,
    )
    helpers.wait_idle(page)


# --- (a) user text is shown as text -------------------------------------------------------------


def test_html_in_user_text_is_shown_as_text(server, page):
    dialogs = watch_scripts(page)
    with serve.store_of(server.data_dir):
        lead = login.authenticate("lead.dakar", server.demo_password)
        city = networks.get_city(lead, OWN_CITY)
        networks.update_city(
            lead,
            city,
            CityFields(
                name=city.name,
                country=city.country,
                cluster=city.cluster,
                challenge=f"{XSS} {XSS_FLAG}",
                team=city.team,
            ),
        )
    helpers.logged_in(page, server, "lead.dakar")

    # Through the UI: the user's own display name, then shown in the sidebar on every page.
    helpers.open_page(page, server, "account")
    helpers.fill(page, "account.display_name", XSS)
    helpers.click(page, "account.profile.submit")
    helpers.assert_no_error(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text(XSS, exact=True).wait_for()
    for path in helpers.menu_paths(page):
        helpers.open_page(page, server, path or "home")
        helpers.assert_no_error(page)
        assert sidebar.get_by_text(XSS, exact=True).is_visible()
        assert_no_script_ran(page, dialogs)
    # The city challenge (an edit form shows it as the field's text).
    if "cities" in helpers.menu_paths(page):
        helpers.open_page(page, server, "cities")
        assert_no_script_ran(page, dialogs)
    helpers.screenshot(page, "security-xss-text")


# --- (b) a local action group member stays in their own city -----------------------------------


def test_lag_member_cannot_open_another_citys_plan(server, page):
    helpers.logged_in(page, server, "lag.dakar")
    menu = helpers.menu_paths(page)
    assert "plan" in menu, f"no plan page in the menu: {menu}"
    helpers.open_page(page, server, "plan")
    helpers.assert_no_error(page)
    main = page.locator("[data-testid=stMain]")
    assert OWN_CITY_NAME in main.inner_text()
    # The city picker offers only the member's own city.
    picker = helpers.by_key(page, "plan.city")
    picker.locator("[role=combobox]").first.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    assert options == [OWN_CITY_NAME]

    # Changing the address inside the session to another city's plan.
    go_to_url_in_session(page, f"/plan?city={FOREIGN_CITY}")
    main.get_by_text(NOT_FOUND).wait_for()
    assert FOREIGN_CITY_NAME not in main.inner_text()
    assert main.locator("[data-testid=stForm], textarea").count() == 0
    helpers.screenshot(page, "security-foreign-plan-in-session")


def test_typed_url_to_another_city_needs_login_and_shows_nothing(server, page):
    # A typed (reloaded) URL starts a new session: the login page, nothing of the plan.
    page.goto(f"{server.url}/plan?city={FOREIGN_CITY}")
    helpers.wait_idle(page, timeout=30_000)
    assert helpers.by_key(page, "login.username").count() == 1
    # Streamlit says "page not found" in a modal (no such page before login): close it.
    if page.get_by_role("dialog").count():
        page.keyboard.press("Escape")
        page.get_by_role("dialog").wait_for(state="detached")
    assert FOREIGN_CITY_NAME not in page.locator("body").inner_text()
    helpers.fill(page, "login.username", "lag.dakar")
    helpers.fill(page, "login.password", server.demo_password)
    helpers.click(page, "login.submit")
    page.locator("[data-testid=stSidebarNav]").wait_for()
    helpers.wait_idle(page)
    assert FOREIGN_CITY_NAME not in page.locator("[data-testid=stMain]").inner_text()
    go_to_url_in_session(page, f"/plan?city={FOREIGN_CITY}")
    page.locator("[data-testid=stMain]").get_by_text(NOT_FOUND).wait_for()
    assert FOREIGN_CITY_NAME not in page.locator("[data-testid=stMain]").inner_text()


# --- (c) a viewer sees no edit control ----------------------------------------------------------

# Widgets that change data. Buttons are checked separately (tabs and table toolbars are fine).
EDIT_WIDGETS = (
    "[data-testid=stForm]",
    "[data-testid=stFormSubmitButton]",
    "[data-testid=stTextInput]",
    "[data-testid=stTextArea]",
    "[data-testid=stNumberInput]",
    "[data-testid=stDateInput]",
    "[data-testid=stFileUploader]",
    "[data-testid=stCheckbox]",
)
# Pages whose controls are about one's own account, not the network's data.
OWN_ACCOUNT_PAGES = {"account"}


# Buttons that change only what this person sees (a view), never any data.
VIEW_BUTTONS = (
    helpers.key_class("dashboard.filter.reset"),
    helpers.key_class("dashboard.brief"),  # downloads
    "[data-testid=stPopover]:has-text('{data}')".format(data=i18n.t("chart.data", "en")),
)


def edit_controls(page) -> list[str]:
    main = page.locator("[data-testid=stMain]")
    found = [sel for sel in EDIT_WIDGETS if main.locator(sel).count()]
    buttons = main.locator("[data-testid=stButton] button, [data-testid=stPopover] button")
    views = {b for sel in VIEW_BUTTONS for b in main.locator(f"{sel} button").all_inner_texts()}
    views |= {b for sel in VIEW_BUTTONS for b in main.locator(sel).all_inner_texts()}
    found += [f"button {text!r}" for text in buttons.all_inner_texts() if text not in views]
    return found


def test_viewer_sees_no_edit_control(server, page):
    helpers.logged_in(page, server, "funder.demo")
    menu = helpers.menu_paths(page)
    assert "admin" not in menu
    checked = []
    for path in menu:
        if path in OWN_ACCOUNT_PAGES:
            continue
        helpers.open_page(page, server, path or "home")
        helpers.assert_no_error(page)
        found = edit_controls(page)
        assert not found, f"viewer sees edit controls on /{path}: {found}"
        checked.append(path)
    assert len(checked) >= 2
    # The sidebar holds only navigation, the language picker and logout.
    sidebar_buttons = page.locator("[data-testid=stSidebar] [data-testid=stButton] button")
    labels = sidebar_buttons.all_inner_texts()
    assert len(labels) == 1 and labels[0].endswith(i18n.t("app.logout", "en")), labels


@pytest.mark.parametrize("path", ["admin", "set_password"])
def test_viewer_cannot_reach_hidden_pages_in_session(server, page, path):
    helpers.logged_in(page, server, "funder.demo")
    go_to_url_in_session(page, f"/{path}?token=" + "x" * 43)
    main = page.locator("[data-testid=stMain]")
    assert helpers.by_key(page, "admin.create.username").count() == 0
    assert helpers.by_key(page, "set_password.password").count() == 0
    assert i18n.t("accounts.admin.title", "en") not in main.locator("h1").all_inner_texts()


# --- a deep link as a server process's very first request ---------------------------------------


def test_first_request_deep_link_to_admin_shows_nothing(fresh_server, page):
    # A process's first request is a deep link: it runs through app.py (the page scripts are
    # not in a `screens/` folder, which Streamlit would run alone), and the admin page guards
    # itself too, so nothing of the accounts appears.
    page.goto(f"{fresh_server.url}/admin")
    helpers.wait_idle(page, timeout=30_000)
    main = page.locator("[data-testid=stMain]")
    ran_directly = main.get_by_text(i18n.t("accounts.sign_in_first", "en")).count() == 1
    shows_setup = helpers.by_key(page, "setup.username").count() == 1
    assert ran_directly or shows_setup
    assert page.locator("[data-testid=stException]").count() == 0
    assert helpers.by_key(page, "admin.create.username").count() == 0
    assert i18n.t("accounts.admin.title", "en") not in main.locator("h1").all_inner_texts()
