"""Serve the app for a browser: `streamlit run app.py` on a free localhost port, on its own
embedded store (a data directory), and the command line run on that same store. Used by the
browser tests (tests/e2e/conftest.py) and the live-board benchmark (bench/live.py).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60
# Debian's Chromium: its headless shell (package chromium-headless-shell, the engine without
# the desktop browser around it, as Playwright itself runs headless), else the full browser.
# The browser tests take 10-16 % less time, and the CPU 14-20 % less, on the shell here.
BROWSERS = (pathlib.Path("/usr/bin/chromium-headless-shell"), pathlib.Path("/usr/bin/chromium"))
CHROMIUM = next((path for path in BROWSERS if path.exists()), BROWSERS[0])
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]


def browser_installed(within_s: float = 1200) -> str | None:
    """Wait for the browser that .ci/run installs while the tests that need none run: None
    once it is installed (or when nothing installs it), else what went wrong."""
    status = os.environ.get("ATELIER_BROWSER_INSTALL")
    if not status:
        return None
    path = pathlib.Path(status)
    deadline = time.monotonic() + within_s
    while not path.exists():
        if time.monotonic() > deadline:
            return f"the browser's installation did not end within {within_s:.0f} s"
        time.sleep(1)
    if path.read_text().strip() == "0":
        return None
    log = path.with_name("apt.log")
    output = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    return f"installing the browser failed (apt-get exit {path.read_text().strip()}):\n{output}"


def app_env(data_dir: pathlib.Path) -> dict[str, str]:
    """This environment, on the embedded store in `data_dir` (never a MongoDB server's). The
    app keeps its compiled modules, as the tests do (tests/__init__.py): the first server
    compiles what no test imported (Streamlit's web server ...), the others read it."""
    drop = ("MONGODB_URI", "MONGODB_DB", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["ATELIER_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def cli(data_dir: pathlib.Path, *args: str, timeout: int = 300) -> str:
    """`python -m services.cli ARGS` on the store in `data_dir`: what it printed (and all of
    its output in the error if it fails)."""
    done = subprocess.run(
        [sys.executable, "-m", "services.cli", *args],
        cwd=ROOT,
        env=app_env(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cli {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextlib.contextmanager
def store_of(data_dir: pathlib.Path) -> Iterator[object]:
    """The embedded store in `data_dir`, opened from this process as another app server would
    open it (its file lock serialises us with the servers), the services' store meanwhile, and
    closed after."""
    from services.core import store

    embedded = store.Store.embedded(data_dir)
    try:
        with store.using(embedded):
            yield embedded
    finally:
        embedded.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    data_dir: pathlib.Path, log_name: str = "streamlit.log", env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start the app on `data_dir` (with `env` added to its environment) and wait until it
    answers; (process, its URL). Its output goes to data_dir/`log_name` (several servers on one
    data directory: one log each), whose end is in the error if it never becomes healthy."""
    port = free_port()
    log = (data_dir / log_name).open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env={**app_env(data_dir), **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    output = (data_dir / log_name).read_text(errors="replace")
    raise RuntimeError(f"streamlit did not become healthy on {url}:\n{output[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
