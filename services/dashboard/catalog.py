"""The dashboard's panels, in display order: the one list of what the dashboard shows.

Each `Panel` names its key, its section and its builder `(Context) -> PanelView`. The builders
live by what they read: services/dashboard/panels.py (stages, experiments, engagement, plans,
from the city summaries and stage histories) and services/dashboard/listening.py (check-ins,
report compliance, follow-ups). A new panel is written there and listed here; nothing adds
itself to the dashboard when imported.
"""

from __future__ import annotations

from services.dashboard import listening, panels

Panel = panels.Panel

PANELS: tuple[Panel, ...] = (
    Panel("stage_progress", "stages", panels.stage_progress_panel),
    Panel("stages_over_time", "stages", panels.stages_over_time_panel),
    Panel("outcomes_by_city", "experiments", panels.outcomes_by_city_panel),
    Panel("outcomes_by_category", "experiments", panels.outcomes_by_category_panel),
    Panel("outcomes_by_cluster", "experiments", panels.outcomes_by_cluster_panel),
    Panel("decisions", "experiments", panels.decisions_panel),
    Panel("riskiest", "experiments", panels.riskiest_panel),
    Panel("lag", "engagement", panels.lag_panel),
    Panel("sectors", "engagement", panels.sectors_panel),
    Panel("meetings", "engagement", panels.meetings_panel),
    Panel("completeness", "plans", panels.completeness_panel),
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
