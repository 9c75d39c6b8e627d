"""Why a city needs attention, as its summary stores it: computed by the summary's one writer
(services/dashboard/city_facts.py `compute`), with the last day the answer holds, so that the
dashboard reads the reasons of the first few cities and their counts (the network's rollup,
part `att`), never every city.

Reasons (thresholds are network settings, `Network.attention`, whose change recomputes every
summary): nothing done for more than `inactive_days` (the city's last activity; a city that
recorded nothing counts from the day it joined); in the same stage (not the last) for more than
`stuck_days`; behind the programme timeline; every finished experiment inconclusive;
experiments past their end date and not closed; mood falling (the mean mood of the last
MOOD_RECENT_MONTHS months, this one included, fell by MOOD_DROP or more against the
MOOD_BEFORE_MONTHS months before); a report overdue (a report whose due date passed is not
submitted). Each reason keeps the values that do not move with the day; the days are counted
when read (services/dashboard/attention.py).

When each starts or stops holding without a write: inactive and stuck the day after their
threshold is passed, behind when a phase of the timeline starts or ends, mood at a month's turn
(each only when the answer changes then, so that a turn does not recompute every city), report
overdue when a due date passes (the cycles' own day, compliance.holds_until), the experiments'
when an end date passes (city_facts.valid_until).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from models.city import AttentionFlag
from models.network import Network
from services.experiments import outcomes
from services.network import rollup

REASONS = (
    "inactive",
    "stuck",
    "behind",
    "inconclusive",
    "awaiting_close",
    "mood_falling",
    "report_overdue",
)
FINISHED = (outcomes.VALIDATED, outcomes.INVALIDATED, outcomes.INCONCLUSIVE)
MOOD_RECENT_MONTHS = 2  # "mood falling": this month and the last ...
MOOD_BEFORE_MONTHS = 4  # ... against the months before them
MOOD_DROP = 0.75  # by at least this much on the 1-5 scale
NEVER = "none"  # the day in `key` of a city that recorded nothing


def key(reasons: int, last_active: dt.date | None) -> str:
    """Where a city with `reasons` ranks ("" with none): most reasons first, then the oldest
    last activity (none first); an exact value, so that a few are read by index."""
    if not reasons:
        return ""
    return f"r{reasons}_{last_active.isoformat() if last_active else NEVER}"


def order(value: str) -> tuple[int, str]:
    """A `key` as a sort key (ascending: first ranked first)."""
    reasons, day = value[1:].split("_", 1)
    return -int(reasons), "" if day == NEVER else day


def _mood(months: Mapping[str, Any], today: dt.date) -> dict[str, float] | None:
    # Check-ins summed by month (MonthPulse or dicts): the moods compared, when they fell.
    index = rollup.month_index(today)
    first = rollup.month_of(index - (MOOD_RECENT_MONTHS + MOOD_BEFORE_MONTHS - 1))
    cut = rollup.month_of(index - (MOOD_RECENT_MONTHS - 1))
    sums = {"now": [0, 0], "before": [0, 0]}  # [check-ins, moods summed]
    for month, pulse in months.items():
        if first <= month <= rollup.month_of(index):
            pulse = pulse if isinstance(pulse, Mapping) else pulse.model_dump()
            part = sums["now" if month >= cut else "before"]
            part[0] += pulse["checkins"]
            part[1] += pulse["mood_sum"]
    (count, moods), (earlier, moods_before) = sums["now"], sums["before"]
    if count < 1 or earlier < 2:
        return None
    now, then = moods / count, moods_before / earlier
    return {"before": round(then, 1), "now": round(now, 1)} if then - now >= MOOD_DROP else None


def facts(
    network: Network,
    *,
    stage: str,
    history: Iterable[tuple[str, dt.datetime]],
    last_activity: dt.datetime | None,
    by_outcome: Mapping[str, int],
    awaiting_close: int,
    months: Mapping[str, Any],
    cycles: Iterable[Mapping[str, Any]],
    today: dt.date,
) -> tuple[list[AttentionFlag], str, dt.date | None]:
    """The city's reasons on `today` (in REASONS order), its `key`, and the last day they hold
    without a write (None: until a write). `history`: its stage entries (stage, entered at);
    `months`: its check-ins by month; `cycles`: its reporting cycles with their states."""
    limits = network.attention
    found: list[AttentionFlag] = []
    until: list[dt.date] = []

    def after(day: dt.date, days: int) -> bool:
        # Holds once `days` have passed since `day`; until then, known to start the day after.
        start = day + dt.timedelta(days=days + 1)
        if today < start:
            until.append(start - dt.timedelta(days=1))
            return False
        return True

    entries = sorted(((s, at.date()) for s, at in history), key=lambda pair: pair[1])
    last = last_activity.date() if last_activity else None
    if last is not None and after(last, limits.inactive_days):
        found.append(AttentionFlag(reason="inactive"))
    if last is None and entries and after(entries[0][1], limits.inactive_days):
        found.append(AttentionFlag(reason="inactive", variant="never"))
    current = [day for s, day in entries if s == stage]
    last_stage = network.stages[-1].key if network.stages else stage
    if current and stage != last_stage and after(max(current), limits.stuck_days):
        found.append(AttentionFlag(reason="stuck"))
    phases = sorted(network.timeline, key=lambda p: p.start)

    def behind(day: dt.date) -> str | None:
        # The stage the timeline expects on `day`, when the city is earlier in the method.
        expected = next((p.expected_stage for p in phases if p.start <= day <= p.end), None)
        if expected is not None and network.stage_index(stage) < network.stage_index(expected):
            return expected
        return None

    expected = behind(today)
    if expected is not None:
        found.append(AttentionFlag(reason="behind", values={"stage": expected}))
    # Only the phases' turns that change the answer end it (not every city's at each one).
    turns = {p.start for p in phases if p.start > today}
    turns |= {p.end + dt.timedelta(days=1) for p in phases if p.end >= today}
    until += [day - dt.timedelta(days=1) for day in sorted(turns) if behind(day) != expected][:1]
    finished = sum(by_outcome.get(s, 0) for s in FINISHED)
    if finished and by_outcome.get(outcomes.INCONCLUSIVE, 0) == finished:
        found.append(AttentionFlag(reason="inconclusive", values={"count": finished}))
    if awaiting_close:
        found.append(AttentionFlag(reason="awaiting_close", values={"count": awaiting_close}))
    mood = _mood(months, today)
    if mood is not None:
        found.append(AttentionFlag(reason="mood_falling", values=mood))
    # The months compared move at each month's turn: the first turn that changes the answer (or
    # its values) ends it; after as many months as are compared, no check-in of today's counts.
    for ahead in range(1, MOOD_RECENT_MONTHS + MOOD_BEFORE_MONTHS + 1):
        first = rollup.month_of(rollup.month_index(today) + ahead)
        turn = dt.date.fromisoformat(f"{first}-01")
        if _mood(months, turn) != mood:
            until.append(turn - dt.timedelta(days=1))
            break
    missing = sorted((c for c in cycles if c["state"] == "missing"), key=lambda c: c["end"])
    if missing:
        found.append(AttentionFlag(reason="report_overdue", values={"cycle": missing[-1]["cycle"]}))
    return found, key(len(found), last), min(until, default=None)
