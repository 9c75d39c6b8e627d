"""Coordination sessions, their follow-ups and the agenda proposed from the data; the learning
backlog (one vote per person and topic), usefulness ratings: on a small world (tests/builders.py)
that builds its sessions and topics, and the demo's own sessions and backlog."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base import today as utc_today
from models.coordination import FollowUpCreate, SessionCreate
from models.experiment import Experiment
from models.reporting import CheckinCreate
from services.core import collections, permissions, records, store
from services.core.errors import Conflict, InvalidInput, NotFound
from services.dashboard import agenda
from services.reporting import checkins, coordination, learning
from tests import builders
from tests.conftest import check_matrix

TODAY = utc_today()


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_has_two_past_sessions_with_one_follow_up_still_open(readonly_world):
    sessions = coordination.list_sessions(readonly_world["coordinator"])
    assert [s.id for s in sessions] == ["demo-session-2", "demo-session-1"]
    assert all(s.date < TODAY and s.followups for s in sessions)
    still_open = coordination.open_followups("demo-network")
    assert [f.id for _s, f in still_open] == ["demo-followup-4"]
    assert still_open[0][1].city_id == "city-0001"


def test_the_demo_backlog_is_voted_and_counts_match_the_votes(readonly_world):
    topics = learning.list_topics(readonly_world["viewer"])
    assert len(topics) >= 5
    assert [t.votes for t in topics] == sorted((t.votes for t in topics), reverse=True)
    for topic in topics:
        assert topic.votes == store.get().count(collections.LEARNING_VOTES, {"topic_id": topic.id})
    assert sum(t.votes for t in topics) > len(topics)


# --- follow-ups on the city's pages --------------------------------------------------------------


def followup(text: str, due: dt.date, city_id: str | None = None) -> dict:
    return {"text": text, "owner": "Nadia", "due": due, "city_id": city_id}


def test_a_city_follow_up_shows_for_the_city_until_done(small_world):
    lead, coordinator = small_world["city_lead"], small_world["coordinator"]
    session = builders.session(
        coordinator, TODAY, followups=[followup("Share the budget", TODAY, small_world.city)]
    )
    (open_one,) = session.followups
    shown = coordination.city_followups(lead, small_world.city)
    assert [f.id for f in shown] == [open_one.id]
    assert coordination.city_followups(coordinator, small_world.other_city) == []
    coordination.set_followup_status(coordinator, session, open_one.id, "done")
    assert coordination.city_followups(lead, small_world.city) == []
    assert coordination.open_followups(coordinator.network_id) == []


def test_a_follow_up_names_a_city_of_the_network_and_a_known_status(small_world):
    coordinator = small_world["coordinator"]
    session = builders.session(coordinator, TODAY, followups=[followup("Share", TODAY)])
    with pytest.raises(InvalidInput):
        coordination.add_followup(
            coordinator, session, {"text": "x", "owner": "y", "due": TODAY, "city_id": "nowhere"}
        )
    with pytest.raises(InvalidInput):
        coordination.set_followup_status(coordinator, session, session.followups[0].id, "forgotten")
    with pytest.raises(NotFound):
        coordination.set_followup_status(coordinator, session, "no-such-followup", "done")


def test_a_stale_session_edit_is_a_conflict(small_world):
    coordinator = small_world["coordinator"]
    read = builders.session(coordinator, TODAY)
    coordination.update_session(coordinator, read, {"notes": "first"})
    with pytest.raises(Conflict):
        coordination.update_session(coordinator, read, {"notes": "second"})
    assert coordination.get_session(coordinator, read.id).notes == "first"


def test_follow_ups_frame_lists_open_ones_first(small_world):
    coordinator, city = small_world["coordinator"], small_world.city
    earlier = TODAY - dt.timedelta(days=60)
    first = builders.session(
        coordinator,
        earlier,
        followups=[followup("Done first", earlier), followup("Open", TODAY + dt.timedelta(days=9))],
    )
    coordination.set_followup_status(coordinator, first, first.followups[0].id, "done")
    builders.session(coordinator, TODAY, followups=[followup("Also open", TODAY, city)])
    sessions = coordination.list_sessions(coordinator)
    frame = coordination.followups_frame(sessions, {city: "First"})
    assert len(frame) == sum(len(s.followups) for s in sessions) == 3
    assert list(frame["status"]) == ["open", "open", "done"]
    assert frame.iloc[0]["status"] == "open"
    assert frame.iloc[0]["city"] == "First"


# --- the agenda ----------------------------------------------------------------------------------


def test_the_agenda_counts_from_the_last_session(small_world):
    coordinator = small_world["coordinator"]
    network = coordinator.network_id
    first = builders.session(coordinator, TODAY - dt.timedelta(days=120), "First").date
    last = builders.session(coordinator, TODAY - dt.timedelta(days=20), "Second").date
    assert agenda.since(network, TODAY) == last
    assert agenda.since(network, first) == first - dt.timedelta(days=agenda.LOOKBACK_DAYS)


def test_the_agenda_is_proposed_from_the_data(small_world):
    lead, coordinator = small_world["city_lead"], small_world["coordinator"]
    city, lag = small_world.city, small_world["lag_member"]
    builders.topic(lead, city, "Open data licences", voters=[lead])
    builders.topic(lead, city, "Talking to residents", "problem_definition", voters=[lead, lag])
    checkins.create_checkin(
        lead,
        city,
        CheckinCreate(date=TODAY, mood=2, blockers=["legal"], help_needed="A lawyer's advice"),
    )
    items = agenda.proposed_agenda(coordinator, TODAY + dt.timedelta(days=1))
    sources = {i.source for i in items}
    assert {"blockers", "help", "learning"} <= sources
    help_lines = [i for i in items if i.source == "help"]
    assert any("A lawyer's advice" in i.text and i.city_id == city for i in help_lines)
    learning_lines = [i.text for i in items if i.source == "learning"]
    top = learning.fitting_topics(learning.list_topics(coordinator), _stages(small_world))
    assert learning_lines and top[0].title in learning_lines[0]
    assert top[0].title == "Talking to residents"
    french = agenda.proposed_agenda(coordinator, TODAY + dt.timedelta(days=1), "fr")
    assert any(i.text.startswith("Aide demandée") for i in french)


def _stages(world):
    found = store.get().find(
        collections.CITIES, {"network_id": world["admin"].network_id}, projection={"stage": 1}
    )
    return {d["stage"] for d in found}


def test_fitting_topics_skip_held_unvoted_and_other_stages(small_world):
    lead, lag, city = small_world["city_lead"], small_world["lag_member"], small_world.city
    both = [lead, lag]
    builders.topic(lead, city, "Any stage", voters=[lead])
    builders.topic(lead, city, "Scaling up", "experimentation", voters=both)
    builders.topic(lead, city, "Measuring", "experimentation", voters=both)
    builders.topic(lead, city, "Nobody voted", "experimentation")
    builders.topic(lead, city, "Another stage", "solution_design", voters=both)
    held = builders.topic(lead, city, "Held already", "experimentation", voters=both)
    learning.set_topic_status(small_world["coordinator"], held, "held")
    topics = learning.list_topics(small_world["coordinator"])
    fit = learning.fitting_topics(topics, {"experimentation"}, limit=10)
    assert all(t.status != "held" and t.votes > 0 for t in fit)
    assert all(t.stage in (None, "experimentation") for t in fit)
    assert fit == sorted(fit, key=lambda t: (-t.votes, t.title))
    assert [t.title for t in fit] == ["Measuring", "Scaling up", "Any stage"]


# --- votes and ratings ---------------------------------------------------------------------------


def test_one_vote_per_person_and_topic(small_world):
    lead, city = small_world["city_lead"], small_world.city
    builders.topic(lead, city, "Open data licences", voters=[small_world["lag_member"]])
    topic = next(t for t in learning.list_topics(lead) if t.id not in learning.my_votes(lead))
    after = learning.vote_topic(lead, topic.id, city)
    again = learning.vote_topic(lead, topic.id, city)
    assert after.votes == again.votes == topic.votes + 1
    back = learning.unvote_topic(lead, topic.id, city)
    assert back.votes == topic.votes


def test_a_topic_names_a_known_stage(small_world):
    with pytest.raises(InvalidInput):
        learning.propose_topic(
            small_world["city_lead"], small_world.city, {"title": "X", "stage": "nope"}
        )


def test_a_rating_replaces_the_city_s_earlier_one_and_needs_a_held_event(small_world):
    lead, city = small_world["city_lead"], small_world.city
    session = builders.session(small_world["coordinator"], TODAY - dt.timedelta(days=7))
    topic = builders.topic(lead, city, "Not held yet")
    rating = {"subject": "session", "subject_id": session.id}
    first = learning.rate(lead, city, {**rating, "score": 2})
    second = learning.rate(lead, city, {**rating, "score": 5})
    assert first.rating.id == second.rating.id and second.rating.score == 5
    # The second says what it replaced; the first replaced nothing.
    assert first.replaced is None and second.replaced == 2
    assert learning.rate(lead, city, {**rating, "score": 5}).replaced == 5
    assert store.get().count(collections.LEARNING_RATINGS, {"subject_id": session.id}) == 1
    with pytest.raises(InvalidInput):
        learning.rate(lead, city, {"subject": "topic", "subject_id": topic.id, "score": 3})
    frame = learning.ratings_frame(small_world["viewer"])
    row = frame[frame["subject_id"] == session.id].iloc[0]
    assert row["ratings"] == 1 and row["mean"] == 5


# --- the role table ------------------------------------------------------------------------------


def test_session_writes_follow_the_role_table(small_world):
    check_matrix(
        small_world,
        "coordination.edit",
        lambda u, c: coordination.create_session(u, SessionCreate(date=TODAY, title="Q")),
    )
    check_matrix(small_world, "coordination.read", lambda u, c: coordination.list_sessions(u))
    check_matrix(small_world, "followup.read", lambda u, c: coordination.city_followups(u, c))


def test_backlog_writes_follow_the_role_table(small_world):
    topic = builders.topic(small_world["city_lead"], small_world.city, "Open data licences")
    session = builders.session(small_world["coordinator"], TODAY - dt.timedelta(days=7))
    check_matrix(small_world, "learning.read", lambda u, c: learning.list_topics(u))
    check_matrix(
        small_world, "learning.propose", lambda u, c: learning.propose_topic(u, c, {"title": "T"})
    )
    check_matrix(small_world, "learning.vote", lambda u, c: learning.vote_topic(u, topic.id, c))
    check_matrix(
        small_world,
        "learning.rate",
        lambda u, c: learning.rate(
            u, c, {"subject": "session", "subject_id": session.id, "score": 4}
        ),
    )


def test_viewers_read_sessions_but_cities_do_not(small_world):
    assert permissions.allowed(small_world["viewer"], "coordination.read")
    assert not permissions.allowed(small_world["city_lead"], "coordination.read")
    assert not permissions.allowed(small_world["viewer"], "coordination.edit")


def test_an_agenda_set_ahead_counts_only_what_has_happened(world):
    """A session set for later: an experiment due to end before it has not concluded yet, and
    is not proposed as concluded (issue 18)."""
    coordinator = world["coordinator"]
    tests = records.find(
        collections.EXPERIMENTS, Experiment, {"network_id": coordinator.network_id}
    )
    running = [e for e in tests if e.status in ("design", "running") and e.end > TODAY]
    assert running, "the demo has experiments still running"
    on = max(e.end for e in running) + dt.timedelta(days=1)
    items = agenda.proposed_agenda(coordinator, on)
    proposed = {(i.city_id, i.text) for i in items if i.source == "experiments"}
    # Recomputed from the stored dates: ended by today (or closed), not stopped, since then.
    start = agenda.since(coordinator.network_id, on)
    ended = [
        e
        for e in tests
        if e.status != "stopped"
        and start <= e.end <= TODAY
        and (e.status in ("analysing", "done") or e.end < TODAY)
    ]
    assert len([i for i in proposed if i[0]]) == min(len(ended), agenda.TOP_EXPERIMENTS)
    for e in running:
        if e.status not in ("analysing", "done"):
            assert not any(city == e.city_id and e.title in text for city, text in proposed)


def test_ratings_by_subject_hold_each_city_s_one_rating(small_world):
    """Mean, count and each city's score, recomputed here from the stored ratings."""
    lead, coordinator = small_world["city_lead"], small_world["coordinator"]
    other_lead = builders.user("city_lead", [small_world.other_city])
    session = builders.session(coordinator, TODAY - dt.timedelta(days=7))
    topic = builders.topic(lead, small_world.city, "Open data")
    learning.set_topic_status(coordinator, topic, "held")
    on_session = {"subject": "session", "subject_id": session.id}
    learning.rate(lead, small_world.city, {**on_session, "score": 2})
    learning.rate(lead, small_world.city, {**on_session, "score": 4})  # replaces the 2
    learning.rate(other_lead, small_world.other_city, {**on_session, "score": 5})
    learning.rate(
        other_lead, small_world.other_city, {"subject": "topic", "subject_id": topic.id, "score": 3}
    )
    found = learning.ratings_by_subject(small_world["viewer"])
    docs = store.get().find(collections.LEARNING_RATINGS, {})
    for key, ratings in found.items():
        mine = [d for d in docs if (d["subject"], d["subject_id"]) == key]
        assert ratings.by_city == {d["city_id"]: d["score"] for d in mine}
        assert ratings.count == len(mine)
        assert ratings.mean == pytest.approx(sum(d["score"] for d in mine) / len(mine))
    assert found[("session", session.id)].by_city == {
        small_world.city: 4,
        small_world.other_city: 5,
    }
    assert found[("session", session.id)].mean == 4.5
    assert found[("topic", topic.id)].count == 1


def test_a_duplicate_follow_up_is_refused_unless_confirmed(small_world):
    coordinator, city = small_world["coordinator"], small_world.city
    session = builders.session(
        coordinator, TODAY, followups=[followup("Share the budget", TODAY, city)]
    )
    again = followup("  share the   BUDGET ", TODAY + dt.timedelta(days=3), city)
    with pytest.raises(InvalidInput) as refused:
        coordination.add_followup(coordinator, session, again)
    assert refused.value.key == coordination.DUPLICATE and refused.value.field == "text"
    stored = coordination.get_session(coordinator, session.id)
    assert len(stored.followups) == 1  # nothing stored
    # Another city, or none, is another follow-up; so is another text.
    stored = coordination.add_followup(
        coordinator, stored, followup("Share the budget", TODAY, small_world.other_city)
    )
    stored = coordination.add_followup(coordinator, stored, followup("Share the budget", TODAY))
    stored = coordination.add_followup(coordinator, stored, followup("Share the plan", TODAY, city))
    assert len(stored.followups) == 4
    # Said twice on purpose: stored twice.
    stored = coordination.add_followup(coordinator, stored, again, confirmed=True)
    same = [f for f in stored.followups if f.city_id == city and "budget" in f.text.lower()]
    assert len(same) == 2
    # The rule, recomputed: same city and the same words once case and spaces are set aside.
    words = " ".join(again["text"].split()).lower()
    assert coordination.duplicate_of(stored, FollowUpCreate(**again)) is not None
    assert all(
        (" ".join(f.text.split()).lower() == words) == coordination.same_text(f.text, again["text"])
        for f in stored.followups
    )
