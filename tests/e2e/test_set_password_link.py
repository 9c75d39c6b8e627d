"""The set-password link (`/set_password?token=…`), the documented way back from a lockout,
opens its form directly on a desktop and on a phone: no "Page not found" over it."""

from __future__ import annotations

import re

import pytest

from services.core import i18n
from tests.e2e import helpers, serve

FORM = helpers.key_class("set_password.password")
NEW_PASSWORD = "tide pools under the old pier"


def fresh_link(server, username: str) -> str:
    """A new one-time link for `username`, as `unlock USERNAME --link` prints it."""
    printed = serve.cli(server.data_dir, "unlock", username, "--link")
    (path,) = re.findall(r"<app address>(/set_password\?token=\S+)", printed)
    return server.url + path


def not_found(page) -> int:
    return page.get_by_text("Page not found").count()


@pytest.mark.parametrize("device", ["page", "iphone_page"])
def test_the_link_opens_the_form_without_page_not_found(server, request, device):
    page = request.getfixturevalue(device)
    page.goto(fresh_link(server, "funder.demo"))
    helpers.wait_idle(page, timeout=30_000)
    page.locator(FORM).wait_for()
    page.wait_for_timeout(500)  # the dialog, if any, comes with the first run's end
    assert not_found(page) == 0
    assert page.locator("h1").first.inner_text() == i18n.t("accounts.link.title", "en")
    assert "/set_password?token=" in page.url
    helpers.assert_no_error(page)


def test_setting_the_password_through_the_link_logs_in(server, page):
    page.goto(fresh_link(server, "funder.demo"))
    helpers.wait_idle(page, timeout=30_000)
    helpers.fill(page, "set_password.password", NEW_PASSWORD)
    helpers.fill(page, "set_password.confirm", NEW_PASSWORD)
    helpers.click(page, "set_password.submit")
    page.locator(helpers.key_class("app.logout")).wait_for()
    helpers.wait_idle(page)
    assert not_found(page) == 0
    helpers.assert_no_error(page)


def test_a_logged_in_visitor_opening_a_link_gets_its_form(server, page):
    page.set_default_navigation_timeout(60_000)
    helpers.logged_in(page, server, "coordinator.demo")
    page.goto(fresh_link(server, "funder.demo"))
    helpers.wait_idle(page, timeout=30_000)
    page.locator(FORM).wait_for()
    page.wait_for_timeout(500)  # the dialog, if any, comes with the first run's end
    assert not_found(page) == 0
    helpers.assert_no_error(page)
    # It says whose session the link replaces, then logs in as the link's account.
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "coordinator.demo" in main and "funder.demo" in main
    helpers.fill(page, "set_password.password", NEW_PASSWORD + " again")
    helpers.fill(page, "set_password.confirm", NEW_PASSWORD + " again")
    helpers.click(page, "set_password.submit")
    page.locator(helpers.key_class("app.logout")).wait_for()
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    assert i18n.t("role.viewer", "en") in page.locator("[data-testid=stSidebar]").inner_text()
