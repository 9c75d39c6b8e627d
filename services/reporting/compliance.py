"""Compliance: for each cycle and city, whether the report is accepted, submitted, late,
returned, missing or still open; a frame and its chart.

States (one per cycle and city, on the day asked):
- accepted: a coordinator accepted it;
- submitted: submitted by its due date, awaiting review;
- late: submitted after its due date, awaiting review;
- returned: sent back to the city;
- missing: not submitted and its due date has passed;
- open: not submitted, not yet due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from models.city import City
from models.experiment import Experiment
from models.network import Network
from models.reporting import Report, ReportCycle
from services.core import collections, records, store
from services.reporting import cycles, settings

STATES: tuple[str, ...] = ("accepted", "submitted", "late", "returned", "missing", "open")
COLUMNS = ["city_id", "city", "cycle", "start", "end", "due", "state", "submitted_at", "report_id"]


def state(report: Report | None, due: dt.date, today: dt.date) -> str:
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
    experiments, stored cycles and reports once each when not given."""
    cities = list(cities)
    where = {"network_id": network.id}
    if experiments is None:
        experiments = records.find(collections.EXPERIMENTS, Experiment, where)
    if stored_cycles is None:
        stored_cycles = records.find(collections.REPORT_CYCLES, ReportCycle, where)
    if reports is None:
        docs = store.get().find(collections.REPORTS, where, projection={"snapshot": 0})
        reports = [Report.from_doc(d) for d in docs]
    tests = _by_city(experiments)
    fixed = _by_city(stored_cycles)
    grace = settings.get_settings(network.id).report_grace_days
    by_key: Mapping[tuple[str, str], Report] = {(r.city_id, r.cycle_key): r for r in reports}
    rows = []
    for city in cities:
        for cycle in cycles.city_cycles(
            network, city, today, tests.get(city.id, []), fixed.get(city.id, []), grace
        ):
            report = by_key.get((city.id, cycle.key))
            rows.append(
                {
                    "city_id": city.id,
                    "city": city.name,
                    "cycle": cycle.key,
                    "start": cycle.start,
                    "end": cycle.end,
                    "due": report.due if report else cycle.due,
                    "state": state(report, report.due if report else cycle.due, today),
                    "submitted_at": report.submitted_at if report else None,
                    "report_id": report.id if report else None,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["end", "city"], kind="stable").reset_index(drop=True)


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
