"""Light on the wire (screens/_ui/wire.py, screens/_ui/copies.py): Streamlit's static files,
compressed for the clients that accept it, as `streamlit run app.py` serves them, the
middleware's own rules on a small Starlette app, and the copies kept on disk."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import pathlib
import re
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request

import brotli
import pytest
import streamlit
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from screens._ui import copies, wire
from tests.e2e import serve

STATIC = pathlib.Path(streamlit.__file__).parent / "static"
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
            return reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@pytest.fixture(scope="module")
def cache_folder():
    """A cache folder of compressed copies of this module's own, empty at first."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="atelier-wire-cache-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start_server(cache_folder: pathlib.Path):
    """`streamlit run app.py` (an empty data directory: static files need no data) with this
    cache folder of compressed copies; (process, its URL, its data directory)."""
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="atelier-wire-"))
    process, url = serve.start(data_dir, env={copies.CACHE_ENV: str(cache_folder)})
    return process, url, data_dir


def stop_server(process, data_dir: pathlib.Path) -> None:
    serve.stop(process)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def app_url(cache_folder):
    process, url, data_dir = start_server(cache_folder)
    yield url
    stop_server(process, data_dir)


@pytest.fixture(scope="module")
def main_bundle() -> str:
    """The address of Streamlit's main JavaScript bundle, as index.html names it."""
    index = (STATIC / "index.html").read_text()
    return re.search(r'src="\./(static/js/index\.[^"]+\.js)"', index).group(1)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_served_javascript_is_compressed_when_the_client_accepts_it(
    app_url, main_bundle, encoding
):
    on_disk = (STATIC / main_bundle).read_bytes()
    accept = "gzip, deflate, br, zstd" if encoding == "br" else "gzip, deflate"
    status, headers, body = fetch(f"{app_url}/{main_bundle}", **{"Accept-Encoding": accept})
    assert status == 200
    assert headers["content-encoding"] == encoding
    assert "accept-encoding" in headers["vary"].lower()
    assert int(headers["content-length"]) == len(body)
    assert len(body) < len(on_disk) / 3  # JavaScript compresses about 4:1
    assert DECODE[encoding](body) == on_disk
    # hashed names: a returning phone takes them from its cache, without asking
    cache = [part.strip() for part in headers["cache-control"].split(",")]
    assert {"public", "immutable", "max-age=31536000"} <= set(cache)

    # The first answer may be the quick copy (no ETag: the strongest copy will be other bytes);
    # the strongest copy follows, made in the background, with its own ETag, no larger.
    deadline = time.monotonic() + 60
    while "etag" not in headers and time.monotonic() < deadline:
        time.sleep(0.2)
        status, headers, best = fetch(f"{app_url}/{main_bundle}", **{"Accept-Encoding": accept})
        assert status == 200 and DECODE[encoding](best) == on_disk
        assert len(best) <= len(body)
        body = best
    # the next answer (from the in-memory copy) is the same bytes
    assert fetch(f"{app_url}/{main_bundle}", **{"Accept-Encoding": accept})[2] == body
    # a revalidation with the compressed copy's ETag: 304, nothing sent again
    etag = headers["etag"]
    assert etag.endswith(f'-{encoding}"')
    status, again, body = fetch(
        f"{app_url}/{main_bundle}", **{"Accept-Encoding": accept, "If-None-Match": etag}
    )
    assert (status, body) == (304, b"")
    assert again["etag"] == etag


def test_another_server_on_the_same_machine_answers_with_the_strongest_copy_at_once(
    app_url, cache_folder, main_bundle
):
    """The strongest copies one server made are on disk: a second server (or the first one
    restarted) answers its first request with them, ETag and all, compressing nothing."""
    on_disk = (STATIC / main_bundle).read_bytes()
    accept = {"Accept-Encoding": "br"}
    deadline = time.monotonic() + 60
    while "etag" not in fetch(f"{app_url}/{main_bundle}", **accept)[1]:  # made by the first
        assert time.monotonic() < deadline, "the first server made no strongest copy"
        time.sleep(0.2)
    best = fetch(f"{app_url}/{main_bundle}", **accept)[2]
    process, url, data_dir = start_server(cache_folder)
    try:
        status, headers, body = fetch(f"{url}/{main_bundle}", **accept)
    finally:
        stop_server(process, data_dir)
    assert status == 200 and headers["etag"].endswith('-br"')
    assert body == best and DECODE["br"](body) == on_disk


@pytest.mark.parametrize("accept", [None, "identity", "br;q=0, gzip;q=0"])
def test_the_javascript_is_sent_as_it_is_to_a_client_that_accepts_no_compression(
    app_url, main_bundle, accept
):
    headers = {} if accept is None else {"Accept-Encoding": accept}
    status, answer, body = fetch(f"{app_url}/{main_bundle}", **headers)
    assert status == 200
    assert "content-encoding" not in answer
    assert body == (STATIC / main_bundle).read_bytes()
    assert "immutable" in answer["cache-control"]


def test_the_login_page_document_is_compressed_but_never_cached_long(app_url):
    status, headers, body = fetch(f"{app_url}/", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == (STATIC / "index.html").read_bytes()
    assert headers["cache-control"] == "no-cache"  # a new Streamlit version shows at once


def test_fonts_already_compressed_and_the_app_routes_are_left_alone(app_url):
    # The italic: the upright and the icons are answered with subsets (screens/_ui/fonts.py).
    font = next((STATIC / "static" / "media").glob("SourceSansVF-Italic*.woff2"))
    status, headers, body = fetch(
        f"{app_url}/static/media/{font.name}", **{"Accept-Encoding": "gzip, br"}
    )
    assert status == 200 and "content-encoding" not in headers
    assert body == font.read_bytes()
    status, headers, _ = fetch(f"{app_url}/api/session/renew", **{"Accept-Encoding": "gzip, br"})
    assert status == 200 and "content-encoding" not in headers
    assert headers["cache-control"] == "no-store"


# --- the middleware's rules, on a small Starlette app --------------------------------------


@pytest.fixture
def client(tmp_path, monkeypatch):
    """A GET on a small app: Starlette's static files under the middleware, its compressed
    copies kept in a cache folder of its own (tmp_path/"cache")."""
    monkeypatch.setenv(copies.CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.0123abcd.js").write_text("const x = 1;\n" * 400)
    (tmp_path / "static" / "tiny.0123abcd.js").write_text("1;")
    copies.clear_cache()
    app = Starlette(
        routes=[Mount("/", StaticFiles(directory=tmp_path))],
        middleware=[Middleware(wire.StaticCompression)],
    )
    yield lambda path, **headers: _run(asgi_get(app, path, headers))
    copies.clear_cache()


def _run(coroutine):
    # On a thread of its own: the browser tests' playwright (sync API) keeps an event loop
    # running on this one for the whole session, and asyncio.run refuses to nest in it.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def asgi_get(app, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body as sent) of a GET through the ASGI app."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict] = []

    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays until the answer is sent

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    answer = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], answer, b"".join(m.get("body", b"") for m in sent[1:])


def test_accept_encoding_is_read_with_its_qualities():
    assert wire.chosen_encoding("gzip, deflate, br, zstd") == "br"
    assert wire.chosen_encoding("gzip, deflate") == "gzip"
    assert wire.chosen_encoding("br;q=0, gzip") == "gzip"
    assert wire.chosen_encoding("*") == "br"
    assert wire.chosen_encoding("*, br;q=0") == "gzip"
    assert wire.chosen_encoding("identity") is None
    assert wire.chosen_encoding("") is None


APP_JS = b"const x = 1;\n" * 400


def counting(monkeypatch) -> list[tuple[str, bool]]:
    """The compressions made from now on: (encoding, whether the strongest)."""
    calls: list[tuple[str, bool]] = []
    real = copies.compress

    def counted(body, enc, *, best=True):
        calls.append((enc, best))
        return real(body, enc, best=best)

    monkeypatch.setattr(copies, "compress", counted)
    return calls


def test_each_file_is_compressed_once_per_encoding(client, monkeypatch):
    """Quickly for the first request, at the strongest setting once in the background; the
    strongest copy then answers, with an ETag (a quick copy has none)."""
    real = copies.compress
    calls = counting(monkeypatch)
    for _ in range(3):
        for accept in ("br", "gzip"):
            _, headers, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": accept})
            assert headers["content-encoding"] == accept
            assert DECODE[accept](body) == b"const x = 1;\n" * 400
    copies.settle()
    for accept in ("br", "gzip"):
        _, headers, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": accept})
        assert headers["etag"].endswith(f'-{accept}"')
        assert body == real(b"const x = 1;\n" * 400, accept)  # the strongest copy
    assert sorted(calls) == [("br", False), ("br", True), ("gzip", False), ("gzip", True)]


def test_a_quick_copy_has_no_etag_and_is_replaced_by_the_strongest(client, monkeypatch):
    held = threading.Event()
    real = copies.compress

    def held_back(body, enc, *, best=True):
        if best:  # the background's strongest copy waits until the quick one has been seen
            held.wait(30)
        return real(body, enc, best=best)

    monkeypatch.setattr(copies, "compress", held_back)
    _, quick, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": "br"})
    assert "etag" not in quick and DECODE["br"](body) == b"const x = 1;\n" * 400
    assert body == real(b"const x = 1;\n" * 400, "br", best=False)
    held.set()
    copies.settle()
    _, best, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": "br"})
    assert best["etag"].endswith('-br"')
    assert body == real(b"const x = 1;\n" * 400, "br")


def test_small_files_and_range_requests_pass_through(client):
    _, headers, body = client("/static/tiny.0123abcd.js", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers and body == b"1;"
    status, headers, body = client(
        "/static/app.0123abcd.js", **{"Accept-Encoding": "gzip", "Range": "bytes=0-9"}
    )
    assert status == 206
    assert "content-encoding" not in headers and body == b"const x = "


def test_a_plain_etag_is_not_answered_with_a_compressed_copys(client):
    _, headers, _ = client("/static/app.0123abcd.js")
    plain = headers["etag"]
    status, headers, body = client(
        "/static/app.0123abcd.js", **{"Accept-Encoding": "gzip", "If-None-Match": plain}
    )
    assert (status, body) == (304, b"")
    assert headers["etag"] == plain
    # and the compressed copy's own ETag (the strongest copy's) is answered 304 with that ETag
    client("/static/app.0123abcd.js", **{"Accept-Encoding": "gzip"})
    copies.settle()
    _, headers, _ = client("/static/app.0123abcd.js", **{"Accept-Encoding": "gzip"})
    tagged = headers["etag"]
    assert tagged != plain and tagged.endswith('-gzip"')
    status, headers, body = client(
        "/static/app.0123abcd.js", **{"Accept-Encoding": "gzip", "If-None-Match": tagged}
    )
    assert (status, body, headers["etag"]) == (304, b"", tagged)


def kept_copies(tmp_path) -> list[pathlib.Path]:
    return sorted((tmp_path / "cache").rglob("*.br")) + sorted((tmp_path / "cache").rglob("*.gzip"))


def test_the_strongest_copies_are_kept_on_disk_for_a_server_that_starts(
    client, monkeypatch, tmp_path
):
    strongest = {accept: copies.compress(APP_JS, accept) for accept in ("br", "gzip")}
    for accept in strongest:
        client("/static/app.0123abcd.js", **{"Accept-Encoding": accept})
    copies.settle()
    assert [p.suffix for p in kept_copies(tmp_path)] == [".br", ".gzip"]
    copies.clear_cache()  # what a server that starts has in memory: nothing
    calls = counting(monkeypatch)
    for accept in strongest:
        _, headers, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": accept})
        assert headers["etag"].endswith(f'-{accept}"')  # the strongest copy, at once
        assert body == strongest[accept]
    copies.settle()
    assert calls == []


@pytest.mark.parametrize(
    "planted",
    [b"not brotli at all", brotli.compress(b"alert('planted');\n" * 100), b""],
    ids=["garbage", "another file's copy", "empty"],
)
def test_a_kept_copy_that_is_not_the_file_s_is_never_served(client, monkeypatch, tmp_path, planted):
    """Whoever else writes the folder (a damaged disk, another account on the machine) cannot
    change what is served: the copy must decompress to the file's bytes, else it is made again."""
    client("/static/app.0123abcd.js", **{"Accept-Encoding": "br"})
    copies.settle()
    (kept,) = kept_copies(tmp_path)
    kept.write_bytes(planted)
    copies.clear_cache()
    calls = counting(monkeypatch)
    _, headers, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": "br"})
    assert DECODE["br"](body) == APP_JS and "etag" not in headers  # a quick copy
    copies.settle()
    assert calls == [("br", False), ("br", True)]
    assert DECODE["br"](kept.read_bytes()) == APP_JS  # the strongest copy, kept again


def test_a_cache_folder_that_cannot_be_written_costs_only_the_compressions(
    client, monkeypatch, tmp_path
):
    (tmp_path / "a file").write_text("not a folder")
    monkeypatch.setenv(copies.CACHE_ENV, str(tmp_path / "a file" / "cache"))
    calls = counting(monkeypatch)
    for _ in range(2):  # a server, then the same restarted: it finds nothing kept
        copies.clear_cache()
        _, headers, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": "br"})
        assert DECODE["br"](body) == APP_JS and "etag" not in headers
        copies.settle()
        _, headers, body = client("/static/app.0123abcd.js", **{"Accept-Encoding": "br"})
        assert headers["etag"].endswith('-br"') and DECODE["br"](body) == APP_JS
    assert calls == [("br", False), ("br", True)] * 2
    assert not list(tmp_path.rglob("*.part"))
