"""The dashboard in a real browser: the coordinator filters by cluster, the URL carries the
filter, a real reload (a new Streamlit session) keeps both the login (the HttpOnly cookie) and
the filter (from the URL), and clicking a city opens it."""

from __future__ import annotations

import time
import urllib.parse

from services.core import i18n
from tests.e2e import helpers

CLUSTER = "Open data"  # Nairobi, Tunis, Bilbao in the demo
COORDINATOR = "coordinator.demo"  # the demo coordinator reads French


def query_of(url: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlparse(url).query)


def selected(page, key: str, expected: str = "", timeout_s: float = 10) -> str:
    """What a select box shows (its label, and the chosen option's text or input value): once
    it shows `expected`, when given (a page just reloaded draws the box before its value)."""
    box = helpers.by_key(page, key)
    deadline = time.monotonic() + timeout_s
    while True:
        inputs = box.locator("input")
        value = inputs.first.input_value() if inputs.count() else ""
        shown = f"{box.inner_text()} {value}"
        if expected in shown or time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(200)


def test_filter_by_cluster_reload_and_open_a_city(server, page):
    helpers.logged_in(page, server, COORDINATOR, "dashboard")
    helpers.assert_no_error(page)
    page.get_by_role("heading", name=i18n.t("dashboard.title", "fr")).wait_for()

    helpers.select_option(page, "dashboard.filter.cluster", CLUSTER)
    helpers.assert_no_error(page)
    page.wait_for_function("() => location.search.includes('cluster=')")
    assert query_of(page.url)["cluster"] == [CLUSTER]
    intro = i18n.t("dashboard.intro", "fr", count=3, date="").split(".")[0]
    page.get_by_text(intro).first.wait_for()
    bookmark = page.url
    helpers.screenshot(page, "dashboard-filtered")

    # A real reload: a new Streamlit session, still logged in (the kept-login cookie), and the
    # dashboard's first run takes the filter from the URL.
    page.reload()
    helpers.wait_idle(page, timeout=30_000)
    helpers.assert_no_error(page)
    assert page.locator(helpers.key_class("app.logout")).count() == 1  # still logged in
    assert page.locator(helpers.key_class("login.username")).count() == 0
    page.get_by_role("heading", name=i18n.t("dashboard.title", "fr")).wait_for()
    assert page.url == bookmark
    assert CLUSTER in selected(page, "dashboard.filter.cluster", CLUSTER)
    page.get_by_text(intro).first.wait_for()
    helpers.screenshot(page, "dashboard-after-reload")

    # Clicking a city (in the list of cities needing attention) opens its progress page.
    helpers.by_key(page, "dashboard.view").get_by_text(
        i18n.t("dashboard.section.attention", "fr")
    ).click()
    helpers.wait_idle(page)
    link = page.locator("[data-testid=stPageLink] a").filter(has_text="Tunis").first
    link.click()
    helpers.wait_idle(page)
    helpers.assert_no_error(page)
    page.get_by_role("heading", name=i18n.t("progress.title", "fr")).wait_for()
    assert "Tunis" in selected(page, "progress.city", "Tunis")
    assert query_of(page.url).get("city") == ["city-0007"]
    page.locator(helpers.key_class("dashboard.header")).wait_for()
