"""Assumptions, experiments (test cards), result entries and learning cards: the use cases.

Writes check the actor's permission first, then go through services/core/records.py. Result
entries are appended with `$push` and no revision check (an append can never lose anyone's
edit); a correction checks the entry's own revision and keeps the previous value in the
entry's history; an edit of the test card checks `card_revision`, so entries being recorded
never make a card edit fail, nor the other way round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from models.base import stored, today, utcnow
from models.city import City
from models.experiment import (
    RESULTS_MAX,
    Assumption,
    AssumptionCreate,
    AssumptionUpdate,
    Experiment,
    ExperimentCreate,
    ExperimentUpdate,
    Learning,
    LearningCreate,
    LearningUpdate,
    ResultEntry,
    ResultFields,
    ResultRevision,
    tested_assumption_ids,
    unit_range,
)
from models.network import Network
from models.user import User
from services.core import access, collections, i18n, permissions, records, store
from services.core.errors import InvalidInput, NotFound, StateChanged
from services.experiments import outcomes
from services.network import networks

ASSUMPTIONS = collections.ASSUMPTIONS
EXPERIMENTS = collections.EXPERIMENTS
LEARNINGS = collections.LEARNINGS
# New results go to running experiments only (the record page, the results CSV import).
RECORDABLE_STATUS = "running"
# An experiment done or stopped has its outcome: no entry may be added or corrected any more.
CLOSED_STATUSES = frozenset({"done", "stopped"})


# --- assumptions -------------------------------------------------------------------------------


def statement(assumption: Assumption | AssumptionCreate, lang: str = "en") -> str:
    """ "We believe that ... because ..." in `lang` (without the because part when empty).

    Give the language the assumption was written in (its city's team's: `statement_language`),
    so that the frame never wraps text in another language."""
    if assumption.reason:
        return i18n.t(
            "experiments.statement", lang, belief=assumption.belief, reason=assumption.reason
        )
    return i18n.t("experiments.statement_short", lang, belief=assumption.belief)


def statement_language(city: City | None, reader: str) -> str:
    """The language a city's statements are framed in: its team's, else the reader's."""
    return (city.language if city is not None else None) or reader


def _check_category(network: Network, category: str) -> None:
    if category not in {c.key for c in network.assumption_categories}:
        raise InvalidInput("category", "experiments.error.category", category=category)


def _check_method(network_id: str, method_key: str | None) -> None:
    # A method is one of the network's list ("what works where" groups experiments by it).
    if method_key is not None and networks.get_network(network_id).method(method_key) is None:
        raise InvalidInput("method_key", "experiments.error.method", method=method_key)


def create_assumption(
    actor: User, city_id: str, data: AssumptionCreate, submission: str | None = None
) -> Assumption:
    """A new assumption in the city (its category one of the network's). A repeated form
    `submission` returns the assumption the first one created."""
    city = networks.city_for(actor, "experiment.edit", city_id)
    _check_category(networks.get_network(city.network_id), data.category)
    assumption = Assumption(network_id=city.network_id, city_id=city.id, **data.model_dump())
    return records.insert(ASSUMPTIONS, assumption, actor, city_id=city.id, submission=submission)


def update_assumption(actor: User, assumption: Assumption, data: AssumptionUpdate) -> Assumption:
    """Edit the fields set in `data` (revision-checked: Conflict if someone saved since
    `assumption` was read)."""
    stored_doc = access.stored(actor, "experiment.edit", ASSUMPTIONS, Assumption, assumption.id)
    changes = data.model_dump(exclude_unset=True)
    if "category" in changes:
        _check_category(networks.get_network(stored_doc.network_id), changes["category"])
    return records.update(
        ASSUMPTIONS,
        access.as_read(stored_doc, assumption),
        changes,
        actor,
        city_id=stored_doc.city_id,
    )


def list_assumptions(user: User, city_id: str) -> list[Assumption]:
    """The city's assumptions, riskiest first."""
    networks.city_for(user, "experiment.read", city_id)
    found = records.find(ASSUMPTIONS, Assumption, {"city_id": city_id})
    return sorted(found, key=lambda a: (-a.riskiness, a.created_at))


# --- experiments -------------------------------------------------------------------------------


def _check_links(coll: str, field: str, city_id: str, ids: list[str]) -> None:
    """Refuse links (`field`) to documents of `coll` that are not in the same city."""
    if not ids:
        return
    known = {
        d["_id"]
        for d in store.get().find(
            coll, {"_id": {"$in": list(ids)}, "city_id": city_id}, projection={"_id": 1}
        )
    }
    missing = [i for i in ids if i not in known]
    if missing:
        raise InvalidInput(field, "experiments.error.unknown_links", ids=missing[0])


def _check_replicates(
    actor: User, city_id: str, network_id: str, target_id: str | None, own_id: str | None = None
) -> None:
    """A replication names an experiment of another city of the same network, one whose test
    card the actor may read, and never makes a loop (A replicates B replicates A)."""
    if target_id is None:
        return
    db = store.get()
    target = db.find_one(
        EXPERIMENTS, {"_id": target_id}, projection={"city_id": 1, "network_id": 1}
    )
    if (
        target is None
        or target.get("network_id") != network_id
        or not permissions.allowed(actor, "experiment.card.read", target.get("city_id"))
    ):
        raise InvalidInput("replicates", "experiments.error.replicates_unknown", id=target_id)
    if target.get("city_id") == city_id:
        raise InvalidInput("replicates", "experiments.error.replicates_own_city")
    if own_id is None:
        return
    links = {
        d["_id"]: d.get("replicates")
        for d in db.find(EXPERIMENTS, {"network_id": network_id}, projection={"replicates": 1})
    }
    current, seen = target_id, set()
    while current is not None and current not in seen:
        if current == own_id:
            raise InvalidInput("replicates", "experiments.error.replicates_loop")
        seen.add(current)
        current = links.get(current)


def create_experiment(
    actor: User, city_id: str, data: ExperimentCreate, submission: str | None = None
) -> Experiment:
    """A new test card in the city, testing assumptions of that city (and replicating, if it
    says so, an experiment of another city of the network). A repeated form `submission`
    returns the test card the first one created."""
    city = networks.city_for(actor, "experiment.edit", city_id)
    _check_links(ASSUMPTIONS, "assumption_ids", city.id, data.assumption_ids)
    _check_method(city.network_id, data.method_key)
    _check_replicates(actor, city.id, city.network_id, data.replicates)
    experiment = Experiment(network_id=city.network_id, city_id=city.id, **data.model_dump())
    return records.insert(EXPERIMENTS, experiment, actor, city_id=city.id, submission=submission)


def _readable(user: User, coll: str, model: type, doc_id: str) -> Any:
    """The document, if the user may read its city's experiments (NotFound otherwise)."""
    return access.stored(user, "experiment.read", coll, model, doc_id, refused=access.HIDDEN)


def get_experiment(user: User, experiment_id: str) -> Experiment:
    """One experiment the user may read (NotFound otherwise, so ids are not probed)."""
    return _readable(user, EXPERIMENTS, Experiment, experiment_id)


def _card_update(
    actor: User, experiment: Experiment, changes: dict[str, Any], action: str = "update"
) -> Experiment:
    """Apply card changes if the card is unchanged since read (entries do not count)."""
    changes = {k: stored(v) for k, v in changes.items()}
    merged = Experiment.model_validate({**experiment.to_doc(), **changes})
    new_values = {k: v for k, v in merged.to_doc().items() if k in changes}
    return records.apply(
        EXPERIMENTS,
        Experiment,
        experiment.id,
        experiment.card_revision,
        {"$set": new_values},
        actor,
        network_id=experiment.network_id,
        fields=list(new_values),
        city_id=experiment.city_id,
        action=action,
        attempted=new_values,
        revision_field="card_revision",
    )


def update_experiment(actor: User, experiment: Experiment, data: ExperimentUpdate) -> Experiment:
    """Edit the fields of the test card set in `data` (Conflict if another card edit landed
    since `experiment` was read)."""
    stored_doc = access.stored(actor, "experiment.edit", EXPERIMENTS, Experiment, experiment.id)
    changes = data.model_dump(exclude_unset=True)
    if "assumption_ids" in changes:
        _check_links(ASSUMPTIONS, "assumption_ids", stored_doc.city_id, changes["assumption_ids"])
    if "method_key" in changes:
        _check_method(stored_doc.network_id, changes["method_key"])
    if "replicates" in changes:
        _check_replicates(
            actor, stored_doc.city_id, stored_doc.network_id, changes["replicates"], stored_doc.id
        )
    return _card_update(actor, access.as_read(stored_doc, experiment, "card_revision"), changes)


def set_status(actor: User, experiment: Experiment, status: str) -> Experiment:
    """Move the experiment to design / running / analysing / done."""
    data = ExperimentUpdate(status=status)
    stored_doc = access.stored(actor, "experiment.edit", EXPERIMENTS, Experiment, experiment.id)
    return _card_update(
        actor,
        access.as_read(stored_doc, experiment, "card_revision"),
        data.model_dump(exclude_unset=True),
        action="status",
    )


def list_experiments(user: User, city_id: str, status: str | None = None) -> list[Experiment]:
    """The city's experiments, by cycle then start date."""
    networks.city_for(user, "experiment.read", city_id)
    filter: dict[str, Any] = {"city_id": city_id}
    if status is not None:
        filter["status"] = status
    return records.find(EXPERIMENTS, Experiment, filter, sort=[("cycle", 1), ("start", 1)])


def recordable_experiments(user: User) -> list[Experiment]:
    """Running experiments in the cities where the user may record results, newest first."""
    filter: dict[str, Any] = {"network_id": user.network_id, "status": RECORDABLE_STATUS}
    visible = permissions.visible_city_ids(user, "experiment.result.record")
    if visible is not None:
        filter["city_id"] = {"$in": sorted(visible)}
    return records.find(EXPERIMENTS, Experiment, filter, sort=[("start", -1)])


def refuse_closed(experiment: Experiment) -> None:
    """StateChanged when `experiment` (as stored) is done or stopped: its results are final."""
    if experiment.status in CLOSED_STATUSES:
        raise StateChanged("status", f"experiments.error.closed.{experiment.status}")


def record_result(
    actor: User, experiment_id: str, data: ResultFields, submission: str | None = None
) -> Experiment:
    """Append one entry (date, value or observation, note), stamped with who and when.
    Refused (StateChanged) once the stored experiment is done or stopped.

    Appends are never refused for a stale read: they cannot overwrite anything. `submission`
    (the form's submission id, screens/_ui/forms.py) becomes the entry's id: the same submission
    sent twice (a double click) is recorded once, and the second call returns the stored card;
    two submissions are two entries, whatever their values. A value outside its unit's range
    (a share above 100 %) is refused, naming the field.
    """
    experiment = access.stored(
        actor, "experiment.result.record", EXPERIMENTS, Experiment, experiment_id
    )
    if submission is not None and experiment.entry(submission) is not None:
        return experiment
    refuse_closed(experiment)
    if len(experiment.results) >= RESULTS_MAX:
        raise InvalidInput("results", "experiments.error.too_many_results", max=RESULTS_MAX)
    _check_range(data.value, experiment.unit if data.unit is None else data.unit)
    entry = ResultEntry(
        **({"id": submission} if submission is not None else {}),
        date=data.date,
        value=data.value,
        observation=data.observation,
        note=data.note,
        unit=experiment.unit if data.unit is None else data.unit,
        recorded_by=actor.id,
        recorded_by_name=actor.display_name,
        recorded_at=utcnow(),
    )
    return records.apply(
        EXPERIMENTS,
        Experiment,
        experiment.id,
        None,
        {"$push": {"results": stored(entry)}},
        actor,
        network_id=experiment.network_id,
        fields=["results"],
        city_id=experiment.city_id,
        action="result.record",
        note=entry.id,
        submission=submission,
    )


def _check_range(value: float | None, unit: str) -> None:
    """Refuse a value its unit cannot take (a share outside 0-100 %), naming the field."""
    bounds = unit_range(unit)
    if value is not None and bounds is not None and not bounds[0] <= value <= bounds[1]:
        low, high = bounds
        raise InvalidInput(
            "value", "experiments.error.out_of_range", low=f"{low:g}", high=f"{high:g}", unit=unit
        )


def correct_result(
    actor: User, experiment: Experiment, entry_id: str, data: ResultFields
) -> Experiment:
    """Correct one entry; the previous version goes to the entry's history. Refused
    (StateChanged) once the stored experiment is done or stopped.

    Checks the entry's revision as read in `experiment` (Conflict if it was corrected since);
    other entries and the test card may change meanwhile without any conflict.
    """
    stored_doc = access.stored(
        actor, "experiment.result.record", EXPERIMENTS, Experiment, experiment.id
    )
    refuse_closed(stored_doc)
    read, found = experiment.entry(entry_id), stored_doc.entry(entry_id)
    if read is None or found is None:
        raise NotFound(entity="results", id=entry_id)
    index, entry = found
    read_revision = read[1].revision
    experiment = stored_doc
    new = {
        "date": data.date,
        "value": data.value,
        "observation": data.observation,
        "note": data.note,
        "unit": entry.unit if data.unit is None else data.unit,
    }
    if all(getattr(entry, k) == v for k, v in new.items()):
        return experiment
    _check_range(data.value, new["unit"])
    previous = ResultRevision(
        date=entry.date,
        value=entry.value,
        observation=entry.observation,
        note=entry.note,
        unit=entry.unit,
        changed_by=actor.id,
        changed_by_name=actor.display_name,
        changed_at=utcnow(),
    )
    ResultEntry.model_validate({**entry.model_dump(), **new})  # nothing invalid is written
    prefix = f"results.{index}"
    return records.apply(
        EXPERIMENTS,
        Experiment,
        experiment.id,
        read_revision,
        {
            "$set": {f"{prefix}.{k}": stored(v) for k, v in new.items()},
            "$push": {f"{prefix}.history": stored(previous)},
        },
        actor,
        network_id=experiment.network_id,
        fields=["results"],
        city_id=experiment.city_id,
        action="result.correct",
        note=entry_id,
        attempted={"entry_id": entry_id, **new},
        revision_field=f"{prefix}.revision",
    )


# --- learnings ---------------------------------------------------------------------------------


def create_learning(
    actor: User, city_id: str, data: LearningCreate, submission: str | None = None
) -> Learning:
    """A learning card fed by experiments of the same city. A repeated form `submission`
    returns the learning card the first one created."""
    city = networks.city_for(actor, "learning.edit", city_id)
    _check_links(EXPERIMENTS, "experiment_ids", city.id, data.experiment_ids)
    learning = Learning(network_id=city.network_id, city_id=city.id, **data.model_dump())
    return records.insert(LEARNINGS, learning, actor, city_id=city.id, submission=submission)


def update_learning(actor: User, learning: Learning, data: LearningUpdate) -> Learning:
    """Edit the fields of a learning card set in `data` (revision-checked)."""
    stored_doc = access.stored(actor, "learning.edit", LEARNINGS, Learning, learning.id)
    changes = data.model_dump(exclude_unset=True)
    if "experiment_ids" in changes:
        _check_links(EXPERIMENTS, "experiment_ids", stored_doc.city_id, changes["experiment_ids"])
    updated = records.update(
        LEARNINGS, access.as_read(stored_doc, learning), changes, actor, city_id=stored_doc.city_id
    )
    return updated


def list_learnings(user: User, city_id: str) -> list[Learning]:
    """The city's learning cards, newest first."""
    networks.city_for(user, "experiment.read", city_id)
    return records.find(LEARNINGS, Learning, {"city_id": city_id}, sort=[("created_at", -1)])


# --- outcomes and the city summary -------------------------------------------------------------


def city_outcomes(
    experiments: Iterable[Experiment], learnings: Iterable[Learning], on: dt.date | None = None
) -> dict[str, outcomes.Outcome]:
    """Each experiment's outcome, by experiment id."""
    on = on or today()
    learnings = list(learnings)
    return {e.id: outcomes.outcome(e, on, learnings) for e in experiments}


# --- frames for pages and exports --------------------------------------------------------------


def results_frame(experiment: Experiment) -> pd.DataFrame:
    """One row per entry, oldest first: whether it counts for the outcome, and why not."""
    columns = [
        "id",
        "date",
        "value",
        "unit",
        "observation",
        "note",
        "recorded_by",
        "recorded_at",
        "corrections",
        "counts",
    ]
    rows = []
    for entry in experiment.results:
        if entry.value is None:
            counts = "observation"
        elif not outcomes.same_unit(entry.unit, experiment.unit):
            counts = "other_unit"
        elif not experiment.start <= entry.date <= experiment.end:
            counts = "outside_window"
        else:
            counts = "yes"
        rows.append(
            {
                "id": entry.id,
                "date": pd.Timestamp(entry.date),
                "value": entry.value,
                "unit": entry.unit,
                "observation": entry.observation,
                "note": entry.note,
                "recorded_by": entry.recorded_by_name or entry.recorded_by,
                "recorded_at": pd.Timestamp(entry.recorded_at),
                "corrections": len(entry.history),
                "counts": counts,
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["date", "recorded_at"], kind="stable").reset_index(drop=True)


def assumptions_frame(
    assumptions: list[Assumption],
    experiments: list[Experiment],
    found: dict[str, outcomes.Outcome],
) -> pd.DataFrame:
    """One row per assumption: scores, riskiness, how many experiments test it, their outcomes."""
    columns = [
        "id",
        "belief",
        "category",
        "importance",
        "evidence",
        "riskiness",
        "riskiest",
        "experiments",
        "tested",
        "outcome",
    ]
    rows = []
    for a in assumptions:
        testing = [e for e in experiments if a.id in e.assumption_ids]
        statuses = [found[e.id].status for e in testing if e.id in found]
        rows.append(
            {
                "id": a.id,
                "belief": a.belief,
                "category": a.category,
                "importance": a.importance,
                "evidence": a.evidence,
                "riskiness": a.riskiness,
                "riskiest": a.riskiest,
                "experiments": len(testing),
                "tested": bool(testing),
                "outcome": _assumption_outcome(statuses),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _assumption_outcome(statuses: list[str]) -> str:
    """An assumption's outcome from its experiments': a decided one wins over open ones."""
    if not statuses:
        return "untested"
    for status in (outcomes.INVALIDATED, outcomes.VALIDATED, outcomes.INCONCLUSIVE):
        if status in statuses:
            return status
    return outcomes.IN_PROGRESS


def outcomes_by_category_frame(
    assumptions: list[Assumption],
    experiments: list[Experiment],
    found: dict[str, outcomes.Outcome],
) -> pd.DataFrame:
    """Experiments counted per (assumption category, outcome); an experiment counts once per
    category it tests."""
    category_of = {a.id: a.category for a in assumptions}
    rows = []
    for e in experiments:
        categories = {category_of[i] for i in e.assumption_ids if i in category_of}
        for category in sorted(categories) or ["none"]:
            rows.append({"category": category, "outcome": found[e.id].status})
    frame = pd.DataFrame(rows, columns=["category", "outcome"])
    return frame.groupby(["category", "outcome"]).size().reset_index(name="experiments")


def riskiest_tested(assumptions: list[Assumption], experiments: list[Experiment]) -> dict:
    """How many of the riskiest assumptions a finished experiment (in analysis or done) has
    tested: the same count as the stage gate's rule (services/network/progress.py)."""
    riskiest = [a for a in assumptions if a.riskiest]
    tested_ids = tested_assumption_ids(experiments)
    tested = sum(1 for a in riskiest if a.id in tested_ids)
    return {
        "riskiest": len(riskiest),
        "tested": tested,
        "share": tested / len(riskiest) if riskiest else 0.0,
    }
