"""A login kept across reloads, new tabs and links (issue 10, item 1), in a real browser."""

from __future__ import annotations

import time

from services.accounts import sessions
from services.core import i18n
from services.demo import seed as demo
from tests.e2e import helpers

COORDINATOR = "coordinator.demo"
LOGIN_FORM = helpers.key_class("login.username")


def session_cookie(context, present: bool = True, timeout_s: float = 15.0) -> dict | None:
    """The login cookie once it is there (or None once it is gone), waiting for it."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = [c for c in context.cookies() if c["name"] == sessions.COOKIE_NAME]
        if bool(found) == present:
            return found[0] if found else None
        if time.monotonic() > deadline:
            raise AssertionError(f"cookie {'never came' if present else 'never went'}")
        time.sleep(0.2)


def logged_in(page) -> bool:
    return page.locator(helpers.key_class("app.logout")).count() > 0


def open_url(page, url: str) -> None:
    page.goto(url)
    helpers.wait_idle(page, timeout=30_000)


def main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def city_name(index: int) -> str:
    return demo.CITIES[index][0]


def test_login_survives_reload_and_new_tab_and_logout_ends_it(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        helpers.login(page, server, COORDINATOR, server.demo_password)
        cookie = session_cookie(context)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert cookie["expires"] > time.time() + 13 * 24 * 3600  # about 14 days
        assert len(cookie["value"]) >= 40  # an opaque random token, nothing else
        assert "coordinator" not in cookie["value"]

        page.reload()
        helpers.wait_idle(page, timeout=30_000)
        assert logged_in(page) and page.locator(LOGIN_FORM).count() == 0

        other = context.new_page()
        open_url(other, f"{server.url}/plan?city=city-0002")
        assert logged_in(other) and other.locator(LOGIN_FORM).count() == 0
        assert "city=city-0002" in other.url
        assert city_name(1) in main_text(other)
        helpers.assert_no_error(other)

        helpers.click(page, "app.logout")
        assert session_cookie(context, present=False) is None
        page.reload()
        helpers.wait_idle(page, timeout=30_000)
        assert page.locator(LOGIN_FORM).count() == 1 and not logged_in(page)
        # The other tab's login ended on the server too: a reload there is logged out.
        other.reload()
        helpers.wait_idle(other, timeout=30_000)
        assert other.locator(LOGIN_FORM).count() == 1
    finally:
        context.close()


def test_login_from_a_deep_link_lands_on_it(server, page):
    open_url(page, f"{server.url}/plan?city=city-0003")
    # The login form, at the link's address, with no "page not found".
    assert page.locator(LOGIN_FORM).count() == 1
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("h1").first.inner_text() == i18n.t("login.title", "en")
    helpers.fill(page, "login.username", COORDINATOR)
    helpers.fill(page, "login.password", server.demo_password)
    helpers.click(page, "login.submit")
    helpers.by_key(page, "plan.city").wait_for()
    assert page.url.endswith("/plan?city=city-0003")
    assert city_name(2) in main_text(page)
    helpers.assert_no_error(page)


def test_a_stolen_looking_cookie_is_refused(server, browser):
    context = browser.new_context(locale="en-GB")
    host = server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": sessions.COOKIE_NAME, "value": "x" * 43, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        open_url(page, f"{server.url}/plan?city=city-0002")
        assert page.locator(LOGIN_FORM).count() == 1 and not logged_in(page)
    finally:
        context.close()
