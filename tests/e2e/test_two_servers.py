"""Two app servers on one store (issue 23): two `streamlit run app.py` processes on the same
embedded data directory, as N servers behind a proxy share one MongoDB. Everything people
share lives in the store, never in a server's memory: a login made on server A works on
server B; a note posted through A reaches a participant's screen served by B within the
board's poll (and the other way round); a plan section saved through A meets an edit still
open on B with the conflict view, nothing overwritten."""

from __future__ import annotations

import dataclasses
import pathlib
import shutil
import time
import urllib.request
from collections.abc import Iterator

import pytest

from screens._plan import view as plan_view
from services.accounts import sessions
from services.core import store
from services.plans import plans
from services.workshops import workshops
from tests.e2e import conftest, helpers, serve
from tests.e2e.conftest import DEMO_PASSWORD, Server

CITY = "city-0001"  # Dakar: its city lead is lead.dakar; the coordinator sees every city
LIVE_MS = 12_000  # the board polls every second; generous for several browsers on two cores


@dataclasses.dataclass
class Pair:
    a: Server
    b: Server


@pytest.fixture(scope="module")
def pair(seeded_store) -> Iterator[Pair]:
    """The demo network on one data directory (a copy of the session's), served by two
    processes."""
    data_dir = conftest.copy_of(seeded_store, prefix="atelier-e2e-two-")
    started = []
    try:
        for name in ("a", "b"):
            process, url = serve.start(data_dir, log_name=f"streamlit-{name}.log")
            started.append(Server(url, data_dir, DEMO_PASSWORD, None, None, process))
            with urllib.request.urlopen(url + "/", timeout=60):  # noqa: S310 - its static files
                pass
        yield Pair(*started)
    finally:
        for running in started:
            serve.stop(running.process)
        shutil.rmtree(data_dir, ignore_errors=True)


def with_store(data_dir: pathlib.Path, fn):
    with serve.store_of(data_dir):
        return fn()


def new_page(browser, **options):
    context = browser.new_context(
        **{"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", **options}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)  # a server's first page on a busy machine
    return context, page


def test_the_two_servers_are_two_processes_on_one_store(pair):
    assert pair.a.url != pair.b.url
    assert pair.a.process.pid != pair.b.process.pid
    assert pair.a.data_dir == pair.b.data_dir


def test_a_login_made_on_a_works_on_b(pair, browser):
    context, page = new_page(browser)
    try:
        helpers.login(page, pair.a, "coordinator.demo", DEMO_PASSWORD)
        cookie = next(c for c in context.cookies() if c["name"] == sessions.COOKIE_NAME)
        # The same browser opens server B (cookies are per host, not per port): B finds the
        # session in the store and shows the app, not the login form.
        page.goto(pair.b.url + "/")
        helpers.wait_idle(page, timeout=30_000)
        page.locator("[data-testid=stSidebarNav]").wait_for()
        assert page.locator(helpers.key_class("app.logout")).count() == 1
        assert page.locator(helpers.key_class("login.username")).count() == 0
        helpers.assert_no_error(page)
        # A browser that never logged in is asked to log in on B.
        other, fresh = new_page(browser)
        try:
            helpers.goto_app(fresh, pair.b)
            assert fresh.locator(helpers.key_class("login.username")).count() == 1
        finally:
            other.close()
        # Logging out on B ends the session on A too.
        helpers.click(page, "app.logout")
        page.goto(pair.a.url + "/")
        helpers.wait_idle(page, timeout=30_000)
        helpers.by_key(page, "login.username").wait_for()
        live = with_store(pair.a.data_dir, lambda: sessions.restore(cookie["value"]))
        assert live is None
    finally:
        context.close()


def test_a_note_posted_through_a_reaches_a_screen_served_by_b(pair, browser):
    facilitator, board = new_page(browser)
    people = []
    try:
        helpers.logged_in(board, pair.a, "lead.dakar", "workshop")
        helpers.fill(board, "workshop.new.title", "Two servers")
        helpers.click(board, "workshop.new.submit")
        helpers.assert_no_error(board)
        ws = with_store(
            pair.a.data_dir,
            lambda: next(
                w
                for w in store.get().find(workshops.WORKSHOPS, {"city_id": CITY})
                if w["title"] == "Two servers"
            ),
        )
        board.get_by_text(ws["code"]).first.wait_for()
        if board.locator(helpers.key_class("workshop.reveal")).count():
            helpers.click(board, "workshop.reveal")  # notes shown to everyone as they come

        phones = {}
        for name, server in (("on A", pair.a), ("on B", pair.b)):
            context, phone = new_page(browser, viewport={"width": 390, "height": 844})
            people.append(context)
            phone.goto(f"{server.url}/?join={ws['code']}")
            helpers.wait_idle(phone, timeout=30_000)
            helpers.fill(phone, "join.name", f"Participant {name}")
            helpers.click(phone, "join.submit")
            helpers.assert_no_error(phone)
            phones[name] = phone

        # Posted through server A, on the participant's screen served by B, with no action.
        helpers.fill(phones["on A"], "join.note", "Posted through server A")
        helpers.click(phones["on A"], "join.post")
        helpers.assert_no_error(phones["on A"])
        phones["on B"].get_by_text("Posted through server A").first.wait_for(timeout=LIVE_MS)
        # And the other way round: posted through B, on the facilitator's board served by A.
        helpers.fill(phones["on B"], "join.note", "Posted through server B")
        helpers.click(phones["on B"], "join.post")
        helpers.assert_no_error(phones["on B"])
        board.get_by_text("Posted through server B").first.wait_for(timeout=LIVE_MS)
        phones["on A"].get_by_text("Posted through server B").first.wait_for(timeout=LIVE_MS)
        texts = with_store(
            pair.a.data_dir,
            lambda: sorted(
                n["text"] for n in store.get().find(workshops.NOTES, {"workshop_id": ws["_id"]})
            ),
        )
        assert texts == ["Posted through server A", "Posted through server B"]
    finally:
        for context in people:
            context.close()
        facilitator.close()


def narrative(page):
    return page.locator("[class*='st-key-plan-context-narrative'] textarea").first


def open_context(page) -> None:
    page.locator("[data-testid=stExpander] summary", has_text="Contexte").first.click()
    page.wait_for_timeout(200)
    narrative(page).wait_for()


def test_a_section_saved_through_a_conflicts_with_an_edit_open_on_b(pair, browser):
    first, on_b = new_page(browser)
    second, on_a = new_page(browser)

    def stored_text() -> str:
        return with_store(
            pair.a.data_dir, lambda: plans.find_plan(CITY).sections["context"].content.narrative
        )

    try:
        # The city lead opens Dakar's context on B; the coordinator opens it on A.
        helpers.logged_in(on_b, pair.b, "lead.dakar", "plan")
        open_context(on_b)
        helpers.logged_in(on_a, pair.a, "coordinator.demo", "plan")
        helpers.select_option(on_a, "plan.city", "Dakar")
        open_context(on_a)
        narrative(on_b).fill("Typed on server B")
        narrative(on_a).fill("Saved through server A")
        helpers.click(on_a, "plan.context.save")
        helpers.assert_no_error(on_a)
        assert stored_text() == "Saved through server A"

        # B's save was read at the revision before A's: B shows both versions, saves nothing.
        helpers.click(on_b, "plan.context.save")
        helpers.assert_no_error(on_b)
        helpers.by_key(on_b, "plan.context.conflict.merge").wait_for()
        assert (
            "Saved through server A"
            in helpers.by_key(on_b, "plan.context.conflict.theirs").inner_text()
        )
        assert (
            "Typed on server B" in helpers.by_key(on_b, "plan.context.conflict.mine").inner_text()
        )
        assert stored_text() == "Saved through server A"
        # Overwriting, chosen on B, lands; A sees it on its next view of the plan.
        helpers.click(on_b, "plan.context.conflict.overwrite")
        helpers.assert_no_error(on_b)
        assert stored_text() == "Typed on server B"
        # A reads plans through a cache of PLAN_TTL seconds (its own writes clear it at once; a
        # write through another server shows once the cache has expired).
        shown = ""
        deadline = time.monotonic() + plan_view.PLAN_TTL + 20
        while shown != "Typed on server B" and time.monotonic() < deadline:
            on_a.wait_for_timeout(1000)
            helpers.open_page(on_a, pair.a, "home")
            helpers.open_page(on_a, pair.a, "plan")
            helpers.select_option(on_a, "plan.city", "Dakar")
            open_context(on_a)
            shown = narrative(on_a).input_value()
        assert shown == "Typed on server B"
    finally:
        first.close()
        second.close()
