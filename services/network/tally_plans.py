"""What the dashboard's plans section and its list of cities needing attention sum across
cities (added to the network's rollup with the other sections', see services/network/tallies.py),
per cell of a city's cluster, country and current stage.

The plans section (`plan`):

    plan.<cell>.actions                   its plan's actions
    plan.<cell>.planned                   1: its plan has actions
    plan.<cell>.with.<part>               its actions with each part (owner, dates, cost ...)
    plan.<cell>.cycles.<cycle>.<state>    1 per reporting cycle in that state (compliance)
    plan.<cell>.ends.<cycle>.<YYYY-MM-DD> 1: the cycle's last day (cycles are drawn in order of
                                          their latest end)

Cities needing attention (`att`):

    att.<cell>.cities                     1: the city has a reason
    att.<cell>.reason.<reason>            1 per reason it has
    att.<cell>.order.<key>                1: its rank key (services/dashboard/attention_facts.py
                                          `key`), so that the first few cities are read alone,
                                          by an index on `summary.attention_key`

A cycle's key may hold a dot, which a path cannot: `cycle_field` stands it for "~".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PLANS = "plan"
ATTENTION = "att"


def cycle_field(key: str) -> str:
    """A cycle's key as a field name."""
    return key.replace(".", "~")


def cycle_key(field: str) -> str:
    """The cycle's key a field name (`cycle_field`) stands for."""
    return field.replace("~", ".")


def _iso(value: Any) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def plans_share(cell: str, values: Mapping[str, Any]) -> dict[str, int]:
    """A city's counts for the plans section, by path, from its summary's `values`."""
    k = f"{PLANS}.{cell}"
    total = int(values.get("actions_total") or 0)
    found: dict[str, int] = {f"{k}.actions": total, f"{k}.planned": 1 if total else 0}
    for part, n in (values.get("actions_with") or {}).items():
        found[f"{k}.with.{part}"] = int(n)
    for c in values.get("cycles") or ():
        c = c if isinstance(c, Mapping) else c.model_dump()
        name = cycle_field(c["cycle"])
        for path in (f"{k}.cycles.{name}.{c['state']}", f"{k}.ends.{name}.{_iso(c['end'])}"):
            found[path] = found.get(path, 0) + 1
    return {path: n for path, n in found.items() if n}


def attention_share(cell: str, values: Mapping[str, Any]) -> dict[str, int]:
    """A city's counts for the cities needing attention, by path, from its summary's `values`."""
    flags = [f if isinstance(f, Mapping) else f.model_dump() for f in values.get("attention") or ()]
    if not flags:
        return {}
    k = f"{ATTENTION}.{cell}"
    found = {f"{k}.cities": 1, f"{k}.order.{values['attention_key']}": 1}
    for flag in flags:
        path = f"{k}.reason.{flag['reason']}"
        found[path] = found.get(path, 0) + 1
    return found


def share(cell: str, values: Mapping[str, Any]) -> dict[str, int]:
    """The plans section's and the attention list's counts of one city, by path."""
    return {**plans_share(cell, values), **attention_share(cell, values)}
