"""A phone that speaks Streamlit's websocket protocol instead of drawing the page.

On a two-core machine, thirty Chromium pages are thirty renderers fighting the server for the
same two cores (load average 30 to 50 during a room bench), so what a real room's server does
cannot be seen behind what the browsers cost. A wire phone costs the server exactly what a
browser's phone costs it (the same messages: the join link's run, the Join form's submission
with the name, the cookie beacon, the board fragment's one-second polls, every redraw sent
back), and the bench almost nothing: it reads the frames as bytes, never draws them.

What it sends is what Chromium's Streamlit client sends (read from the frames of a real join,
Streamlit 1.67): a `rerun_script` with the page's query string and page hash, the widgets'
states for a form's submission (text values and the submit button's trigger), and, every
interval the server asked for (`auto_rerun`), a rerun of that fragment alone; never a second
run while one is going, as the browser's client does not either.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import urllib.request

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

WIDGET = re.compile(rb"\$\$ID-[0-9a-f]{32}-([A-Za-z0-9_.]+)")
BEACON = re.compile(rb'<img src="(/[^"]+)"')


def _fetch(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as reply:  # noqa: S310 - the bench's own server
        reply.read()


class WirePhone:
    """One participant on the join link: `join()`, then `poll()` until told to stop (and
    `post(text)` meanwhile); `seen` holds when each watched text first came in a frame (our
    clock, ms). Used by bench/room.py and tests/e2e/test_room_on_the_wire.py."""

    def __init__(self, url: str, code: str, name: str, watched: list[bytes]) -> None:
        self.url = url
        self.code = code
        self.name = name
        self.query = f"join={code}"
        self.watched = watched  # shared with the bench: texts to stamp as they arrive
        self.seen: dict[bytes, float] = {}
        self.widgets: dict[str, str] = {}  # a widget's key -> its id, as last drawn
        self.page = ""
        self.fragment: str | None = None
        self.interval = 1.0
        self.idle = asyncio.Event()
        self.beacons: set[str] = set()
        self.ws = None
        self.closed: str | None = None  # why the connection ended, if not by close()
        self.leaving = False
        self.frames: list[bytes] | None = None  # every frame received, while a list

    def _widget(self, prefix: str) -> str | None:
        """The id of the newest widget whose key is `prefix` or `prefix.vN` (a form's keys
        move on after each save)."""
        versions = {}
        for key in self.widgets:
            if m := re.fullmatch(re.escape(prefix) + r"(?:\.v(\d+))?", key):
                versions[key] = int(m.group(1) or 0)
        return self.widgets[max(versions, key=versions.get)] if versions else None

    async def _send(self, widgets=(), *, fragment: str | None = None) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page
        state.widget_states.SetInParent()
        for widget_id, kind, value in widgets:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            setattr(widget, kind, value)
        if fragment:
            state.fragment_id = fragment
            state.is_auto_rerun = True
        info = state.context_info
        info.timezone = "UTC"
        info.locale = "en-US"
        info.url = self.url + "/"
        info.color_scheme = "light"
        self.idle.clear()
        await self.ws.send(msg.SerializeToString())

    def _read(self, frame: bytes) -> None:
        now = time.time() * 1000
        if self.frames is not None:
            self.frames.append(frame)
        for text in self.watched:
            if text not in self.seen and text in frame:
                self.seen[text] = now
        for key_and_id in WIDGET.finditer(frame):
            self.widgets[key_and_id.group(1).decode()] = key_and_id.group(0).decode()
        for src in BEACON.findall(frame):
            self.beacons.add(src.decode())
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        kind = msg.WhichOneof("type")
        if kind == "navigation" and msg.navigation.page_script_hash:
            self.page = msg.navigation.page_script_hash
        elif kind == "auto_rerun":
            self.fragment = msg.auto_rerun.fragment_id
            self.interval = msg.auto_rerun.interval or 1.0
        elif kind == "script_finished":
            self.idle.set()

    async def _reader(self) -> None:
        try:
            async for frame in self.ws:
                if isinstance(frame, bytes):
                    self._read(frame)
        except Exception as error:  # noqa: BLE001 - the connection ended: say why
            ended = f"{type(error).__name__}: {error}"
        else:
            ended = "closed by the server"
        if not self.leaving:
            self.closed = ended
        self.idle.set()

    async def _beacon(self) -> None:
        """Fetch the cookie beacons the page drew, as the browser loads an <img>."""
        for src in list(self.beacons):
            self.beacons.discard(src)
            with contextlib.suppress(OSError):  # a beacon lost is a cookie not set: no matter here
                await asyncio.to_thread(_fetch, self.url + src)

    async def _until(self, ready, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if self.closed or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: {self.closed or 'timed out'}")
            await asyncio.sleep(0.05)

    async def join(self, timeout: float = 600) -> float:
        """Open the join link, send the name, wait for the note form: the seconds it took."""
        started = time.monotonic()
        host = self.url.split("://", 1)[1]
        self.ws = await connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=self.url,
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,
        )
        self._task = asyncio.create_task(self._reader())
        await self._send()
        await self._until(lambda: self._widget("join.submit") and self.idle.is_set(), timeout)
        await self._send(
            [
                (self._widget("join.code"), "string_value", self.code),
                (self._widget("join.name"), "string_value", self.name),
                (self._widget("join.submit"), "trigger_value", True),
            ]
        )
        await self._until(lambda: self._widget("join.post") is not None, timeout)
        await self._beacon()
        return time.monotonic() - started

    async def post(self, text: str, timeout: float = 60) -> None:
        """Type `text` into the note form and tap Post (the form's own widget ids, as drawn
        last); returns once that run has finished."""
        await self._until(self.idle.is_set, timeout)
        await self._send(
            [
                (self._widget("join.note"), "string_value", text),
                (self._widget("join.post"), "trigger_value", True),
            ]
        )
        await self._until(self.idle.is_set, timeout)

    async def poll(self, stop: asyncio.Event) -> None:
        """The board's polls, as the browser sends them, until `stop`."""
        while not stop.is_set() and not self.closed:
            await asyncio.sleep(self.interval)
            if self.fragment and self.idle.is_set():
                await self._send(fragment=self.fragment)
            await self._beacon()

    async def close(self) -> None:
        self.leaving = True
        if self.ws is not None:
            await self.ws.close()
