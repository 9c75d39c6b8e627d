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
from services.workshops import workshops
from tests.e2e import wire_phone

PHONES = 30
WRITERS = 6
SHOWN_TIMEOUT_S = 60


def open_brainstorm(server) -> wm.Workshop:
    with store.using(store.Store.embedded(server.data_dir)):
        coordinator = accounts.get_user("demo-coordinator")
        return workshops.start_workshop(
            coordinator,
            "city-0001",
            wm.WorkshopCreate(
                title="Thirty phones",
                template="brainstorm",
                settings=wm.WorkshopSettings(hide_until_reveal=False),
            ),
        )


def stored(server, workshop_id: str) -> list[str]:
    with store.using(store.Store.embedded(server.data_dir)):
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
    # In a thread of its own: the browser tests' Playwright keeps an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        phones = pool.submit(asyncio.run, room(server.url, ws)).result()

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
    with store.using(store.Store.embedded(server.data_dir)):
        joined = store.get().count(workshops.PARTICIPANTS, {"workshop_id": ws.id})
    assert joined == PHONES
