"""What every tab of the experiments page reads: who, which city, its documents, and labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.experiment import Assumption, Experiment, Learning
from models.user import User
from screens._experiments import lab
from services.core import permissions
from services.experiments import outcomes


@dataclass
class Lab:
    """The experiments of one city, as the page read them, and what the user may do there."""

    user: User
    city: Any
    assumptions: list[Assumption]
    experiments: list[Experiment]
    learnings: list[Learning]
    outcomes: dict[str, outcomes.Outcome]
    categories: dict[str, str]
    titles: dict[str, str] = field(default_factory=dict)
    # The replication chains the city's experiments belong to, by experiment id.
    chains: dict[str, Any] = field(default_factory=dict)

    @property
    def experiment_by_id(self) -> dict[str, Experiment]:
        return {e.id: e for e in self.experiments}

    @property
    def assumption_by_id(self) -> dict[str, Assumption]:
        return {a.id: a for a in self.assumptions}

    def can(self, action: str) -> bool:
        return permissions.allowed(self.user, action, self.city.id)


def load(user: User, city: Any, network: Any) -> Lab:
    data = lab.bundle(user, city.id)
    return Lab(
        user=user,
        city=city,
        assumptions=data["assumptions"],
        experiments=data["experiments"],
        learnings=data["learnings"],
        outcomes=data["outcomes"],
        categories=lab.category_labels(network),
        titles=lab.chart_titles(),
        chains=data.get("chains", {}),
    )
