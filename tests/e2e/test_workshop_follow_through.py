"""Workshops beyond the room, in real browsers: a participant posts while the workshop collects
input ahead of the session; the live session starts with that note; the writing phase hides
names; the facilitator enters two votes for people without a phone; the promoted action is
asked about in the city's next check-in form."""

from __future__ import annotations

import time

from services.core import store
from services.workshops import workshops
from tests.e2e import helpers
from tests.e2e.test_workshop_live import participant, with_store

CITY = "city-0001"  # Dakar: its city lead is lead.dakar
TITLE = "Idées du marché, e2e"
COLLECTED = "Des étals éclairés le soir"
# Generous: the machine running the browsers is shared (a live change shows within 2-3 s here
# when it is idle; the poll is every second).
LIVE_MS = 30_000
WAIT_MS = 60_000


def _workshop(server) -> dict:
    return with_store(
        server,
        lambda: next(
            w
            for w in store.get().find(workshops.WORKSHOPS, {"city_id": CITY})
            if w["title"] == TITLE
        ),
    )


def _notes(server, workshop_id: str) -> dict[str, dict]:
    docs = with_store(
        server, lambda: store.get().find(workshops.NOTES, {"workshop_id": workshop_id})
    )
    return {d["text"]: d for d in docs}


def _eventually(read, ok, timeout_s: float = LIVE_MS / 1000):
    """`read()` once `ok` holds of it, polled: a click's rerun may start after the page first
    reads idle on a loaded machine, so the store is read until the write has landed."""
    deadline = time.monotonic() + timeout_s
    value = read()
    while not ok(value) and time.monotonic() < deadline:
        time.sleep(1.0)  # the store is the server's too: read it now and then, not in a spin
        value = read()
    return value


def test_collect_run_vote_for_the_room_and_follow_through(server, browser, page):
    page.set_default_timeout(WAIT_MS)
    helpers.logged_in(page, server, "lead.dakar", "workshop")
    # the template picker starts on the brainstorm (the first kind); lead.dakar reads French
    helpers.fill(page, "workshop.new.title", TITLE)
    # names shown while collecting (the pill deselected), hidden from the live writing on
    pills = helpers.by_key(page, "workshop.new.anonymous_in.brainstorm")
    pills.get_by_text("Collecte des contributions").click()
    helpers.by_key(page, "workshop.new.collect").locator("label").first.click()
    helpers.by_key(page, "workshop.new.hide.brainstorm").locator("label").first.click()
    helpers.click(page, "workshop.new.submit")
    helpers.assert_no_error(page)
    ws = _workshop(server)
    assert ws["phase"] == "collecting" and ws["collect_until"] is not None
    assert ws["settings"]["anonymity"] == {
        "collecting": False,
        "writing": True,
        "grouping": True,
        "voting": True,
        "results": True,
    }

    context, phone = participant(browser, phone=True)
    phone.set_default_timeout(WAIT_MS)
    try:
        phone.goto(f"{server.url}/?join={ws['code']}")
        helpers.wait_idle(phone, timeout=30_000)
        helpers.fill(phone, "join.name", "Awa")
        helpers.click(phone, "join.submit")
        helpers.fill(phone, "join.note", COLLECTED)
        helpers.click(phone, "join.post")
        helpers.assert_no_error(phone)
        page.get_by_text(COLLECTED).first.wait_for(timeout=LIVE_MS)  # stored, and on the board
        notes = _eventually(lambda: _notes(server, ws["_id"]), lambda n: COLLECTED in n)
        assert notes[COLLECTED]["author_name"] == "Awa"  # a named phase
        page.get_by_text("Awa").first.wait_for(timeout=LIVE_MS)  # named while collecting

        # the live session starts from what was collected, and writing is anonymous
        helpers.click(page, "workshop.phase.writing")
        helpers.assert_no_error(page)
        page.get_by_text(COLLECTED).first.wait_for(timeout=LIVE_MS)
        # The phone redraws for the new phase (its poll sees it): a tap while it redraws would
        # land on the form being replaced, so write once the phone shows the phase.
        phone.get_by_text("Écriture", exact=True).first.wait_for(timeout=LIVE_MS)
        helpers.wait_idle(phone)
        helpers.pause_before_next_entry(phone)  # Awa's second note, seconds after her first
        helpers.fill(phone, "join.note", "Un second marché de nuit")
        helpers.click(phone, "join.post")
        helpers.assert_no_error(phone)
        second = "Un second marché de nuit"
        page.get_by_text(second).first.wait_for(timeout=LIVE_MS)  # stored, and on the board
        notes = _eventually(lambda: _notes(server, ws["_id"]), lambda n: second in n)
        assert notes[second]["author_name"] == ""  # never stored
        assert page.get_by_text("Awa").count() == 0  # names hidden now

        # voting: the phone votes once, the facilitator enters two votes for the room
        helpers.click(page, "workshop.phase.voting")
        collected_id = notes[COLLECTED]["_id"]
        helpers.by_key(phone, f"join.vote.{collected_id}").wait_for(timeout=LIVE_MS)
        helpers.click(phone, f"join.vote.{collected_id}")
        helpers.assert_no_error(phone)
        helpers.by_key(page, "workshop.proxy.add").wait_for(timeout=LIVE_MS)
        helpers.fill(page, "workshop.proxy.count", "2")
        page.keyboard.press("Tab")
        helpers.wait_idle(page)
        helpers.click(page, "workshop.proxy.add")
        helpers.assert_no_error(page)
        page.get_by_text("2 en salle").first.wait_for(timeout=LIVE_MS)
        stored = _eventually(
            lambda: _notes(server, ws["_id"])[COLLECTED], lambda n: n["proxy_votes"] == 2
        )
        assert stored["proxy_votes"] == 2
        phone_votes = _eventually(
            lambda: with_store(
                server, lambda: store.get().count(workshops.VOTES, {"note_id": collected_id})
            ),
            lambda n: n == 1,
        )
        assert phone_votes == 1
        page.get_by_text("2 en salle").first.wait_for(timeout=LIVE_MS)
    finally:
        context.close()

    helpers.click(page, "workshop.phase.results")
    helpers.by_key(page, "workshop.promote.go").wait_for()
    helpers.click(page, "workshop.promote.go")
    helpers.assert_no_error(page)
    promoted = _eventually(
        lambda: _workshop(server)["promotions"],
        lambda found: any(p["item_ids"] == [collected_id] for p in found),
    )
    assert any(p["item_ids"] == [collected_id] for p in promoted)

    # the city's next check-in asks what happened with the decided action
    helpers.open_page(page, server, "checkin")
    helpers.assert_no_error(page)
    question = helpers.by_key(page, f"checkin.follow.{collected_id}")
    question.wait_for()
    assert COLLECTED in question.inner_text() and TITLE in question.inner_text()
    helpers.fill(page, f"checkin.follow.{collected_id}", "Dix étals éclairés depuis lundi")
    helpers.click(page, "checkin.save")
    helpers.assert_no_error(page)
    latest = _eventually(
        lambda: with_store(
            server,
            lambda: store.get().find("checkins", {"city_id": CITY}, sort=[("created_at", -1)])[0],
        ),
        lambda doc: bool(doc.get("follow_through")),
    )
    assert [(f["item_id"], f["answer"]) for f in latest["follow_through"]] == [
        (collected_id, "Dix étals éclairés depuis lundi")
    ]
    helpers.screenshot(page, "workshop-follow-through-checkin")
