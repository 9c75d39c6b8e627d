"""The engagement section's share of the network's rollup (`eng`, services/network/tallies.py):
one city's counts by path, from its summary, summed per cell of its cluster, country and
current stage, so that the dashboard's engagement view reads one document however many cities.

    eng.<cell>.cities                      1: the city
    eng.<cell>.lag.b<i>                    1: its LAG size falls in LAG_BUCKETS[i]
    eng.<cell>.size.s<n>                   1: its plan lists n (> 0) LAG members (the median)
    eng.<cell>.met.cities/meetings/attendees  no LAG member listed but meetings held: 1, the
                                           meetings held, their attendees
    eng.<cell>.sector.<sector>             its stakeholders of that sector
    eng.<cell>.mapped                      1: it has stakeholders with a sector
    eng.<cell>.meetings.<YYYY-Qn>          its LAG meetings held in the quarter
    eng.<cell>.met_in.<YYYY-Qn>            1: it held a meeting in the quarter
    eng.<cell>.ever                        1: it ever held one
    eng.<cell>.pulse.<YYYY-MM>.checkins / mood_sum / help / blockers.<tag>
                                           its check-ins of the month summed (as its summary's
                                           checkins_by_month)
    eng.<cell>.pulse.<YYYY-MM>.asked       1: it asked for help that month
    eng.<cell>.asked_last.<YYYY-MM>        1: the latest month it asked for help
    eng.<cell>.named_last.<tag>.<YYYY-MM>  1: the latest month it named the blocker
    eng.<cell>.low.<period>.b<band>        1: its mean mood over the dashboard's period (all,
                                           3m, 6m, 12m) falls in the band (tenths: 23 for 2.30
                                           to 2.39; summary.mood_by_period), when it has
                                           check-ins then

Distinct cities over a period ("cities asking since month M") are the latest-month markers of
months M or later: summable, whatever the period. The months are keys, filtered when read
(nothing after today's month counts); `low` (a few dozen bands, not a value per city, so that
the document does not grow with the cities) changes with the month, and the summary is valid
until the month's last day when it has check-ins of the last 12 months (city_facts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

ENGAGEMENT = "eng"
# Cities by the members their plan lists in its LAG: (lowest, highest, label).
LAG_BUCKETS = ((0, 0, "0"), (1, 4, "1-4"), (5, 9, "5-9"), (10, 10**9, "10+"))


def _plain(value: Any) -> Mapping[str, Any]:
    # A summary's month (a MonthPulse when computed, a dict when stored) as a dict.
    return value if isinstance(value, Mapping) else value.model_dump()


def pulse_share(months: Mapping[str, Any]) -> dict[str, int]:
    """The check-in counts of one city (`months`: its check-ins summed by month), by path under
    the cell: `pulse`, `asked_last`, `named_last`."""
    found: dict[str, int] = {}
    asked_last = ""
    named_last: dict[str, str] = {}
    for key, value in sorted(months.items()):
        pulse = _plain(value)
        found[f"pulse.{key}.checkins"] = int(pulse.get("checkins") or 0)
        found[f"pulse.{key}.mood_sum"] = int(pulse.get("mood_sum") or 0)
        found[f"pulse.{key}.help"] = int(pulse.get("help") or 0)
        if pulse.get("help"):
            found[f"pulse.{key}.asked"] = 1
            asked_last = key
        for tag, n in (pulse.get("blockers") or {}).items():
            if n:
                found[f"pulse.{key}.blockers.{tag}"] = int(n)
                named_last[tag] = key
    if asked_last:
        found[f"asked_last.{asked_last}"] = 1
    for tag, key in named_last.items():
        found[f"named_last.{tag}.{key}"] = 1
    return found


def engagement_share(cell: str, values: Mapping[str, Any]) -> dict[str, int]:
    """A city's counts for the engagement section, by path, from its summary's `values`
    (lag_size, stakeholders_by_sector, meetings_by_quarter, meeting_attendees,
    checkins_by_month, mood_by_period)."""
    found: dict[str, int] = {"cities": 1}
    size = int(values.get("lag_size") or 0)
    for i, (low, high, _label) in enumerate(LAG_BUCKETS):
        if low <= size <= high:
            found[f"lag.b{i}"] = 1
    quarters = values.get("meetings_by_quarter") or {}
    if size:
        found[f"size.s{size}"] = 1
    elif values.get("meeting_attendees"):
        found["met.cities"] = 1
        found["met.meetings"] = sum(int(n) for n in quarters.values())
        found["met.attendees"] = int(values["meeting_attendees"])
    sectors = values.get("stakeholders_by_sector") or {}
    for sector, n in sectors.items():
        found[f"sector.{sector}"] = int(n)
    found["mapped"] = 1 if sectors else 0
    for q, n in quarters.items():
        found[f"meetings.{q}"] = int(n)
        found[f"met_in.{q}"] = 1 if n else 0
    found["ever"] = 1 if quarters else 0
    found.update(pulse_share(values.get("checkins_by_month") or {}))
    for period, mood in (values.get("mood_by_period") or {}).items():
        found[f"low.{period}.b{int(_plain(mood)['band'])}"] = 1
    return {f"{ENGAGEMENT}.{cell}.{path}": n for path, n in found.items() if n}


def median(sizes: Mapping[int, int]) -> float:
    """The median of values given as {value: how many} (as statistics.median of them all)."""
    total = sum(sizes.values())
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value, n in sorted(sizes.items()):
        found += [value for i in wanted if seen <= i < seen + n]
        seen += n
    return found[0] if total % 2 else (found[0] + found[1]) / 2


def since(markers: Mapping[str, int], first: str, last: str) -> int:
    """How many cities have their latest-month marker (`asked_last`, `named_last.<tag>`) from
    month `first` to `last` ('2026-07'; "" for `first`: from the start)."""
    return sum(n for key, n in markers.items() if first <= key <= last)


def lowest(values: Iterable[tuple[int, int]], count: int) -> list[int]:
    """The lowest bands of `low` ((band, cities) pairs) that hold at least `count` cities
    between them (every city of the last band chosen too)."""
    chosen, covered = [], 0
    for value, n in sorted(values):
        if covered >= count:
            break
        chosen.append(value)
        covered += n
    return chosen
