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
- each file is compressed once per encoding, quickly for the first request and at the
  strongest setting afterwards, and kept in memory and on disk (screens/_ui/copies.py);
- a compressed answer carries `Vary: Accept-Encoding`; the strongest copy its own ETag (the
  file's, with the encoding's suffix: a revalidation with it is answered 304), a quick copy
  none (a strong ETag names one sequence of bytes);
- hashed names under /static/ keep (or get) `Cache-Control: public, max-age=31536000,
  immutable`: a returning phone loads them from its cache without asking.
"""

from __future__ import annotations

import re

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from screens._ui import copies

MINIMUM_SIZE = 512
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
    for encoding in copies.encodings():
        quality = allowed.get(encoding, allowed.get("*", 0.0))
        if quality > 0:
            return encoding
    return None


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
        packed, best = await anyio.to_thread.run_sync(copies.cached_compress, body, self.encoding)
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
