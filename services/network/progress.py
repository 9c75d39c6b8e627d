"""Stage progress: each gate item is met by a rule over the city's data or by a hand tick.

A city's `stage` is the stage it has been approved into; the gate of that stage is the checklist
to complete before a coordinator approves the move to the next one. The city is "ready for
approval" when every item of its current gate is met. Rules are data: `RULES` maps a rule key
(what a gate item's `rule` names) to a check over an `EvidenceBundle`, each with a threshold
that the page shows next to what was found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from models import experiment as em
from models.base import Bilingual, utcnow
from models.city import City, GateTick, StageEntry
from models.network import GateItem, Network
from models.user import User
from services.core import access, collections, records, store
from services.core.errors import InvalidInput
from services.network import networks

PLANS = collections.PLANS
PLAN_VERSIONS = collections.PLAN_VERSIONS
EXPERIMENTS = collections.EXPERIMENTS
ASSUMPTIONS = collections.ASSUMPTIONS


@dataclasses.dataclass(frozen=True)
class EvidenceBundle:
    """What the rules look at: plan content by section kind, frozen versions, and which
    assumptions are the riskiest and which a finished experiment tested."""

    sections: Mapping[str, Mapping[str, Any]]
    versions: frozenset[int] = frozenset()
    riskiest: frozenset[str] = frozenset()  # ids of the assumptions in the riskiest corner
    tested: frozenset[str] = frozenset()  # ids linked to a finished experiment
    scope: str = "strategy"  # a focused "project" plan has no vision section
    today: dt.date = dataclasses.field(default_factory=lambda: utcnow().date())

    def content(self, kind: str) -> Mapping[str, Any]:
        return self.sections.get(kind) or {}


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# --- what each rule counts ---------------------------------------------------------------------


def _context_written(e: EvidenceBundle) -> int:
    return int(_text(e.content("context").get("narrative")))


def _partners(e: EvidenceBundle) -> int:
    return sum(1 for p in e.content("context").get("partners") or [] if _text(p.get("name")))


def _statement(e: EvidenceBundle) -> int:
    return int(_text(e.content("problem").get("statement")))


def _tree(e: EvidenceBundle) -> int:
    tree = e.content("problem").get("tree") or {}
    # Both sides of the tree are needed: the count is that of the thinner side.
    return min(len(tree.get("causes") or []), len(tree.get("effects") or []))


def _sectors(e: EvidenceBundle) -> int:
    people = e.content("stakeholders").get("stakeholders") or []
    return len({s.get("sector") for s in people if s.get("sector")})


def meeting_dates(e: EvidenceBundle) -> list[dt.date]:
    """Dates of the LAG meetings in the plan, held or planned."""
    meetings = e.content("stakeholders").get("meetings") or []
    return [d for d in (_as_date(m.get("date")) for m in meetings) if d is not None]


def held(day: dt.date, today: dt.date) -> bool:
    """Whether something dated `day` has happened on `today`: a dated record (a meeting, a
    result, a check-in) counts from its own date on, never before; what is dated later is
    planned. The gate, the summary and a report's draft all read this one rule."""
    return day <= today


def _meetings(e: EvidenceBundle) -> int:
    # Only meetings that took place count: a meeting planned for next month is not evidence.
    return sum(1 for d in meeting_dates(e) if held(d, e.today))


def upcoming_meetings(e: EvidenceBundle) -> list[dt.date]:
    """Dates of meetings planned after the evidence's day: each starts to count on its date."""
    return sorted(d for d in meeting_dates(e) if not held(d, e.today))


def _vision(e: EvidenceBundle) -> int:
    if e.scope == "project" and "vision" not in e.sections:
        # A focused project has no long-term vision: its objective sits in its actions.
        return sum(1 for a in e.content("actions").get("actions") or [] if _text(a.get("title")))
    vision = e.content("vision")
    return len(vision.get("objectives") or []) if _text(vision.get("statement")) else 0


def _actions(e: EvidenceBundle) -> int:
    actions = e.content("actions").get("actions") or []
    return sum(1 for a in actions if _text(a.get("owner")) and a.get("start") and a.get("end"))


def _version(number: int) -> Callable[[EvidenceBundle], int]:
    return lambda e: int(number in e.versions)


def _riskiest_tested(e: EvidenceBundle) -> int:
    return len(e.riskiest & e.tested)


def _riskiest_count(e: EvidenceBundle) -> int:
    # Every riskiest assumption, and at least one: a city with no assumption tested nothing.
    return max(1, len(e.riskiest))


@dataclasses.dataclass(frozen=True)
class RuleSpec:
    """A rule: a count over the evidence and the least count that meets it (a number, or a
    count over the same evidence when the goal depends on the city's data)."""

    count: Callable[[EvidenceBundle], int]
    needed: int | Callable[[EvidenceBundle], int] = 1
    counted: bool = True  # False for yes/no rules, where "found 1" would say nothing

    def needed_for(self, e: EvidenceBundle) -> int:
        return self.needed(e) if callable(self.needed) else self.needed


RULE_SPECS: dict[str, RuleSpec] = {
    "context_written": RuleSpec(_context_written, counted=False),
    "partners_listed": RuleSpec(_partners),
    "problem_statement": RuleSpec(_statement, counted=False),
    "problem_tree": RuleSpec(_tree),
    "stakeholder_sectors": RuleSpec(_sectors, needed=3),
    "lag_meetings": RuleSpec(_meetings, needed=2),
    "vision_objectives": RuleSpec(_vision),
    "actions_planned": RuleSpec(_actions),
    "plan_v1": RuleSpec(_version(1), counted=False),
    "plan_v2": RuleSpec(_version(2), counted=False),
    "riskiest_tested": RuleSpec(_riskiest_tested, needed=_riskiest_count),
}
# Old rule names kept so that stored gates keep working; each means the rule it names.
# "experiments_done" stood under the label "Riskiest assumptions tested" but was met by any
# one finished experiment: it now does what that label says.
RULE_ALIASES: dict[str, str] = {"experiments_done": "riskiest_tested"}
RULE_SPECS.update({old: RULE_SPECS[new] for old, new in RULE_ALIASES.items()})


def _check(spec: RuleSpec) -> Callable[[EvidenceBundle], bool]:
    return lambda e: spec.count(e) >= spec.needed_for(e)


RULES: dict[str, Callable[[EvidenceBundle], bool]] = {
    name: _check(spec) for name, spec in RULE_SPECS.items()
}


def rule_description_key(rule: str) -> str:
    """The translation key of a rule's description (every rule has one in EN and FR)."""
    return f"progress.rule.{RULE_ALIASES.get(rule, rule)}"


# --- evidence ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True)
    return value


def evidence(
    plan: Any,
    versions: Any = (),
    assumptions: Any = (),
    experiments: Any = (),
    today: dt.date | None = None,
) -> EvidenceBundle:
    """The evidence in a plan (a models.plan.Plan or its stored dict; None for no plan), its
    frozen versions, and the city's assumptions and experiments.

    Only enabled sections count: a hidden section is not part of the plan the city presents.
    `versions` are version numbers or PlanVersion objects/dicts; `assumptions` and
    `experiments` are models or their stored dicts.
    """
    plan = _plain(plan) or {}
    sections: dict[str, Mapping[str, Any]] = {}
    for key in plan.get("order") or list((plan.get("sections") or {}).keys()):
        section = _plain((plan.get("sections") or {}).get(key)) or {}
        content = _plain(section.get("content")) or {}
        kind = content.get("kind", key)
        if section.get("enabled", True) and kind != "custom" and kind not in sections:
            sections[kind] = content
    numbers = set()
    for version in versions or ():
        version = _plain(version)
        numbers.add(int(version["number"] if isinstance(version, Mapping) else version))
    riskiest = set()
    for a in assumptions or ():
        a = _plain(a)
        if em.is_riskiest(int(a.get("importance", 3)), int(a.get("evidence", 3))):
            riskiest.add(a.get("_id") or a.get("id"))
    tested = em.tested_assumption_ids([_plain(e) for e in experiments or ()])
    return EvidenceBundle(
        sections=sections,
        versions=frozenset(numbers),
        riskiest=frozenset(riskiest),
        tested=frozenset(tested),
        scope=str(plan.get("scope") or "strategy"),
        today=today or utcnow().date(),
    )


def load_evidence(city_id: str) -> EvidenceBundle:
    """The stored evidence of one city: its working plan, frozen versions, assumptions and
    the links of its experiments."""
    db = store.get()
    where = {"city_id": city_id}
    plan = db.find_one(PLANS, where)
    versions = db.distinct(PLAN_VERSIONS, "number", where)
    assumptions = db.find(ASSUMPTIONS, where, projection={"importance": 1, "evidence": 1})
    tests = db.find(EXPERIMENTS, where, projection={"status": 1, "assumption_ids": 1})
    return evidence(plan, versions, assumptions, tests)


# --- progress ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ItemProgress:
    """One gate item: met or not, and what decided it (a rule, a hand tick, or nothing yet)."""

    key: str
    label: Bilingual
    rule: str | None
    met: bool
    source: str  # "rule", "tick" or "none" (a manual item nobody ticked)
    found: int | None = None  # what the rule counted (None for yes/no rules and manual items)
    needed: int | None = None
    tick: GateTick | None = None


@dataclasses.dataclass(frozen=True)
class StageStatus:
    key: str
    label: Bilingual
    position: int  # 1-based
    state: str  # "approved" (passed), "current" or "upcoming"
    items: list[ItemProgress]
    entered_at: dt.datetime | None = None
    approved_by: str | None = None

    @property
    def met(self) -> int:
        return sum(1 for item in self.items if item.met)

    @property
    def share(self) -> float:
        """Share of gate items met (1.0 for a stage without a checklist)."""
        return self.met / len(self.items) if self.items else 1.0

    @property
    def complete(self) -> bool:
        return all(item.met for item in self.items)


@dataclasses.dataclass(frozen=True)
class StageProgress:
    """Every stage of the method for one city, and where the city stands."""

    city_id: str
    stages: list[StageStatus]
    current: str
    next_stage: str | None
    completed: StageEntry | None = None  # the last stage marked completed (who, when)

    @property
    def current_status(self) -> StageStatus:
        return next(s for s in self.stages if s.key == self.current)

    @property
    def share(self) -> float:
        """Share of the current stage's gate that is met (the dashboard's figure)."""
        return self.current_status.share

    @property
    def ready(self) -> bool:
        """Every item of the current gate is met, and there is a next stage to approve."""
        return self.next_stage is not None and self.current_status.complete


def _tick_for(city: City, stage: str, item: str) -> GateTick | None:
    return next((t for t in city.gate_ticks if t.stage == stage and t.item == item), None)


def item_progress(city: City, stage: str, item: GateItem, evidence: EvidenceBundle) -> ItemProgress:
    """Whether one gate item is met, and why."""
    if item.rule:
        spec = RULE_SPECS.get(item.rule)
        if spec is None:  # a rule removed from the catalogue: never silently met
            return ItemProgress(item.key, item.label, item.rule, False, "rule")
        found, needed = spec.count(evidence), spec.needed_for(evidence)
        return ItemProgress(
            item.key,
            item.label,
            item.rule,
            found >= needed,
            "rule",
            found if spec.counted else None,
            needed if spec.counted else None,
        )
    tick = _tick_for(city, stage, item.key)
    if tick is None:
        return ItemProgress(item.key, item.label, None, False, "none")
    return ItemProgress(item.key, item.label, None, tick.met, "tick", tick=tick)


def stage_progress(
    network: Network,
    city: City,
    plan: Any = None,
    versions: Any = (),
    *,
    bundle: EvidenceBundle | None = None,
) -> StageProgress:
    """Progress of every stage for `city`: items met or not (with their source), shares,
    the current stage (the one last approved) and the next one."""
    bundle = bundle or evidence(plan, versions)
    keys = [s.key for s in network.stages]
    current = city.stage if city.stage in keys else keys[0]
    at = keys.index(current)
    # The latest entry into each stage (approved into it, or returned to it).
    entries = {e.stage: e for e in city.stage_history if e.kind != "completed"}
    completed = city.completed
    stages = []
    for i, stage in enumerate(network.stages):
        entry = entries.get(stage.key)
        passed = i < at or (i == at and completed is not None)
        stages.append(
            StageStatus(
                key=stage.key,
                label=stage.label,
                position=i + 1,
                state="approved" if passed else "current" if i == at else "upcoming",
                items=[item_progress(city, stage.key, item, bundle) for item in stage.gate],
                entered_at=entry.entered_at if entry and i <= at else None,
                approved_by=entry.approved_by if entry and i <= at else None,
            )
        )
    next_stage = keys[at + 1] if at + 1 < len(keys) else None
    return StageProgress(city.id, stages, current, next_stage, completed)


def expected_stage(network: Network, today: dt.date | None = None) -> tuple[str, dt.date] | None:
    """The stage the programme timeline expects now (of the phase running today) and by when."""
    today = today or utcnow().date()
    for phase in sorted(network.timeline, key=lambda p: p.start):
        if phase.start <= today <= phase.end:
            return phase.expected_stage, phase.end
    return None


def city_progress(user: User, city_id: str) -> tuple[City, Network, StageProgress]:
    """One city's progress, for someone who may see the city."""
    city = networks.get_city(user, city_id)
    network = networks.get_network(city.network_id)
    return city, network, stage_progress(network, city, bundle=load_evidence(city.id))


# --- use cases ---------------------------------------------------------------------------------


def _stored_city(actor: User, action: str, city: City) -> City:
    """The city as stored, once `action` is allowed there (NotFound for another network's),
    carrying the revision the page read: every decision reads the stored network, stage,
    history and ticks, never those of the object handed in; the write still fails (Conflict)
    when the city changed since the page read it."""
    return access.as_read(networks.city_for(actor, action, city.id), city)


def _repeated(city: City, submission: str | None) -> City | None:
    """The city as the form `submission` left it, when that submission already wrote it (a
    double click): the first result, before any rule is checked again."""
    return records.submitted(networks.CITIES, City, submission, city.network_id)


def tick_gate_item(
    actor: User,
    city: City,
    stage: str,
    item: str,
    met: bool,
    note: str = "",
    *,
    submission: str | None = None,
) -> City:
    """Tick (or untick) a manual gate item of `city`, with a note (the summary follows).

    Only items without a rule can be ticked (a rule decides the others). Ticking as met needs
    a note saying where the evidence is. A form's `submission` sent again writes nothing.
    """
    city = _stored_city(actor, "plan.edit", city)
    if (first := _repeated(city, submission)) is not None:
        return first
    network = networks.get_network(city.network_id)
    found = network.stage(stage)
    if found is None:
        raise InvalidInput("stage", "progress.error.unknown_stage", stage=stage)
    gate_item = next((i for i in found.gate if i.key == item), None)
    if gate_item is None:
        raise InvalidInput("item", "progress.error.unknown_item", item=item)
    if gate_item.rule:
        raise InvalidInput("item", "progress.error.rule_item", item=item)
    tick = GateTick(
        stage=stage,
        item=item,
        met=met,
        note=note,
        by=actor.id,
        by_name=actor.display_name,
        at=utcnow(),
    )
    if met and not tick.note:
        raise InvalidInput("note", "progress.error.note_required")
    ticks = [t for t in city.gate_ticks if (t.stage, t.item) != (stage, item)] + [tick]
    return records.update(
        networks.CITIES,
        city,
        {"gate_ticks": ticks},
        actor,
        city_id=city.id,
        action="tick_gate_item",
        note=f"{stage}.{item}",
        submission=submission,
    )


def approve_stage(
    actor: User,
    city: City,
    *,
    force: bool = False,
    note: str = "",
    submission: str | None = None,
) -> City:
    """Move `city` to the next stage, recording who approved and when in its stage history.

    Refused while the current gate is not met, unless `force` with a note saying why. A form's
    `submission` sent again (a double click) moves nothing further: the city as it left it.
    """
    city = _stored_city(actor, "stage.approve", city)
    if (first := _repeated(city, submission)) is not None:
        return first
    network = networks.get_network(city.network_id)
    progress = stage_progress(network, city, bundle=load_evidence(city.id))
    if progress.next_stage is None:
        raise InvalidInput("stage", "progress.error.last_stage")
    entry = StageEntry(
        stage=progress.next_stage,
        entered_at=utcnow(),
        approved_by=actor.id,
        approved_by_name=actor.display_name,
        note=note,
        forced=not progress.current_status.complete,
    )
    if not progress.current_status.complete:
        if not force:
            missing = ", ".join(
                i.label.get(actor.language) for i in progress.current_status.items if not i.met
            )
            raise InvalidInput("gate", "progress.error.gate_not_met", missing=missing)
        if not entry.note:
            raise InvalidInput("note", "progress.error.force_note")
    return records.update(
        networks.CITIES,
        city,
        {"stage": progress.next_stage, "stage_history": [*city.stage_history, entry]},
        actor,
        city_id=city.id,
        action="approve_stage",
        note=entry.note,
        submission=submission,
    )


def _entry(actor: User, stage: str, kind: str, note: str, forced: bool = False) -> StageEntry:
    return StageEntry(
        stage=stage,
        entered_at=utcnow(),
        approved_by=actor.id,
        approved_by_name=actor.display_name,
        note=note,
        forced=forced,
        kind=kind,
    )


def return_to_stage(
    actor: User, city: City, stage: str, note: str, *, submission: str | None = None
) -> City:
    """Send `city` back to an earlier stage (cities sometimes go back: a partner left, the
    problem changed), with a note saying why; the stage history keeps the move. A completed
    city may also be returned to its last stage, which reopens it. Hand ticks are kept: the
    gates of the stages it passes again are checked as they stand. A form's `submission`
    sent again writes nothing."""
    city = _stored_city(actor, "stage.approve", city)
    if (first := _repeated(city, submission)) is not None:
        return first
    network = networks.get_network(city.network_id)
    keys = [s.key for s in network.stages]
    if stage not in keys:
        raise InvalidInput("stage", "progress.error.unknown_stage", stage=stage)
    current = city.stage if city.stage in keys else keys[0]
    earlier = keys.index(stage) < keys.index(current)
    reopen = stage == current and city.completed is not None
    if not (earlier or reopen):
        raise InvalidInput("stage", "progress.error.not_earlier", stage=stage)
    entry = _entry(actor, stage, "returned", note)
    if not entry.note.strip():
        raise InvalidInput("note", "progress.error.return_note")
    return records.update(
        networks.CITIES,
        city,
        {"stage": stage, "stage_history": [*city.stage_history, entry]},
        actor,
        city_id=city.id,
        action="return_stage",
        note=entry.note,
        submission=submission,
    )


def complete_last_stage(
    actor: User,
    city: City,
    *,
    force: bool = False,
    note: str = "",
    submission: str | None = None,
) -> City:
    """Mark the last stage of the method completed for `city` (who, when, in its history).

    Only at the last stage and not twice; refused while its gate is not met, unless `force`
    with a note saying why (as an approval). A form's `submission` sent again writes nothing."""
    city = _stored_city(actor, "stage.approve", city)
    if (first := _repeated(city, submission)) is not None:
        return first
    network = networks.get_network(city.network_id)
    progress = stage_progress(network, city, bundle=load_evidence(city.id))
    if progress.next_stage is not None:
        raise InvalidInput("stage", "progress.error.not_last_stage")
    if progress.completed is not None:
        raise InvalidInput("stage", "progress.error.already_completed")
    complete = progress.current_status.complete
    entry = _entry(actor, progress.current, "completed", note, forced=not complete)
    if not complete:
        if not force:
            missing = ", ".join(
                i.label.get(actor.language) for i in progress.current_status.items if not i.met
            )
            raise InvalidInput("gate", "progress.error.gate_not_met", missing=missing)
        if not entry.note.strip():
            raise InvalidInput("note", "progress.error.force_note")
    return records.update(
        networks.CITIES,
        city,
        {"stage_history": [*city.stage_history, entry]},
        actor,
        city_id=city.id,
        action="complete_stage",
        note=entry.note,
        submission=submission,
    )
