"""Coordination sessions, their follow-ups and the agenda proposed from the data; the learning
backlog (one vote per person and topic), usefulness ratings: against the demo network."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base import today as utc_today
from models.coordination import SessionInput
from models.reporting import CheckinInput
from services.core import collections, permissions, store
from services.core.errors import Conflict, InvalidInput, NotFound
from services.reporting import agenda, checkins, coordination, learning
from tests.conftest import check_matrix

TODAY = utc_today()


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_has_two_past_sessions_with_one_follow_up_still_open(world):
    sessions = coordination.list_sessions(world["coordinator"])
    assert [s.id for s in sessions] == ["demo-session-2", "demo-session-1"]
    assert all(s.date < TODAY and s.followups for s in sessions)
    still_open = coordination.open_followups("demo-network")
    assert [f.id for _s, f in still_open] == ["demo-followup-4"]
    assert still_open[0][1].city_id == "city-0001"


def test_the_demo_backlog_is_voted_and_counts_match_the_votes(world):
    topics = learning.list_topics(world["viewer"])
    assert len(topics) >= 5
    assert [t.votes for t in topics] == sorted((t.votes for t in topics), reverse=True)
    for topic in topics:
        assert topic.votes == store.get().count(collections.LEARNING_VOTES, {"topic_id": topic.id})
    assert sum(t.votes for t in topics) > len(topics)


# --- follow-ups on the city's pages --------------------------------------------------------------


def test_a_city_follow_up_shows_for_the_city_until_done(world):
    lead, coordinator = world["city_lead"], world["coordinator"]
    shown = coordination.city_followups(lead, "city-0001")
    assert [f.id for f in shown] == ["demo-followup-4"]
    assert coordination.city_followups(coordinator, "city-0002") == []
    session = coordination.get_session(coordinator, "demo-session-2")
    coordination.set_followup_status(coordinator, session, "demo-followup-4", "done")
    assert coordination.city_followups(lead, "city-0001") == []
    assert coordination.open_followups("demo-network") == []


def test_a_follow_up_names_a_city_of_the_network_and_a_known_status(world):
    coordinator = world["coordinator"]
    session = coordination.get_session(coordinator, "demo-session-1")
    with pytest.raises(InvalidInput):
        coordination.add_followup(
            coordinator, session, {"text": "x", "owner": "y", "due": TODAY, "city_id": "nowhere"}
        )
    with pytest.raises(InvalidInput):
        coordination.set_followup_status(coordinator, session, "demo-followup-1", "forgotten")
    with pytest.raises(NotFound):
        coordination.set_followup_status(coordinator, session, "no-such-followup", "done")


def test_a_stale_session_edit_is_a_conflict(world):
    coordinator = world["coordinator"]
    read = coordination.get_session(coordinator, "demo-session-2")
    coordination.update_session(coordinator, read, {"notes": "first"})
    with pytest.raises(Conflict):
        coordination.update_session(coordinator, read, {"notes": "second"})
    assert coordination.get_session(coordinator, read.id).notes == "first"


def test_follow_ups_frame_lists_open_ones_first(world):
    sessions = coordination.list_sessions(world["coordinator"])
    frame = coordination.followups_frame(sessions, {"city-0001": "First"})
    assert len(frame) == sum(len(s.followups) for s in sessions)
    assert frame.iloc[0]["status"] == "open"
    assert frame.iloc[0]["city"] == "First"


# --- the agenda ----------------------------------------------------------------------------------


def test_the_agenda_counts_from_the_last_session(world):
    assert (
        agenda.since("demo-network", TODAY)
        == coordination.get_session(world["coordinator"], "demo-session-2").date
    )
    first = coordination.get_session(world["coordinator"], "demo-session-1").date
    assert agenda.since("demo-network", first) == first - dt.timedelta(days=agenda.LOOKBACK_DAYS)


def test_the_agenda_is_proposed_from_the_data(world):
    lead, coordinator = world["city_lead"], world["coordinator"]
    checkins.create_checkin(
        lead,
        "city-0001",
        CheckinInput(date=TODAY, mood=2, blockers=["legal"], help_needed="A lawyer's advice"),
    )
    items = agenda.proposed_agenda(coordinator, TODAY + dt.timedelta(days=1))
    sources = {i.source for i in items}
    assert {"blockers", "help", "learning"} <= sources
    help_lines = [i for i in items if i.source == "help"]
    assert any("A lawyer's advice" in i.text and i.city_id == "city-0001" for i in help_lines)
    learning_lines = [i.text for i in items if i.source == "learning"]
    top = learning.fitting_topics(learning.list_topics(coordinator), ["x"] * 0 or _stages(world))
    assert learning_lines and top[0].title in learning_lines[0]
    french = agenda.proposed_agenda(coordinator, TODAY + dt.timedelta(days=1), "fr")
    assert any(i.text.startswith("Aide demandée") for i in french)


def _stages(world):
    found = store.get().find(
        collections.CITIES, {"network_id": "demo-network"}, projection={"stage": 1}
    )
    return {d["stage"] for d in found}


def test_fitting_topics_skip_held_unvoted_and_other_stages(world):
    topics = learning.list_topics(world["coordinator"])
    fit = learning.fitting_topics(topics, {"experimentation"}, limit=10)
    assert all(t.status != "held" and t.votes > 0 for t in fit)
    assert all(t.stage in (None, "experimentation") for t in fit)
    assert fit == sorted(fit, key=lambda t: (-t.votes, t.title))


# --- votes and ratings ---------------------------------------------------------------------------


def test_one_vote_per_person_and_topic(world):
    lead = world["city_lead"]
    topic = next(t for t in learning.list_topics(lead) if t.id not in learning.my_votes(lead))
    after = learning.vote_topic(lead, topic.id, "city-0001")
    again = learning.vote_topic(lead, topic.id, "city-0001")
    assert after.votes == again.votes == topic.votes + 1
    back = learning.unvote_topic(lead, topic.id, "city-0001")
    assert back.votes == topic.votes


def test_a_topic_names_a_known_stage(world):
    with pytest.raises(InvalidInput):
        learning.propose_topic(world["city_lead"], "city-0001", {"title": "X", "stage": "nope"})


def test_a_rating_replaces_the_city_s_earlier_one_and_needs_a_held_event(world):
    lead = world["city_lead"]
    first = learning.rate(
        lead, "city-0001", {"subject": "session", "subject_id": "demo-session-2", "score": 2}
    )
    second = learning.rate(
        lead, "city-0001", {"subject": "session", "subject_id": "demo-session-2", "score": 5}
    )
    assert first.id == second.id and second.score == 5
    with pytest.raises(InvalidInput):
        learning.rate(
            lead, "city-0001", {"subject": "topic", "subject_id": "demo-topic-1", "score": 3}
        )
    frame = learning.ratings_frame(world["viewer"])
    row = frame[frame["subject_id"] == "demo-session-2"].iloc[0]
    assert row["ratings"] == 1 and row["mean"] == 5


# --- the role table ------------------------------------------------------------------------------


def test_session_writes_follow_the_role_table(world):
    check_matrix(
        world,
        "coordination.edit",
        lambda u, c: coordination.create_session(u, SessionInput(date=TODAY, title="Q")),
    )
    check_matrix(world, "coordination.read", lambda u, c: coordination.list_sessions(u))
    check_matrix(world, "followup.read", lambda u, c: coordination.city_followups(u, c))


def test_backlog_writes_follow_the_role_table(world):
    check_matrix(world, "learning.read", lambda u, c: learning.list_topics(u))
    check_matrix(
        world, "learning.propose", lambda u, c: learning.propose_topic(u, c, {"title": "T"})
    )
    check_matrix(world, "learning.vote", lambda u, c: learning.vote_topic(u, "demo-topic-1", c))
    check_matrix(
        world,
        "learning.rate",
        lambda u, c: learning.rate(
            u, c, {"subject": "session", "subject_id": "demo-session-1", "score": 4}
        ),
    )


def test_viewers_read_sessions_but_cities_do_not(world):
    assert permissions.allowed(world["viewer"], "coordination.read")
    assert not permissions.allowed(world["city_lead"], "coordination.read")
    assert not permissions.allowed(world["viewer"], "coordination.edit")
