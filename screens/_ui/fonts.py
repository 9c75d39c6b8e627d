"""Lighter fonts for a phone's first visit: the two fonts the login page loads, cut down to what
Atelier shows.

A cold visit to the login page downloads about 1.07 MB, and half of it is two WOFF2 fonts
(compressed already, so screens/_ui/wire.py cannot help): Material Symbols Rounded (375 kB, 4,309
icons, of which Streamlit and Atelier use a few hundred) and Source Sans (170 kB; Latin, Greek,
Cyrillic and Vietnamese). This middleware of app.py's `st.App` answers those two addresses with
subsets built by fontTools (a dependency of fpdf2):

- Material Symbols: the icons named in Atelier's code and data (`:material/<name>:`), in
  Streamlit's own JavaScript (`:material/<name>:` and any quoted string that is an icon's
  name): about 530 icons, 53 kB;
- Source Sans: Latin (Basic, Latin-1, Extended A and B and Additional, so French, Portuguese,
  Vietnamese, African Latin alphabets), combining accents, punctuation, currency, arrows and
  mathematical signs: 78 kB. Another script (Greek, Cyrillic) is drawn in the phone's own sans
  serif, as any character Source Sans lacks always was.

A subset takes 5-30 s of CPU to build, so it is built once, in a thread started with the
server, and kept in a file named after what it was built from (the font's bytes, the icon names,
fontTools' version) under the system's temporary directory: the next server start reads it.
Until it is ready the full font is served, as before. A subset is answered with an ETag and
`Cache-Control: public, max-age=86400`, not `immutable`: the address is Streamlit's (the same
for as long as Streamlit's version is), and an icon added to Atelier reaches a phone's cache
within a day.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pathlib
import re
import tempfile
import threading
from collections.abc import Callable, Iterable

import streamlit
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

LOG = logging.getLogger(__name__)
ROOT = pathlib.Path(__file__).resolve().parents[2]
STATIC = pathlib.Path(streamlit.__file__).parent / "static" / "static"
CACHE_DIR = pathlib.Path(tempfile.gettempdir()) / "atelier-fonts"
MAX_AGE = "public, max-age=86400"
ICON = re.compile(r":material/([a-z0-9_]+):")
QUOTED = re.compile(r"[`'\"]([a-z0-9_]+)[`'\"]")
# What Atelier's text needs of Source Sans (see the module's docstring).
LATIN: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x024F),  # Latin-1, Latin Extended A and B
    (0x02B0, 0x036F),  # spacing modifiers, combining accents
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Yoruba ...)
    (0x2000, 0x20CF),  # punctuation, super/subscripts, currency
    (0x2100, 0x22FF),  # letterlike symbols, number forms, arrows, mathematical operators
    (0x25A0, 0x25FF),  # geometric shapes
    (0x2713, 0x2713),
    (0xFB00, 0xFB06),  # the fi, fl ... ligatures
)


def icon_names(texts: Iterable[str], quoted: Iterable[str] = ()) -> set[str]:
    """The icon names `:material/<name>:` in `texts`, and every quoted word of `quoted`
    (Streamlit's JavaScript names some of its icons bare)."""
    names: set[str] = set()
    for text in texts:
        names.update(ICON.findall(text))
    for text in quoted:
        names.update(QUOTED.findall(text))
    return names


def ligatures(font) -> dict[str, str]:
    """The icon font's ligatures: each icon's name -> its glyph."""
    by_glyph = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    found: dict[str, str] = {}
    for subtable in _ligature_subtables(font):
        for first, entries in subtable.ligatures.items():
            for entry in entries:
                found[_spelled(by_glyph, first, entry)] = entry.LigGlyph
    return found


def _spelled(by_glyph: dict[str, str], first: str, entry) -> str:
    """The word a ligature stands for (its first glyph, then its other components)."""
    return by_glyph.get(first, "") + "".join(by_glyph.get(g, "") for g in entry.Component)


def _ligature_subtables(font) -> list:
    subtables = []
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            if subtable.LookupType == 7:  # an extension: the real subtable is inside
                subtable = subtable.ExtSubTable
            if subtable.LookupType == 4:
                subtables.append(subtable)
    return subtables


def icon_subset(data: bytes, wanted: set[str]) -> bytes:
    """The icon font `data` (WOFF2) with only the icons named in `wanted` (names it lacks are
    ignored), as WOFF2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    names = ligatures(font)
    keep = wanted & set(names)
    by_glyph = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    for subtable in _ligature_subtables(font):  # only the kept icons' ligatures stay
        for first in list(subtable.ligatures):
            kept = [e for e in subtable.ligatures[first] if _spelled(by_glyph, first, e) in keep]
            if kept:
                subtable.ligatures[first] = kept
            else:
                del subtable.ligatures[first]
    letters = {ord(c) for name in keep for c in name}
    return _subset(font, subset, unicodes=sorted(letters), glyphs=[names[n] for n in keep])


def text_subset(data: bytes, ranges: Iterable[tuple[int, int]] = LATIN) -> bytes:
    """The text font `data` (WOFF2) with only the characters of `ranges`, as WOFF2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    has = set(font.getBestCmap())
    unicodes = [c for low, high in ranges for c in range(low, high + 1) if c in has]
    return _subset(font, subset, unicodes=unicodes, glyphs=[])


def _subset(font, subset, *, unicodes: list[int], glyphs: list[str]) -> bytes:
    options = subset.Options()
    options.layout_features = ["*"]  # the icons' ligatures, the text's kerning and accents
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes, glyphs=glyphs)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def atelier_icons() -> set[str]:
    """The icons Atelier's code and data name, and those Streamlit's JavaScript may draw."""
    ours = [
        p.read_text(encoding="utf-8", errors="ignore")
        for folder in ("pages", "services", "models", "assets")
        for p in (ROOT / folder).rglob("*")
        if p.suffix in (".py", ".yaml", ".yml", ".json", ".toml")
    ]
    ours.append((ROOT / "app.py").read_text(encoding="utf-8"))
    scripts = [p.read_text(encoding="utf-8", errors="ignore") for p in STATIC.glob("js/*.js")]
    return icon_names(ours + scripts, quoted=scripts)


def _font(prefix: str) -> pathlib.Path | None:
    found = sorted((STATIC / "media").glob(prefix + ".*.woff2"))
    return found[0] if found else None


class Subset:
    """One of Streamlit's fonts and its subset, built (or read from the cache) in a thread."""

    def __init__(self, path: pathlib.Path, build: Callable[[bytes], bytes], recipe: str) -> None:
        self.address = "/static/media/" + path.name
        self.path = path
        self.build = build
        self.recipe = recipe
        self.body: bytes | None = None
        self.etag = ""

    def prepare(self) -> None:
        """The subset, from the cache file or built and written there; on any failure the full
        font keeps being served (and the reason is logged)."""
        try:
            data = self.path.read_bytes()
            digest = hashlib.sha256(data + self.recipe.encode()).hexdigest()[:24]
            cached = CACHE_DIR / f"{self.path.stem}.{digest}.woff2"
            if cached.exists():
                body = cached.read_bytes()
            else:
                body = self.build(data)
                CACHE_DIR.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(f".{os.getpid()}.part")
                partial.write_bytes(body)
                os.replace(partial, cached)  # whole or not at all, whatever server wrote first
            self.etag = f'"subset-{digest}"'
            self.body = body
        except Exception:  # noqa: BLE001 - a font is an optimisation: never break the page
            LOG.exception("font subset of %s not built; the full font is served", self.path)


def subsets() -> list[Subset]:
    """The fonts a first visit loads, each with its subset's recipe."""
    from fontTools import version as fonttools_version

    found = []
    icons = _font("MaterialSymbols-Rounded")
    if icons is not None:
        wanted = atelier_icons()
        found.append(
            Subset(
                icons,
                lambda data: icon_subset(data, wanted),
                f"icons {fonttools_version} {' '.join(sorted(wanted))}",
            )
        )
    text = _font("SourceSansVF-Upright.ttf")
    if text is not None:
        found.append(Subset(text, text_subset, f"latin {fonttools_version} {LATIN}"))
    return found


class FontSubsets:
    """ASGI middleware: the subsets, once ready, in place of Streamlit's fonts (see above)."""

    def __init__(self, app: ASGIApp, items: list[Subset] | None = None) -> None:
        """`items`: the subsets to serve, prepared already (tests); by default this server's
        fonts, prepared in a thread."""
        self.app = app
        self.by_address: dict[str, Subset] = {}
        if items is not None:
            self.by_address = {item.address: item for item in items}
            return
        try:
            for item in subsets():
                self.by_address[item.address] = item
        except ImportError:  # pragma: no cover - fontTools comes with fpdf2
            return
        threading.Thread(target=self._prepare, name="font-subsets", daemon=True).start()

    def _prepare(self) -> None:
        for item in self.by_address.values():
            item.prepare()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        item = None
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            path: str = scope.get("path", "")
            root = scope.get("root_path", "")
            if root and path.startswith(root):
                path = path[len(root) :]
            item = self.by_address.get(path)
        if item is None or item.body is None:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        common = [
            (b"cache-control", MAX_AGE.encode()),
            (b"etag", item.etag.encode()),
        ]
        if item.etag in headers.get("if-none-match", ""):
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        body = item.body if scope["method"] == "GET" else b""
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": common
                + [
                    (b"content-type", b"font/woff2"),
                    (b"content-length", str(len(item.body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
