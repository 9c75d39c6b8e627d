"""Cities needing attention: a ranked list, each city with the reasons, in plain words.

The reasons are facts each city's summary stores (services/dashboard/attention_facts.py, which
says what they are and when each starts or stops holding; the thresholds are network
settings, `Network.attention`); the days they count are counted when read, from the stored
dates. Ranked by how many reasons, then by days without activity (the oldest last activity
first), then by name. A reader of every city reads the counts (the network's rollup, part
`att`) and the first cities of the ranking alone, by an index on `summary.attention_key`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pandas as pd

from services.core import formats
from services.dashboard import attention_facts, panels, views
from services.network import tally_plans

REASONS = attention_facts.REASONS
SHOWN = 50  # the cities a view lists (the CSV, built on click, has them all)
COLUMNS = ["city_id", "city", "cluster", "stage", "reasons", "reason_keys", "why"]


@dataclasses.dataclass(frozen=True)
class Flag:
    reason: str  # one of REASONS
    values: dict
    variant: str = ""  # a wording of the reason ("never": nothing recorded since joining)

    def text(self, ctx: panels.Context) -> str:
        """The reason in the reader's words, with its numbers."""
        suffix = f"_{self.variant}" if self.variant else ""
        return ctx.t(f"dashboard.reason.{self.reason}{suffix}", **self.values)


def _plain(flag: Any) -> Mapping[str, Any]:
    return flag if isinstance(flag, Mapping) else flag.model_dump()


def flags(ctx: panels.Context, city: views.CityRow) -> list[Flag]:
    """Why `city` needs attention (empty: it does not), as its summary stores it, with the
    days counted to `ctx.today` and stages and cycles as the reader says them."""
    found: list[Flag] = []
    for flag in map(_plain, city.summary.attention):
        reason, variant = flag["reason"], flag.get("variant") or ""
        values = dict(flag.get("values") or {})
        if reason == "inactive" and variant:
            values = {"days": city.days_since_joined(ctx.today)}
        elif reason == "inactive":
            values = {"days": city.days_inactive(ctx.today)}
        elif reason == "stuck":
            values = {"days": city.days_in_stage(ctx.today), "stage": ctx.stage_label(city.stage)}
        elif reason == "behind":
            values = {"stage": ctx.stage_label(values["stage"])}
        elif reason == "report_overdue":
            values = {"cycle": formats.cycle(values["cycle"], ctx.lang)}
        found.append(Flag(reason, values, variant))
    return found


def flagged_count(ctx: panels.Context) -> int:
    """How many of the cities shown need attention."""
    return int(ctx.tally(tally_plans.ATTENTION).all.get("cities", 0))


def attention_frame(ctx: panels.Context, limit: int | None = None) -> pd.DataFrame:
    """One row per city with at least one reason, most reasons first, then longest idle, then
    by name: the first `limit` (None: every one), reading only those cities (and the few that
    rank alike) when the cities are not in memory."""
    keys = ctx.tally(tally_plans.ATTENTION).all.get("order", {})
    chosen, covered = [], 0
    for key in sorted((k for k, n in keys.items() if n), key=attention_facts.order):
        if limit is not None and covered >= limit:
            break
        chosen.append(key)
        covered += keys[key]
    cities = ctx.needing_attention(chosen) if chosen else []
    cities = sorted(
        cities, key=lambda c: (attention_facts.order(c.summary.attention_key), c.name, c.id)
    )
    rows = []
    for city in cities[:limit]:
        found = flags(ctx, city)
        rows.append(
            {
                "city_id": city.id,
                "city": city.name,
                "cluster": city.cluster,
                "stage": ctx.stage_label(city.stage),
                "reasons": len(found),
                "reason_keys": ",".join(f.reason for f in found),
                "why": ctx.t("dashboard.reason.separator").join(f.text(ctx) for f in found),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def caption(ctx: panels.Context) -> str:
    """'3 of 12 cities need attention; the most common reason: no recent activity (2).'"""
    summed = ctx.tally(tally_plans.ATTENTION).all
    if not summed.get("cities"):
        return ctx.t("dashboard.caption.attention_none", total=ctx.count)
    counts = {r: summed.get("reason", {}).get(r, 0) for r in REASONS}
    top = max(REASONS, key=lambda r: counts[r])
    return ctx.t(
        "dashboard.caption.attention",
        count=summed["cities"],
        total=ctx.count,
        reason=ctx.t(f"dashboard.reason_name.{top}"),
        cities=counts[top],
    )
