"""In the field: a phone on slow mobile data, from its first visit to a recorded result.

    python bench/field.py [--kbps 400] [--rtt-ms 400] [--no-record] [--cut-s 60] [--detail]

Builds the demo network in a temporary embedded store, serves `streamlit run app.py` on a free
localhost port, and puts a throttling TCP proxy (below) between it and Debian's Chromium
(tests/e2e/serve.py's: its headless shell, else the full browser), driven by Playwright
as an iPhone (`p.devices["iPhone 13"]`:
its user agent, touch and screen). Every byte between the browser and the app, HTTP and
Streamlit's WebSocket alike, crosses the proxy (Chromium's own throttle slows HTTP but not an
open WebSocket), so the figures are those of the link. Prints `name: value` lines:

- first_load_bytes: bytes through the proxy, both ways, for a cold visit to the login page
  (an empty browser cache), counted until the link is quiet; first_load_down_bytes: the part
  the phone downloads; first_load_requests: the HTTP requests the page made;
- login_usable_s: from the address typed to the login form usable (its fields there, the
  script's run over);
- return_load_bytes, return_usable_s: the same phone opening the login page again later (its
  cache kept): what the cache headers save;
- record_first_s: a local action group member's login, from the tap on "Log in" until the
  recording page is usable, plus the first result recorded, until it is in the page's latest
  entries; record_first_bytes: the bytes of both, until the link is quiet; record_warm_s,
  record_warm_bytes: a second result recorded on the same page, from the tap on Save until it
  is in the latest entries;
- checkins_lost: the same member opens the check-in page, types a check-in and taps Send as the
  uplink stalls, and the link is cut half a second later for `--cut-s` (60 s: the Send, held
  in the stall, is lost with the connection), then comes back: 0 when the check-in is saved
  exactly once after the reconnection, or its text is still in the form with a message saying
  it was not sent (then the bench sends it again: checkin_saved_after_resend counts what is
  stored, 1 expected);
  checkin_after_cut says which; checkin_reconnect_s: from the link back to the page usable.

With --detail, each response of the cold visit and of the login and recording (size as the
browser received it, encoding, address) comes first. Numbers only, no pass or fail: the
README ("Light on the wire") quotes them. Only loopback traffic; every wait is bounded.

The proxy models one link: each direction has the bandwidth (`--kbps`) shared by all the
connections, and half the round trip (`--rtt-ms`) of latency; a chunk leaves once the link
has carried the chunks before it, and arrives half a round trip later.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import pathlib
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import helpers, serve  # noqa: E402

PASSWORD = "bench field passphrase 2026"
LAG_USER = "lag.ghent"  # demo: Ghent's running test card, in orders per week
CHUNK = 8192
STEP_TIMEOUT_MS = 240_000
QUIET_S = 2.0  # the link is quiet once this long passes with under QUIET_BYTES through it
QUIET_BYTES = 1024


class Link:
    """One direction of the phone's link: its bandwidth, shared, and its delay."""

    def __init__(self, kbps: float, delay_s: float) -> None:
        self.rate = kbps * 1000 / 8  # bytes per second
        self.delay = delay_s
        self.free_at = 0.0
        self.bytes = 0

    def schedule(self, size: int, now: float) -> float:
        """When a chunk of `size` bytes read `now` arrives at the other end."""
        start = max(now, self.free_at)
        self.free_at = start + size / self.rate
        self.bytes += size
        return self.free_at + self.delay


class ThrottlingProxy:
    """A TCP proxy on 127.0.0.1 in its own thread: browser -> proxy -> app, through two Links."""

    def __init__(self, target_port: int, kbps: float, rtt_ms: float) -> None:
        self.target_port = target_port
        self.up = Link(kbps, rtt_ms / 2000)
        self.down = Link(kbps, rtt_ms / 2000)
        self.port = 0
        self.is_cut = False  # the link is down: connections closed, new ones refused
        self.holding = False  # the uplink stalls: the phone's bytes wait in the proxy
        self.connections: set[asyncio.Task] = set()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    @property
    def bytes(self) -> int:
        return self.up.bytes + self.down.bytes

    def start(self) -> int:
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the throttling proxy did not start")
        return self.port

    def stop(self) -> None:
        async def close_connections() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close_connections(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def hold(self) -> None:
        """The phone's uplink stalls: what it sends waits in the proxy (until `cut` loses it)."""
        self.holding = True

    def cut(self) -> None:
        """The link drops: every connection closes at once (what is in flight is lost) and new
        ones are closed as they come, until `restore`."""

        async def drop() -> None:
            self.is_cut = True
            for task in list(self.connections):
                task.cancel()
            await asyncio.gather(*self.connections, return_exceptions=True)
            self.holding = False

        asyncio.run_coroutine_threadsafe(drop(), self.loop).result(10)

    def restore(self) -> None:
        """The link is back: new connections go through."""
        self.is_cut = False

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0)
        )
        self.port = server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()
        server.close()

    async def _connection(self, client_r, client_w) -> None:
        if self.is_cut:
            client_w.close()
            return
        try:
            app_r, app_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_w.close()
            return
        task = asyncio.current_task()
        self.connections.add(task)
        with contextlib.suppress(asyncio.CancelledError):  # the proxy stops or the link is cut
            await asyncio.gather(
                self._pipe(client_r, app_w, self.up),
                self._pipe(app_r, client_w, self.down),
                return_exceptions=True,
            )
        self.connections.discard(task)
        for writer in (client_w, app_w):
            writer.close()

    async def _pipe(self, reader, writer, link: Link) -> None:
        """Read as fast as the sender writes; deliver each chunk when the link would."""
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver() -> None:
            while True:
                at, chunk = await queue.get()
                wait = at - self.loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                while self.holding and link is self.up:  # the phone's uplink stalls
                    await asyncio.sleep(0.02)
                if not chunk:
                    writer.write_eof() if writer.can_write_eof() else writer.close()
                    return
                writer.write(chunk)
                await writer.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while True:
                chunk = await reader.read(CHUNK)
                now = self.loop.time()
                at = link.schedule(len(chunk), now) if chunk else max(now, link.free_at)
                queue.put_nowait((at, chunk))
                if not chunk:
                    break
        except (ConnectionError, OSError):
            queue.put_nowait((0.0, b""))
        except asyncio.CancelledError:  # the link is cut: what is still queued is lost
            delivering.cancel()
            raise
        await delivering


def wait_quiet(proxy: ThrottlingProxy, limit_s: float = 120) -> None:
    """Until the link carries under QUIET_BYTES in QUIET_S (Streamlit's pings are small)."""
    deadline = time.monotonic() + limit_s
    before = proxy.bytes
    while time.monotonic() < deadline:
        time.sleep(QUIET_S)
        now = proxy.bytes
        if now - before < QUIET_BYTES:
            return
        before = now


def wait_fonts(url: str, limit_s: float = 180) -> bool:
    """Until the server answers its fonts with the subsets it builds when it starts
    (screens/_ui/fonts.py; a few seconds once built, from its cache file): the phone should
    meet the server as it runs, not in its first seconds. False if they never came."""
    import urllib.request

    from screens._ui import fonts

    addresses = [item.address for item in fonts.subsets()]
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        tags = []
        for address in addresses:
            request = urllib.request.Request(url + address, method="HEAD")  # noqa: S310
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                tags.append(answer.headers.get("etag", ""))
        if all(tag.startswith('"subset-') for tag in tags):
            return True
        time.sleep(1)
    return False


def warm_up(browser, device: dict, url: str, accept_encoding: str) -> None:
    """Another phone, straight to the server (no proxy), opens the login page and a member's
    record page first: the server's first requests compress its static files (once, kept in
    memory, screens/_ui/wire.py) and its first script runs import the app; a phone meets a server
    that has served before, not one in its first minute."""
    context = browser.new_context(**device, locale="en-GB")
    try:
        if accept_encoding:
            context.set_extra_http_headers({"Accept-Encoding": accept_encoding})
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(url + "/", timeout=STEP_TIMEOUT_MS)
        login_usable(page)
        helpers.fill(page, "login.username", LAG_USER)  # a session of its own; nothing saved
        helpers.fill(page, "login.password", PASSWORD)
        helpers.by_key(page, "login.submit").locator("button").first.click()
        helpers.by_key(page, "record.value").locator("input").wait_for(timeout=STEP_TIMEOUT_MS)
        helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)
        page.goto(url + "/checkin", timeout=STEP_TIMEOUT_MS)
        helpers.by_key(page, "checkin.happened").locator("textarea").wait_for()
        helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)
        time.sleep(QUIET_S)  # the code the pages fetch after their run
    finally:
        context.close()


def login_usable(page) -> None:
    """The login form is there and the script's run is over."""
    page.locator(helpers.key_class("login.username") + " input").wait_for(
        state="visible", timeout=STEP_TIMEOUT_MS
    )
    page.locator(helpers.key_class("login.submit") + " button").wait_for(
        state="visible", timeout=STEP_TIMEOUT_MS
    )
    helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)


def measure(
    url: str,
    proxy: ThrottlingProxy,
    record: bool,
    detail: bool,
    accept_encoding: str,
    cut_s: float = 0,
    stored: Callable[[str], int] | None = None,
    warm_url: str = "",
) -> dict[str, float | str]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, float | str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(serve.CHROMIUM), args=serve.CHROMIUM_ARGS, headless=True
        )
        try:
            device = {
                k: v for k, v in p.devices["iPhone 13"].items() if k != "default_browser_type"
            }
            if warm_url:
                started = time.monotonic()
                warm_up(browser, device, warm_url, accept_encoding)
                figures["server_warm_up_s"] = time.monotonic() - started
            context = browser.new_context(**device, locale="en-GB")
            if accept_encoding:
                context.set_extra_http_headers({"Accept-Encoding": accept_encoding})
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            responses = []
            page.on("response", lambda response: responses.append(response))

            # A cold visit: nothing cached.
            before, down_before = proxy.bytes, proxy.down.bytes
            started = time.monotonic()
            page.goto(url + "/", timeout=STEP_TIMEOUT_MS)
            login_usable(page)
            figures["login_usable_s"] = time.monotonic() - started
            wait_quiet(proxy)
            figures["first_load_bytes"] = proxy.bytes - before
            figures["first_load_down_bytes"] = proxy.down.bytes - down_before
            figures["first_load_requests"] = len(responses)
            if detail:
                print_responses("cold visit", responses, url)

            # The same phone, later: a new tab on the login page, its cache kept.
            page.close()
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            frames: list[int] = []  # Streamlit's messages to the page, as the page reads them
            page.on(
                "websocket",
                lambda ws: ws.on("framereceived", lambda frame: frames.append(len(frame))),
            )
            before = proxy.bytes
            started = time.monotonic()
            page.goto(url + "/", timeout=STEP_TIMEOUT_MS)
            login_usable(page)
            figures["return_usable_s"] = time.monotonic() - started
            wait_quiet(proxy)
            figures["return_load_bytes"] = proxy.bytes - before

            if record:
                responses.clear()
                frames.clear()
                page.on("response", lambda response: responses.append(response))
                figures.update(record_results(page, proxy))
                if detail:
                    print_responses("login and record", responses, url)
                    print(f"websocket: {len(frames)} frames received, {sum(frames)} bytes")
                if cut_s > 0 and stored is not None:
                    figures.update(checkin_through_cut(page, url, proxy, cut_s, stored))
        finally:
            browser.close()
    return figures


def record_results(page, proxy: ThrottlingProxy) -> dict[str, float]:
    """A local action group member logs in (landing on the record page) and records two
    results on the running test card; the seconds each took, until the result is in the
    page's latest entries and the run is over, and the bytes of each."""
    helpers.fill(page, "login.username", LAG_USER)
    helpers.fill(page, "login.password", PASSWORD)
    before = proxy.bytes
    started = time.monotonic()
    helpers.by_key(page, "login.submit").locator("button").first.click()
    figures = {}
    for n, value in enumerate(("131", "137")):
        note = f"field bench {n + 1} {time.time_ns() % 100_000}"
        value_box = helpers.by_key(page, "record.value").locator("input")
        value_box.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
        helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)
        value_box.fill(value)
        helpers.fill(page, "record.note", note)
        if n == 1:
            started = time.monotonic()
        helpers.by_key(page, "record.save").locator("button").first.click()
        page.locator("[class*='st-key-record-entry-']", has_text=note).first.wait_for(
            timeout=STEP_TIMEOUT_MS
        )
        helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)
        if n == 0:
            figures["record_first_s"] = time.monotonic() - started
            wait_quiet(proxy)  # the page may still fetch code after its run (the chart's)
            figures["record_first_bytes"] = proxy.bytes - before
        else:
            figures["record_warm_s"] = time.monotonic() - started
            figures["record_warm_bytes"] = proxy.bytes - before
        before = proxy.bytes
    return figures


CONNECTED = "[data-testid=stApp][data-test-connection-state=CONNECTED]"
UNSENT = "[data-testid=atelierUnsent]"


def checkin_through_cut(
    page, url: str, proxy: ThrottlingProxy, cut_s: float, stored: Callable[[str], int]
) -> dict[str, float | str]:
    """A check-in sent as the link drops for `cut_s` seconds: lost (1) or not (0), see the
    module's docstring. `stored(text)` counts the check-ins the server stored with that text."""
    page.goto(url + "/checkin", timeout=STEP_TIMEOUT_MS)
    box = helpers.by_key(page, "checkin.happened").locator("textarea")
    box.wait_for(state="visible", timeout=STEP_TIMEOUT_MS)
    helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)
    wait_quiet(proxy)  # the page's code all there: the cut is the Send's alone
    text = f"field bench check-in {time.time_ns() % 100_000}"
    box.fill(text)
    proxy.hold()  # the uplink stalls as the Send goes out, then the link drops
    helpers.by_key(page, "checkin.save").locator("button").first.click()
    time.sleep(0.5)
    proxy.cut()
    time.sleep(cut_s)
    proxy.restore()
    back = time.monotonic()
    page.wait_for_selector(CONNECTED, timeout=STEP_TIMEOUT_MS)
    helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)
    figures: dict[str, float | str] = {"checkin_reconnect_s": time.monotonic() - back}
    time.sleep(1.0)  # the drafts script's look at the page after the run (150 ms)
    saved = stored(text)
    kept = box.count() > 0 and box.first.input_value() == text
    told = page.locator(UNSENT).count() > 0
    if saved == 1:
        figures["checkin_after_cut"] = "saved once"
        figures["checkins_lost"] = 0
    elif saved == 0 and kept and told:
        figures["checkin_after_cut"] = "kept in the form, said unsent"
        figures["checkins_lost"] = 0
        helpers.by_key(page, "checkin.save").locator("button").first.click()
        page.locator(UNSENT).wait_for(state="detached", timeout=STEP_TIMEOUT_MS)
        helpers.wait_idle(page, timeout=STEP_TIMEOUT_MS)
        figures["checkin_saved_after_resend"] = stored(text)
    else:
        figures["checkin_after_cut"] = f"saved {saved}, text kept {kept}, message {told}"
        figures["checkins_lost"] = 1
    return figures


def print_responses(label: str, responses: list, url: str) -> None:
    """Each response: its size as received (headers and body), its encoding, its address."""
    print(f"{label}:")
    for response in responses:
        sizes = response.request.sizes()
        encoding = response.headers.get("content-encoding", "-")
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        print(f"  {size:>9} {encoding:>5} {response.url[len(url) :]}")


def stored_checkins(data_dir: pathlib.Path, text: str) -> int:
    """How many check-ins the server stored whose "what happened" is `text`."""
    from services.core import collections, store

    with store.using(store.Store.embedded(data_dir)):
        return len(list(store.get().find(collections.CHECKINS, {"happened": text})))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kbps", type=float, default=400, help="link bandwidth, kbit/s")
    parser.add_argument("--rtt-ms", type=float, default=400, help="round trip time, ms")
    parser.add_argument("--no-record", action="store_true", help="the login page only")
    parser.add_argument(
        "--cut-s", type=float, default=60, help="the cut while sending a check-in (0: none)"
    )
    parser.add_argument(
        "--cold-server",
        action="store_true",
        help="no warm-up: the phone is the server's first visitor (its first compressions)",
    )
    parser.add_argument("--detail", action="store_true", help="each response of the cold visit")
    parser.add_argument(
        "--accept-encoding",
        default="",
        help="the header the phone sends (Chromium offers only gzip over plain http; "
        "'br, gzip' is what it offers an https site)",
    )
    args = parser.parse_args()
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="atelier-field-"))
    process = proxy = None
    fonts_ready = False
    try:
        serve.cli(data_dir, "seed-demo", "--password", PASSWORD)
        process, url = serve.start(data_dir)
        fonts_ready = wait_fonts(url)
        app_port = int(url.rsplit(":", 1)[1])
        proxy = ThrottlingProxy(app_port, args.kbps, args.rtt_ms)
        proxy_url = f"http://127.0.0.1:{proxy.start()}"
        figures = measure(
            proxy_url,
            proxy,
            not args.no_record,
            args.detail,
            args.accept_encoding,
            cut_s=args.cut_s,
            stored=lambda text: stored_checkins(data_dir, text),
            warm_url="" if args.cold_server else url,
        )
    finally:
        if proxy is not None:
            proxy.stop()
        if process is not None:
            serve.stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"link_kbps: {args.kbps:.0f}")
    print(f"link_rtt_ms: {args.rtt_ms:.0f}")
    print(f"accept_encoding: {args.accept_encoding or 'browser'}")
    print(f"font_subsets: {'served' if fonts_ready else 'not ready: full fonts'}")
    for name, value in figures.items():
        if isinstance(value, str) or name.endswith(("bytes", "requests", "lost", "resend")):
            print(f"{name}: {value if isinstance(value, str) else f'{value:.0f}'}")
        else:
            print(f"{name}: {value:.1f}")


if __name__ == "__main__":
    main()
