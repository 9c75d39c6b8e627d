"""The coordination page: the network team proposes an agenda from the data and closes a
follow-up; viewers read sessions; a city votes for a learning topic; a city's open follow-up
shows in its members' sidebar until done. Widgets found by key."""

from __future__ import annotations

import pytest

from services.core import collections, store
from services.reporting import coordination
from tests.ui.conftest import has, open_page, problems

PAGE = "pages/coordination.py"


@pytest.mark.parametrize("role", ["admin", "coordinator", "viewer", "city_lead", "lag_member"])
def test_coordination_page_renders_for_every_role(world, role):
    at = open_page(world[role].id, PAGE)
    assert not problems(at)
    assert at.title[0].value == "Coordination"
    team = role in ("admin", "coordinator", "viewer")
    assert has(at, "selectbox", "coordination.session") == team
    assert has(at, "button", "coordination.propose.demo-session-2") == (role != "viewer" and team)


def test_coordinator_proposes_the_agenda_and_closes_the_open_follow_up(world):
    coordinator = world["coordinator"]
    at = open_page(coordinator.id, PAGE)
    at.button(key="coordination.propose.demo-session-2").click().run()
    assert not problems(at)
    session = coordination.get_session(coordinator, "demo-session-2")
    assert len(session.agenda) > 2
    assert {"learning", "attention"} <= {i.source for i in session.agenda}
    at.selectbox(key="coordination.fu_status.demo-session-2").set_value("done")
    at.button(key="coordination.fu_set.demo-session-2").click().run()
    assert not problems(at)
    assert coordination.open_followups("demo-network") == []


def test_city_lead_sees_the_follow_up_and_votes(world):
    lead = world["city_lead"]
    at = open_page(lead.id, PAGE)
    assert any("follow-up due" in c.value for c in at.sidebar.caption)
    topic = "demo-topic-6"
    before = store.get().count(collections.LEARNING_VOTES, {"topic_id": topic})
    at.button(key=f"coordination.vote.{topic}").click().run()
    assert not problems(at)
    after = store.get().count(collections.LEARNING_VOTES, {"topic_id": topic})
    assert after == before + 1
