"""The compressed copies of Streamlit's static files that `wire.StaticCompression` serves.

- each file is compressed once per encoding and kept in memory (`_CACHE`, keyed by a digest of
  its bytes, so index.html answered under every page's address is one entry): the files are
  fixed for a given Streamlit version, so the CPU cost is paid on the first request only, in a
  worker thread (the event loop keeps serving); quickly first (brotli 5, gzip 6), while one
  background thread at the lowest priority makes the strongest copy (seconds for the page's
  bundles: a server's first phones waited 2.8 s more), which then replaces it;
- the strongest copies are also kept on disk, in a cache folder (`$ATELIER_STATIC_CACHE`,
  default the system's temporary folder): a server that restarts, and every other server of
  the machine, answers with them at once instead of compressing Streamlit's files again. A
  copy read back is used only if it decompresses to the file's bytes (whoever else can write
  the folder cannot change what is served); a folder that cannot be written only costs the
  compressions.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import pathlib
import queue
import tempfile
import threading
import zlib

from services.core import config

try:  # brotli (requirements.txt): 15-20 % smaller than gzip on Streamlit's bundles
    import brotli
except ImportError:  # pragma: no cover - gzip alone still does most of the work
    brotli = None

# Compressed bytes kept in memory at most (a login page's files take about 0.5 MB in brotli;
# all of Streamlit's static files about 7 MB per encoding); past it, answers are compressed
# but not kept.
CACHE_BUDGET = 48 * 1024 * 1024
# Brotli's best (11) costs about 0.7 s on Streamlit's 480 kB main bundle, once; past
# BROTLI_BEST_UP_TO, a notch lower (`compress`).
BEST = {"br": 11, "gzip": 9}
BROTLI_BEST_UP_TO = 1024 * 1024
BROTLI_LARGE = 9
# Where the strongest copies are kept on disk (the settings in the folder's name: other
# settings, other copies).
CACHE_ENV = "ATELIER_STATIC_CACHE"
DISK_FOLDER = f"br{BEST['br']}-{BROTLI_LARGE}-gzip{BEST['gzip']}"
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


def compress(body: bytes, encoding: str, *, best: bool = True) -> bytes:
    """`body` compressed with `encoding` ("br" or "gzip"): at the strongest setting (`best`),
    since the result is kept and served many times, brotli a notch lower past
    `BROTLI_BEST_UP_TO`, where its best takes seconds (Streamlit's 4.7 MB Plotly bundle: 9 s at
    11, 1.2 s at 9); else at the quick setting (`QUICK`)."""
    if encoding == "br":
        quality = BEST["br"] if len(body) <= BROTLI_BEST_UP_TO else BROTLI_LARGE
        return brotli.compress(body, quality=quality if best else QUICK["br"])
    return gzip.compress(body, compresslevel=BEST["gzip"] if best else QUICK["gzip"], mtime=0)


def _on_disk(slot: tuple[bytes, str]) -> pathlib.Path:
    digest, encoding = slot
    return config.cache_folder(CACHE_ENV, "static") / DISK_FOLDER / f"{digest.hex()}.{encoding}"


def decompress(packed: bytes, encoding: str) -> bytes:
    """`packed` decompressed from `encoding` ("br" or "gzip")."""
    return brotli.decompress(packed) if encoding == "br" else gzip.decompress(packed)


# What reading a kept copy may raise: unreadable, or not data of its encoding.
_NOT_A_COPY = (OSError, EOFError, zlib.error) + ((brotli.error,) if brotli is not None else ())


def _read_kept(slot: tuple[bytes, str], body: bytes) -> bytes | None:
    """The strongest copy of `body` kept on disk by this server or another, if it is one."""
    try:
        packed = _on_disk(slot).read_bytes()
        return packed if decompress(packed, slot[1]) == body else None
    except _NOT_A_COPY:
        return None


def _write_kept(slot: tuple[bytes, str], packed: bytes) -> None:
    """Keep the strongest copy of `slot` on disk: written aside, then renamed (several servers
    may write it at once). A folder that cannot be written leaves it in memory only."""
    path = _on_disk(slot)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(packed)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


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
    """(`body` compressed with `encoding`, whether that is the strongest compression): the
    strongest copy kept on disk if there is one; else computed once per content and encoding
    while the memory budget allows, quickly the first time and at the strongest setting in the
    background afterwards. Concurrent first requests for the same file wait for one of them."""
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
        kept = _read_kept(slot, body)
        best = kept is not None
        packed = kept if kept is not None else compress(body, encoding, best=False)
        _keep(slot, packed, best=best)
        with _cache_lock:
            _key_locks.pop(slot, None)
    if not best:
        _improve_later(slot, body)
    return packed, best


def _improve_later(slot: tuple[bytes, str], body: bytes) -> None:
    global _improver
    _to_improve.put((slot, body))
    with _cache_lock:
        if _improver is None or not _improver.is_alive():
            _improver = threading.Thread(target=_improve, name="static-compression", daemon=True)
            _improver.start()


def _improve() -> None:
    """The strongest compression of each file served so far, one at a time, at the lowest
    priority this system gives a thread (Linux: a thread's own nice value); kept in memory and
    on disk."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    while True:
        slot, body = _to_improve.get()
        try:
            packed = compress(body, slot[1])
            _keep(slot, packed, best=True)
            _write_kept(slot, packed)
        finally:
            _to_improve.task_done()


def settle() -> None:
    """Wait until every quick copy served so far has its strongest copy (tests)."""
    _to_improve.join()


def clear_cache() -> None:
    """Forget every compressed file kept in memory, as a server that starts (tests)."""
    global _cache_bytes
    settle()
    with _cache_lock:
        _CACHE.clear()
        _cache_bytes = 0
