"""Light on the wire: Streamlit's own static files, compressed for the browsers that accept it.

Streamlit compresses its responses but deliberately skips its static paths (the JavaScript,
CSS and fonts of the page: about 2.9 MB for a phone's first visit to the login page), leaving
that to a reverse proxy or CDN in front of it. Atelier is often served by `streamlit run`
alone, to phones on slow mobile data, so this middleware (st.App, app.py; it runs before
Streamlit's own) does it:

- only GET answers of 200 with a compressible type (JavaScript, CSS, JSON, SVG, HTML, TTF/OTF
  fonts; not WOFF2 nor images, already compressed), at least `MINIMUM_SIZE` bytes, and no
  Range request;
- the encoding is the best one the request's Accept-Encoding allows: brotli, then gzip, else
  the file as it is;
- each file is compressed once per encoding and kept in memory (`_CACHE`, keyed by a digest of
  its bytes, so index.html answered under every page's address is one entry): the files are
  fixed for a given Streamlit version, so the CPU cost is paid on the first request only, in a
  worker thread (the event loop keeps serving); quickly first (brotli 5, gzip 6), while one
  background thread at the lowest priority makes the strongest copy (seconds for the page's
  bundles: a server's first phones waited 2.8 s more), which then replaces it;
- a compressed answer carries `Vary: Accept-Encoding`; the strongest copy its own ETag (the
  file's, with the encoding's suffix: a revalidation with it is answered 304), a quick copy
  none (a strong ETag names one sequence of bytes);
- hashed names under /static/ keep (or get) `Cache-Control: public, max-age=31536000,
  immutable`: a returning phone loads them from its cache without asking.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import queue
import re
import threading

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

try:  # brotli (requirements.txt): 15-20 % smaller than gzip on Streamlit's bundles
    import brotli
except ImportError:  # pragma: no cover - gzip alone still does most of the work
    brotli = None

MINIMUM_SIZE = 512
# Compressed bytes kept in memory at most (a login page's files take about 0.5 MB in brotli;
# all of Streamlit's static files about 7 MB per encoding); past it, answers are compressed
# but not kept.
CACHE_BUDGET = 48 * 1024 * 1024
# Brotli's best (11) costs about 0.7 s on Streamlit's 480 kB main bundle, once.
BROTLI_BEST_UP_TO = 1024 * 1024
IMMUTABLE = "public, max-age=31536000, immutable"
# Streamlit names every file under /static/ after a hash of its content (index.C1JORDN2.css).
_HASHED = re.compile(r"/static/.+\.[A-Za-z0-9_-]{8,}\.[a-z0-9]+$")
_COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/x-javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
    "font/ttf",
    "font/otf",
    "application/x-font-ttf",
    "application/vnd.ms-fontobject",
)

# The first request's compression: fast, within a few percent of the strongest.
QUICK = {"br": 5, "gzip": 6}

# slot (digest, encoding) -> (compressed bytes, whether they are the strongest compression)
_CACHE: dict[tuple[bytes, str], tuple[bytes, bool]] = {}
_cache_bytes = 0
_cache_lock = threading.Lock()
_key_locks: dict[tuple[bytes, str], threading.Lock] = {}
_to_improve: queue.Queue[tuple[tuple[bytes, str], bytes]] = queue.Queue()
_improver: threading.Thread | None = None


def encodings() -> tuple[str, ...]:
    """The encodings this server can produce, best first."""
    return ("br", "gzip") if brotli is not None else ("gzip",)


def chosen_encoding(accept_encoding: str) -> str | None:
    """The best encoding an Accept-Encoding header allows (q=0 refuses one, `*` stands for
    any not named), or None for the file as it is."""
    allowed: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if name:
            allowed[name.strip()] = quality
    for encoding in encodings():
        quality = allowed.get(encoding, allowed.get("*", 0.0))
        if quality > 0:
            return encoding
    return None


def compress(body: bytes, encoding: str, *, best: bool = True) -> bytes:
    """`body` compressed with `encoding` ("br" or "gzip"): at the strongest setting (`best`),
    since the result is kept and served many times, brotli a notch lower past
    `BROTLI_BEST_UP_TO`, where its best takes seconds (Streamlit's 4.7 MB Plotly bundle: 9 s at
    11, 1.2 s at 9); else at the quick setting (`QUICK`)."""
    if encoding == "br":
        quality = 11 if len(body) <= BROTLI_BEST_UP_TO else 9
        return brotli.compress(body, quality=quality if best else QUICK["br"])
    return gzip.compress(body, compresslevel=9 if best else QUICK["gzip"], mtime=0)


def _keep(slot: tuple[bytes, str], packed: bytes, best: bool) -> None:
    """Keep `packed` for `slot` (replacing a quick copy) while the memory budget allows."""
    global _cache_bytes
    with _cache_lock:
        old = _CACHE.get(slot)
        grown = len(packed) - (len(old[0]) if old else 0)
        if _cache_bytes + grown <= CACHE_BUDGET:
            _CACHE[slot] = (packed, best)
            _cache_bytes += grown


def cached_compress(body: bytes, encoding: str) -> tuple[bytes, bool]:
    """(`body` compressed with `encoding`, whether that is the strongest compression): computed
    once per content and encoding while the memory budget allows, quickly the first time and
    at the strongest setting in the background afterwards; concurrent first requests for the
    same file wait for one compression."""
    slot = (hashlib.blake2b(body, digest_size=16).digest(), encoding)
    with _cache_lock:
        found = _CACHE.get(slot)
        if found is not None:
            return found
        lock = _key_locks.setdefault(slot, threading.Lock())
    with lock:
        with _cache_lock:
            found = _CACHE.get(slot)
        if found is not None:
            return found
        packed = compress(body, encoding, best=False)
        _keep(slot, packed, best=False)
        with _cache_lock:
            _key_locks.pop(slot, None)
    _improve_later(slot, body)
    return packed, False


def _improve_later(slot: tuple[bytes, str], body: bytes) -> None:
    global _improver
    _to_improve.put((slot, body))
    with _cache_lock:
        if _improver is None or not _improver.is_alive():
            _improver = threading.Thread(target=_improve, name="static-compression", daemon=True)
            _improver.start()


def _improve() -> None:
    """The strongest compression of each file served so far, one at a time, at the lowest
    priority this system gives a thread (Linux: a thread's own nice value)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    while True:
        slot, body = _to_improve.get()
        try:
            _keep(slot, compress(body, slot[1]), best=True)
        finally:
            _to_improve.task_done()


def settle() -> None:
    """Wait until every quick copy served so far has its strongest copy (tests)."""
    _to_improve.join()


def clear_cache() -> None:
    """Forget every compressed file (tests)."""
    global _cache_bytes
    settle()
    with _cache_lock:
        _CACHE.clear()
        _cache_bytes = 0


def _compressible(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower().startswith(_COMPRESSIBLE)


def _route_path(scope: Scope) -> str:
    path: str = scope.get("path", "")
    root = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class StaticCompression:
    """ASGI middleware: compress Streamlit's static answers (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = _route_path(scope)
        if path.startswith(("/_stcore/", "/media/", "/component/", "/api/")):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        hashed = bool(_HASHED.search(path))
        encoding = None
        if scope["method"] == "GET" and "range" not in headers:
            encoding = chosen_encoding(headers.get("accept-encoding", ""))
        suffixed = encoding is not None and f'-{encoding}"' in headers.get("if-none-match", "")
        if suffixed:
            scope = _without_etag_suffix(scope, headers, encoding)
        await _Answer(self.app, encoding, hashed, suffixed)(scope, receive, send)


def _without_etag_suffix(scope: Scope, headers: Headers, encoding: str) -> Scope:
    """The request with the encoding's suffix taken off If-None-Match's ETags, so Streamlit's
    static files compare them with the file's own ETag."""
    plain = headers["if-none-match"].replace(f'-{encoding}"', '"')
    raw = [(k, v) for k, v in scope["headers"] if k != b"if-none-match"]
    raw.append((b"if-none-match", plain.encode("latin-1")))
    return {**scope, "headers": raw}


class _Answer:
    """One request's answer: passed on as it is, or gathered, compressed and sent whole."""

    def __init__(self, app: ASGIApp, encoding: str | None, hashed: bool, suffixed: bool) -> None:
        self.app = app
        self.encoding = encoding
        self.hashed = hashed
        self.suffixed = suffixed  # the browser revalidates a compressed copy
        self.start: Message | None = None
        self.gather = False
        self.chunks: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.send = send
        await self.app(scope, receive, self.on_message)

    async def on_message(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(raw=list(message["headers"]))
            status = message["status"]
            if status in (200, 304):
                if self.hashed:
                    headers["cache-control"] = IMMUTABLE
                if _compressible(headers.get("content-type", "")):
                    headers.add_vary_header("Accept-Encoding")
            if status == 304 and self.suffixed and self.encoding and "etag" in headers:
                headers["etag"] = _tagged(headers["etag"], self.encoding)
            self.gather = (
                status == 200
                and self.encoding is not None
                and "content-encoding" not in headers
                and _compressible(headers.get("content-type", ""))
                and int(headers.get("content-length", MINIMUM_SIZE)) >= MINIMUM_SIZE
            )
            self.start = {**message, "headers": headers.raw}
            if not self.gather:
                await self.send(self.start)
            return
        if message["type"] != "http.response.body" or not self.gather:
            await self.send(message)
            return
        self.chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        await self.send_compressed(b"".join(self.chunks))

    async def send_compressed(self, body: bytes) -> None:
        assert self.start is not None and self.encoding is not None
        headers = MutableHeaders(raw=self.start["headers"])
        packed, best = await anyio.to_thread.run_sync(cached_compress, body, self.encoding)
        if "etag" in headers:
            if best:
                headers["etag"] = _tagged(headers["etag"], self.encoding)
            else:
                del headers["etag"]
        headers["content-encoding"] = self.encoding
        headers["content-length"] = str(len(packed))
        await self.send({**self.start, "headers": headers.raw})
        await self.send({"type": "http.response.body", "body": packed, "more_body": False})


def _tagged(etag: str, encoding: str) -> str:
    """The ETag of the file compressed with `encoding` (a strong ETag names one encoding)."""
    if etag.endswith('"'):
        return f'{etag[:-1]}-{encoding}"'
    return f"{etag}-{encoding}"
