"""One submission, one record: a form's submission id sent twice (a double or triple click)
writes once and gets the first result back; two submissions write twice, even with equal
values (services/core/records.py, screens/_ui/forms.py). Counted in the store, not through the
services' own reads."""

from __future__ import annotations

import datetime as dt

import pytest

from models import workshops as wm
from models.base import new_id
from models.city import CityFields
from models.coordination import FollowUpCreate
from models.experiment import Criterion, ExperimentCreate, ResultFields
from models.reporting import Checkin, CheckinCreate
from models.user import UserCreate
from services.accounts import accounts, login
from services.core import collections, records, store
from services.core.errors import InvalidInput
from services.experiments import experiments
from services.network import networks, progress, settings
from services.plans import plans, versions
from services.reporting import checkins, coordination, learning, reports
from services.transfer import archive
from services.workshops import templates, workshops
from tests import builders

TODAY = checkins.today()
GOOD = "correct horse battery staple"


def count(coll: str, **filter) -> int:
    return store.get().count(coll, filter)


def pulse(mood: int = 4, happened: str = "Market day", day: dt.date = TODAY) -> CheckinCreate:
    return CheckinCreate(date=day, mood=mood, happened=happened)


def running(world, unit: str = "visitors"):
    return experiments.create_experiment(
        world["admin"],
        world.city,
        ExperimentCreate(
            title="SMS reminders",
            metric="people at the LAG meeting",
            unit=unit,
            criterion=Criterion(kind="numeric", comparison=">=", target=100),
            start=TODAY - dt.timedelta(days=30),
            end=TODAY + dt.timedelta(days=30),
            status="running",
        ),
    )


# --- the store: the index and the generic rule ----------------------------------------------


def test_every_data_collection_declares_a_unique_sparse_submission_index():
    for coll in collections.ALL:
        declared = [
            opts for keys, opts in store.INDEXES.get(coll, []) if keys[0][0] == "submission_id"
        ]
        if coll in (collections.ACTIVITY, collections.PRESENCE):
            assert declared == [], coll  # never written by a form
        else:
            assert declared == [{"unique": True, "sparse": True}], coll


def test_the_index_refuses_a_second_document_of_one_submission_and_ignores_documents_without(db):
    db.insert_one(collections.CHECKINS, {"_id": "a", "submission_id": "s1"})
    db.insert_one(collections.CHECKINS, {"_id": "b"})  # sparse: no id, not indexed
    db.insert_one(collections.CHECKINS, {"_id": "c"})
    with pytest.raises(store.DuplicateKey):
        db.insert_one(collections.CHECKINS, {"_id": "d", "submission_id": "s1"})
    assert db.count(collections.CHECKINS) == 3


def test_insert_with_a_submission_already_written_returns_the_first_document(small_world):
    lag = small_world["lag_member"]
    submission = new_id()
    first = checkins.create_checkin(lag, small_world.city, pulse(4, "first"), submission)
    again = checkins.create_checkin(lag, small_world.city, pulse(2, "other words"), submission)
    assert again == first  # the first result, whatever the second one said
    stored = store.get().find(collections.CHECKINS, {"city_id": small_world.city})
    assert [(d["mood"], d["happened"], d["submission_id"]) for d in stored] == [
        (4, "first", submission)
    ]


def test_a_race_past_the_first_look_is_settled_by_the_unique_index(small_world, monkeypatch):
    """Two runs of the same submission both find nothing written yet: the index lets one in,
    and the other gets the document that one wrote."""
    lag = small_world["lag_member"]
    submission = new_id()
    first = checkins.create_checkin(lag, small_world.city, pulse(), submission)
    real = records.submitted
    looks = []

    def first_look_misses(coll, model, sub, network_id):
        looks.append(sub)
        return None if len(looks) == 1 else real(coll, model, sub, network_id)

    monkeypatch.setattr(records, "submitted", first_look_misses)
    doc = Checkin(network_id=first.network_id, city_id=first.city_id, date=TODAY, mood=1)
    again = records.insert(collections.CHECKINS, doc, lag, submission=submission)
    assert again.id == first.id and again.mood == first.mood
    assert count(collections.CHECKINS, city_id=small_world.city) == 1


def test_two_submissions_with_equal_values_are_two_checkins(small_world):
    lag = small_world["lag_member"]
    for _ in range(2):
        checkins.create_checkin(lag, small_world.city, pulse(), new_id())
    checkins.create_checkin(lag, small_world.city, pulse())  # no form: no id, always written
    assert count(collections.CHECKINS, city_id=small_world.city, happened="Market day") == 3


# --- results: the LAG member's 118 on two dates -------------------------------------------


def test_the_same_value_on_the_next_day_is_a_second_entry(small_world):
    lag = small_world["lag_member"]
    card = running(small_world)
    day = TODAY - dt.timedelta(days=5)
    experiments.record_result(lag, card.id, ResultFields(date=day, value=118), new_id())
    next_day = day + dt.timedelta(days=1)
    experiments.record_result(lag, card.id, ResultFields(date=next_day, value=118), new_id())
    (doc,) = store.get().find(collections.EXPERIMENTS, {"_id": card.id})
    assert sorted((r["date"].date(), r["value"]) for r in doc["results"]) == [
        (day, 118),
        (next_day, 118),
    ]


def test_equal_values_on_one_date_are_two_entries_and_a_repeat_is_one(small_world):
    lag = small_world["lag_member"]
    card = running(small_world)
    entry = ResultFields(date=TODAY, value=118, note="same")
    submission = new_id()
    first = experiments.record_result(lag, card.id, entry, submission)
    repeated = experiments.record_result(lag, card.id, entry, submission)  # the double click
    assert repeated.results == first.results
    experiments.record_result(lag, card.id, entry, new_id())  # a second measurement
    (doc,) = store.get().find(collections.EXPERIMENTS, {"_id": card.id})
    assert [r["value"] for r in doc["results"]] == [118, 118]
    assert doc["results"][0]["id"] == submission  # the entry is the submission's


@pytest.mark.parametrize("value", [-1, 100.5, 130])
def test_a_share_outside_0_to_100_is_refused_naming_the_value(small_world, value):
    card = running(small_world, unit="%")
    with pytest.raises(InvalidInput) as caught:
        experiments.record_result(
            small_world["lag_member"], card.id, ResultFields(date=TODAY, value=value)
        )
    assert (caught.value.field, caught.value.key) == ("value", "experiments.error.out_of_range")
    (doc,) = store.get().find(collections.EXPERIMENTS, {"_id": card.id})
    assert doc["results"] == []


def test_a_share_at_its_bounds_and_a_count_above_100_are_kept(small_world):
    lag = small_world["lag_member"]
    share, people = running(small_world, unit=" % "), running(small_world, unit="visitors")
    for value in (0, 100):
        experiments.record_result(lag, share.id, ResultFields(date=TODAY, value=value))
    experiments.record_result(lag, people.id, ResultFields(date=TODAY, value=130))
    stored = {d["_id"]: d for d in store.get().find(collections.EXPERIMENTS, {})}
    assert [r["value"] for r in stored[share.id]["results"]] == [0, 100]
    assert [r["value"] for r in stored[people.id]["results"]] == [130]


def test_a_correction_outside_the_share_is_refused(small_world):
    lag = small_world["lag_member"]
    card = running(small_world, unit="%")
    card = experiments.record_result(lag, card.id, ResultFields(date=TODAY, value=40))
    with pytest.raises(InvalidInput):
        experiments.correct_result(
            lag, card, card.results[0].id, ResultFields(date=TODAY, value=400)
        )


# --- appends inside a document, and a state change -----------------------------------------


def test_a_repeated_followup_is_added_once(small_world):
    team = small_world["coordinator"]
    session = builders.session(team, TODAY)
    data = FollowUpCreate(text="Send the budget table", owner="Awa", due=TODAY)
    submission = new_id()
    first = coordination.add_followup(team, session, data, submission)
    # The second click's run read the session as the first one left it.
    again = coordination.add_followup(team, first, data, submission)
    assert again == first
    # Equal values, a new submission: a second follow-up once the person confirms it.
    coordination.add_followup(team, first, data, new_id(), confirmed=True)
    (doc,) = store.get().find(collections.COORDINATION_SESSIONS, {"_id": session.id})
    assert [f["text"] for f in doc["followups"]] == ["Send the budget table"] * 2


def test_a_repeated_topic_is_proposed_once(small_world):
    lead = small_world["city_lead"]
    submission = new_id()
    first = learning.propose_topic(lead, small_world.city, {"title": "Budgets"}, submission)
    again = learning.propose_topic(lead, small_world.city, {"title": "Budgets"}, submission)
    assert again.id == first.id
    learning.propose_topic(lead, small_world.city, {"title": "Budgets"}, new_id())
    assert count(collections.LEARNING_TOPICS, title="Budgets") == 2


def test_a_double_tap_posts_one_workshop_note(small_world):
    data = wm.WorkshopCreate(title="LAG", template="brainstorm", settings=wm.WorkshopSettings())
    ws = workshops.start_workshop(small_world["coordinator"], small_world.city, data)
    who = workshops.join(ws.code, "Awa", "client-a")
    note = wm.NoteCreate(text="More buses", column=ws.columns[0])
    submission = new_id()
    first = workshops.post_note(ws.id, who.token, note, submission)
    assert workshops.post_note(ws.id, who.token, note, submission).id == first.id
    workshops.post_note(ws.id, who.token, note, new_id())
    assert count(collections.WORKSHOP_NOTES, workshop_id=ws.id, text="More buses") == 2


def _latest_report(world, user):
    latest = reports.city_cycles(user, world.city)[-1]
    return reports.open_report(user, world.city, latest.key)


def test_a_double_click_on_submit_and_on_a_review_comment_writes_once(world):
    lead, coordinator = world["city_lead"], world["coordinator"]
    report = _latest_report(world, lead)
    submission = new_id()
    submitted = reports.submit_report(lead, report, {}, submission=submission)
    # The second click: the report is no longer a draft, yet this is no error.
    again = reports.submit_report(lead, report, {}, submission=submission)
    assert again.status == "submitted" and again.revision == submitted.revision
    comment = {"text": "Thank you", "decision": "comment"}
    review = new_id()
    first = reports.review_report(coordinator, submitted, comment, submission=review)
    assert reports.review_report(coordinator, first, comment, submission=review) == first
    reports.review_report(coordinator, first, comment, submission=new_id())
    (doc,) = store.get().find(collections.REPORTS, {"_id": report.id})
    assert [c["text"] for c in doc["comments"]] == ["Thank you", "Thank you"]


# --- export and import ---------------------------------------------------------------------


def test_an_export_with_and_without_submission_ids_validates(small_world):
    lag = small_world["lag_member"]
    checkins.create_checkin(lag, small_world.city, pulse(), new_id())
    checkins.create_checkin(lag, small_world.city, pulse())
    checkins.create_checkin(lag, small_world.city, pulse())
    data = archive.snapshot(store.get())
    _clean, problems = archive.checked(data)
    assert problems == []
    doc = dict(next(d for d in data[collections.CHECKINS] if "submission_id" in d), _id="copy")
    data[collections.CHECKINS].append(doc)  # two documents of one submission
    _clean, problems = archive.checked(data)
    assert any("duplicate submission_id" in p for p in problems), problems


# --- the plan, a city ----------------------------------------------------------------------


def test_a_repeated_meeting_freeze_and_city_write_once(small_world):
    lead, lag = small_world["city_lead"], small_world["lag_member"]
    plan = builders.plan(lead, small_world.city)
    meeting = {"date": TODAY, "attendees": ["Awa"], "decisions": "Go"}
    submission = new_id()
    first = plans.save_meeting(lag, plan, meeting, submission=submission)
    assert plans.save_meeting(lag, first, meeting, submission=submission) == first
    plans.save_meeting(lag, first, meeting, submission=new_id())  # equal values, a new one
    (doc,) = store.get().find(collections.PLANS, {"_id": plan.id})
    meetings = doc["sections"]["stakeholders"]["content"]["meetings"]
    assert [m["decisions"] for m in meetings] == ["Go", "Go"]
    assert meetings[0]["id"] == submission

    frozen = new_id()
    v1 = versions.freeze_version(lead, first, "V1", frozen)
    # The second click read the plan before the freeze: no conflict, the same version.
    assert versions.freeze_version(lead, first, "V1", frozen).id == v1.id
    assert count(collections.PLAN_VERSIONS, plan_id=plan.id) == 1

    admin = small_world["admin"]
    made = new_id()
    city = networks.create_city(admin, CityFields(name="Aveiro", country="Portugal"), made)
    again = networks.create_city(admin, CityFields(name="Aveiro", country="Portugal"), made)
    assert again.id == city.id
    assert count(collections.CITIES, name="Aveiro") == 1


# --- edit forms and accounts: a repeated submission writes nothing more ---------------------


def test_a_double_click_on_approve_moves_the_city_one_stage(small_world):
    coordinator = small_world["coordinator"]
    city = networks.get_city(coordinator, small_world.city)
    submission = new_id()
    moved = progress.approve_stage(
        coordinator, city, force=True, note="On paper", submission=submission
    )
    # The second click reads the moved city: without its id it would approve the next stage.
    again = progress.approve_stage(
        coordinator, moved, force=True, note="On paper", submission=submission
    )
    assert again.stage == moved.stage and again.revision == moved.revision
    (doc,) = store.get().find(collections.CITIES, {"_id": city.id})
    assert len(doc["stage_history"]) == len(city.stage_history) + 1
    assert doc["revision"] == city.revision + 1


def test_a_repeated_city_edit_and_settings_save_write_once(small_world):
    admin = small_world["admin"]
    city = networks.get_city(admin, small_world.city)
    data = CityFields(name="Ghent", country=city.country, cluster=city.cluster, challenge="Rain")
    submission = new_id()
    first = networks.update_city(admin, city, data, submission=submission)
    # The second click's page read the city after the first save: no conflict, no write.
    assert networks.update_city(admin, first, data, submission=submission) == first
    network = networks.get_network(admin.network_id)
    saved = settings.update_settings(admin, network, {"funder": "Fund"}, submission=submission)
    assert (
        settings.update_settings(admin, saved, {"funder": "Fund"}, submission=submission) == saved
    )
    assert store.get().find_one(collections.NETWORKS, {"_id": network.id})["revision"] == (
        network.revision + 1
    )
    # Another submission of the same values (a late tail of the burst, a second Save) changes
    # nothing, so it writes nothing; one with a change writes.
    assert networks.update_city(admin, first, data, submission=new_id()) == first
    changed = data.model_copy(update={"challenge": "Rain and heat"})
    assert (
        networks.update_city(admin, first, changed, submission=new_id()).revision
        == 2 + city.revision
    )


def test_a_repeated_save_of_the_workshop_templates_writes_once(small_world):
    admin = small_world["admin"]
    network = networks.get_network(admin.network_id)
    chosen = list(templates.network_templates(network).values())[:1]
    submission = new_id()
    first = templates.save_templates(admin, network, chosen, submission=submission)
    # The second click's page read the network after the first save: no conflict, no write.
    again = templates.save_templates(admin, first, chosen, submission=submission)
    assert again.revision == first.revision == network.revision + 1
    stored = store.get().find_one(collections.NETWORKS, {"_id": network.id})
    assert stored["revision"] == network.revision + 1
    assert [t["key"] for t in stored["workshop_templates"]] == [chosen[0].key]


def test_a_double_click_creates_one_account_and_changes_a_password_once(small_world):
    admin = small_world["admin"]
    data = UserCreate(username="twice.clicked", display_name="Twice", role="viewer")
    submission = new_id()
    created = accounts.create_user(admin, data, GOOD, must_change=False, submission=submission)
    # Not "username taken": the first result.
    assert accounts.create_user(admin, data, GOOD, submission=submission).id == created.id
    invite = new_id()
    invited, token = accounts.invite_user(
        admin, data.model_copy(update={"username": "in.vited"}), submission=invite
    )
    assert token and accounts.invite_user(admin, data, submission=invite) == (invited, "")
    assert count(collections.USERS, username="twice.clicked") == 1
    change = new_id()
    new = "lanterns over the quiet harbour"
    changed = accounts.change_password(created, GOOD, new, new, submission=change)
    # The second click sends the old password, which is no longer the password: no error.
    again = accounts.change_password(created, GOOD, new, new, submission=change)
    assert again.revision == changed.revision
    assert login.authenticate("twice.clicked", new).id == created.id
    with pytest.raises(InvalidInput):  # another submission is checked as ever
        accounts.change_password(created, GOOD, new, new, submission=new_id())
