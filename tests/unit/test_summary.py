"""The city summary has one writer (services/dashboard/summary.py) and stays equal to a full
recomputation from the raw documents after every write use case of the services."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import pathlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pytest

from models import plan as pm
from models.base import utcnow
from models.city import CityFields, CitySummary
from models.experiment import (
    AssumptionCreate,
    AssumptionUpdate,
    Criterion,
    Experiment,
    ExperimentCreate,
    ExperimentUpdate,
    LearningCreate,
    LearningUpdate,
    PlanChangeProposal,
    ResultFields,
)
from models.indicator import IndicatorUpdate, MeasurementCreate
from models.user import Profile, UserAccess, UserCreate
from services.accounts import accounts
from services.core import collections, records, store
from services.dashboard import city_facts, summary, views
from services.experiments import experiments, proposals, replication
from services.network import directory, indicators, networks, progress, rollup, settings
from services.plans import plans, versions
from services.reporting import checkins, cycles
from services.reporting import settings as reporting_settings
from services.transfer import archive, results_csv
from tests import source_code
from tests.conftest import DemoSnapshot, World, reading_the_demo
from tests.unit import reporting_cases, workshop_cases

ROOT = pathlib.Path(__file__).resolve().parents[2]
NETWORK = "demo-network"
EXPERIMENTING = "city-0010"  # at the experimentation stage: experiments, learnings, V1 and V2
DESIGNING = "city-0007"  # at solution design, with two experiments in design
NEW_PASSWORD = "another long passphrase 2027"


# --- the recomputation the stored summary must equal ------------------------------------------


def recomputed(city_id: str, today: dt.date | None = None) -> CitySummary:
    """The summary computed from every raw document of the city, read here, not by refresh."""
    return recomputed_all(today, [city_id])[city_id]


_BY_CITY = (
    collections.PLAN_VERSIONS,
    collections.EXPERIMENTS,
    collections.LEARNINGS,
    collections.WORKSHOPS,
    collections.ASSUMPTIONS,
    collections.CHECKINS,
    collections.REPORT_CYCLES,
    collections.REPORTS,
    collections.INDICATOR_RECORDS,
)
# What every city's summary depends on: the network (its gates, its rhythm) and its grace days.
_SHARED = (collections.NETWORKS, collections.REPORTING_SETTINGS)


def recomputed_all(
    today: dt.date | None = None, city_ids: Iterable[str] | None = None
) -> dict[str, CitySummary]:
    """The summaries of every city (or of `city_ids`) computed from the raw documents, each
    collection read once and grouped by city here (not by refresh)."""
    db = store.get()
    only = {} if city_ids is None else {"city_id": {"$in": list(city_ids)}}
    found: dict[str, dict[str, list]] = {name: {} for name in _BY_CITY}
    for name in _BY_CITY:
        for doc in db.find(name, only):
            found[name].setdefault(doc.get("city_id"), []).append(doc)
    plans_of = {p["city_id"]: p for p in db.find(collections.PLANS, only)}
    networks_by_id = {n["_id"]: n for n in db.find(collections.NETWORKS, {})}
    cities = {} if city_ids is None else {"_id": {"$in": list(city_ids)}}
    out = {}
    for city in db.find(collections.CITIES, cities):
        cid, nid = city["_id"], city["network_id"]
        out[cid] = city_facts.compute(
            networks_by_id[nid],
            city,
            plans_of.get(cid),
            *(found[name].get(cid, []) for name in _BY_CITY[:4]),
            today,
            found[collections.ASSUMPTIONS].get(cid, []),
            found[collections.CHECKINS].get(cid, []),
            found[collections.REPORT_CYCLES].get(cid, []),
            found[collections.REPORTS].get(cid, []),
            cycles.terms_of(reporting_settings.get_settings(nid)),
            found[collections.INDICATOR_RECORDS].get(cid, []),
        )
    return out


@dataclass
class Baseline:
    """A store the test's store was copied from, and its cities' summaries recomputed."""

    store: store.Store
    recomputed: dict[str, CitySummary]


@pytest.fixture(scope="module")
def demo_baseline(demo_snapshot: DemoSnapshot) -> Baseline:
    """The demo, with every city's summary recomputed from its documents (once a module)."""
    with reading_the_demo(demo_snapshot):
        return Baseline(demo_snapshot.memory, recomputed_all())


def _raw(db: store.Store, coll: str) -> Iterable[dict]:
    """mongomock's own documents of `coll`, read in place (never changed here): the fastest
    way to compare two stores, and only to compare them."""
    found = db._client._store[db._db.name]._collections.get(coll)
    return found._documents.values() if found is not None else ()


def _inputs(db: store.Store) -> tuple[list, dict[str, list]]:
    """The documents every city's summary depends on, and every document a city's summary is
    computed from, by city (the city itself without its summary)."""
    by_city: dict[str, list] = {}
    for name in (*_BY_CITY, collections.PLANS):
        for doc in _raw(db, name):
            by_city.setdefault(doc.get("city_id"), []).append(doc)
    for city in _raw(db, collections.CITIES):
        by_city.setdefault(city["_id"], []).append({**city, "summary": None})
    return [list(_raw(db, name)) for name in _SHARED], by_city


def _changed_cities(baseline: Baseline) -> list[str] | None:
    """The cities whose documents differ from the baseline's (None: every city's summary may
    have changed, since a document they all depend on did)."""
    (shared, now), (shared_then, then) = _inputs(store.get()), _inputs(baseline.store)
    if shared != shared_then:
        return None
    cities = {c["_id"] for c in _raw(store.get(), collections.CITIES)}
    return sorted(c for c in cities if c not in baseline.recomputed or now.get(c) != then.get(c))


def stored_summaries() -> dict[str, CitySummary]:
    cities = store.get().find(collections.CITIES, {})
    return {c["_id"]: CitySummary.model_validate(c["summary"]) for c in cities}


def _nonzero(doc: dict) -> dict:
    found = {}
    for name, value in doc.items():
        value = _nonzero(value) if isinstance(value, dict) else value
        if value not in ({}, 0):
            found[name] = value
    return found


def rolled_up(doc: dict) -> dict:
    """A rollup without its zeros nor the labels of cells left empty."""
    parts = (*rollup.PARTS, *rollup.SECTION_PARTS)
    found = _nonzero({part: doc.get(part) or {} for part in parts})
    found["cells"] = {k: v for k, v in doc["cells"].items() if k in found.get("n", {})}
    return found


def assert_consistent(baseline: Baseline | None = None) -> None:
    """Every stored summary, and every network's rollup, equals its recomputation from the
    documents. Given the baseline the store was copied from, a city whose documents are all
    as they were there takes the baseline's recomputation (the same documents give the same
    summary) and only the others are computed again; its stored summary is compared all
    the same."""
    changed = _changed_cities(baseline) if baseline is not None else None
    fresh = {} if changed is None else dict(baseline.recomputed)
    fresh.update(recomputed_all(city_ids=changed))
    for city_id, kept in stored_summaries().items():
        assert kept == fresh[city_id], f"the stored summary of {city_id} is stale"
    # Each network's rollup is the sum of its cities' shares, recomputed from the documents.
    db = store.get()
    for network in db.find(collections.NETWORKS, {}):
        cities = db.find(collections.CITIES, {"network_id": network["_id"]})
        expected = rollup.document(
            network["_id"],
            [
                (
                    rollup.label(c["cluster"], c["country"], c["stage"]),
                    dict(fresh[c["_id"]].rollup),
                )
                for c in cities
            ],
        )
        kept = rollup.stored(network["_id"])
        assert kept is not None, f"{network['_id']} has no rollup"
        assert rolled_up(kept) == rolled_up(expected), f"the rollup of {network['_id']} is stale"
        assert listed(network["_id"]) == listed_in_documents(network["_id"]), (
            f"the directory of {network['_id']} is stale"
        )


def listed_in_documents(network_id: str) -> dict[str, tuple]:
    """Each city's name, experiment count and test cards (id, title, method key, status),
    sorted, by city id: read here from the raw documents (not by the directory's code)."""
    db = store.get()
    cards: dict[str, list] = {}
    for doc in db.find(collections.EXPERIMENTS, {"network_id": network_id}):
        found = [doc["_id"], doc["title"], doc.get("method_key"), doc["status"]]
        cards.setdefault(doc["city_id"], []).append(found)
    return {
        c["_id"]: (c["name"], len(cards.get(c["_id"], [])), sorted(cards.get(c["_id"], [])))
        for c in db.find(collections.CITIES, {"network_id": network_id})
    }


def listed(network_id: str) -> dict[str, tuple]:
    """The network's directory as stored, in the shape of `listed_in_documents` (every entry,
    each city once)."""
    found = store.get().find_one(collections.ROLLUPS, {"_id": f"{network_id}/directory"})
    assert found is not None, f"{network_id} has no directory"
    entries = list(found["cities"].values())
    by_city = {e["city_id"]: (e["name"], e["experiments"], e["cards"]) for e in entries}
    assert len(by_city) == len(entries), f"a city is listed twice in {network_id}'s directory"
    return by_city


# --- every write use case, run on the demo network ----------------------------------------------


def _plan(city_id: str = "") -> pm.Plan:
    return plans.find_plan(city_id or "city-0001")


def _experiment_input(**changes) -> ExperimentCreate:
    data = dict(
        title="Mobile payments at the market",
        metric="vendors paying by mobile",
        unit="%",
        criterion=Criterion(kind="numeric", comparison=">=", target=40),
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        status="running",
    )
    return ExperimentCreate(**{**data, **changes})


def _as_input(experiment) -> ExperimentCreate:
    return ExperimentCreate(**{k: getattr(experiment, k) for k in ExperimentCreate.model_fields})


def _experiment(world: World, experiment_id: str):
    return experiments.get_experiment(world["admin"], experiment_id)


def _new_user(n: int = 1) -> UserCreate:
    return UserCreate(
        username=f"new.person{n}",
        display_name="New Person",
        role="lag_member",
        city_ids=["city-0001"],
    )


def _with_manual_item(world: World) -> None:
    network = networks.get_network(NETWORK)
    stages = [s.model_dump() for s in network.stages]
    stages[0]["gate"].append({"key": "signed", "label": {"en": "Signed", "fr": "Signé"}})
    settings.update_settings(world["coordinator"], network, {"stages": stages})


def _create_plan(world: World) -> None:
    city = networks.create_city(
        world["coordinator"], CityFields(name="Praia", country="Cabo Verde")
    )
    plans.create_plan(world["coordinator"], city.id)


def _set_layout(world: World) -> None:
    plan = _plan()
    plans.set_layout(
        world["city_lead"], plan, pm.LayoutUpdate(order=plan.order, enabled={"context": False})
    )


def _add_custom_section(world: World) -> None:
    plans.add_custom_section(world["city_lead"], _plan(), {"title": "Budget notes"})


def _save_section(world: World) -> None:
    plans.save_section(world["city_lead"], _plan(), "problem", {"kind": "problem", "statement": ""})


def _save_item(world: World) -> None:
    change = plans.ItemChange("partners", "add", pm.Partner(name="University of Dakar"))
    plans.save_item(world["city_lead"], _plan(), "context", change)


def _save_meeting(world: World) -> None:
    meeting = pm.Meeting(date=utcnow().date() + dt.timedelta(days=20), attendees=["Awa"])
    plans.save_meeting(world["lag_member"], _plan(), meeting)


def _propose_change(world: World) -> None:
    change = plans.ItemChange("partners", "add", {"name": "Chamber of commerce"})
    learning = "demo-learning-0010-1"
    plans.propose_change(world["admin"], _plan(EXPERIMENTING), "context", change, learning, "why")


def _propose_from_learning(world: World) -> None:
    admin = world["admin"]
    read = proposals.change_targets(admin, EXPERIMENTING)
    add = PlanChangeProposal(section="actions", list_name="actions", kind="add", text="Pilot 2")
    proposals.propose_change(admin, "demo-learning-0010-1", read, add)


def _freeze_version(world: World) -> None:
    versions.freeze_version(world["city_lead"], _plan(), "V1")


def _tick_gate_item(world: World) -> None:
    _with_manual_item(world)
    city = networks.get_city(world["admin"], "city-0001")
    progress.tick_gate_item(world["city_lead"], city, "problem_definition", "signed", True, "PV")


def _approve_stage(world: World) -> None:
    city = networks.get_city(world["admin"], "city-0001")
    progress.approve_stage(world["coordinator"], city, force=True, note="the mayor insisted")


def _return_to_stage(world: World) -> None:
    city = networks.get_city(world["admin"], EXPERIMENTING)
    progress.return_to_stage(world["coordinator"], city, "solution_design", "V1 reopened")


def _complete_last_stage(world: World) -> None:
    city = networks.get_city(world["admin"], EXPERIMENTING)
    progress.complete_last_stage(world["coordinator"], city, force=True, note="programme ended")


def _update_settings(world: World) -> None:
    network = networks.get_network(NETWORK)
    stages = [s.model_dump() for s in network.stages]
    stages[0]["gate"] = [i for i in stages[0]["gate"] if i["key"] != "tree"]
    settings.update_settings(world["coordinator"], network, {"stages": stages})


def _update_city(world: World) -> None:
    city = networks.get_city(world["admin"], "city-0001")
    networks.update_city(world["city_lead"], city, CityFields(name="Dakar", country="Senegal"))


def _create_assumption(world: World) -> None:
    data = AssumptionCreate(belief="vendors will pay by mobile", category="people")
    experiments.create_assumption(world["city_lead"], "city-0001", data)


def _update_assumption(world: World) -> None:
    found = experiments.list_assumptions(world["admin"], EXPERIMENTING)[0]
    data = AssumptionUpdate(importance=1)
    experiments.update_assumption(world["admin"], found, data)


def _create_experiment(world: World) -> None:
    experiments.create_experiment(world["coordinator"], EXPERIMENTING, _experiment_input())


def _update_experiment(world: World) -> None:
    running = _experiment(world, "demo-exp-0010-3")
    ended = ExperimentUpdate(end=utcnow().date() - dt.timedelta(days=1))
    experiments.update_experiment(world["admin"], running, ended)


def _set_status(world: World) -> None:
    # Ghent's third riskiest assumption is tested once its running experiment is analysed.
    experiments.set_status(world["admin"], _experiment(world, "demo-exp-0010-3"), "analysing")


def _record_result(world: World) -> None:
    running = _experiment(world, "demo-exp-0010-3")
    data = ResultFields(date=running.start, value=500)
    experiments.record_result(world["admin"], running.id, data)


def _open_with_results(world: World) -> list:
    # A closed experiment's results are final: corrections go to one still open.
    return [
        e
        for e in experiments.list_experiments(world["admin"], EXPERIMENTING)
        if e.results and e.status not in experiments.CLOSED_STATUSES
    ]


def _correct_result(world: World) -> None:
    measured = next(e for e in _open_with_results(world) if any(r.value for r in e.results))
    latest = max(
        (r for r in measured.results if r.value is not None),
        key=lambda e: (e.date, e.recorded_at),
    )
    data = ResultFields(date=latest.date, value=0, unit=latest.unit)
    experiments.correct_result(world["admin"], measured, latest.id, data)


def _create_learning(world: World) -> None:
    data = LearningCreate(title="It works", experiment_ids=["demo-exp-0010-4"], decision="retire")
    experiments.create_learning(world["admin"], EXPERIMENTING, data)


def _update_learning(world: World) -> None:
    # A confirmed level and an unintended effect move the summary's evidence facts too.
    card = experiments.list_learnings(world["admin"], EXPERIMENTING)[-1]
    data = LearningUpdate(decision="pivot", evidence_level=3, unintended_effects="Queues moved")
    experiments.update_learning(world["admin"], card, data)


def _with_indicator(world: World) -> None:
    admin = world["admin"]
    network = networks.get_network(admin.network_id)
    if network.indicator("waste") is None:
        wanted = [
            *[i.model_dump() for i in network.indicators],
            {"key": "waste", "label": {"en": "Waste", "fr": "Déchets"}, "unit": "kg"},
        ]
        settings.update_settings(admin, network, {"indicators": wanted})


def _set_targets(world: World) -> None:
    _with_indicator(world)
    data = IndicatorUpdate(baseline=12, target=5)
    indicators.set_targets(world["city_lead"], world.city, "waste", data)


def _record_measurement(world: World) -> None:
    _with_indicator(world)
    data = MeasurementCreate(date=utcnow().date(), value=9.5)
    indicators.record_measurement(world["lag_member"], world.city, "waste", data)


def _start_replication(world: World) -> None:
    replication.start_replication(world["coordinator"], "demo-exp-0010-1", "city-0009")


def _csv_apply(world: World) -> None:
    text = results_csv.export_city(world["admin"], EXPERIMENTING)
    rows = list(csv.DictReader(io.StringIO(text)))
    open_ids = {e.id for e in _open_with_results(world)}
    measured = next(r for r in rows if r["value"] and r["experiment_id"] in open_ids)
    measured["value"] = str(float(measured["value"]) + 1000)
    preview = results_csv.preview(world["admin"], results_csv.to_csv(rows))
    results_csv.apply(world["admin"], preview, only_valid=True)


def _create_user(world: World) -> None:
    accounts.create_user(world["admin"], _new_user(1), NEW_PASSWORD)


def _invite_user(world: World) -> None:
    accounts.invite_user(world["admin"], _new_user(2))


def _update_access(world: World) -> None:
    target = world["lag_member"]
    data = UserAccess(display_name="Renamed", role="lag_member", city_ids=[EXPERIMENTING])
    accounts.update_access(world["admin"], target, data)


def _reset_password(world: World) -> None:
    accounts.reset_password(world["admin"], world["lag_member"], NEW_PASSWORD)


def _issue_link(world: World) -> None:
    accounts.issue_link(world["admin"], world["lag_member"])


def _set_active(world: World) -> None:
    accounts.set_active(world["admin"], world["lag_member"], False)


def _change_password(world: World) -> None:
    accounts.change_password(world["city_lead"], world.password, NEW_PASSWORD, NEW_PASSWORD)


def _update_profile(world: World) -> None:
    accounts.update_profile(world["city_lead"], Profile(display_name="Awa N.", language="fr"))


# Every public write use case of services/ (a function taking the acting user that writes
# through records), by module path; `test_every_write_use_case_is_covered` keeps it complete.
USE_CASES: dict[str, Callable[[World], None]] = {
    "services.plans.plans.create_plan": _create_plan,
    "services.plans.plans.set_layout": _set_layout,
    "services.plans.plans.apply_preset": lambda w: plans.apply_preset(
        w["city_lead"], _plan(), "project"
    ),
    "services.plans.plans.add_custom_section": _add_custom_section,
    "services.plans.plans.save_section": _save_section,
    "services.plans.plans.save_item": _save_item,
    "services.plans.plans.save_meeting": _save_meeting,
    "services.plans.plans.propose_change": _propose_change,
    "services.plans.versions.freeze_version": _freeze_version,
    "services.experiments.proposals.propose_change": _propose_from_learning,
    "services.network.progress.tick_gate_item": _tick_gate_item,
    "services.network.progress.approve_stage": _approve_stage,
    "services.network.progress.return_to_stage": _return_to_stage,
    "services.network.progress.complete_last_stage": _complete_last_stage,
    "services.network.settings.update_settings": _update_settings,
    "services.network.networks.create_city": lambda w: networks.create_city(
        w["coordinator"], CityFields(name="Praia", country="Cabo Verde")
    ),
    "services.network.networks.update_city": _update_city,
    "services.experiments.experiments.create_assumption": _create_assumption,
    "services.experiments.experiments.update_assumption": _update_assumption,
    "services.experiments.experiments.create_experiment": _create_experiment,
    "services.experiments.experiments.update_experiment": _update_experiment,
    "services.experiments.experiments.set_status": _set_status,
    "services.experiments.experiments.record_result": _record_result,
    "services.experiments.experiments.correct_result": _correct_result,
    "services.experiments.experiments.create_learning": _create_learning,
    "services.experiments.experiments.update_learning": _update_learning,
    "services.experiments.replication.start_replication": _start_replication,
    "services.network.indicators.set_targets": _set_targets,
    "services.network.indicators.record_measurement": _record_measurement,
    "services.transfer.results_csv.apply": _csv_apply,
    "services.accounts.accounts.create_user": _create_user,
    "services.accounts.accounts.invite_user": _invite_user,
    "services.accounts.accounts.update_access": _update_access,
    "services.accounts.accounts.reset_password": _reset_password,
    "services.accounts.accounts.issue_link": _issue_link,
    "services.accounts.accounts.set_active": _set_active,
    "services.accounts.accounts.change_password": _change_password,
    "services.accounts.accounts.update_profile": _update_profile,
    **reporting_cases.USE_CASES,
}
USE_CASES.update(workshop_cases.SUMMARY_CASES)


def test_the_seeded_demo_is_consistent(world):
    assert_consistent()


@pytest.mark.parametrize("use_case", sorted(USE_CASES))
def test_every_write_keeps_every_summary_equal_to_a_recomputation(world, use_case, demo_baseline):
    activity = store.get().count(collections.ACTIVITY)
    USE_CASES[use_case](world)
    assert store.get().count(collections.ACTIVITY) > activity, f"{use_case} wrote nothing"
    assert_consistent(demo_baseline)


def test_the_check_after_a_write_recomputes_the_cities_it_wrote_and_catches_any_stale_one(
    world, demo_baseline
):
    assert _changed_cities(demo_baseline) == []
    reporting_cases.USE_CASES["services.reporting.checkins.create_checkin"](world)
    assert _changed_cities(demo_baseline) == [world.city]
    assert_consistent(demo_baseline)
    # A stale summary fails the check, whether its city was written or not.
    db = store.get()
    for city_id in (world.city, world.other_city):
        kept = db.find_one(collections.CITIES, {"_id": city_id})["summary"]["experiments_total"]
        db.update_one(
            collections.CITIES, {"_id": city_id}, {"$set": {"summary.experiments_total": kept + 1}}
        )
        with pytest.raises(AssertionError, match=f"the stored summary of {city_id} is stale"):
            assert_consistent(demo_baseline)
        db.update_one(
            collections.CITIES, {"_id": city_id}, {"$set": {"summary.experiments_total": kept}}
        )
    assert_consistent(demo_baseline)
    # A stale entry of the directory fails it too.
    where = {"_id": f"{NETWORK}/directory"}
    entry = directory.slot(world.other_city)
    db.update_one(collections.ROLLUPS, where, {"$set": {f"cities.{entry}.name": "Elsewhere"}})
    with pytest.raises(AssertionError, match=f"the directory of {NETWORK} is stale"):
        assert_consistent(demo_baseline)
    _update_city(world)  # another city's write sets its own entry, not this one
    with pytest.raises(AssertionError, match=f"the directory of {NETWORK} is stale"):
        assert_consistent(demo_baseline)
    summary.rebuild_rollup(NETWORK)
    assert_consistent(demo_baseline)
    # A change every city depends on (the network's gates) recomputes every city.
    _with_manual_item(world)
    assert _changed_cities(demo_baseline) is None
    assert_consistent(demo_baseline)


def test_the_use_cases_change_summaries(world):
    """The consistency test has teeth: the writes it runs do move the facts it compares."""
    before = stored_summaries()
    for name in (
        "services.plans.plans.save_section",
        "services.plans.versions.freeze_version",
        "services.experiments.experiments.set_status",
        "services.experiments.experiments.create_experiment",
        "services.network.settings.update_settings",
        "services.reporting.checkins.create_checkin",
    ):
        USE_CASES[name](world)
    after = stored_summaries()
    month = city_facts.month_key(checkins.today())
    now, then = after["city-0001"].checkins_by_month, before["city-0001"].checkins_by_month
    assert now[month].checkins == (then[month].checkins if month in then else 0) + 1
    assert after["city-0001"].plan_version == before["city-0001"].plan_version + 1
    assert after["city-0001"].stage_progress != before["city-0001"].stage_progress
    assert after[EXPERIMENTING].experiments_total == before[EXPERIMENTING].experiments_total + 1
    assert after[EXPERIMENTING].stage_progress > before[EXPERIMENTING].stage_progress
    assert after["city-0002"].stage_progress != before["city-0002"].stage_progress  # the gate
    assert after["city-0001"].last_activity_at > before["city-0001"].last_activity_at


def test_the_check_ins_are_summed_by_month_over_the_whole_programme():
    today = dt.date(2026, 7, 15)
    docs = [
        {"date": dt.datetime(2026, 7, 1), "mood": 2, "blockers": ["funding"], "help_needed": "x"},
        {"date": dt.datetime(2026, 7, 9), "mood": 5, "blockers": ["funding", "time"]},
        {"date": dt.datetime(2025, 2, 28), "mood": 3},
        {"date": dt.datetime(2019, 1, 31), "mood": 1},  # years back: kept, the programme's
        {"date": dt.datetime(2026, 7, 16), "mood": 4},  # tomorrow: not what happened yet
        {"date": dt.datetime(2026, 9, 1), "mood": 4},
    ]
    months = city_facts.checkin_months(docs, today)
    assert list(months) == ["2019-01", "2025-02", "2026-07"]
    july = months["2026-07"]
    assert (july.checkins, july.mood_sum, july.help) == (2, 7, 1)
    assert july.blockers == {"funding": 2, "time": 1}
    # the months hold until the day before the next check-in counts
    assert city_facts.checkins_change(docs, today) == dt.date(2026, 7, 15)
    assert city_facts.checkins_change(docs[:4], today) is None
    assert list(city_facts.checkin_months(docs, today, months=18)) == ["2025-02", "2026-07"]
    assert city_facts.first_month(dt.date(2026, 1, 5), 2) == "2025-12"


# --- no write use case escapes the list ---------------------------------------------------------

_WRITES = {"insert", "update", "apply", "delete"}
_ACTING_USER = re.compile(r"\bUser\b")


def _module_name(path: pathlib.Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def write_use_cases() -> set[str]:
    """Public functions of services/ that take an acting `User` and write through records,
    directly or through other functions of services (read from the source with `ast`)."""
    functions: dict[str, tuple[bool, set[str], bool]] = {}
    for path in sorted((ROOT / "services").rglob("*.py")):
        module = _module_name(path)
        tree = source_code.tree(path)
        aliases = {}
        for node in source_code.nodes(path):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("services"):
                aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
        top = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for name, function in top.items():
            direct, calls = False, set()
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                called = node.func
                if isinstance(called, ast.Name) and called.id in top:
                    calls.add(f"{module}.{called.id}")
                elif isinstance(called, ast.Attribute) and isinstance(called.value, ast.Name):
                    target = aliases.get(called.value.id)
                    if target == "services.core.records" and called.attr in _WRITES:
                        direct = True
                    elif target:
                        calls.add(f"{target}.{called.attr}")
            arguments = function.args.args + function.args.kwonlyargs
            acting = any(
                a.annotation is not None and _ACTING_USER.search(ast.unparse(a.annotation))
                for a in arguments
            )
            public = not name.startswith("_")
            functions[f"{module}.{name}"] = (direct, calls, acting and public)
    writers = {name for name, (direct, _, _) in functions.items() if direct}
    grew = True
    while grew:
        found = {n for n, (_, calls, _) in functions.items() if calls & writers} - writers
        writers |= found
        grew = bool(found)
    return {name for name in writers if functions[name][2]}


def test_every_write_use_case_is_covered():
    found = write_use_cases()
    assert "services.plans.plans.save_section" in found  # the scan itself works
    missing = sorted(found - set(USE_CASES))
    assert not missing, f"add these write use cases to USE_CASES in this file: {missing}"
    gone = sorted(set(USE_CASES) - found)
    assert not gone, f"these are no longer write use cases: {gone}"


# --- the three reported bugs --------------------------------------------------------------------


def _live_share(world: World, city_id: str) -> float:
    _, _, live = progress.city_progress(world["admin"], city_id)
    return round(live.share, 4)


def _stored(city_id: str) -> dict:
    return store.get().find_one(collections.CITIES, {"_id": city_id})["summary"]


def test_an_experiment_set_to_done_moves_the_stored_stage_progress(world):
    admin = world["admin"]
    # Ghent's riskiest assumptions: two tested (done, analysing), the third by a running test.
    running = _experiment(world, "demo-exp-0010-3")
    before = _live_share(world, EXPERIMENTING)
    assert _stored(EXPERIMENTING)["stage_progress"] == before
    finished = experiments.set_status(admin, running, "done")  # every riskiest one tested
    after = _live_share(world, EXPERIMENTING)
    assert after > before, "finishing the last riskiest test met no gate item"
    assert _stored(EXPERIMENTING)["stage_progress"] == after
    experiments.set_status(admin, finished, "stopped")  # a stopped test tested nothing
    assert _stored(EXPERIMENTING)["stage_progress"] == _live_share(world, EXPERIMENTING) == before


def test_an_approval_never_undoes_an_experiment_created_meanwhile(world):
    coordinator = world["coordinator"]
    city = networks.get_city(coordinator, DESIGNING)  # read before the creation
    assert _stored(DESIGNING)["experiments_total"] == 2
    experiments.create_experiment(coordinator, DESIGNING, _experiment_input())
    assert _stored(DESIGNING)["experiments_total"] == 3
    moved = progress.approve_stage(coordinator, city, force=True, note="ready enough")
    assert moved.stage == "experimentation"
    assert _stored(DESIGNING)["experiments_total"] == 3
    assert moved.summary.experiments_total == 3  # the city returned is current too


def test_an_import_without_summaries_gives_back_the_same_summaries(world):
    db = store.get()
    before = {c["_id"]: c["summary"] for c in db.find(collections.CITIES, {})}
    assert any(s["stage_progress"] and s["plan_version"] for s in before.values())
    text, _ = archive.export(db)
    data = archive.loads(text)
    for city in data[collections.CITIES]:
        del city["summary"]
    db.delete_many(collections.ROLLUPS, {})  # the rollups and directory are built again too
    archive.import_text(db, archive.dumps(data), replace=True)
    after = {c["_id"]: c["summary"] for c in db.find(collections.CITIES, {})}
    assert after == before
    assert_consistent()


# --- the writer --------------------------------------------------------------------------------


def test_records_runs_the_summary_after_every_write():
    assert summary.after_write in records.after_write_hooks()


def test_core_imports_no_capability():
    """The hook points one way: the network package registers with core, never the reverse."""
    for path in sorted((ROOT / "services" / "core").rglob("*.py")):
        nodes = source_code.nodes(path)
        imported = {n.module for n in nodes if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in nodes if isinstance(n, ast.Import) for a in n.names}
        outside = {m for m in imported if m and m.startswith("services") and m != "services.core"}
        outside = {m for m in outside if not m.startswith("services.core.")}
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_refresh_recomputes_from_the_data_without_moving_the_revision(world):
    db = store.get()
    city = db.find_one(collections.CITIES, {"_id": EXPERIMENTING})
    before = city["summary"]["stage_progress"]
    behind_its_back = {"$set": {"status": "done"}}  # every riskiest assumption now tested
    db.update_many(collections.EXPERIMENTS, {"city_id": EXPERIMENTING}, behind_its_back)
    activity = db.count(collections.ACTIVITY)
    refreshed = summary.refresh(EXPERIMENTING)
    # Its four test cards and the replication it runs (services/demo/experiments.py).
    assert refreshed.experiments_total == db.count(
        collections.EXPERIMENTS, {"city_id": EXPERIMENTING}
    )
    assert refreshed.experiments_total == 5
    assert refreshed.stage_progress > before  # the "tested" gate item is met now
    after = db.find_one(collections.CITIES, {"_id": EXPERIMENTING})
    assert CitySummary.model_validate(after["summary"]) == refreshed
    assert after["revision"] == city["revision"]  # nobody's edit collides with a summary
    assert db.count(collections.ACTIVITY) == activity  # and it is nobody's activity
    assert summary.refresh("no-such-city") is None


def test_refresh_network_equals_one_refresh_per_city(world):
    db = store.get()
    db.update_many(collections.CITIES, {}, {"$unset": {"summary": ""}})
    assert summary.refresh_network(NETWORK) == 12
    together = stored_summaries()
    one_by_one = {city_id: summary.refresh(city_id) for city_id in together}
    assert together == one_by_one
    assert summary.refresh_network("no-such-network") == 0


def test_facts_that_change_with_the_calendar_are_refreshed_when_their_day_passes(world):
    stored = stored_summaries()
    until = stored[EXPERIMENTING].valid_until
    assert until is not None  # a running experiment ends then (or the month, for its moods)
    today = utcnow().date()
    tests = [
        Experiment.from_doc(e)
        for e in store.get().find(collections.EXPERIMENTS, {"city_id": EXPERIMENTING})
    ]
    until = min(e.end for e in tests if e.end and e.end >= today)  # the running one's end
    assert all(s.valid_until is None or s.valid_until >= utcnow().date() for s in stored.values())
    assert summary.refresh_outdated(NETWORK) == 0  # nothing is outdated today
    later = until + dt.timedelta(days=1)
    refreshed = summary.refresh_outdated(NETWORK, today=later)
    assert refreshed == sum(1 for s in stored.values() if s.valid_until and s.valid_until < later)
    after = stored_summaries()[EXPERIMENTING]
    assert after == recomputed(EXPERIMENTING, today=later)
    # Each day it ends, it is recomputed, until the running experiment's end passed (a reason
    # for attention may end it sooner: services/dashboard/attention_facts.py).
    for _day in range(20):
        if after.experiments_by_outcome != stored[EXPERIMENTING].experiments_by_outcome:
            break
        later = after.valid_until + dt.timedelta(days=1)
        assert summary.refresh_outdated(NETWORK, today=later) >= 1
        after = stored_summaries()[EXPERIMENTING]
        assert after == recomputed(EXPERIMENTING, today=later)
    assert after.experiments_by_outcome != stored[EXPERIMENTING].experiments_by_outcome


def test_the_calendar_check_is_one_read_until_a_city_is_due(world, monkeypatch):
    db = store.get()
    stored = stored_summaries()
    due = min(s.valid_until for s in stored.values() if s.valid_until)
    assert summary.refresh_outdated(NETWORK) == 0  # the first check scans and sets next_due
    assert db.find_one(collections.REVISIONS, {"_id": NETWORK})["next_due"].date() == due
    scans = []
    find = db.find
    monkeypatch.setattr(db, "find", lambda coll, *a, **k: scans.append(coll) or find(coll, *a, **k))
    assert summary.refresh_outdated(NETWORK, today=due) == 0
    assert scans == []  # nothing due: no city was read
    later = due + dt.timedelta(days=1)
    refreshed = summary.refresh_outdated(NETWORK, today=later)
    assert refreshed == sum(1 for s in stored.values() if s.valid_until and s.valid_until < later)
    assert collections.CITIES in scans
    after = [s.valid_until for s in stored_summaries().values() if s.valid_until]
    ahead = db.find_one(collections.REVISIONS, {"_id": NETWORK})["next_due"].date()
    assert ahead == min(after) and ahead >= later
    # A write whose summary ends earlier lowers next_due at once (the writer's $min).
    summary._bump(NETWORK, later)
    assert db.find_one(collections.REVISIONS, {"_id": NETWORK})["next_due"].date() == later


def test_a_write_during_the_calendar_scan_keeps_next_due_low(world, monkeypatch):
    db = store.get()
    summary.refresh_outdated(NETWORK)
    early = utcnow().date() - dt.timedelta(days=3)
    db.update_one(
        collections.REVISIONS,
        {"_id": NETWORK},
        {"$set": {"next_due": dt.datetime(early.year, early.month, early.day)}},
    )
    find = db.find

    def find_then_write(coll, *args, **kwargs):
        found = find(coll, *args, **kwargs)
        if coll == collections.CITIES:
            summary._bump(NETWORK)  # someone writes while the scan runs
        return found

    monkeypatch.setattr(db, "find", find_then_write)
    summary.refresh_outdated(NETWORK)
    # The scan's answer may miss that write: next_due stays where it was, the next reader scans.
    assert db.find_one(collections.REVISIONS, {"_id": NETWORK})["next_due"].date() == early


def test_days_in_stage_are_computed_when_read(world):
    city = networks.get_city(world["admin"], EXPERIMENTING)
    entered = city.stage_history[-1].entered_at.date()
    assert city_facts.days_in_stage(city, entered + dt.timedelta(days=10)) == 10
    assert "days_in_stage" not in CitySummary.model_fields


def test_a_store_without_a_rollup_gets_one_at_the_first_dashboard_read(world):
    store.get().delete_many(collections.ROLLUPS, {})
    store.get().update_many(collections.CITIES, {}, {"$unset": {"summary.rollup": ""}})
    before = summary.data_revision(NETWORK)
    views.refresh_calendar(NETWORK)
    assert summary.data_revision(NETWORK) > before  # cached views are read again
    assert_consistent()
    views.refresh_calendar(NETWORK)  # built once
    assert summary.data_revision(NETWORK) == before + 1
