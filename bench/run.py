"""Page speed at scale: the dashboard against an empty page, at N cities (and M to compare).

    python bench/run.py --cities 1000 [--compare 10] [--rounds 5]

Builds the demo network at N cities (its full history) in a temporary embedded store, then runs
app.py with Streamlit's AppTest as the demo coordinator, in this one process, and prints one
`name: value` line per figure (medians of `--rounds` runs, after one warm-up run):

- empty_page_ms: a page with only a title (bench/empty_page.py, added to a copy of app.py's
  navigation for the bench); dashboard_cold_ms: the dashboard with Streamlit's data cache
  cleared before each run (the first view after someone wrote); dashboard_warm_ms: a repeat
  view; dashboard_cold_vs_empty, dashboard_warm_vs_empty: the ratios;
- with --compare M: the same at M cities, and growth_cold / growth_warm (N over M);
- dashboard_<view>_cold_ms for each other view of the dashboard (experiments, methods,
  engagement, plans, attention: picked as a person would, cache cleared before each run), and
  with --compare growth_cold_<view>;
- summary_refresh_ms (one city's summary recomputed and stored), save_section_ms (a plan
  section saved, its summary following), record_result_ms (a result recorded, same);
- report_draft_ms: one report of the city's latest cycle drafted from the data of its period
  (what opening or submitting a report costs).
- page_<name>_cold_vs_empty: every page of the app's navigation the coordinator may open (the
  crawl), at N cities, cold (cache cleared before each run), as a ratio to the empty page
  timed just before it in each round (the median of those ratios); `--no-crawl` leaves them
  out, `--pages experiments,checkin` crawls only those, `--as demo-lead-0501` crawls as that
  account, a city lead;
- board_ms: the facilitator's workshop page (screens/workshop.py, one workshop open) with 60
  participants, 600 notes and their votes, on a 12-city demo, as the coordinator, after a
  warm-up view (what a screen re-run costs while the board has not moved);
  board_empty_page_ms: the empty page on that same store; board_vs_empty: the ratio.

    python bench/run.py --only board      # the workshop figures alone
    python bench/run.py --cities 10000 --compare 1000 --no-crawl   # the 10,000-city figures

The writes are timed on the store the pages were timed on (seeded once per size).

Later issues add their figures here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import pathlib
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from unittest import mock

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from models import workshops as wm  # noqa: E402
from models.experiment import ResultFields  # noqa: E402
from screens._dashboard.filters import SECTIONS, VIEW_KEY  # noqa: E402
from screens._workshops.board import Keys as WorkshopKeys  # noqa: E402
from services import wiring  # noqa: E402
from services.accounts import accounts  # noqa: E402
from services.core import permissions, store  # noqa: E402
from services.dashboard import summary  # noqa: E402
from services.demo import seed as demo  # noqa: E402
from services.experiments import experiments  # noqa: E402
from services.plans import plans  # noqa: E402
from services.reporting import reports  # noqa: E402
from services.workshops import workshops  # noqa: E402

wiring.install()  # what follows every write (services/wiring.py)

PASSWORD = "bench passphrase 2026"
COORDINATOR = "demo-coordinator"
EMPTY_PAGE = "bench/empty_page.py"
DASHBOARD = "screens/dashboard.py"
WORKSHOP = "screens/workshop.py"
TIMEOUT = 120
BOARD_PARTICIPANTS = 60
BOARD_NOTES = 600
BOARD_CITIES = 12


def bench_app() -> pathlib.Path:
    """A copy of app.py whose navigation also lists the empty page (next to app.py, so that
    page paths resolve the same way)."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    marker = "\n# Where a role lands"
    assert marker in source, "app.py changed: update bench/run.py"
    extra = f'\nPAGES.append(("{EMPTY_PAGE}", "nav.home", ":material/timer:", "network.read"))\n'
    path = ROOT / f".bench_app_{os.getpid()}.py"
    path.write_text(source.replace(marker, extra + marker, 1), encoding="utf-8")
    return path


def median_ms(run: Callable[[], None], rounds: int, before: Callable[[], None] = lambda: None):
    timings = []
    for _ in range(rounds):
        before()
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def page_run(
    app: pathlib.Path, page: str, state: dict | None = None, user_id: str = COORDINATOR
) -> Callable[[], None]:
    def run() -> None:
        at = AppTest.from_file(str(app), default_timeout=TIMEOUT)
        at.session_state["session.user_id"] = user_id
        for key, value in (state or {}).items():
            at.session_state[key] = value
        at.switch_page(page).run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")

    return run


def crawlable(user) -> list[str]:
    """The pages of app.py's navigation (its PAGES list) that `user` may open."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    found = re.findall(r'\("(screens/[a-z_]+\.py)", "[^"]+", "[^"]+", "([a-z_.]+)"\)', source)
    assert found, "app.py changed: update bench/run.py's crawl"
    return [path for path, action in found if permissions.scope(user, action) is not None]


def crawl(
    app: pathlib.Path, rounds: int, only: set[str] | None = None, user_id: str = COORDINATOR
) -> dict:
    """Every page the user (the coordinator) may open (of those named `only`, by file stem,
    when given), cold (cache cleared before each run): (its median ms, the median of its
    ratios to the empty page timed just before it in the same round). The pairs keep the
    ratio steady when the machine's speed drifts between the empty page's rounds and the
    page's (a shared machine: one run gave 2.33, the next 1.07, when timed apart)."""
    empty = page_run(app, EMPTY_PAGE)
    figures = {}
    for path in crawlable(accounts.get_user(user_id)):
        if only is not None and pathlib.Path(path).stem not in only:
            continue
        run = page_run(app, path, user_id=user_id)
        run()  # its first run (imports)
        timings, ratios = [], []
        for _ in range(rounds):
            empty_ms = median_ms(empty, 1)
            page_ms = median_ms(run, 1, before=st.cache_data.clear)
            timings.append(page_ms)
            ratios.append(page_ms / empty_ms)
        figures[pathlib.Path(path).stem] = (statistics.median(timings), statistics.median(ratios))
    return figures


def pages_at(
    cities: int,
    app: pathlib.Path,
    rounds: int,
    data_dir: pathlib.Path,
    with_crawl: bool = False,
    with_writes: bool = False,
    pages: set[str] | None = None,
    crawl_as: str = COORDINATOR,
) -> dict:
    """Seed `cities` in a fresh embedded store and time the pages (and every page of the
    navigation, `with_crawl`; then the writes on that same store, `with_writes`)."""
    db = store.Store.embedded(data_dir)
    previous = store.use(db)
    try:
        started = time.perf_counter()
        demo.seed(cities, password=PASSWORD)
        seed_s = time.perf_counter() - started
        st.cache_data.clear()
        empty, dashboard = page_run(app, EMPTY_PAGE), page_run(app, DASHBOARD)
        empty()  # warm-up: imports, first run of each page
        dashboard()
        figures = {
            "seed_s": seed_s,
            "empty_page_ms": median_ms(empty, rounds),
            "dashboard_cold_ms": median_ms(dashboard, rounds, before=st.cache_data.clear),
        }
        dashboard()
        figures["dashboard_warm_ms"] = median_ms(dashboard, rounds)
        for section in SECTIONS[1:]:
            shown = page_run(app, DASHBOARD, {VIEW_KEY: section})
            shown()  # its first run (imports of its charts)
            cold = median_ms(shown, rounds, before=st.cache_data.clear)
            figures[f"dashboard_{section}_cold_ms"] = cold
        if with_crawl:
            figures["crawl"] = crawl(app, rounds, pages, crawl_as)
        if with_writes:
            figures["writes"] = writes_on(db, rounds)
        return figures
    finally:
        store.use(previous)
        db.close()


def writes_on(db: store.Store, rounds: int) -> dict:
    """One city's summary refresh, a plan section saved, a result recorded (each with the
    summary following through the records hook), on the seeded store `db`."""
    running = db.find("experiments", {"status": "running"}, projection={"city_id": 1})
    city_id = running[0]["city_id"]
    lead = accounts.get_user("demo-lead-" + city_id.split("-")[-1])  # the demo's naming
    day = dt.date.today()

    def save() -> None:
        plan = plans.find_plan(city_id)
        content = plan.sections["problem"].content.model_dump()
        plans.save_section(lead, plan, "problem", content)

    def record() -> None:
        value = ResultFields(date=day, value=42.0, note="bench")
        experiments.record_result(lead, running[0]["_id"], value)

    report = reports.open_report(lead, city_id, reports.city_cycles(lead, city_id)[-1].key)

    return {
        "report_draft_ms": median_ms(lambda: reports.draft_content(report), rounds),
        "summary_refresh_ms": median_ms(lambda: summary.refresh(city_id), rounds),
        "save_section_ms": median_ms(save, rounds),
        "record_result_ms": median_ms(record, rounds),
    }


def board_at(app: pathlib.Path, rounds: int, data_dir: pathlib.Path) -> dict:
    """A workshop in its voting phase: 60 participants, 600 notes, 3 votes each; the
    facilitator's page against the empty page on the same store."""
    db = store.Store.embedded(data_dir)
    previous = store.use(db)
    try:
        demo.seed(BOARD_CITIES, password=PASSWORD)
        coordinator = accounts.get_user(COORDINATOR)
        city_id = db.find("cities", {}, projection={"_id": 1}, sort=[("_id", 1)])[0]["_id"]
        ws = workshops.start_workshop(
            coordinator,
            city_id,
            wm.WorkshopCreate(title="Bench board", template="brainstorm"),
        )
        people = [
            workshops.join(ws.code, f"Participant {n + 1}", f"bench-{n}")
            for n in range(BOARD_PARTICIPANTS)
        ]
        notes = []
        # The notes arrive over 20 minutes, 2 s apart (as a room posts them): the service's
        # pace (at most POSTS_PER_WINDOW notes a minute per participant) refuses a burst.
        started = time.time()
        for n in range(BOARD_NOTES):
            who = people[n % len(people)]
            column = ws.columns[n % len(ws.columns)]
            text = f"Idea {n + 1}: shade, water and benches at stop {n % 37}"
            with mock.patch.object(workshops, "_clock", lambda n=n: started + 2 * n):
                notes.append(
                    workshops.post_note(ws.id, who.token, wm.NoteCreate(text=text, column=column))
                )
        ws = workshops.set_phase(coordinator, workshops.load(ws.id), "voting")
        for k, who in enumerate(people):
            for j in range(ws.settings.votes_per_person):
                workshops.vote(ws.id, who.token, notes[(k * 7 + j * 13) % len(notes)].id)
        st.cache_data.clear()
        st.cache_resource.clear()
        empty = page_run(app, EMPTY_PAGE)
        board = page_run(app, WORKSHOP, {WorkshopKeys.WORKSHOP: ws.id})
        empty()  # warm-up: imports, first run of each page
        board()
        return {
            "board_empty_page_ms": median_ms(empty, rounds),
            "board_ms": median_ms(board, rounds),
        }
    finally:
        store.use(previous)
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=1000)
    parser.add_argument("--compare", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("dashboard", "board"), default=None)
    parser.add_argument("--no-crawl", action="store_true", help="leave out every page's line")
    parser.add_argument(
        "--pages", default=None, help="crawl only these pages, by file stem: experiments,checkin"
    )
    parser.add_argument(
        "--as",
        dest="crawl_as",
        default=COORDINATOR,
        help="crawl as this account (a city lead: demo-lead-0501); the coordinator by default",
    )
    args = parser.parse_args()
    for name in logging.root.manager.loggerDict:  # AppTest's bare-mode warnings, every run
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    app = bench_app()
    big = small = writes = board = None
    try:
        with tempfile.TemporaryDirectory(prefix="atelier-bench-") as tmp:
            if args.only != "board":
                big = pages_at(
                    args.cities,
                    app,
                    args.rounds,
                    pathlib.Path(tmp) / "n",
                    with_crawl=not args.no_crawl,
                    with_writes=True,
                    pages=set(args.pages.split(",")) if args.pages else None,
                    crawl_as=args.crawl_as,
                )
                writes = big.pop("writes")
                small = (
                    pages_at(args.compare, app, args.rounds, pathlib.Path(tmp) / "m")
                    if args.compare
                    else None
                )
            if args.only != "dashboard":
                board = board_at(app, args.rounds, pathlib.Path(tmp) / "b")
    finally:
        app.unlink(missing_ok=True)

    def line(name: str, value: float, digits: int = 1) -> None:
        print(f"{name}: {value:.{digits}f}")

    if big is not None:
        print_dashboard(args, big, small, writes, line)
    if board is not None:
        print(f"board: {BOARD_PARTICIPANTS} participants, {BOARD_NOTES} notes")
        line("board_empty_page_ms", board["board_empty_page_ms"])
        line("board_ms", board["board_ms"])
        line("board_vs_empty", board["board_ms"] / board["board_empty_page_ms"], 2)


def print_dashboard(args, big: dict, small: dict | None, writes: dict, line) -> None:
    print(f"cities: {args.cities}")
    line("seed_s", big["seed_s"])
    for name in ("empty_page_ms", "dashboard_cold_ms", "dashboard_warm_ms"):
        line(name, big[name])
    line("dashboard_cold_vs_empty", big["dashboard_cold_ms"] / big["empty_page_ms"], 2)
    line("dashboard_warm_vs_empty", big["dashboard_warm_ms"] / big["empty_page_ms"], 2)
    if small is not None:
        print(f"compare_cities: {args.compare}")
        for name in ("empty_page_ms", "dashboard_cold_ms", "dashboard_warm_ms"):
            line(f"compare_{name}", small[name])
        line(
            "compare_dashboard_cold_vs_empty",
            small["dashboard_cold_ms"] / small["empty_page_ms"],
            2,
        )
        line(
            "compare_dashboard_warm_vs_empty",
            small["dashboard_warm_ms"] / small["empty_page_ms"],
            2,
        )
        line("growth_cold", big["dashboard_cold_ms"] / small["dashboard_cold_ms"], 2)
        line("growth_warm", big["dashboard_warm_ms"] / small["dashboard_warm_ms"], 2)
    for section in SECTIONS[1:]:
        name = f"dashboard_{section}_cold_ms"
        line(name, big[name])
        if small is not None:
            line(f"compare_{name}", small[name])
            line(f"growth_cold_{section}", big[name] / small[name], 2)
    for name, value in writes.items():
        line(name, value)
    for name, (value, ratio) in (big.get("crawl") or {}).items():
        line(f"page_{name}_cold_ms", value)
        line(f"page_{name}_cold_vs_empty", ratio, 2)


if __name__ == "__main__":
    main()
