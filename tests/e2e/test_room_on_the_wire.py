"""A room of thirty phones on one server, nothing lost (issue 21).

Thirty participants join one workshop at once and post notes, each speaking Streamlit's own
protocol to `streamlit run app.py` (tests/e2e/wire_phone.py: the messages a phone's page sends,
without drawing; thirty Chromium pages would starve this machine's two cores). Every phone is
let in, every note is stored once and reaches every phone's websocket, and no connection drops.
The times are generous on purpose: bench/room.py measures them; this test checks that nothing is
lost or refused.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

from models import workshops as wm
from services.accounts import accounts
from services.core import store
from services.workshops import boards, workshops
from tests.e2e import serve, wire_phone

PHONES = 30
WRITERS = 6
SHOWN_TIMEOUT_S = 60


def open_brainstorm(server, notes: int = 0) -> wm.Workshop:
    """An open brainstorm whose notes everyone sees at once, with `notes` of the facilitator's."""
    with serve.store_of(server.data_dir):
        coordinator = accounts.get_user("demo-coordinator")
        ws = workshops.start_workshop(
            coordinator,
            "city-0001",
            wm.WorkshopCreate(
                title="Thirty phones",
                template="brainstorm",
                settings=wm.WorkshopSettings(hide_until_reveal=False),
            ),
        )
        for n in range(notes):
            text = f"Board note {n + 1} water on the market square"
            boards.add_note(coordinator, ws, wm.NoteCreate(text=text, column="ideas"))
        return workshops.get_workshop(coordinator, ws.id)


def in_a_thread(coroutine):
    """Run `coroutine` in a thread of its own: the browser tests' Playwright keeps an event loop
    in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def stored(server, workshop_id: str) -> list[str]:
    with serve.store_of(server.data_dir):
        return [n["text"] for n in store.get().find(workshops.NOTES, {"workshop_id": workshop_id})]


async def room(url: str, ws: wm.Workshop) -> list[wire_phone.WirePhone]:
    watched: list[bytes] = []
    phones = [wire_phone.WirePhone(url, ws.code, f"Phone {n + 1}", watched) for n in range(PHONES)]
    await asyncio.gather(*(phone.join() for phone in phones))
    stop = asyncio.Event()
    polls = [asyncio.create_task(phone.poll(stop)) for phone in phones]
    try:
        texts = [f"Wire note {n + 1} shade on the square" for n in range(WRITERS)]
        watched += [text.encode() for text in texts]
        await asyncio.gather(
            *(phone.post(text) for phone, text in zip(phones[:WRITERS], texts, strict=True))
        )
        for _ in range(SHOWN_TIMEOUT_S * 4):
            if all(text in phone.seen for phone in phones for text in watched):
                break
            await asyncio.sleep(0.25)
    finally:
        stop.set()
        await asyncio.gather(*polls)
        await asyncio.gather(*(phone.close() for phone in phones))
    return phones


def test_thirty_phones_join_post_and_see_every_note(server):
    ws = open_brainstorm(server)
    phones = in_a_thread(room(server.url, ws))

    assert [phone.closed for phone in phones] == [None] * PHONES  # no connection dropped
    notes = stored(server, ws.id)
    texts = [f"Wire note {n + 1} shade on the square" for n in range(WRITERS)]
    assert sorted(notes) == sorted(texts)  # each stored once, nothing else
    missing = {
        phone.name: [t for t in texts if t.encode() not in phone.seen]
        for phone in phones
        if any(t.encode() not in phone.seen for t in texts)
    }
    assert missing == {}
    with serve.store_of(server.data_dir):
        joined = store.get().count(workshops.PARTICIPANTS, {"workshop_id": ws.id})
    assert joined == PHONES


async def joins_then_a_note(url: str, ws: wm.Workshop) -> tuple[list[bytes], list[bytes]]:
    """What a phone already in receives while 8 more join, then when one of them posts."""
    watched: list[bytes] = []
    first = wire_phone.WirePhone(url, ws.code, "First", watched)
    await first.join()
    stop = asyncio.Event()
    polling = asyncio.create_task(first.poll(stop))
    others = [wire_phone.WirePhone(url, ws.code, f"Late {n + 1}", watched) for n in range(8)]
    try:
        await asyncio.sleep(2.5)  # its board is drawn, its polls run
        first.frames = []
        await asyncio.gather(*(phone.join() for phone in others))
        await asyncio.sleep(3)  # three polls see the joins
        during_joins, first.frames = first.frames, []
        text = "After the joins a bench in the shade"
        watched.append(text.encode())
        await others[0].post(text)
        for _ in range(SHOWN_TIMEOUT_S * 4):
            if text.encode() in first.seen:
                break
            await asyncio.sleep(0.25)
        return during_joins, first.frames
    finally:
        stop.set()
        await polling
        await asyncio.gather(*(phone.close() for phone in [first, *others]))


def test_a_phone_is_not_redrawn_when_others_join(server):
    """A join moves the people count (the facilitator's board and the room screen show it), not
    the board a phone draws: thirty phones joining at once no longer redraw every phone in."""
    ws = open_brainstorm(server, notes=25)
    during_joins, after_note = in_a_thread(joins_then_a_note(server.url, ws))
    assert during_joins  # its polls ran and were answered
    assert not [frame for frame in during_joins if b"Board note" in frame]
    # a note does redraw it: the newest notes come again, the facilitator's among them
    assert [frame for frame in after_note if b"Board note" in frame]
