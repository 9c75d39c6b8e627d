"""The reporting calendar: each city's cycles, their periods and due dates.

The network chooses the rhythm (`Network.reporting_rhythm`):

- `quarterly`: calendar quarters, from the quarter the city joined in to the current one;
- `experiment_cycle`: the city's experiment cycles (an experiment's `cycle` number). Cycle n
  ends on the last end date of its experiments; periods follow each other without gaps or
  overlaps: before the first cycle, and after the last one has ended, the city reports by
  quarter, so every day (and every experiment's end) falls in exactly one period.

A report is due `report_grace_days` (network setting) after its period ends. Planned cycles are
computed when read (they follow the experiments' dates); a cycle is stored (`report_cycles`)
when its first report opens, and from then on its period is fixed.

The calendar has a start and an end (network settings `reporting_starts_on`,
`programme_ends_on`, both optional): a planned cycle that ends before the start, or starts
after the end, is not in the calendar (never due, missing, open or reminded). So an imported
network with years of history, or a programme that has ended, does not accrue "missing"
reports. A stored cycle stays listed (a report was opened for it); compliance counts it outside
those dates only when its report was filed (services/reporting/compliance.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from models.base import date_only
from models.city import City
from models.experiment import Experiment
from models.network import Network
from models.reporting import CycleFields, ReportCycle, ReportingSettings
from models.user import User
from services.core import collections, records, store
from services.reporting import settings

CYCLES = collections.REPORT_CYCLES
ONE_DAY = dt.timedelta(days=1)
# The grace days of a network that never saved its reporting settings.
GRACE_DAYS: int = ReportingSettings.model_fields["report_grace_days"].default
# What the calendar reads of the network's reporting settings (a projection for the store).
TERMS_FIELDS = {"report_grace_days": 1, "reporting_starts_on": 1, "programme_ends_on": 1}


@dataclasses.dataclass(frozen=True)
class Terms:
    """What the calendar reads of the network's reporting settings: the days of grace before a
    report is late, the day reporting starts and the day the programme ends (None: open)."""

    grace_days: int = GRACE_DAYS
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether a period from `start` to `end` is in the calendar: it does not end before
        reporting starts, nor start after the programme ends."""
        if self.starts_on is not None and end < self.starts_on:
            return False
        return self.ends_on is None or start <= self.ends_on


def terms_of(config: ReportingSettings | Mapping[str, Any] | None) -> Terms:
    """The calendar's terms from the settings (a model, or a stored document read with
    TERMS_FIELDS; None or a document without the fields: the defaults)."""
    if config is None:
        return Terms()
    if isinstance(config, ReportingSettings):
        return Terms(config.report_grace_days, config.reporting_starts_on, config.programme_ends_on)
    return Terms(
        int(config.get("report_grace_days", GRACE_DAYS)),
        date_only(config.get("reporting_starts_on")),
        date_only(config.get("programme_ends_on")),
    )


def network_terms(network_id: str) -> Terms:
    """The network's calendar terms, read from its reporting settings."""
    return terms_of(settings.get_settings(network_id))


def quarter_key(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    start = quarter_start(day)
    month = start.month + 3
    following = dt.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return following - ONE_DAY


def _quarters(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Quarters from the one holding `first` (starting at `first`) to the one holding `last`."""
    out, day = [], first
    while day <= last:
        out.append((quarter_key(day), day, quarter_end(day)))
        day = quarter_end(day) + ONE_DAY
    return out


def _cycle_ends(experiments: Iterable[Experiment]) -> list[tuple[int, dt.date, dt.date]]:
    """(cycle number, first start, last end) of each experiment cycle, by number."""
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    for e in experiments:
        if e.status == "stopped":
            continue
        start, end = spans.get(e.cycle, (e.start, e.end))
        spans[e.cycle] = (min(start, e.start), max(end, e.end))
    return [(n, *spans[n]) for n in sorted(spans)]


def planned_cycles(
    rhythm: str,
    city: City,
    experiments: Iterable[Experiment],
    grace_days: int,
    today: dt.date,
) -> list[CycleFields]:
    """The city's reporting periods that have started by `today`, oldest first."""
    joined = min([h.entered_at for h in city.stage_history] + [city.created_at]).date()
    joined = quarter_start(joined)
    periods: list[tuple[str, str, dt.date, dt.date]] = []  # key, kind, start, end
    cycles = _cycle_ends(experiments) if rhythm == "experiment_cycle" else []
    if not cycles:
        periods = [(k, "quarter", s, e) for k, s, e in _quarters(joined, today)]
    else:
        first_start = cycles[0][1]
        begin = joined
        for key, start, end in _quarters(joined, max(first_start - ONE_DAY, joined)):
            if end < first_start:
                periods.append((key, "quarter", start, end))
                begin = end + ONE_DAY
        for number, _start, end in cycles:
            if end < begin:  # a cycle that ended within the previous one: already covered
                continue
            periods.append((f"cycle-{number}", "experiment_cycle", begin, end))
            begin = end + ONE_DAY
        if begin <= today:
            periods += [(k, "quarter", s, e) for k, s, e in _quarters(begin, today)]
    return [
        CycleFields(
            city_id=city.id,
            key=key,
            kind=kind,
            number=i + 1,
            start=start,
            end=end,
            due=end + dt.timedelta(days=grace_days),
        )
        for i, (key, kind, start, end) in enumerate(periods)
        if start <= today
    ]


def city_cycles(
    network: Network,
    city: City,
    today: dt.date,
    experiments: list[Experiment] | None = None,
    stored_cycles: list[ReportCycle] | None = None,
    terms: Terms | None = None,
) -> list[CycleFields]:
    """The city's cycles: the planned ones the calendar covers (`terms`: from the start to the
    programme's end), stored ones (fixed) in their place when they have the same key, and
    every other stored one; oldest first. What is not given (the city's experiments and stored
    cycles, the network's terms) is read."""
    if experiments is None:
        experiments = records.find(collections.EXPERIMENTS, Experiment, {"city_id": city.id})
    if stored_cycles is None:
        stored_cycles = records.find(CYCLES, ReportCycle, {"city_id": city.id})
    if terms is None:
        terms = network_terms(network.id)
    planned = planned_cycles(network.reporting_rhythm, city, experiments, terms.grace_days, today)
    planned = [c for c in planned if terms.covers(c.start, c.end)]
    fixed = {c.key: c for c in stored_cycles}
    merged = [fixed.pop(c.key, c) for c in planned] + list(fixed.values())
    return sorted(merged, key=lambda c: (c.start, c.key))


def fix_cycle(actor: User | None, network_id: str, cycle: CycleFields) -> ReportCycle:
    """The stored cycle of this key for the city, storing `cycle` if there is none yet."""
    if isinstance(cycle, ReportCycle):
        return cycle
    found = store.get().find_one(CYCLES, {"city_id": cycle.city_id, "key": cycle.key})
    if found is not None:
        return ReportCycle.from_doc(found)
    fresh = ReportCycle(network_id=network_id, **cycle.model_dump())
    try:
        return records.insert(CYCLES, fresh, actor, city_id=cycle.city_id)
    except store.DuplicateKey:  # fixed by someone else meanwhile
        return ReportCycle.from_doc(
            store.get().find_one(CYCLES, {"city_id": cycle.city_id, "key": cycle.key})
        )
