"""Browser harness: headless Chromium (Debian's) driving `streamlit run app.py`.

Fixtures: `browser` (session; each of its contexts watches its pages for `helpers.wait_idle`),
`seeded_store` (session: a data directory with the demo network and an admin account, seeded
once), `server` (module: the app on its own copy of it), `own_server` (function: the same for
one test), `fresh_server` (function: empty data directory, for the first-run screen), `page`
(desktop), `phone_page` (390x844, mobile, desktop user agent) and `iphone_page` (390x844, an
iPhone's device descriptor). Helpers to drive pages are in tests/e2e/helpers.py.
"""

from __future__ import annotations

import fcntl
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.e2e import helpers, serve

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM, CHROMIUM_ARGS = serve.CHROMIUM, serve.CHROMIUM_ARGS
BROWSER = "chromium-headless-shell"  # the Debian package .ci/run installs
DEMO_PASSWORD = "e2e demo passphrase 2026"
ADMIN_USERNAME = "admin.e2e"
ADMIN_PASSWORD = "e2e admin passphrase 2026"
# Playwright's device descriptors (user agent, touch, scale), filled when the browser starts.
DEVICES: dict[str, dict] = {}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder is an e2e test. Run by parallel processes (`pytest -n N
    --dist loadgroup`), a module's tests stay together (they share its server), unless a test
    names its own group; the `slow` tests (minutes each) start first, so that no process is
    left with one at the end."""
    here = pathlib.Path(__file__).parent
    ours = [item for item in items if here in pathlib.Path(str(item.fspath)).parents]
    for item in ours:
        item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    first = [item for item in ours if item.get_closest_marker("slow")]
    items[:] = first + [item for item in items if item not in first]


def _skip(reason: str) -> None:
    """Skip the browser tests, saying why; in CI (ATELIER_E2E_REQUIRED=1) fail instead."""
    if os.environ.get("ATELIER_E2E_REQUIRED") == "1":
        pytest.fail(f"e2e tests required but cannot run: {reason}", pytrace=False)
    print(f"\nE2E SKIPPED: {reason}", file=sys.stderr, flush=True)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say how many browser tests really ran in Chromium (CI reads this line)."""
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        reports = terminalreporter.stats.get(outcome, [])
        counts[outcome] = sum(
            1
            for r in reports
            if getattr(r, "when", "call") in ("call", "setup")
            and "e2e" in getattr(r, "keywords", {})
            and (outcome != "passed" or r.when == "call")
        )
    if any(counts.values()):
        terminalreporter.write_line(
            "e2e in Chromium: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n),
            bold=True,
        )


class WatchedBrowser:
    """The browser, each of whose contexts watches its pages from their first script
    (helpers.WATCH): what `helpers.wait_idle` reads, a page just loaded included."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name: str):
        return getattr(self._browser, name)

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        helpers.watch(context)
        return context


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through playwright; the e2e tests skip (saying why) without it."""
    failed = serve.browser_installed()
    if failed:
        _skip(failed)
    if not CHROMIUM.exists():
        _skip(f"{' and '.join(map(str, serve.BROWSERS))} are missing (apt-get install {BROWSER})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _skip(f"the playwright package is missing: {exc}")
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception as exc:  # any launch failure means: no browser here
        manager.stop()
        _skip(f"Chromium did not start: {exc}")
    DEVICES.update(manager.devices)
    yield WatchedBrowser(chromium)
    chromium.close()
    manager.stop()


@pytest.fixture(scope="session")
def devices(browser) -> dict[str, dict]:
    """Playwright's device descriptors (`devices["iPhone 13"]`), for phone contexts."""
    return DEVICES


@dataclass
class Server:
    url: str
    data_dir: pathlib.Path
    demo_password: str | None
    admin_username: str | None
    admin_password: str | None
    process: subprocess.Popen


def _start(data_dir: pathlib.Path, **credentials) -> Server:
    process, url = serve.start(data_dir)
    return Server(url, data_dir, process=process, **credentials)


def _stop(server: Server) -> None:
    serve.stop(server.process)


@pytest.fixture(scope="session")
def seeded_store(browser, tmp_path_factory) -> pathlib.Path:
    """A data directory with the demo network and an admin account, built once per run (two
    command-line runs); each module's `server` runs on a copy of it, so that modules share the
    cost of seeding but never each other's writes. Parallel test processes (pytest-xdist) share
    it too: the first builds it under a lock, the others wait and take it. It lives in pytest's
    temporary directory of the run, which pytest removes a few runs later."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's directory, above each process's own
    data_dir, ready = root / "seeded-store", root / "seeded-store.ready"
    with (root / "seeded-store.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            shutil.rmtree(data_dir, ignore_errors=True)  # a build cut short
            data_dir.mkdir()
            serve.cli(data_dir, "seed-demo", "--password", DEMO_PASSWORD)
            serve.cli(
                data_dir,
                "create-user",
                "--username",
                ADMIN_USERNAME,
                "--name",
                "Admin E2E",
                "--role",
                "admin",
                "--password",
                ADMIN_PASSWORD,
            )
            ready.touch()
    return data_dir


def copy_of(seeded: pathlib.Path, prefix: str = "atelier-e2e-") -> pathlib.Path:
    """A fresh copy of the seeded data directory (no process has it open: the copy is the
    store as the command line left it)."""
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    shutil.copytree(seeded, data_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.log"))
    return data_dir


def _on_a_copy(seeded: pathlib.Path) -> Iterator[Server]:
    """The app on its own copy of the seeded store, with the demo's and the admin's passwords."""
    data_dir = copy_of(seeded)
    running = _start(
        data_dir,
        demo_password=DEMO_PASSWORD,
        admin_username=ADMIN_USERNAME,
        admin_password=ADMIN_PASSWORD,
    )
    yield running
    _stop(running)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def server(seeded_store) -> Iterator[Server]:
    """`streamlit run app.py` on the demo network, plus an admin account (module-wide, on its
    own copy of the session's seeded store)."""
    yield from _on_a_copy(seeded_store)


@pytest.fixture
def own_server(seeded_store) -> Iterator[Server]:
    """The same for one test alone: what it writes (a changed password ...) stays with it."""
    yield from _on_a_copy(seeded_store)


@pytest.fixture
def fresh_server(browser) -> Iterator[Server]:
    """`streamlit run app.py` on an empty data directory (the first-run screen)."""
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="atelier-e2e-fresh-"))
    running = _start(data_dir, demo_password=None, admin_username=None, admin_password=None)
    yield running
    _stop(running)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def page(browser):
    """A desktop-sized page in its own browser context (own cookies, own session)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def iphone_page(browser):
    """An iPhone (Playwright's "iPhone 13": its user agent, touch, scale) at 390x844. Streamlit
    decides it is on a phone from the user agent, not from the width."""
    device = {k: v for k, v in DEVICES["iPhone 13"].items() if k != "default_browser_type"}
    device["viewport"] = {"width": 390, "height": 844}
    context = browser.new_context(**device, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (390x844, touch, mobile) in its own browser context."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
