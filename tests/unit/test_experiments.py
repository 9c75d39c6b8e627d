"""Assumptions, experiments, results and learnings: use cases, permissions, charts, demo."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from models.experiment import (
    AssumptionCreate,
    Criterion,
    ExperimentCreate,
    ExperimentUpdate,
    LearningCreate,
    ResultFields,
)
from services.core import records, store
from services.core.errors import Conflict, InvalidInput, NotFound
from services.demo import seed as demo
from services.experiments import charts as experiment_charts
from services.experiments import experiments
from services.network import networks
from tests import builders
from tests.conftest import check_matrix, unchanged_store

START = dt.date(2026, 3, 1)
END = dt.date(2026, 3, 31)


def assumption_input(**kw) -> AssumptionCreate:
    data = dict(
        belief="vendors will pay by mobile",
        reason="they already use it at home",
        category="people",
        importance=5,
        evidence=1,
    )
    return AssumptionCreate(**{**data, **kw})


def experiment_input(**kw) -> ExperimentCreate:
    data = dict(
        title="Mobile payments at the market",
        hypothesis="40 % of vendors pay by mobile within a month",
        metric="vendors paying by mobile",
        unit="%",
        criterion=Criterion(kind="numeric", comparison=">=", target=40),
        start=START,
        end=END,
        status="running",
    )
    return ExperimentCreate(**{**data, **kw})


def new_experiment(world, city_id=None, **kw):
    return experiments.create_experiment(
        world["admin"], city_id or world.city, experiment_input(**kw)
    )


# --- assumptions -------------------------------------------------------------------------------


def test_assumption_statement_is_composed_in_both_languages(small_world):
    created = experiments.create_assumption(
        small_world["city_lead"], small_world.city, assumption_input()
    )
    assert experiments.statement(created, "en") == (
        "We believe that vendors will pay by mobile because they already use it at home"
    )
    assert experiments.statement(created, "fr").startswith("Nous pensons que vendors")
    assert " parce que " in experiments.statement(created, "fr")
    assert experiments.statement(assumption_input(reason=""), "en") == (
        "We believe that vendors will pay by mobile"
    )


def test_riskiness_and_riskiest_quadrant(small_world):
    risky = experiments.create_assumption(
        small_world["admin"], small_world.city, assumption_input()
    )
    safe = experiments.create_assumption(
        small_world["admin"], small_world.city, assumption_input(importance=2, evidence=5)
    )
    assert (risky.riskiness, risky.riskiest) == (25, True)
    assert (safe.riskiness, safe.riskiest) == (2, False)
    listed = experiments.list_assumptions(small_world["lag_member"], small_world.city)
    assert [a.id for a in listed] == [risky.id, safe.id]  # riskiest first


def test_assumption_category_must_be_the_networks(small_world):
    with pytest.raises(InvalidInput) as caught:
        experiments.create_assumption(
            small_world["admin"], small_world.city, assumption_input(category="x")
        )
    assert caught.value.field == "category"
    assert experiments.list_assumptions(small_world["admin"], small_world.city) == []


def test_assumption_scores_are_validated():
    with pytest.raises(pydantic.ValidationError) as caught:
        assumption_input(importance=6)
    assert caught.value.errors()[0]["loc"] == ("importance",)


def test_action_ids_keep_their_shape_only():
    assert assumption_input(action_ids=["a1", "a1", "b2"]).action_ids == ["a1", "b2"]
    with pytest.raises(pydantic.ValidationError):
        assumption_input(action_ids=["not an id!"])


def test_assumption_permissions(small_world):
    check_matrix(
        small_world,
        "experiment.edit",
        lambda user, city: experiments.create_assumption(user, city, assumption_input()),
    )


# --- test cards --------------------------------------------------------------------------------


def test_end_before_start_is_refused_naming_the_rule():
    with pytest.raises(pydantic.ValidationError) as caught:
        experiment_input(end=START - dt.timedelta(days=1))
    assert caught.value.errors()[0]["type"] == "experiment_end_before_start"


def test_criterion_needs_target_or_text():
    with pytest.raises(pydantic.ValidationError) as caught:
        Criterion(kind="numeric", comparison=">=")
    assert caught.value.errors()[0]["type"] == "experiment_criterion_numeric"
    with pytest.raises(pydantic.ValidationError) as caught:
        Criterion(kind="qualitative")
    assert caught.value.errors()[0]["type"] == "experiment_criterion_text"


def test_budget_is_not_negative():
    with pytest.raises(pydantic.ValidationError) as caught:
        experiment_input(budget=-1)
    assert caught.value.errors()[0]["loc"] == ("budget",)


def test_experiment_links_only_assumptions_of_its_city(small_world):
    foreign = experiments.create_assumption(
        small_world["admin"], small_world.other_city, assumption_input()
    )
    with pytest.raises(InvalidInput) as caught:
        new_experiment(small_world, assumption_ids=[foreign.id])
    assert caught.value.field == "assumption_ids"


def test_experiment_permissions(small_world):
    check_matrix(
        small_world,
        "experiment.edit",
        lambda user, city: experiments.create_experiment(user, city, experiment_input()),
    )

    def edit(user, city):
        current = new_experiment(small_world, city)
        experiments.update_experiment(user, current, ExperimentUpdate(title="Renamed"))

    check_matrix(small_world, "experiment.edit", edit)

    def status(user, city):
        experiments.set_status(user, new_experiment(small_world, city), "done")

    check_matrix(small_world, "experiment.edit", status)


def test_reading_experiments_follows_the_matrix(small_world):
    with unchanged_store():
        check_matrix(
            small_world, "experiment.read", lambda u, c: experiments.list_experiments(u, c)
        )


# --- results -----------------------------------------------------------------------------------


def result(value=42.0, day=dt.date(2026, 3, 10), **kw) -> ResultFields:
    return ResultFields(date=day, value=value, **kw)


def test_lag_member_records_in_own_city_only_and_viewer_never(small_world):
    def record(user, city):
        experiments.record_result(user, new_experiment(small_world, city).id, result())

    check_matrix(small_world, "experiment.result.record", record)
    # Spelled out, as the issue asks:
    own = new_experiment(small_world, small_world.city)
    experiments.record_result(small_world["lag_member"], own.id, result())
    foreign = new_experiment(small_world, small_world.other_city)
    with pytest.raises(experiments.permissions.PermissionDenied):
        experiments.record_result(small_world["lag_member"], foreign.id, result())
    with pytest.raises(experiments.permissions.PermissionDenied):
        experiments.record_result(small_world["viewer"], own.id, result())


def test_recorded_entry_says_who_and_when_and_defaults_to_the_metric_unit(small_world):
    created = new_experiment(small_world)
    lag = small_world["lag_member"]
    updated = experiments.record_result(lag, created.id, result(note="market day"))
    (entry,) = updated.results
    assert (entry.value, entry.unit, entry.note) == (42.0, "%", "market day")
    assert (entry.recorded_by, entry.recorded_by_name) == (lag.id, lag.display_name)
    assert entry.recorded_at is not None
    assert records.history(created.id)[0]["action"] == "result.record"


def test_observation_without_value_is_accepted_but_empty_entry_is_not(small_world):
    created = new_experiment(small_world)
    updated = experiments.record_result(
        small_world["lag_member"],
        created.id,
        ResultFields(date=START, observation="queues were long"),
    )
    assert updated.results[0].value is None
    with pytest.raises(pydantic.ValidationError) as caught:
        ResultFields(date=START)
    assert caught.value.errors()[0]["type"] == "experiment_result_empty"


def test_appends_from_stale_reads_never_conflict_nor_lose_entries(small_world):
    created = new_experiment(small_world)
    for value in (10, 20, 30):  # each from the same (stale) read of the card
        experiments.record_result(small_world["lag_member"], created.id, result(value))
    stored = experiments.get_experiment(small_world["admin"], created.id)
    assert [e.value for e in stored.results] == [10, 20, 30]


def test_a_card_edit_does_not_collide_with_results_recorded_meanwhile(small_world):
    read = new_experiment(small_world)
    experiments.record_result(small_world["lag_member"], read.id, result())
    edited = experiments.update_experiment(
        small_world["admin"], read, ExperimentUpdate(title="New")
    )
    assert edited.title == "New" and len(edited.results) == 1
    # A second edit from the same stale read does conflict: card edits are revision-checked.
    with pytest.raises(Conflict) as caught:
        experiments.update_experiment(small_world["admin"], read, ExperimentUpdate(title="Other"))
    assert caught.value.current.title == "New"


def test_correction_keeps_the_previous_value_in_history(small_world):
    created = new_experiment(small_world)
    lag = small_world["lag_member"]
    with_entry = experiments.record_result(lag, created.id, result(42))
    entry_id = with_entry.results[0].id
    corrected = experiments.correct_result(lag, with_entry, entry_id, result(24, note="typo"))
    (entry,) = corrected.results
    assert (entry.value, entry.note, entry.revision) == (24, "typo", 1)
    assert [(h.value, h.changed_by) for h in entry.history] == [(42, lag.id)]
    assert entry.recorded_by == lag.id  # who recorded it first stays


def test_stale_correction_of_the_same_entry_conflicts(small_world):
    lag = small_world["lag_member"]
    read = experiments.record_result(lag, new_experiment(small_world).id, result(42))
    entry_id = read.results[0].id
    experiments.correct_result(lag, read, entry_id, result(43))
    with pytest.raises(Conflict):
        experiments.correct_result(lag, read, entry_id, result(44))
    stored = experiments.get_experiment(lag, read.id)
    assert stored.results[0].value == 43  # never overwritten silently


def test_correction_of_one_entry_ignores_other_entries_and_card_edits(small_world):
    lag = small_world["lag_member"]
    created = new_experiment(small_world)
    experiments.record_result(lag, created.id, result(1))
    read = experiments.record_result(lag, created.id, result(2))
    experiments.correct_result(lag, read, read.results[0].id, result(11))
    experiments.update_experiment(small_world["admin"], read, ExperimentUpdate(title="Edited"))
    experiments.record_result(lag, created.id, result(3))
    final = experiments.correct_result(lag, read, read.results[1].id, result(22))
    assert [e.value for e in final.results] == [11, 22, 3]


def test_correction_permissions(small_world):
    def correct(user, city):
        read = experiments.record_result(
            small_world["admin"], new_experiment(small_world, city).id, result()
        )
        experiments.correct_result(user, read, read.results[0].id, result(7))

    check_matrix(small_world, "experiment.result.record", correct)


def test_unknown_experiment_is_not_found(small_world):
    with unchanged_store(), pytest.raises(NotFound):
        experiments.record_result(small_world["admin"], "nope", result())


def test_recordable_experiments_are_the_running_ones_of_own_cities(small_world):
    mine = new_experiment(small_world)
    new_experiment(small_world, status="design")
    new_experiment(small_world, small_world.other_city)
    ids = {e.id for e in experiments.recordable_experiments(small_world["lag_member"])}
    assert ids == {mine.id}
    assert experiments.recordable_experiments(small_world["viewer"]) == []


def test_results_frame_says_which_entries_count(small_world):
    lag = small_world["lag_member"]
    created = new_experiment(small_world)
    experiments.record_result(lag, created.id, result(50))
    experiments.record_result(lag, created.id, result(50, unit="vendors"))
    experiments.record_result(lag, created.id, result(50, day=dt.date(2026, 5, 1)))
    frame = experiments.results_frame(experiments.get_experiment(lag, created.id))
    assert list(frame["counts"]) == ["yes", "other_unit", "outside_window"]


# --- learnings and the summary -----------------------------------------------------------------


def test_learning_fed_by_several_experiments(small_world):
    a, b = new_experiment(small_world), new_experiment(small_world)
    learning = experiments.create_learning(
        small_world["city_lead"],
        small_world.city,
        LearningCreate(title="Vendors need a float", experiment_ids=[a.id, b.id], decision="pivot"),
    )
    assert learning.experiment_ids == [a.id, b.id]
    assert (
        experiments.list_learnings(small_world["lag_member"], small_world.city)[0].id == learning.id
    )


def test_learning_permissions(small_world):
    check_matrix(
        small_world,
        "learning.edit",
        lambda user, city: experiments.create_learning(user, city, LearningCreate(title="L")),
    )


def test_learning_refuses_experiments_of_another_city(small_world):
    foreign = new_experiment(small_world, small_world.other_city)
    with pytest.raises(InvalidInput):
        experiments.create_learning(
            small_world["admin"],
            small_world.city,
            LearningCreate(title="L", experiment_ids=[foreign.id]),
        )


def test_city_summary_is_recomputed_after_each_write(small_world):
    created = new_experiment(small_world, status="analysing")
    summary = store.get().find_one(networks.CITIES, {"_id": small_world.city})["summary"]
    assert summary["experiments_total"] == 1
    assert summary["experiments_by_outcome"]["inconclusive"] == 1
    experiments.record_result(small_world["lag_member"], created.id, result(45))
    summary = store.get().find_one(networks.CITIES, {"_id": small_world.city})["summary"]
    assert summary["experiments_by_outcome"]["validated"] == 1
    city = networks.get_city(small_world["admin"], small_world.city)
    assert city.summary.experiments_total == 1
    assert city.revision == 0  # a derived field: the city's revision did not move


# --- charts ------------------------------------------------------------------------------------

TITLES = {
    "date": "Date",
    "value": "Value",
    "target": "Target",
    "importance": "Importance",
    "evidence": "Evidence",
    "riskiest": "Riskiest",
    "assumption": "Assumption",
    "category": "Category",
    "experiments": "Experiments",
    "outcome": "Outcome",
    "share": "Share",
    "state": "State",
    "tested": "Tested",
    "untested": "Not tested",
    "assumptions": "Assumptions",
}


def test_results_chart_draws_values_and_the_target_rule(small_world):
    created = new_experiment(small_world)
    read = experiments.record_result(small_world["lag_member"], created.id, result(30))
    spec = experiment_charts.results_chart(
        read, experiments.results_frame(read), TITLES, "Results against the target"
    ).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line", "point", "rule", "text"]
    assert spec["layer"][2]["encoding"]["y"]["field"] == "target"
    datasets = list(spec["datasets"].values())
    assert any(row.get("value") == 30.0 for rows in datasets for row in rows)
    assert any(row.get("target") == 40 for rows in datasets for row in rows)
    assert spec["description"] == "Results against the target"
    # Entries that do not count are hollow, not only faded: a cue without colour.
    assert spec["layer"][1]["encoding"]["fill"]["value"] == "white"


def test_assumption_map_highlights_the_riskiest_quadrant(small_world):
    experiments.create_assumption(small_world["admin"], small_world.city, assumption_input())
    assumptions = experiments.list_assumptions(small_world["admin"], small_world.city)
    frame = experiments.assumptions_frame(assumptions, [], {})
    spec = experiment_charts.assumption_map_chart(frame, TITLES, "The assumption map").to_dict()
    shade, label, points, _ = spec["layer"]
    assert shade["mark"]["type"] == "rect"
    assert points["encoding"]["x"]["field"] == "evidence"
    assert points["encoding"]["y"]["field"] == "importance"
    assert points["encoding"]["color"]["field"] == "riskiest"
    # The riskiest points are triangles, the others circles: a cue that needs no colour.
    assert points["encoding"]["shape"]["field"] == "riskiest"
    assert points["encoding"]["shape"]["scale"]["range"] == ["triangle-up", "circle"]
    assert label["mark"]["type"] == "text"


def test_outcomes_by_category_and_riskiest_tested(small_world):
    risky = experiments.create_assumption(
        small_world["admin"], small_world.city, assumption_input()
    )
    experiments.create_assumption(
        small_world["admin"], small_world.city, assumption_input(category="solution")
    )
    new_experiment(small_world, assumption_ids=[risky.id], status="done")
    assumptions = experiments.list_assumptions(small_world["admin"], small_world.city)
    items = experiments.list_experiments(small_world["admin"], small_world.city)
    found = experiments.city_outcomes(items, [])
    frame = experiments.outcomes_by_category_frame(assumptions, items, found)
    assert frame.to_dict("records") == [
        {"category": "people", "outcome": "inconclusive", "experiments": 1}
    ]
    labels = {"people": "People"}
    outcome_labels = {o: o.title() for o in experiments.outcomes.OUTCOMES}
    spec = experiment_charts.outcomes_by_category_chart(
        frame, labels, outcome_labels, TITLES, "Outcomes by category"
    ).to_dict()
    bars, texts = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["stack"] == "zero"
    assert bars["encoding"]["color"]["field"] == "outcome"
    # Each part carries its outcome's symbol and count; the legend names carry the symbol.
    assert texts["mark"]["type"] == "text" and texts["encoding"]["text"]["field"] == "mark"
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["mark"] == "? 1" and rows[0]["outcome"] == "? Inconclusive"
    share = experiments.riskiest_tested(assumptions, items)
    assert share == {"riskiest": 2, "tested": 1, "share": 0.5}
    spec = experiment_charts.riskiest_tested_chart(share, TITLES, "Riskiest tested").to_dict()
    bars = spec["layer"][0]
    assert (bars["encoding"]["y"]["field"], bars["encoding"]["x"]["field"]) == (
        "state",
        "assumptions",
    )
    assert spec["description"] == "Riskiest tested"


# --- demo --------------------------------------------------------------------------------------


def test_demo_has_every_status_category_results_learnings_and_summaries(readonly_world):
    docs, _ = demo.build(12, seed=7)
    statuses = {e["status"] for e in docs["experiments"]}
    assert statuses == {"design", "running", "analysing", "done"}
    assert {a["category"] for a in docs["assumptions"]} == {
        "people",
        "solution",
        "impact",
        "resources",
    }
    assert any(e["results"] for e in docs["experiments"] if e["status"] == "running")
    assert docs["learnings"]
    # Summaries are refreshed when the demo is seeded (the world), not built in memory.
    cities = store.get().find(networks.CITIES, {})
    experimenting = [c for c in cities if c["summary"]["experiments_total"]]
    assert experimenting
    assert all(sum(c["summary"]["experiments_by_outcome"].values()) for c in experimenting)
    # Deterministic:
    again, _ = demo.build(12, seed=7)
    assert [e["results"] for e in again["experiments"]] == [
        e["results"] for e in docs["experiments"]
    ]


# --- from learning to V2, and the story --------------------------------------------------------


def test_plan_change_proposed_from_a_learning_reaches_v2_and_the_story(small_world):
    from services.experiments import story
    from services.plans import plans, versions

    lead = small_world["city_lead"]
    risky = experiments.create_assumption(lead, small_world.city, assumption_input())
    tested = new_experiment(small_world, assumption_ids=[risky.id], status="analysing")
    tested = experiments.record_result(small_world["lag_member"], tested.id, result(45))
    tested = experiments.set_status(lead, tested, "done")
    learning = experiments.create_learning(
        lead,
        small_world.city,
        LearningCreate(
            title="Vendors pay by mobile", experiment_ids=[tested.id], decision="persevere"
        ),
    )
    plan = plans.get_plan(lead, small_world.city) or plans.create_plan(lead, small_world.city)
    versions.freeze_version(lead, plan, "before the experiments")
    plan = plans.get_plan(lead, small_world.city)
    number = plan.version + 1
    plan = plans.propose_change(
        lead,
        plan,
        "actions",
        plans.ItemChange("actions", "add", {"title": "Roll out mobile payment at every market"}),
        learning.id,
        "the pilot reached 45 %",
    )
    assert plan.pending_changes[-1].learning_id == learning.id
    v2 = versions.freeze_version(lead, plan, "from the learnings")
    (change,) = [c for c in v2.changes if c.learning_id]
    assert (change.kind, change.learning_id) == ("add", learning.id)

    told = story.city_story(lead, small_world.city)
    assert told.outcomes[tested.id].status == "validated"
    (linked,) = told.changes_for(learning.id)
    assert (linked.version, linked.learning_title) == (f"V{number}", "Vendors pay by mobile")
    assert told.riskiest == {"riskiest": 1, "tested": 1, "share": 1.0}


def test_a_statement_is_framed_in_its_citys_language_whatever_the_readers(small_world):
    """'Nous pensons que' never wraps English text, nor 'We believe that' French text."""
    admin = small_world["admin"]
    builders.city(admin, "Dakar", "Senegal", language="fr")
    framed = set()
    for city in networks.list_cities(admin):
        experiments.create_assumption(admin, city.id, assumption_input())
        for assumption in experiments.list_assumptions(admin, city.id):
            for reader in ("en", "fr"):
                lang = experiments.statement_language(city, reader)
                text = experiments.statement(assumption, lang)
                assert lang == city.language
                french = text.startswith("Nous pensons que")
                assert french is (city.language == "fr"), text
                framed.add((reader, lang))
    assert framed == {("en", "en"), ("fr", "en"), ("en", "fr"), ("fr", "fr")}
    # A city whose language is not known: the reader's language frames it.
    assert experiments.statement_language(None, "fr") == "fr"
