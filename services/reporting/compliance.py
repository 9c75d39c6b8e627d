"""Compliance: for each cycle and city, whether the report is accepted, submitted, late,
returned, missing or still open; a frame and its chart.

States (one per cycle and city, on the day asked):
- accepted: a coordinator accepted it;
- submitted: submitted by its due date, awaiting review;
- late: submitted after its due date, awaiting review;
- returned: sent back to the city;
- missing: not submitted and its due date has passed;
- open: not submitted, not yet due.

Only the cycles the calendar covers (from the network's "reporting starts on" to its
"programme ends on", see cycles.py) can be missing or open: outside those dates a cycle is
listed only when its report was filed (submitted, accepted or sent back), as history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from models.base import as_utc, date_only
from models.city import City
from models.experiment import Experiment
from models.network import Network
from models.reporting import CycleFields, Report, ReportCycle
from services.core import collections, store
from services.reporting import cycles

STATES: tuple[str, ...] = ("accepted", "submitted", "late", "returned", "missing", "open")
COLUMNS = ["city_id", "city", "cycle", "start", "end", "due", "state", "submitted_at", "report_id"]


@dataclasses.dataclass(frozen=True)
class Filed:
    """What compliance reads of a report (the rest, its content, stays in the store)."""

    id: str
    city_id: str
    cycle_key: str
    due: dt.date
    status: str
    submitted_at: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class Span:
    """What the calendar reads of an experiment: its cycle and its dates (cycles.py)."""

    city_id: str
    status: str
    cycle: int
    start: dt.date
    end: dt.date


FILED_FIELDS = {"city_id": 1, "cycle_key": 1, "due": 1, "status": 1, "submitted_at": 1}
SPAN_FIELDS = {"city_id": 1, "status": 1, "cycle": 1, "start": 1, "end": 1}
CYCLE_FIELDS = {"city_id": 1, "key": 1, "kind": 1, "number": 1, "start": 1, "end": 1, "due": 1}


def _filed(where: Mapping) -> list[Filed]:
    return filed_of(store.get().find(collections.REPORTS, where, projection=FILED_FIELDS))


def filed_of(docs: Iterable[Mapping]) -> list[Filed]:
    """Reports as stored (dicts) as compliance reads them."""
    return [
        Filed(
            d["_id"],
            d["city_id"],
            d["cycle_key"],
            date_only(d["due"]),
            d.get("status", "draft"),
            as_utc(d["submitted_at"]) if d.get("submitted_at") else None,
        )
        for d in docs
    ]


def _spans(where: Mapping) -> list[Span]:
    docs = store.get().find(collections.EXPERIMENTS, where, projection=SPAN_FIELDS)
    return [
        Span(
            d["city_id"], d["status"], d.get("cycle", 1), date_only(d["start"]), date_only(d["end"])
        )
        for d in docs
    ]


def _fixed(where: Mapping) -> list[CycleFields]:
    return fixed_of(store.get().find(collections.REPORT_CYCLES, where, projection=CYCLE_FIELDS))


def fixed_of(docs: Iterable[Mapping]) -> list[CycleFields]:
    """Stored cycles (dicts) as the calendar reads them: stored by the calendar itself
    (validated then), read back without validating again."""
    return [
        CycleFields.model_construct(
            city_id=d["city_id"],
            key=d["key"],
            kind=d["kind"],
            number=d.get("number", 1),
            start=date_only(d["start"]),
            end=date_only(d["end"]),
            due=date_only(d["due"]),
        )
        for d in docs
    ]


def state(report: Report | Filed | None, due: dt.date, today: dt.date) -> str:
    """The compliance state of one cycle of one city (see the module)."""
    if report is None or report.status == "draft":
        return "missing" if today > due else "open"
    if report.status == "accepted":
        return "accepted"
    if report.status == "returned":
        return "returned"
    return "late" if report.submitted_at.date() > report.due else "submitted"


def compliance_frame(
    network: Network,
    cities: Iterable[City],
    today: dt.date,
    *,
    experiments: Iterable[Experiment] | None = None,
    stored_cycles: Iterable[ReportCycle] | None = None,
    reports: Iterable[Report] | None = None,
) -> pd.DataFrame:
    """One row per cycle and city (every city given), oldest cycle first. Reads the network's
    experiments, stored cycles and reports once each when not given: only the fields the
    calendar and the states need (a network of 1,000 cities holds thousands of each)."""
    cities = list(cities)
    where = {"network_id": network.id}
    if experiments is None:
        experiments = _spans(where) if network.reporting_rhythm == "experiment_cycle" else []
    if stored_cycles is None:
        stored_cycles = _fixed(where)
    if reports is None:
        reports = _filed(where)
    tests = _by_city(experiments)
    fixed = _by_city(stored_cycles)
    filed = _by_city(reports)
    terms = cycles.network_terms(network.id)
    rows = []
    for city in cities:
        for row in city_states(
            network,
            city,
            today,
            tests.get(city.id, []),
            fixed.get(city.id, []),
            filed.get(city.id, []),
            terms,
        ):
            rows.append({"city_id": city.id, "city": city.name, **row})
    return as_frame(rows)


def as_frame(rows: list[dict]) -> pd.DataFrame:
    """Compliance rows (COLUMNS) as a frame, oldest cycle first, then by city."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["end", "city"], kind="stable").reset_index(drop=True)


def city_states(
    network: Network,
    city: City,
    today: dt.date,
    experiments: Iterable,
    stored_cycles: Iterable[CycleFields],
    reports: Iterable[Report | Filed],
    terms: cycles.Terms,
) -> list[dict]:
    """One city's cycles on `today`, oldest first, each with its report's state: cycle (key),
    start, end, due, state, submitted_at, report_id (what a city's summary keeps). A cycle
    outside the calendar's dates (`terms`) is left out unless its report was filed."""
    by_key = {r.cycle_key: r for r in reports}
    rows = []
    for cycle in cycles.city_cycles(
        network, city, today, list(experiments), list(stored_cycles), terms
    ):
        report = by_key.get(cycle.key)
        due = report.due if report else cycle.due
        found = state(report, due, today)
        if found in ("missing", "open") and not terms.covers(cycle.start, cycle.end):
            continue  # before reporting started or after the programme ended: never due
        rows.append(
            {
                "cycle": cycle.key,
                "start": cycle.start,
                "end": cycle.end,
                "due": due,
                "state": found,
                "submitted_at": report.submitted_at if report else None,
                "report_id": report.id if report else None,
            }
        )
    return rows


def holds_until(rows: Iterable[Mapping], today: dt.date, terms: cycles.Terms) -> dt.date | None:
    """The last day a city's rows (`city_states` on `today`) hold without any write (None: as
    long as nothing is written): an open cycle turns missing the day after its due date, and a
    new period starts the day after the latest one ends (after the current quarter, when the
    calendar has not started yet), unless the programme has ended by then."""
    rows = list(rows)
    days = [r["due"] for r in rows if r["state"] == "open"]
    covered = [r["end"] for r in rows if terms.covers(r["start"], r["end"])]
    latest = max(covered, default=None)
    last = latest if latest is not None and latest >= today else cycles.quarter_end(today)
    if terms.ends_on is None or last < terms.ends_on:
        days.append(last)
    return min(days, default=None)


def _by_city(docs: Iterable) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for doc in docs:
        grouped.setdefault(doc.city_id, []).append(doc)
    return grouped


def state_counts_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cycles by state: cycle, state, count (every state of a cycle, zeros left out)."""
    if frame.empty:
        return pd.DataFrame(columns=["cycle", "end", "state", "count"])
    counts = frame.groupby(["cycle", "state"], as_index=False).agg(
        count=("city_id", "size"), end=("end", "max")
    )
    return counts[["cycle", "end", "state", "count"]]
