"""A city's story: problem -> assumptions -> experiments -> results -> learnings -> plan changes.

One read for a coordinator with five minutes: the facts in the method's order, each part
chronological, with the plan changes that cite a learning shown next to that learning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.city import City
from models.experiment import Assumption, Experiment, Learning
from models.user import User
from services.core.errors import AtelierError
from services.experiments import evidence, experiments, outcomes, replication
from services.network import networks
from services.plans import plans, versions


@dataclass
class StoryChange:
    """One change of the plan: pending (not yet frozen) or in a frozen version."""

    section: str
    kind: str
    summary: str
    reason: str
    learning_id: str | None
    learning_title: str = ""
    version: str = ""  # "V2", or "" while pending
    at: dt.datetime | None = None
    fields: tuple[str, ...] = ()  # the fields an edit changed (no summary of its own)


@dataclass
class Story:
    city: City
    problem: str
    assumptions: list[Assumption]
    experiments: list[Experiment]
    outcomes: dict[str, outcomes.Outcome]
    learnings: list[Learning]
    changes: list[StoryChange] = field(default_factory=list)
    riskiest: dict = field(default_factory=dict)
    # The replication chains the city's experiments belong to, by experiment id.
    chains: dict[str, evidence.Chain] = field(default_factory=dict)

    def changes_for(self, learning_id: str) -> list[StoryChange]:
        return [c for c in self.changes if c.learning_id == learning_id]


def _plan_parts(user: User, city_id: str) -> tuple[str, list[StoryChange]]:
    """The problem statement and the plan's changes (nothing when the plan cannot be read)."""
    try:
        plan = plans.get_plan(user, city_id)
    except AtelierError:
        return "", []
    if plan is None:
        return "", []
    problem = ""
    section = plan.sections.get("problem")
    if section is not None and section.kind == "problem":
        problem = section.content.statement or section.content.tree.core
    changes: list[StoryChange] = []
    for version in versions.list_versions(user, plan):
        for c in version.changes:
            changes.append(
                StoryChange(
                    c.section,
                    c.kind,
                    c.summary,
                    c.reason,
                    c.learning_id,
                    version=version.label,
                    at=version.created_at,
                    fields=tuple(c.fields),
                )
            )
    for p in plan.pending_changes:
        changes.append(StoryChange(p.section, p.kind, p.summary, p.reason, p.learning_id, at=p.at))
    return problem, changes


def city_story(user: User, city_id: str) -> Story:
    """Everything the story page shows for one city (experiment.read)."""
    items = experiments.list_experiments(user, city_id)  # checks experiment.read
    city = networks.get_city(user, city_id)
    assumptions = sorted(experiments.list_assumptions(user, city_id), key=lambda a: a.created_at)
    learnings = sorted(experiments.list_learnings(user, city_id), key=lambda lg: lg.created_at)
    found = experiments.city_outcomes(items, learnings)
    problem, changes = _plan_parts(user, city_id)
    titles = {lg.id: lg.title for lg in learnings}
    for change in changes:
        change.learning_title = titles.get(change.learning_id or "", "")
    return Story(
        city=city,
        problem=problem or city.challenge,
        assumptions=assumptions,
        experiments=sorted(items, key=lambda e: (e.start, e.cycle)),
        outcomes=found,
        learnings=learnings,
        changes=changes,
        riskiest=experiments.riskiest_tested(assumptions, items),
        chains=replication.chains_for(user, items),
    )
