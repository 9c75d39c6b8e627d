"""The app shell in a real browser: first run, login, language, every page, logout."""

from __future__ import annotations

import ast
import pathlib

import pytest

from models.user import ROLES
from services.core import i18n, permissions
from tests.e2e import helpers

ROOT = pathlib.Path(__file__).resolve().parents[2]
# One demo account per role but the administrator's (test_accessibility crawls their pages).
USERNAMES = {
    "coordinator": "coordinator.demo",
    "city_lead": "lead.dakar",
    "lag_member": "lag.dakar",
    "viewer": "funder.demo",
}


def app_pages() -> list[tuple[str, str, str, str]]:
    """app.PAGES, read from app.py without running Streamlit code."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(target, ast.Name) and target.id == "PAGES":
            return ast.literal_eval(node.value)
    raise AssertionError("PAGES not found in app.py")


def pages_for_role(role: str) -> list[tuple[str, str]]:
    """(url path, title key) of the pages a role may open, in menu order."""
    return [
        (pathlib.Path(path).stem, title)
        for path, title, _icon, action in app_pages()
        if permissions.MATRIX.get(action, {}).get(role)
    ]


def test_first_run_creates_account_and_demo(fresh_server, page):
    helpers.goto_app(page, fresh_server)
    assert page.locator("h1").first.inner_text() == i18n.t("setup.title", "en")
    helpers.fill(page, "setup.display_name", "Fatou Diop")
    helpers.fill(page, "setup.username", "fatou.diop")
    helpers.fill(page, "setup.password", "first run passphrase 2026")
    helpers.fill(page, "setup.confirm", "first run passphrase 2026")
    assert helpers.by_key(page, "setup.demo").locator("input").is_checked()
    helpers.by_key(page, "setup.submit").locator("button").click()
    helpers.wait_idle(page, timeout=60_000)
    page.locator("[data-testid=stSidebarNav]").wait_for(timeout=60_000)
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    assert "Africa-Europe Digital Cities" in page.locator("h1").first.inner_text()
    page.get_by_text(i18n.t("home.cities", "en", count=12)).wait_for()
    assert "Fatou Diop" in page.locator("[data-testid=stSidebar]").inner_text()
    helpers.screenshot(page, "first-run-home")


def test_first_visit_at_a_deep_url_still_goes_through_the_gate(fresh_server, page):
    """A fresh server's first run must start at app.py too (no pages/ folder: see the README)."""
    page.goto(fresh_server.url + "/roles")
    helpers.wait_idle(page, timeout=30_000)
    page.get_by_role("heading", name=i18n.t("setup.title", "en")).wait_for()
    helpers.wait_idle(page)
    assert page.locator("h1").first.inner_text() == i18n.t("setup.title", "en")
    assert "roles" not in helpers.menu_paths(page)
    assert page.get_by_text(i18n.t("roles.intro", "en")).count() == 0


def test_wrong_password_shows_the_generic_message(server, page):
    helpers.goto_app(page, server)
    helpers.fill(page, "login.username", server.admin_username)
    helpers.fill(page, "login.password", "not the password at all")
    helpers.click(page, "login.submit")
    page.locator("[data-testid=stAlertContentError]").first.wait_for()
    assert helpers.error_texts(page) == [i18n.t("auth.login_failed", "en")]
    assert page.locator("[data-testid=stSidebarNav]").count() == 0


def test_admin_logs_in_switches_language_opens_every_page_and_logs_out(server, page):
    # Nothing is fetched from another host (a room's server may have no internet, and a
    # visitor's browser should not call anyone else): not the favicon, not a font.
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((server.url, "data:", "blob:"))
            else elsewhere.append(request.url)
        ),
    )
    helpers.login(page, server, server.admin_username, server.admin_password)
    helpers.assert_no_error(page)
    expected = pages_for_role("admin")
    assert len(helpers.menu_paths(page)) == len(expected)

    # Every page the admin may see, in English, with no error box.
    for url_path, title_key in expected:
        helpers.open_page(page, server, url_path)
        helpers.assert_no_error(page)
        helpers.screenshot(page, f"admin-en-{url_path}")
        menu = page.locator("[data-testid=stSidebarNav]").inner_text()
        assert i18n.t(title_key, "en") in menu

    # French: the menu titles and page headings change, and stay French from page to page.
    helpers.select_option(page, "app.language", i18n.language_name("fr"))
    menu = page.locator("[data-testid=stSidebarNav]").inner_text()
    for _url_path, title_key in expected:
        assert i18n.t(title_key, "fr") in menu
    helpers.open_page(page, server, "roles")
    helpers.assert_no_error(page)
    page.get_by_role("heading", name=i18n.t("roles.title", "fr")).wait_for()
    helpers.screenshot(page, "admin-fr-roles")

    # Log out ("Se déconnecter" now): back to the login screen.
    helpers.click(page, "app.logout")
    page.get_by_role("heading", name=i18n.t("login.title", "fr")).wait_for()
    assert page.locator("[data-testid=stSidebarNav]").count() == 0
    assert elsewhere == []


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_demo_accounts_log_in_with_the_demo_password_to_their_menu(server, page, role):
    """Each of these accounts then opens every page of its menu, without an error and without
    an accessibility violation, in test_accessibility (the same accounts, desktop and phone)."""
    username = USERNAMES[role]
    helpers.login(page, server, username, server.demo_password)
    helpers.assert_no_error(page)
    assert len(helpers.menu_paths(page)) == len(pages_for_role(role))
