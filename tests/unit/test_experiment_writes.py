"""Experiment writes trust only what is stored: an object from another city passed in (its
`city_id` rewritten to the actor's city) is refused and nothing changes; updates touch only the
fields set; a result submitted twice is recorded once; plan changes cite a learning of the
plan's own city."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from models.experiment import (
    AssumptionCreate,
    AssumptionUpdate,
    Criterion,
    ExperimentCreate,
    ExperimentUpdate,
    LearningCreate,
    LearningUpdate,
    PlanChangeProposal,
    ResultFields,
)
from services.core import collections, records, store
from services.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.experiments import experiments, proposals
from services.plans import plans

START = dt.date(2026, 3, 1)
REFUSED = (PermissionDenied, NotFound)


def card(**kw) -> ExperimentCreate:
    data = dict(
        title="Mobile payments at the market",
        unit="%",
        criterion=Criterion(kind="numeric", comparison=">=", target=40),
        start=START,
        end=START + dt.timedelta(days=30),
        status="running",
    )
    return ExperimentCreate(**{**data, **kw})


def result(value: float = 42.0) -> ResultFields:
    return ResultFields(date=START + dt.timedelta(days=3), value=value)


def forged(doc, city_id: str):
    """The document as a caller could hand it over: same id, another city written in."""
    return doc.model_copy(update={"city_id": city_id})


def stored_doc(coll: str, doc):
    return store.get().find_one(coll, {"_id": doc.id})


@pytest.fixture
def foreign(small_world):
    """An assumption, a test card with one entry, and a learning in a city the lead is not in."""
    admin, city = small_world["admin"], small_world.other_city
    assumption = experiments.create_assumption(
        admin, city, AssumptionCreate(belief="vendors will pay", category="people")
    )
    experiment = experiments.create_experiment(admin, city, card())
    experiment = experiments.record_result(admin, experiment.id, result())
    learning = experiments.create_learning(admin, city, LearningCreate(title="Vendors pay"))
    return assumption, experiment, learning


# --- an object from another city passed in -----------------------------------------------------


def test_forged_assumption_is_neither_updated_nor_deleted(small_world, foreign):
    lead, (assumption, _, _) = small_world["city_lead"], foreign
    before = stored_doc(collections.ASSUMPTIONS, assumption)
    with pytest.raises(REFUSED):
        experiments.update_assumption(
            lead, forged(assumption, small_world.city), AssumptionUpdate(belief="hijacked")
        )
    assert stored_doc(collections.ASSUMPTIONS, assumption) == before


def test_forged_test_card_is_neither_edited_nor_moved_to_another_status(small_world, foreign):
    lead, (_, experiment, _) = small_world["city_lead"], foreign
    before = stored_doc(collections.EXPERIMENTS, experiment)
    with pytest.raises(REFUSED):
        experiments.update_experiment(
            lead, forged(experiment, small_world.city), ExperimentUpdate(title="hijacked")
        )
    with pytest.raises(REFUSED):
        experiments.set_status(lead, forged(experiment, small_world.city), "done")
    assert stored_doc(collections.EXPERIMENTS, experiment) == before


def test_forged_test_card_entries_are_not_corrected(small_world, foreign):
    (_, experiment, _) = foreign
    before = stored_doc(collections.EXPERIMENTS, experiment)
    for role in ("city_lead", "lag_member"):
        with pytest.raises(REFUSED):
            experiments.correct_result(
                small_world[role],
                forged(experiment, small_world.city),
                experiment.results[0].id,
                result(1),
            )
        with pytest.raises(REFUSED):
            experiments.record_result(small_world[role], experiment.id, result(1))
    assert stored_doc(collections.EXPERIMENTS, experiment) == before


def test_forged_learning_is_not_updated(small_world, foreign):
    lead, (_, _, learning) = small_world["city_lead"], foreign
    before = stored_doc(collections.LEARNINGS, learning)
    with pytest.raises(REFUSED):
        experiments.update_learning(
            lead, forged(learning, small_world.city), LearningUpdate(title="hijacked")
        )
    assert stored_doc(collections.LEARNINGS, learning) == before


def test_own_documents_are_still_written_from_what_is_stored(small_world):
    """The stored document is merged with the change, at the revision the caller read."""
    lead = small_world["city_lead"]
    read = experiments.create_assumption(
        lead,
        small_world.city,
        AssumptionCreate(belief="vendors pay", reason="they do", category="people"),
    )
    # A caller's copy with a stale belief does not write the stale belief back.
    edited = experiments.update_assumption(
        lead, read.model_copy(update={"belief": "stale"}), AssumptionUpdate(importance=5)
    )
    assert (edited.belief, edited.importance, edited.revision) == ("vendors pay", 5, 1)
    with pytest.raises(Conflict):  # the read revision still counts
        experiments.update_assumption(lead, read, AssumptionUpdate(importance=2))


# --- updates touch only the fields set ---------------------------------------------------------


def test_an_update_changes_only_the_fields_it_sets(small_world):
    lead = small_world["city_lead"]
    created = experiments.create_experiment(lead, small_world.city, card(owner="Awa", budget=300))
    edited = experiments.update_experiment(lead, created, ExperimentUpdate(title="Renamed"))
    assert (edited.title, edited.owner, edited.budget) == ("Renamed", "Awa", 300)
    activity = records.history(created.id, limit=1)[0]
    assert activity["fields"] == ["title"]
    learning = experiments.create_learning(
        lead, small_world.city, LearningCreate(title="L", insights="keep", decision="pivot")
    )
    edited = experiments.update_learning(lead, learning, LearningUpdate(confidence="high"))
    assert (edited.insights, edited.decision, edited.confidence) == ("keep", "pivot", "high")


def test_a_verdict_can_be_cleared_and_a_merged_card_is_validated_whole(small_world):
    lead = small_world["city_lead"]
    qualitative = Criterion(kind="qualitative", text="vendors like it")
    created = experiments.create_experiment(
        lead, small_world.city, card(criterion=qualitative, verdict="validated")
    )
    cleared = experiments.update_experiment(lead, created, ExperimentUpdate(verdict=None))
    assert cleared.verdict is None
    with pytest.raises(pydantic.ValidationError) as caught:  # end before the stored start
        experiments.update_experiment(lead, cleared, ExperimentUpdate(end=START - dt.timedelta(1)))
    assert caught.value.errors()[0]["type"] == "experiment_end_before_start"


# --- one entry per submission ------------------------------------------------------------------


def test_the_same_submission_sent_twice_is_recorded_once(small_world):
    lag = small_world["lag_member"]
    created = experiments.create_experiment(small_world["admin"], small_world.city, card())
    first = experiments.record_result(lag, created.id, result(37), submission="sub-1")
    again = experiments.record_result(lag, created.id, result(37), submission="sub-1")
    assert [e.id for e in first.results] == ["sub-1"]
    assert [e.id for e in again.results] == ["sub-1"]
    assert [line["action"] for line in records.history(created.id)].count("result.record") == 1
    other = experiments.record_result(lag, created.id, result(37), submission="sub-2")
    assert [e.id for e in other.results] == ["sub-1", "sub-2"]  # a new submission counts


# --- plan changes from a learning --------------------------------------------------------------


def _plan_with_an_action(lead, city_id: str):
    plan = plans.get_plan(lead, city_id) or plans.create_plan(lead, city_id)
    plans.save_item(lead, plan, "actions", plans.ItemChange("actions", "add", {"title": "Pilot"}))
    return proposals.change_targets(lead, city_id)


def test_which_plan_items_a_learning_may_change(small_world):
    lead = small_world["city_lead"]
    read = _plan_with_an_action(lead, small_world.city)
    found = read.find("actions", "actions")
    assert found is not None and found.label_field == "title"
    assert "Pilot" in [found.label(i) for i in found.items]
    assert all(t.list_name != "fields" for t in read.lists)  # custom fields are the form
    assert all(s in dict(read.plan.visible()) for s in {t.section for t in read.lists})
    with pytest.raises(REFUSED):
        proposals.change_targets(small_world["lag_member"], small_world.city)  # no plan.edit
    with pytest.raises(REFUSED):
        proposals.change_targets(lead, small_world.other_city)


def test_a_learning_proposes_an_edit_of_one_item(small_world):
    lead = small_world["city_lead"]
    read = _plan_with_an_action(lead, small_world.city)
    learning = experiments.create_learning(lead, small_world.city, LearningCreate(title="Works"))
    (pilot,) = [i for i in read.find("actions", "actions").items if i.title == "Pilot"]
    proposal = PlanChangeProposal(
        section="actions", list_name="actions", kind="edit", item_id=pilot.id, text="Roll out"
    )
    plan = proposals.propose_change(lead, learning.id, read, proposal)
    titles = [a.title for a in plan.sections["actions"].content.actions]
    assert "Roll out" in titles and "Pilot" not in titles
    assert (plan.pending_changes[-1].learning_id, plan.pending_changes[-1].kind) == (
        learning.id,
        "edit",
    )
    with pytest.raises(Conflict):  # the item moved since `read`
        proposals.propose_change(lead, learning.id, read, proposal)


def test_a_proposal_needs_a_learning_of_the_plans_city(small_world, foreign):
    lead = small_world["city_lead"]
    read = _plan_with_an_action(lead, small_world.city)
    add = PlanChangeProposal(section="actions", list_name="actions", kind="add", text="New")
    (_, _, foreign_learning) = foreign
    with pytest.raises(REFUSED):  # another city's learning
        proposals.propose_change(lead, foreign_learning.id, read, add)
    with pytest.raises(NotFound):  # no such learning
        proposals.propose_change(lead, "no-such-learning", read, add)
    # The plan service itself refuses them too, whoever calls it.
    change = plans.ItemChange("actions", "add", {"title": "New"})
    for learning_id in (foreign_learning.id, "no-such-learning"):
        with pytest.raises(InvalidInput) as caught:
            plans.propose_change(lead, read.plan, "actions", change, learning_id)
        assert caught.value.field == "learning_id"
    stored = plans.get_plan(lead, small_world.city)
    assert not [p for p in stored.pending_changes if p.summary == "New"]


def test_a_proposal_goes_to_the_learnings_own_plan_only(small_world):
    admin, lead = small_world["admin"], small_world["city_lead"]
    learning = experiments.create_learning(lead, small_world.city, LearningCreate(title="Works"))
    other = plans.get_plan(admin, small_world.other_city) or plans.create_plan(
        admin, small_world.other_city
    )
    read_other = proposals._targets(other, "en")
    add = PlanChangeProposal(section="actions", list_name="actions", kind="add", text="New")
    with pytest.raises(InvalidInput):  # the admin may edit both, but the learning is not there
        proposals.propose_change(admin, learning.id, read_other, add)
    with pytest.raises(pydantic.ValidationError):  # edit and drop name their item
        PlanChangeProposal(section="actions", list_name="actions", kind="drop")
