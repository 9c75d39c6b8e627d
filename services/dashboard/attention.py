"""Cities needing attention: a ranked list, each city with the reasons, in plain words.

Reasons (thresholds are network settings, `Network.attention`): nothing done for more than
`inactive_days` (the city's last activity, a fact of its own dated records: see
services/dashboard/summary.py `last_activity`; a city that recorded nothing counts from the day it
joined); in the same stage (not the last) for more than `stuck_days`; behind the
programme timeline; every finished experiment inconclusive; experiments past their end date
and not closed; mood falling and a report overdue (read from check-ins and reports by
services/dashboard/listening.py). Ranked by how many reasons, then by days without activity.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from services.dashboard import listening as _listening
from services.dashboard import panels, views
from services.experiments import outcomes

REASONS = (
    "inactive",
    "stuck",
    "behind",
    "inconclusive",
    "awaiting_close",
    "mood_falling",  # from the check-ins (services/dashboard/listening.py)
    "report_overdue",
)


@dataclasses.dataclass(frozen=True)
class Flag:
    reason: str  # one of REASONS
    values: dict
    variant: str = ""  # a wording of the reason ("never": nothing recorded since joining)

    def text(self, ctx: panels.Context) -> str:
        """The reason in the reader's words, with its numbers."""
        suffix = f"_{self.variant}" if self.variant else ""
        return ctx.t(f"dashboard.reason.{self.reason}{suffix}", **self.values)


def flags(ctx: panels.Context, city: views.CityRow, expected: str | None = None) -> list[Flag]:
    """Why `city` needs attention today (empty: it does not); `expected`: the stage the
    timeline expects today (computed when not given)."""
    limits = ctx.network.attention
    expected = expected or views.expected_stage(ctx.network, ctx.today)
    found: list[Flag] = []
    idle = city.days_inactive(ctx.today)
    if idle is not None and idle > limits.inactive_days:
        found.append(Flag("inactive", {"days": idle}))
    joined = city.days_since_joined(ctx.today)
    if idle is None and joined is not None and joined > limits.inactive_days:
        found.append(Flag("inactive", {"days": joined}, "never"))
    in_stage = city.days_in_stage(ctx.today)
    last_stage = ctx.network.stages[-1].key
    if in_stage is not None and in_stage > limits.stuck_days and city.stage != last_stage:
        found.append(Flag("stuck", {"days": in_stage, "stage": ctx.stage_label(city.stage)}))
    at = ctx.network.stage_index
    if expected is not None and at(city.stage) < at(expected):
        found.append(Flag("behind", {"stage": ctx.stage_label(expected)}))
    counts = city.summary.experiments_by_outcome
    finished = sum(counts.get(s, 0) for s in panels.FINISHED)
    if finished and counts.get(outcomes.INCONCLUSIVE, 0) == finished:
        found.append(Flag("inconclusive", {"count": finished}))
    if city.summary.experiments_awaiting_close:
        found.append(Flag("awaiting_close", {"count": city.summary.experiments_awaiting_close}))
    return found


def attention_frame(ctx: panels.Context) -> pd.DataFrame:
    """One row per city with at least one reason, most reasons first, then longest idle."""
    rows = []
    expected = views.expected_stage(ctx.network, ctx.today)
    listening = _listening.attention_reasons(ctx) if ctx.cities else {}
    for city in ctx.cities:
        found = flags(ctx, city, expected)
        found += [Flag(r, v) for r, v in listening.get(city.id, [])]
        if not found:
            continue
        rows.append(
            {
                "city_id": city.id,
                "city": city.name,
                "cluster": city.cluster,
                "stage": ctx.stage_label(city.stage),
                "reasons": len(found),
                "reason_keys": ",".join(f.reason for f in found),
                "why": ctx.t("dashboard.reason.separator").join(f.text(ctx) for f in found),
                "days_inactive": city.days_inactive(ctx.today),
            }
        )
    columns = ["city_id", "city", "cluster", "stage", "reasons", "reason_keys", "why"]
    frame = pd.DataFrame(rows, columns=[*columns, "days_inactive"])
    if frame.empty:
        return frame[columns]
    idle = frame["days_inactive"].fillna(10**6)
    frame = frame.assign(_idle=idle).sort_values(
        ["reasons", "_idle", "city"], ascending=[False, False, True], kind="stable"
    )
    return frame[columns].reset_index(drop=True)


def caption(ctx: panels.Context, frame: pd.DataFrame) -> str:
    """'3 of 12 cities need attention; the most common reason: no recent activity (2).'"""
    if frame.empty:
        return ctx.t("dashboard.caption.attention_none", total=len(ctx.cities))
    counts = {r: 0 for r in REASONS}
    for keys in frame["reason_keys"]:
        for key in keys.split(","):
            counts[key] += 1
    top = max(REASONS, key=lambda r: counts[r])
    return ctx.t(
        "dashboard.caption.attention",
        count=len(frame),
        total=len(ctx.cities),
        reason=ctx.t(f"dashboard.reason_name.{top}"),
        cities=counts[top],
    )
