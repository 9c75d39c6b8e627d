"""A workshop participant survives a reload (issue 13): join, vote, reload, and it is still the
same participant, with the same name and the same votes left; once the workshop closes, the
kept cookie opens nothing."""

from __future__ import annotations

import time

from models import workshops as wm
from services.accounts import accounts
from services.core import store
from services.workshops import boards, workshops
from tests.e2e import helpers
from tests.e2e.test_workshop_live import with_store

CITY = "city-0001"


def make_workshop(server) -> tuple[wm.Workshop, list[str]]:
    """An open brainstorm in its voting phase, two facilitator notes, three votes each."""

    def build():
        lead = accounts.get_user("demo-coordinator")
        ws = workshops.start_workshop(
            lead,
            CITY,
            wm.WorkshopCreate(
                title="Reload check",
                template="brainstorm",
                settings=wm.WorkshopSettings(hide_until_reveal=False, votes_per_person=3),
            ),
        )
        ids = [
            boards.add_note(lead, ws, wm.NoteCreate(text=text, column="ideas")).id
            for text in ("Shaded bus stops", "Night market")
        ]
        workshops.set_phase(lead, workshops.load(ws.id), "voting")
        return workshops.load(ws.id), ids

    return with_store(server, build)


def cookie_of(context, name: str, timeout_s: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = [c for c in context.cookies() if c["name"] == name]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"the cookie {name} never came")


def main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def test_join_vote_reload_same_participant_same_votes_left(server, browser):
    ws, note_ids = make_workshop(server)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{server.url}/?join={ws.code}")
        helpers.wait_idle(page, timeout=30_000)
        helpers.fill(page, "join.name", "Mariama")
        helpers.click(page, "join.submit")
        helpers.assert_no_error(page)
        cookie = cookie_of(context, workshops.cookie_name(ws.id))
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert len(cookie["value"]) >= 40 and "Mariama" not in cookie["value"]

        helpers.by_key(page, f"join.vote.{note_ids[0]}").wait_for()
        helpers.click(page, f"join.vote.{note_ids[0]}")
        helpers.assert_no_error(page)
        page.get_by_text("Votes left: 2").first.wait_for()

        page.reload()
        helpers.wait_idle(page, timeout=30_000)
        helpers.assert_no_error(page)
        assert helpers.by_key(page, "join.name").count() == 0  # not asked to join again
        page.get_by_text("Votes left: 2").first.wait_for()
        assert "Hello Mariama" in main_text(page)
        assert "your votes: 1" in main_text(page)

        # a new tab without the link's code: still the same participant
        other = context.new_page()
        other.goto(server.url + "/")
        helpers.wait_idle(other, timeout=30_000)
        other.get_by_text("Votes left: 2").first.wait_for()
        helpers.click(other, f"join.vote.{note_ids[1]}")
        other.get_by_text("Votes left: 1").first.wait_for()

        def stored():
            return store.get().find(workshops.PARTICIPANTS, {"workshop_id": ws.id})

        people = with_store(server, stored)
        assert len(people) == 1 and people[0]["votes_used"] == 2  # one participant, one budget

        # the workshop closes: the kept cookie opens nothing any more
        with_store(
            server,
            lambda: workshops.close_workshop(
                accounts.get_user("demo-coordinator"), workshops.load(ws.id)
            ),
        )
        page.reload()
        helpers.wait_idle(page, timeout=30_000)
        helpers.by_key(page, "join.name").wait_for()
        assert "Hello Mariama" not in main_text(page)
    finally:
        context.close()
