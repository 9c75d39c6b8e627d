"""What the dashboard's "what works where" view sums across cities (part `mth` of the network's
rollup, services/network/rollup.py), per cell of a city's cluster, country and current stage:

    mth.<cell>.method.<key>.cities            1: the city tried the method
    mth.<cell>.method.<key>.outcome.<status>  its experiments of the method by outcome
    mth.<cell>.category.<key>.cities          1: it tested an assumption of the category
    mth.<cell>.evidence.<level>               its learning cards by confirmed level ("none")
    mth.<cell>.unintended.n                   the unintended effects its summary keeps
    mth.<cell>.newest.<YYYY-MM-DD>            1: the day of the newest of them
    mth.<cell>.indicator.<key>.cities         1: it has a baseline, target or value
    mth.<cell>.indicator.<key>.measured       1: it measured the indicator
    mth.<cell>.indicator.<key>.reached        1: its latest value reached its target
    mth.<cell>.order.<kind>.<key>.o<order>    1: where the city comes in the glance of a method
                                              (kind "m"), category ("c") or indicator ("i")

A glance lists, per method or category, the cities with the highest evidence level first, then
a fixed spread of their ids (`SPREAD` values), then by name; per indicator, those that measured
it first. The city's summary carries the same places as `tags` (`glance_tags`), with an index, so
that a view reads the first few cities of each group alone: it sums `order` to know which
places hold them. Likewise the tag of the newest effect's day reads the cities with the
newest unintended effects alone (those of the latest days).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.network import rollup

METHODS = "mth"
SPREAD = 64  # cities with the same evidence level are spread over this many places
LEVELS = 5  # the highest evidence level
KINDS = {"method": "m", "category": "c", "indicator": "i"}


def spread(city_id: str) -> int:
    """A fixed place of the city among those with the same level (from its id)."""
    return rollup.spread(city_id, SPREAD)


def order(level: int, city_id: str) -> int:
    """Where a city comes in a glance group: highest `level` first, then its spread."""
    return (LEVELS - level) * SPREAD + spread(city_id)


def tag(kind: str, key: str, place: int) -> str:
    """The tag a city's summary carries for its place in a glance group (indexed)."""
    return f"{KINDS[kind]}:{key}:{place}"


def day_tag(day: str) -> str:
    """The tag of the day ('2026-07-14') of the city's newest unintended effect."""
    return f"u:{day}"


def _plain(value: Any) -> dict:
    return value if isinstance(value, Mapping) else value.model_dump()


def reached(state: Mapping[str, Any]) -> bool:
    """Whether an indicator's latest value reached the target (up or down from the baseline)."""
    months = state.get("by_month") or {}
    target, baseline = state.get("target"), state.get("baseline")
    if not months or target is None or baseline is None:
        return False
    value = months[max(months)]
    return value >= target if target >= baseline else value <= target


def groups(values: Mapping[str, Any]) -> list[tuple[str, str, int]]:
    """(kind, key, place) of every glance group the city is in, from its summary `values`
    (with its `city_id`)."""
    city_id = values.get("city_id") or ""
    found = []
    for kind, tried, levels in (
        ("method", "experiments_by_method", "evidence_by_method"),
        ("category", "experiments_by_category", "evidence_by_category"),
    ):
        for key, counts in (values.get(tried) or {}).items():
            if sum(counts.values()):
                level = int((values.get(levels) or {}).get(key) or 0)
                found.append((kind, key, order(level, city_id)))
    for key, state in (values.get("indicators") or {}).items():
        measured = bool(_plain(state).get("by_month"))
        found.append(("indicator", key, order(int(measured), city_id)))
    return found


def _newest_day(values: Mapping[str, Any]) -> str | None:
    moments = [_plain(e).get("at") for e in values.get("unintended_effects") or []]
    moments = [m for m in moments if m is not None]
    return max(moments).date().isoformat() if moments else None


def glance_tags(values: Mapping[str, Any]) -> list[str]:
    """The tags the city's summary carries (indexed): its place in each glance group and the
    day of its newest unintended effect (`values`: its summary's, with its `city_id`)."""
    found = [tag(kind, key, place) for kind, key, place in groups(values)]
    day = _newest_day(values)
    return sorted(found + ([day_tag(day)] if day else []))


def methods_share(cell: str, values: Mapping[str, Any]) -> dict[str, int]:
    """A city's counts for the methods section, by path, from its summary's `values` (with its
    `city_id`)."""
    k = f"{METHODS}.{cell}"
    found: dict[str, int] = {}
    for key, counts in (values.get("experiments_by_method") or {}).items():
        if sum(counts.values()):
            found[f"{k}.method.{key}.cities"] = 1
        for status, n in counts.items():
            found[f"{k}.method.{key}.outcome.{status}"] = int(n)
    for key, counts in (values.get("experiments_by_category") or {}).items():
        if sum(counts.values()):
            found[f"{k}.category.{key}.cities"] = 1
    for level, n in (values.get("learnings_by_evidence") or {}).items():
        found[f"{k}.evidence.{level}"] = int(n)
    effects = values.get("unintended_effects") or []
    found[f"{k}.unintended.n"] = len(effects)
    day = _newest_day(values)
    if day:
        found[f"{k}.newest.{day}"] = 1
    for key, state in (values.get("indicators") or {}).items():
        state = _plain(state)
        found[f"{k}.indicator.{key}.cities"] = 1
        found[f"{k}.indicator.{key}.measured"] = int(bool(state.get("by_month")))
        found[f"{k}.indicator.{key}.reached"] = int(reached(state))
    for kind, key, place in groups(values):
        found[f"{k}.order.{KINDS[kind]}.{key}.o{place}"] = 1
    return {path: n for path, n in found.items() if n}
