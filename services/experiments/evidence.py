"""How strong a learning's evidence is, and where an experiment was replicated: pure rules.

Evidence levels follow Nesta's standards of evidence (1 to 5; their meaning is shown in the
app, "learning.evidence.<n>"). A level is a person's judgement: the app suggests one from the
data of the experiments that fed the learning, shows why, and stores a level only when a
person confirms it. The rule (also in the README):

1. Level 4 when one of those experiments is validated and belongs to a replication chain in
   which an experiment of another city is validated too: it held when tested again elsewhere.
2. Else level 3 when one of them has a numeric criterion met by its results (validated from
   results) and names a comparison group: a comparison shows the change came from what we did.
3. Else level 2 when one of them has a numeric criterion met by its results: data show a change.
4. Else level 1: we can describe what happened. Level 5 (tested and replicated to a standard a
   funder can rely on) is never suggested: only a person can say so.

A replication chain is an experiment and every experiment that replicates it, recursively
(`replicates` points at the experiment copied). A city *tested* the chain when one of its
experiments in it has a decided outcome (validated, invalidated or inconclusive); the result
*held* in a city when one of its experiments in it is validated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from models.experiment import Experiment
from services.experiments import outcomes

DECIDED: tuple[str, ...] = (outcomes.VALIDATED, outcomes.INVALIDATED, outcomes.INCONCLUSIVE)


# --- replication chains ------------------------------------------------------------------------


def root_of(links: Mapping[str, str | None], experiment_id: str) -> str:
    """The original of `experiment_id`'s chain: follow `replicates` to an experiment that
    replicates none (or one not in `links`). A loop (never written by the service, but an
    import could hold one) stops at the smallest id met in it, so every member finds one root."""
    seen: list[str] = []
    current = experiment_id
    while current not in seen:
        seen.append(current)
        target = links.get(current)
        if target is None or target not in links:
            return current
        current = target
    loop = seen[seen.index(current) :]
    return min(loop)


def chain_members(links: Mapping[str, str | None], experiment_id: str) -> list[str]:
    """The ids of every experiment in `experiment_id`'s chain (itself included), sorted."""
    root = root_of(links, experiment_id)
    return sorted(i for i in links if root_of(links, i) == root)


@dataclass(frozen=True)
class ChainMember:
    """One experiment of a chain, as a learning shows it."""

    id: str
    city_id: str
    title: str
    status: str  # its outcome (outcomes.OUTCOMES)
    replicates: str | None = None


@dataclass(frozen=True)
class Chain:
    """An original experiment and its replications, recursively."""

    root: str
    members: tuple[ChainMember, ...] = field(default_factory=tuple)

    @property
    def cities(self) -> list[str]:
        """The cities with an experiment in the chain, in the members' order, once each."""
        return list(dict.fromkeys(m.city_id for m in self.members))

    @property
    def tested(self) -> list[str]:
        """The cities where an experiment of the chain has a decided outcome."""
        return list(dict.fromkeys(m.city_id for m in self.members if m.status in DECIDED))

    @property
    def held(self) -> list[str]:
        """The cities where an experiment of the chain is validated."""
        return list(
            dict.fromkeys(m.city_id for m in self.members if m.status == outcomes.VALIDATED)
        )

    def held_elsewhere(self, experiment: ChainMember | Experiment) -> bool:
        """Validated in another city than `experiment`'s."""
        return any(c != experiment.city_id for c in self.held)


def chains(
    experiments: Iterable[Experiment], found: Mapping[str, outcomes.Outcome]
) -> dict[str, Chain]:
    """Every chain of two or more experiments among `experiments`, by the id of each member
    (`found`: their outcomes by id)."""
    items = {e.id: e for e in experiments}
    links = {i: e.replicates for i, e in items.items()}
    by_root: dict[str, list[str]] = {}
    for i in sorted(items):
        by_root.setdefault(root_of(links, i), []).append(i)
    out: dict[str, Chain] = {}
    for root, ids in by_root.items():
        if len(ids) < 2:
            continue
        ordered = sorted(ids, key=lambda i: (items[i].start, items[i].created_at, i))
        chain = Chain(
            root,
            tuple(
                ChainMember(
                    i,
                    items[i].city_id,
                    items[i].title,
                    found[i].status if i in found else outcomes.IN_PROGRESS,
                    items[i].replicates,
                )
                for i in ordered
            ),
        )
        out.update(dict.fromkeys(ids, chain))
    return out


# --- the suggested level -----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A level and why (`reason`: a message key "learning.evidence.why.<...>", with `values`)."""

    level: int
    reason: str
    values: dict = field(default_factory=dict)


def _measured_and_met(experiment: Experiment, outcome: outcomes.Outcome | None) -> bool:
    return (
        experiment.criterion.kind == "numeric"
        and outcome is not None
        and outcome.status == outcomes.VALIDATED
        and outcome.source == "results"
        and outcome.counted > 0
    )


def suggest(
    experiments: Iterable[Experiment],
    found: Mapping[str, outcomes.Outcome],
    chain_of: Mapping[str, Chain] | None = None,
) -> Suggestion:
    """The level the data of a learning's experiments suggest (the rule in this module's
    docstring): `found` their outcomes, `chain_of` the chain of each that is in one."""
    chain_of = chain_of or {}
    best = Suggestion(1, "describe")
    for e in experiments:
        outcome = found.get(e.id)
        chain = chain_of.get(e.id)
        if (
            chain is not None
            and outcome is not None
            and outcome.status == outcomes.VALIDATED
            and chain.held_elsewhere(e)
        ):
            return Suggestion(
                4,
                "replicated",
                {"title": e.title, "tested": len(chain.tested), "held": len(chain.held)},
            )
        if _measured_and_met(e, outcome):
            if e.comparison_group and best.level < 3:
                best = Suggestion(3, "compared", {"title": e.title, "group": e.comparison_group})
            elif best.level < 2:
                best = Suggestion(2, "measured", {"title": e.title})
    return best
