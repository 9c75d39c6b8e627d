"""Works in the field: a phone whose link drops (bench/field.py's proxy, cut and restored)
loses nothing typed, and is told what happens in its person's language.

- a check-in sent as the link drops (the uplink stalls, then the link is cut) is saved exactly
  once after reconnection, or its text is still in the form with a message saying it was not
  sent (then sending it again stores it exactly once);
- while the link is down, the notice is the app's, in French for a French member, and
  Streamlit's English developer dialog is not to be seen;
- text typed in a form whose session is then lost (a new tab, a server that forgot it) is put
  back from the browser's draft, and the draft goes once the save is confirmed.
"""

from __future__ import annotations

import time

import pytest

from bench import field
from models.reporting import Checkin
from services.core import collections, i18n, store
from tests.e2e import helpers, serve

CONNECTED = "[data-testid=stApp][data-test-connection-state=CONNECTED]"
NOTICE = "#atelier-reconnecting"


@pytest.fixture
def link(server):
    """A link between the browser and the server that can be cut: 400 ms round trip, so a
    message sent just before the cut is still on its way."""
    proxy = field.ThrottlingProxy(int(server.url.rsplit(":", 1)[1]), 20_000, 400)
    proxy.url = f"http://127.0.0.1:{proxy.start()}"
    yield proxy
    proxy.stop()


def checkins_saying(server, text: str) -> list[Checkin]:
    """The check-ins the running server has stored whose "what happened" is `text`."""
    with serve.store_of(server.data_dir):
        docs = store.get().find(collections.CHECKINS, {"happened": text})
        return [Checkin.from_doc(d) for d in docs]


def open_checkin(page, link, server, username: str) -> None:
    """Log in through the link and open the check-in page, every piece of it loaded."""
    page.set_default_timeout(90_000)  # a server's first visitor waits for its compressions
    helpers.login(page, server, username, server.demo_password, base=link.url, timeout=90_000)
    page.goto(link.url + "/checkin")
    helpers.by_key(page, "checkin.happened").locator("textarea").wait_for()
    helpers.wait_idle(page)
    # Let the page's code for the tables below arrive before any cut (see the README: a piece
    # of Streamlit's code cut off halfway shows an error in its place until a reload).
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(1_500)
    page.mouse.wheel(0, -4000)
    field.wait_quiet(link, limit_s=30)


def happened(page):
    return helpers.by_key(page, "checkin.happened").locator("textarea")


def test_checkin_sent_as_the_link_drops_is_saved_once(server, link, iphone_page):
    page = iphone_page
    open_checkin(page, link, server, "lag.ghent")
    text = f"sent as the link dropped {time.time_ns()}"
    happened(page).fill(text)
    link.hold()  # the uplink stalls as the Send goes out ...
    helpers.by_key(page, "checkin.save").locator("button").first.click()
    page.wait_for_timeout(500)
    link.cut()  # ... and the link drops: the Send, still held, is lost with the connection
    notice = page.locator(NOTICE)
    notice.wait_for(timeout=20_000)
    assert notice.inner_text() == i18n.t("field.reconnecting", "en")
    assert not page.get_by_text("Connection error").is_visible()
    assert not page.get_by_text("not responding").is_visible()
    helpers.screenshot(page, "field_cut_en")
    page.wait_for_timeout(5_000)
    link.restore()
    page.wait_for_selector(CONNECTED, timeout=90_000)
    helpers.wait_idle(page, timeout=60_000)
    page.wait_for_timeout(1_000)
    assert page.locator(NOTICE).count() == 0

    unsent = page.locator("[data-testid=atelierUnsent]")
    if unsent.count() == 0:  # the Send made it before the cut: saved once, the form drawn empty
        assert len(checkins_saying(server, text)) == 1
        assert happened(page).input_value() == ""
    else:  # the page says it was not sent, and the text is still there
        assert unsent.inner_text() == i18n.t("field.unsent", "en")
        assert happened(page).input_value() == text
        assert len(checkins_saying(server, text)) <= 1
        helpers.screenshot(page, "field_unsent_en")
        helpers.by_key(page, "checkin.save").locator("button").first.click()
        unsent.wait_for(state="detached")
        helpers.wait_idle(page)
        page.wait_for_timeout(1_000)
        helpers.wait_idle(page)
        assert len(checkins_saying(server, text)) == 1  # sent again: stored exactly once
        assert happened(page).input_value() == ""
    # The draft is gone with the confirmed save: a new visit does not bring the text back.
    page.goto(link.url + "/checkin")
    happened(page).wait_for()
    helpers.wait_idle(page)
    page.wait_for_timeout(500)
    assert happened(page).input_value() == ""
    assert len(checkins_saying(server, text)) == 1


def test_french_member_is_told_in_french_and_a_lost_session_keeps_the_text(
    server, link, browser, devices
):
    device = {k: v for k, v in devices["iPhone 13"].items() if k != "default_browser_type"}
    context = browser.new_context(**device, locale="fr-FR")
    try:
        page = context.new_page()
        open_checkin(page, link, server, "lag.dakar")  # Dakar's team works in French
        text = f"tapé avant la coupure {time.time_ns()}"
        happened(page).fill(text)
        page.wait_for_timeout(300)
        link.cut()
        notice = page.locator(NOTICE)
        notice.wait_for(timeout=20_000)
        assert notice.inner_text() == i18n.t("field.reconnecting", "fr")
        assert notice.inner_text().startswith("Connexion perdue")
        assert not page.get_by_text("Connection error").is_visible()
        helpers.screenshot(page, "field_cut_fr")
        link.restore()
        page.wait_for_selector(CONNECTED, timeout=90_000)
        page.locator(NOTICE).wait_for(state="detached", timeout=10_000)  # connected: gone

        # The session is lost (a new tab has a session of its own): the draft comes back.
        again = context.new_page()
        again.set_default_timeout(90_000)
        again.goto(link.url + "/checkin")
        happened(again).wait_for()
        helpers.wait_idle(again)
        again.wait_for_function(
            "t => [...document.querySelectorAll('textarea')].some(e => e.value === t)", arg=text
        )
        helpers.by_key(again, "checkin.save").locator("button").first.click()
        # The form is drawn empty once the save is confirmed (the run may start a round trip
        # after the click, over this link).
        again.wait_for_function(
            "t => ![...document.querySelectorAll('textarea')].some(e => e.value === t)", arg=text
        )
        helpers.wait_idle(again)
        assert len(checkins_saying(server, text)) == 1
        assert happened(again).input_value() == ""
    finally:
        context.close()
