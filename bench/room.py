"""A real room on one server: phones, a facilitator and a projector on one workshop.

    python bench/room.py [--phones 30] [--board-notes 300] [--writers 5] [--rounds 3]
                         [--idle-s 20] [--nice 10] [--browser-phones 5] [--own-core]

Builds the demo network in a temporary embedded store, starts an open brainstorm (notes visible
at once) that already holds `--board-notes` notes, serves `streamlit run app.py` on a free
localhost port and drives Debian's Chromium (tests/e2e/serve.py's) with Playwright, at a lower
priority than the server (`os.nice`), so that the browser's own work disturbs the server's
figures as little as this shared machine allows:

- the facilitator (the demo coordinator) on the workshop's board, the projector on the room
  screen (`/?room=ID`), and `--phones` phones that all open the join link at once, type a name
  and join: `--browser-phones` of them (at least the writers) in Chromium with Playwright's
  iPhone 13 descriptor, the others on the wire (tests/e2e/wire_phone.py: the same messages to the
  server as a browser's page, join, cookie beacon and one-second polls, without drawing);
  thirty renderers on two cores starved the very server they were to measure (load average
  30 to 50, joins of 70 to 290 s while the server's CPU for them was 8 to 12 s);
- the browsers run at a lower priority than the server (`--nice 10`), on every core; with
  `--own-core` the server has the first core to itself and the browsers the others (on this
  machine, where other work shares the cores, that starved the browsers: Chromium joins of
  27 s against 13-15 s shared);
- `--writers` phones post a note at the same moment, `--rounds` times; for each note, the time
  from its Post click to its text being on every screen (a MutationObserver in each page
  stamps the moment);
- then nobody touches anything for `--idle-s` seconds: the server process's CPU time over that
  window (utime + stime from /proc/<pid>/stat), per screen.

Each note is timed twice: when its text is in every screen's page (what people see; on this
machine that includes 32 browsers sharing two cores with the server) and when the server's
message carrying it reached every screen's websocket (what the server and the network took; in a
real room each phone draws on its own processor). The browser runs with its background-tab
throttling off, as a phone in someone's hand is a page in front.

Prints `name: value` lines: room_join_s_max (slowest phone, from opening the link to its note
form), room_note_ms_median and room_note_ms_p90 (a note on every screen), room_idle_cpu_per_screen
(cores), room_rounds_server_cpu_s (the server's CPU time from the first post to the last note on
every screen), notes_lost (posted notes missing from the store or from a screen after 30 s);
and, to see where the time goes: room_join_click_s_max (from the Join click to the note form),
room_join_server_cpu_s (the server process's CPU time while every phone opened the link and
joined: what the server itself spent on the joins, apart from the browsers that share this
machine),
room_note_wire_ms_median and room_note_wire_ms_p90 (the note's message on every screen's
websocket), room_note_stored_ms_median (from the Post click to the note in the store: the
writer's phone and the server's run of that post; the rest is the other screens' polls and
redraws).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import live  # noqa: E402
from models import workshops as wm  # noqa: E402
from services import wiring  # noqa: E402
from services.core import store  # noqa: E402
from services.workshops import workshops  # noqa: E402
from tests.e2e.wire_phone import WirePhone  # noqa: E402

wiring.install()  # what follows every write (services/wiring.py)
from tests.e2e import helpers, serve  # noqa: E402

PASSWORD = "bench room passphrase 2026"
COORDINATOR = "demo-coordinator"  # the user id; logging in takes their username
SHOWN_TIMEOUT_S = 30
JOIN_TIMEOUT_S = 600
IDLE = helpers.IDLE
# A phone in someone's hand is a page in front: no timer throttling of background tabs (it
# would slow each screen's one-second poll, which a real room does not see).
FOREGROUND_ARGS = [
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
# Stamps, in the page, the moment each watched text is first in it (Date.now(): our clock).
WATCH = """texts => {
  window.__seen = window.__seen || {};
  const look = () => {
    const body = document.body.textContent;
    for (const t of texts)
      if (!(t in window.__seen) && body.includes(t)) window.__seen[t] = Date.now();
  };
  look();
  if (!window.__observer) {
    window.__watched = [];
    window.__observer = new MutationObserver(() => {
      const body = document.body.textContent;
      for (const t of window.__watched)
        if (!(t in window.__seen) && body.includes(t)) window.__seen[t] = Date.now();
    });
    window.__observer.observe(document.body, {childList: true, subtree: true, characterData: true});
  }
  window.__watched.push(...texts);
}"""


def prepare(data_dir: pathlib.Path, board_notes: int) -> tuple[wm.Workshop, str, str]:
    """The demo network and an open brainstorm holding `board_notes` notes, visible at once:
    (workshop, city name, coordinator's username)."""
    ws, username, city = live.prepare(data_dir, board_notes, "Room bench", PASSWORD)
    return ws, city, username


def stored_texts(data_dir: pathlib.Path, workshop_id: str) -> dict[str, float]:
    """Each stored note's text and when it was stored (ms since the epoch)."""
    db = store.Store.embedded(data_dir)
    try:
        return {
            n["text"]: n["created_at"].replace(tzinfo=datetime.UTC).timestamp() * 1000
            for n in db.find(workshops.NOTES, {"workshop_id": workshop_id})
        }
    finally:
        db.close()


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_seconds(pid: int) -> float:
    """The process's user + system CPU time so far (its own and its threads')."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def wait_idle(page, timeout: int = 60_000) -> None:
    await page.wait_for_timeout(300)
    await page.wait_for_selector(IDLE, timeout=timeout)
    await page.wait_for_timeout(100)
    await page.wait_for_selector(IDLE, timeout=timeout)


async def settled(page, timeout: int = 60_000) -> bool:
    """Whether the page went idle within `timeout` (a screen of 32 on two cores may keep
    redrawing: the rounds then start anyway, and the count of such screens is printed)."""
    try:
        await wait_idle(page, timeout)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: the page is still busy
        return False
    return True


async def fill(page, key: str, text: str) -> None:
    await page.locator(helpers.key_class(key)).locator("input, textarea").first.fill(text)


async def click(page, key: str) -> None:
    await page.locator(helpers.key_class(key)).locator("button").first.click()


class Wire:
    """When each watched text first came in a websocket message to each screen (our clock, ms):
    the server's part of a note's way, before the page draws it."""

    def __init__(self) -> None:
        self.watched: list[bytes] = []
        self.seen: dict[int, dict[bytes, float]] = {}
        self.logs: dict[int, list[str]] = {}
        # Each screen's websockets: when each opened, closed or failed (our clock).
        self.sockets: dict[int, list[str]] = {}

    def listen(self, page, screen: int) -> None:
        seen = self.seen.setdefault(screen, {})

        def frame(payload) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode()
            for text in self.watched:
                if text not in seen and text in data:
                    seen[text] = time.time() * 1000

        sockets = self.sockets.setdefault(screen, [])

        def opened(ws) -> None:
            sockets.append(f"{time.strftime('%H:%M:%S')} opened")
            ws.on("framereceived", frame)
            ws.on("close", lambda _ws: sockets.append(f"{time.strftime('%H:%M:%S')} closed"))
            ws.on(
                "socketerror",
                lambda error: sockets.append(f"{time.strftime('%H:%M:%S')} error {error}"),
            )

        page.on("websocket", opened)
        # The browser's own complaints, shown for a screen that misses a note.
        logs = self.logs.setdefault(screen, [])
        page.on(
            "console",
            lambda msg: (
                logs.append(f"{msg.type}: {msg.text[:300]}")
                if msg.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda error: logs.append(f"pageerror: {str(error)[:300]}"))


WIRE = Wire()


async def log_in(browser, url: str, username: str, screen: int) -> object:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    WIRE.listen(page, screen)
    page.set_default_timeout(60_000)
    await page.goto(url + "/")
    await wait_idle(page)
    await fill(page, "login.username", username)
    await fill(page, "login.password", PASSWORD)
    await click(page, "login.submit")
    await page.locator("[data-testid=stSidebarNav]").wait_for()
    await wait_idle(page)
    return page


async def facilitator_on_board(browser, url: str, ws: wm.Workshop, city: str, username: str):
    page = await log_in(browser, url, username, 0)
    more = page.locator("[data-testid=stSidebarNavViewButton]")
    if await more.count():
        await more.first.click()
    await page.locator("[data-testid=stSidebarNav] a[href$='/workshop']").first.click()
    await wait_idle(page)
    await page.locator(helpers.key_class("workshop.city")).locator("[role=combobox]").first.click()
    await page.get_by_role("option", name=city, exact=True).click()
    await wait_idle(page)
    await click(page, f"workshop.open.{ws.id}")
    await page.locator(helpers.key_class("workshop.phase.voting")).wait_for()
    return page


async def projector(browser, url: str, ws: wm.Workshop, username: str):
    page = await log_in(browser, url, username, 1)
    await page.goto(f"{url}/?room={ws.id}")
    await page.get_by_text("Board note 1:").first.wait_for()
    return page


async def phone_joins(browser, device: dict, url: str, ws: wm.Workshop, n: int):
    """(page, seconds from opening the link to the note form, seconds from the Join click)."""
    context = await browser.new_context(**device)
    page = await context.new_page()
    WIRE.listen(page, n + 2)
    page.set_default_timeout(JOIN_TIMEOUT_S * 1000)
    started = time.monotonic()
    await page.goto(f"{url}/?join={ws.code}")
    await page.locator(helpers.key_class("join.name")).locator("input").wait_for()
    await fill(page, "join.name", f"Phone {n + 1}")
    clicked = time.monotonic()
    await click(page, "join.submit")
    await page.locator(helpers.key_class("join.post")).wait_for()
    return page, time.monotonic() - started, time.monotonic() - clicked


async def measure(url: str, pid: int, ws: wm.Workshop, city: str, args) -> dict[str, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=str(serve.CHROMIUM),
            args=serve.CHROMIUM_ARGS + FOREGROUND_ARGS,
            headless=True,
        )
        try:
            progress("facilitator, projector")
            board = await facilitator_on_board(browser, url, ws, city, args.username)
            room = await projector(browser, url, ws, args.username)
            device = p.devices["iPhone 13"]
            in_browser = max(args.writers, min(args.browser_phones, args.phones))
            wires = [
                WirePhone(url, ws.code, f"Phone {n + 1}", WIRE.watched)
                for n in range(in_browser, args.phones)
            ]

            async def wire_joins(phone: WirePhone) -> tuple[None, float, float]:
                took = await phone.join(JOIN_TIMEOUT_S)
                return None, took, took

            join_cpu = cpu_seconds(pid)
            joined = await asyncio.gather(
                *(phone_joins(browser, device, url, ws, n) for n in range(in_browser)),
                *(wire_joins(phone) for phone in wires),
            )
            phones = [page for page, _, _ in joined[:in_browser]]
            join_cpu = cpu_seconds(pid) - join_cpu
            progress(
                f"{len(joined)} phones joined ({in_browser} in Chromium, {len(wires)} on the "
                f"wire); slowest {max(s for _, s, _ in joined):.1f} s"
            )
            stop_polls = asyncio.Event()
            polls = [asyncio.create_task(phone.poll(stop_polls)) for phone in wires]
            screens = [board, room, *phones]
            calm = await asyncio.gather(*(settled(page) for page in screens))
            busy = sum(1 for ok in calm if not ok)
            progress(f"{busy} of {len(screens)} screens still busy after 60 s")
            notes_ms, wire_ms, posted, shown = [], [], [], set()
            rounds_cpu = cpu_seconds(pid)
            clicks: dict[str, float] = {}
            for r in range(args.rounds):
                writers = phones[(r * args.writers) % len(phones) :][: args.writers]
                # No punctuation: the text is the same in the page and in the message (Markdown
                # escapes punctuation).
                texts = [
                    f"Room note r{r + 1}w{w + 1} {time.time_ns() % 10**6}"
                    for w in range(len(writers))
                ]
                WIRE.watched += [text.encode() for text in texts]
                await asyncio.gather(*(page.evaluate(WATCH, texts) for page in screens))
                await asyncio.gather(
                    *(
                        fill(page, "join.note", text)
                        for page, text in zip(writers, texts, strict=True)
                    )
                )
                clicked = {}

                async def post(page, text, clicked=clicked):
                    clicked[text] = time.time() * 1000
                    await click(page, "join.post")

                await asyncio.gather(
                    *(post(page, text) for page, text in zip(writers, texts, strict=True))
                )
                posted += texts
                clicks.update(clicked)
                deadline = time.monotonic() + SHOWN_TIMEOUT_S
                seen: list[dict] = []
                while time.monotonic() < deadline:
                    seen = await asyncio.gather(
                        *(page.evaluate("window.__seen") for page in screens)
                    )
                    seen += [
                        {text.decode(): stamp for text, stamp in phone.seen.items()}
                        for phone in wires
                    ]
                    if all(text in stamps for stamps in seen for text in texts):
                        break
                    await asyncio.sleep(0.5)
                for text in texts:
                    stamps = [stamps.get(text) for stamps in seen]
                    if None not in stamps:
                        notes_ms.append(max(stamps) - clicked[text])
                        shown.add(text)
                    else:
                        missing = [n for n, stamp in enumerate(stamps) if stamp is None]
                        progress(f"{text!r} missing on screens {missing} (0 facilitator, 1 room)")
                        for n in (n for n in missing if n >= len(screens)):
                            phone = wires[n - len(screens)]
                            state = phone.closed or "open"
                            progress(f"  screen {n} (on the wire) connection: {state}")
                        for n in (n for n in missing if n < len(screens)):
                            said = WIRE.logs.get(n, [])
                            for line in [*said[:3], *said[-3:]] if len(said) > 6 else said:
                                progress(f"  screen {n} browser said {line}")
                            progress(f"  screen {n} websockets: {WIRE.sockets.get(n)}")
                            helpers.ARTIFACTS.mkdir(exist_ok=True)
                            await screens[n].screenshot(
                                path=helpers.ARTIFACTS / f"room-{n}.png", full_page=True
                            )
                    wired = [WIRE.seen.get(n, {}).get(text.encode()) for n in range(len(screens))]
                    wired += [phone.seen.get(text.encode()) for phone in wires]
                    if None not in wired:
                        wire_ms.append(max(wired) - clicked[text])
                    else:
                        missing = [n for n, stamp in enumerate(wired) if stamp is None]
                        progress(f"{text!r} not seen on the websocket of screens {missing}")
                progress(f"round {r + 1}: {len(notes_ms)} notes on every screen so far")
                await asyncio.gather(*(settled(page) for page in writers))
            await asyncio.sleep(3)  # the last redraws end
            rounds_cpu = cpu_seconds(pid) - rounds_cpu
            cut = {n: events for n, events in WIRE.sockets.items() if len(events) > 1}
            progress(f"{len(cut)} screens had their websocket closed or reopened")
            for n, events in cut.items():
                progress(f"  screen {n}: {events}")
            progress(f"idle for {args.idle_s:.0f} s")
            before, started = cpu_seconds(pid), time.monotonic()
            await asyncio.sleep(args.idle_s)
            idle = (cpu_seconds(pid) - before) / (time.monotonic() - started)
            stop_polls.set()
            await asyncio.gather(*polls)
            lost_wires = sum(1 for phone in wires if phone.closed)
            await asyncio.gather(*(phone.close() for phone in wires))
            notes_ms.sort()
            wire_ms.sort()
            return {
                "screens": len(screens) + len(wires),
                "in_browser": in_browser,
                "wire_phones_cut": lost_wires,
                "room_join_s_max": max(s for _, s, _ in joined),
                "room_join_click_s_max": max(s for _, _, s in joined),
                "room_join_s_max_in_chromium": max(s for _, s, _ in joined[:in_browser]),
                "room_join_s_max_on_the_wire": max(
                    (s for _, s, _ in joined[in_browser:]), default=0
                ),
                "room_note_wire_ms_median": statistics.median(wire_ms) if wire_ms else float("nan"),
                "room_note_wire_ms_p90": wire_ms[int(0.9 * (len(wire_ms) - 1))]
                if wire_ms
                else float("nan"),
                "room_note_ms_median": statistics.median(notes_ms) if notes_ms else float("nan"),
                "room_note_ms_p90": notes_ms[int(0.9 * (len(notes_ms) - 1))]
                if notes_ms
                else float("nan"),
                "room_idle_cpu_per_screen": idle / (len(screens) + len(wires)),
                "room_rounds_server_cpu_s": rounds_cpu,
                "room_join_server_cpu_s": join_cpu,
                "posted": posted,
                "clicks": clicks,
                "shown": shown,
            }
        finally:
            await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--board-notes", type=int, default=300)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle-s", type=float, default=20)
    parser.add_argument(
        "--browser-phones",
        type=int,
        default=5,
        help="how many phones are Chromium pages (at least --writers, who post); the others "
        "speak Streamlit's protocol on the wire (tests/e2e/wire_phone.py): on two cores, thirty "
        "renderers starve the server they measure",
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=10,
        help="how much lower the browsers' priority is than the server's (default 10; with 32 "
        "Chromium pages on a machine busy with other work, 10 starved them until logging in "
        "stalled: use 3 there)",
    )
    parser.add_argument(
        "--own-core",
        action="store_true",
        help="give the server the first core to itself and the browsers the others",
    )
    args = parser.parse_args()
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="atelier-room-"))
    process = None
    try:
        ws, city, args.username = prepare(data_dir, args.board_notes)
        cores = sorted(os.sched_getaffinity(0))
        server_cores = set(cores[:1]) if args.own_core and len(cores) > 1 else set(cores)
        os.sched_setaffinity(0, server_cores)  # the server (started now) inherits it
        process, url = serve.start(data_dir)
        # The browsers (started after this) run on the other cores and yield to the server.
        os.sched_setaffinity(0, set(cores) - server_cores or set(cores))
        os.nice(args.nice)
        figures = asyncio.run(measure(url, process.pid, ws, city, args))
        stored = stored_texts(data_dir, ws.id)
    finally:
        if process is not None:
            serve.stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
    posted = figures.pop("posted")
    shown = figures.pop("shown")
    lost = sum(1 for text in posted if text not in stored or text not in shown)
    clicks = figures.pop("clicks")
    stored_ms = sorted(stored[text] - clicks[text] for text in posted if text in stored)
    print(f"phones: {args.phones}")
    print(f"board_notes: {args.board_notes}")
    print(f"screens: {figures.pop('screens')}")
    in_browser = figures.pop("in_browser")
    print(f"phones_in_chromium: {in_browser}")
    print(f"phones_on_the_wire: {args.phones - in_browser}")
    print(f"wire_phones_cut: {figures.pop('wire_phones_cut')}")
    print(f"server_cores: {len(server_cores)} of {len(cores)} (the browsers have the others)")
    print(f"room_join_s_max: {figures['room_join_s_max']:.1f}")
    print(f"room_note_ms_median: {figures['room_note_ms_median']:.0f}")
    print(f"room_note_ms_p90: {figures['room_note_ms_p90']:.0f}")
    print(f"room_idle_cpu_per_screen: {figures['room_idle_cpu_per_screen']:.4f}")
    print(f"room_rounds_server_cpu_s: {figures['room_rounds_server_cpu_s']:.1f}")
    print(f"room_join_click_s_max: {figures['room_join_click_s_max']:.1f}")
    print(f"room_join_s_max_in_chromium: {figures['room_join_s_max_in_chromium']:.1f}")
    print(f"room_join_s_max_on_the_wire: {figures['room_join_s_max_on_the_wire']:.1f}")
    print(f"room_join_server_cpu_s: {figures['room_join_server_cpu_s']:.1f}")
    print(f"room_note_wire_ms_median: {figures['room_note_wire_ms_median']:.0f}")
    print(f"room_note_wire_ms_p90: {figures['room_note_wire_ms_p90']:.0f}")
    if stored_ms:
        print(f"room_note_stored_ms_median: {statistics.median(stored_ms):.0f}")
    print(f"notes_lost: {lost}")


if __name__ == "__main__":
    main()
