"""Lighter fonts (screens/_ui/fonts.py): the icon font keeps exactly the icons asked for, the text
font the characters asked for, every icon Atelier names is kept, and the middleware answers
the fonts' addresses with the subsets (and 304 to a revalidation) once they are ready."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import re

import pytest
from fontTools.ttLib import TTFont

from screens._ui import fonts
from tests.integration.test_static_compression import asgi_get

ICONS = "MaterialSymbols-Rounded"


@pytest.fixture(scope="module")
def icon_font() -> bytes:
    path = fonts._font(ICONS)
    assert path is not None, "Streamlit ships its icon font"
    return path.read_bytes()


@pytest.fixture(scope="module")
def small(icon_font) -> bytes:
    """The icon font cut down to three icons (and a name that is no icon)."""
    return fonts.icon_subset(icon_font, {"home", "send", "edit_note", "no_such_icon_here"})


def test_the_icon_subset_keeps_exactly_the_icons_asked_for(icon_font, small):
    full = fonts.ligatures(TTFont(io.BytesIO(icon_font)))
    assert len(full) > 4000
    kept = fonts.ligatures(TTFont(io.BytesIO(small)))
    assert set(kept) == {"home", "send", "edit_note"}
    assert len(small) < len(icon_font) / 20


def test_the_text_subset_keeps_the_characters_asked_for(small):
    # The icon subset maps the letters of its icons' names (no "a"): keep d, e and h.
    assert {0x64, 0x65, 0x68, 0x6F} <= set(TTFont(io.BytesIO(small)).getBestCmap())
    cut = fonts.text_subset(small, ranges=[(0x61, 0x61), (0x64, 0x65), (0x68, 0x68)])
    assert set(TTFont(io.BytesIO(cut)).getBestCmap()) == {0x64, 0x65, 0x68}


def test_every_icon_atelier_names_is_kept():
    names = fonts.atelier_icons()
    # Recounted from app.py's menu, which names its icons in one list.
    menu = re.findall(r'":material/([a-z_]+):"', (fonts.ROOT / "app.py").read_text())
    assert len(menu) >= 10
    assert set(menu) <= names
    # Streamlit's own: the sidebar's open button and the password field's eye.
    assert {"keyboard_double_arrow_right", "visibility"} <= names


def test_icon_names_reads_shortcodes_and_quoted_words():
    found = fonts.icon_names([':material/send: and ":material/home:"'], quoted=["x=`close`"])
    assert found == {"send", "home", "close"}


def served(items: list[fonts.Subset], path: str, **headers: str):
    """(status, headers, body) of a GET through the middleware, in front of an app that
    answers every request with "full font"."""

    async def full(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"full font"})

    app = fonts.FontSubsets(full, items=items)
    # Its own thread: after the browser tests, playwright keeps an event loop on this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asgi_get(app, path, headers)).result(60)


def ready(body: bytes | None) -> fonts.Subset:
    item = fonts.Subset(fonts.STATIC / "media" / "Font.abc123.woff2", lambda d: d, "test")
    item.body, item.etag = body, '"subset-1"' if body else ""
    return item


def test_the_middleware_serves_a_ready_subset_and_revalidates_it():
    path = "/static/media/Font.abc123.woff2"
    status, headers, body = served([ready(b"small font")], path)
    assert (status, body) == (200, b"small font")
    assert headers["etag"] == '"subset-1"'
    assert headers["content-type"] == "font/woff2"
    assert headers["cache-control"] == fonts.MAX_AGE
    assert "immutable" not in headers["cache-control"]
    status, _, body = served([ready(b"small font")], path, **{"if-none-match": '"subset-1"'})
    assert (status, body) == (304, b"")


def test_until_the_subset_is_ready_the_full_font_is_served():
    path = "/static/media/Font.abc123.woff2"
    assert served([ready(None)], path)[2] == b"full font"
    assert served([ready(b"small")], "/static/media/Other.woff2")[2] == b"full font"
