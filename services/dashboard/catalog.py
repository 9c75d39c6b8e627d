"""The dashboard's panels, in display order: the one list of what the dashboard shows.

Each `Panel` names its key, its section and its builder `(Context) -> PanelView`. The builders
live by section: stage_panels, experiment_panels, engagement_panels and plan_panels (from the
city summaries and stage histories, on the shared parts of services/dashboard/panels.py) and
listening (check-ins, report compliance, follow-ups). A new panel is written there and listed
here; nothing adds itself to the dashboard when imported.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from services.dashboard import (
    engagement_panels,
    experiment_panels,
    indicators,
    listening,
    panels,
    plan_panels,
    stage_panels,
)

Panel = panels.Panel

PANELS: tuple[Panel, ...] = (
    Panel("stage_progress", "stages", stage_panels.stage_progress_panel),
    Panel("stages_over_time", "stages", stage_panels.stages_over_time_panel),
    Panel("outcomes_by_city", "experiments", experiment_panels.outcomes_by_city_panel),
    Panel("outcomes_by_category", "experiments", experiment_panels.outcomes_by_category_panel),
    Panel("outcomes_by_cluster", "experiments", experiment_panels.outcomes_by_cluster_panel),
    Panel("decisions", "experiments", experiment_panels.decisions_panel),
    Panel("riskiest", "experiments", experiment_panels.riskiest_panel),
    Panel("lag", "engagement", engagement_panels.lag_panel),
    Panel("sectors", "engagement", engagement_panels.sectors_panel),
    Panel("meetings", "engagement", engagement_panels.meetings_panel),
    Panel("completeness", "plans", plan_panels.completeness_panel),
    Panel("mood", "engagement", listening.mood_panel),
    Panel("mood_by_city", "engagement", listening.mood_by_city_panel),
    Panel("blockers", "engagement", listening.blockers_panel),
    Panel("help", "engagement", listening.help_panel),
    Panel("compliance", "plans", listening.compliance_panel),
    Panel("followups", "plans", listening.followups_panel),
)


def build(ctx: panels.Context, section: str | None = None) -> list[panels.PanelView]:
    """The panels of `section` (every panel for None), built, in order."""
    return [p.build(ctx) for p in PANELS if section is None or p.section == section]


def full_table(ctx: panels.Context, key: str) -> pd.DataFrame:
    """Every row of a panel whose view holds only the rows shown (`PanelView.complete` False),
    its columns named for the reader; `ctx` has every city shown."""
    if key == "stage_progress":
        frame = stage_panels.stage_table(ctx).drop(columns=["stage_index"])
    elif key == "outcomes_by_city":
        cities = dataclasses.replace(ctx, most=None).most_experiments(0)
        cities = sorted(cities, key=lambda c: (-c.summary.experiments_total, c.name))
        rows = [(c.name, c.summary.experiments_by_outcome) for c in cities]
        frame = experiment_panels.outcome_rows(ctx, rows, "city").drop(columns=["order"])
    elif key.startswith("indicator_"):
        found = indicators.indicators_frame(ctx)
        chosen = found[found["indicator"] == key.removeprefix("indicator_")]
        frame = chosen.drop(columns=["indicator", "city_id"])
    elif key == "mood_by_city":
        frame = listening.mood_by_city_frame(dataclasses.replace(ctx, moods=None))
    else:
        raise KeyError(key)
    return frame.rename(columns=lambda c: panels.column_label(c, ctx.lang))
