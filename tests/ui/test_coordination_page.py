"""The coordination page: the network team proposes an agenda from the data and closes a
follow-up; viewers read sessions; a city votes for a learning topic; a city's open follow-up
shows in its members' sidebar until done. Widgets found by key."""

from __future__ import annotations

import datetime as dt

import pytest

from services.core import collections, formats, store
from services.network import networks
from services.reporting import coordination, learning
from tests.ui.conftest import form_key, has, open_page, problems, shown

PAGE = "screens/coordination.py"


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


# --- issue 18: follow-ups on the city's pages, duplicates, ratings -------------------------------


def _open_followups_of(city_id: str) -> list[tuple[str, str, str]]:
    """(text, owner, status) of the city's open follow-ups, read from the stored sessions,
    soonest due first (then by id)."""
    found = [
        (f["due"], f["id"], (f["text"], f["owner"], f["status"]))
        for s in store.get().find(collections.COORDINATION_SESSIONS, {})
        for f in s.get("followups", [])
        if f.get("city_id") == city_id and f.get("status") == "open"
    ]
    return [row for _due, _id, row in sorted(found)]


def _table_rows(at, key: str) -> list[tuple[str, str, str]]:
    frame = at.container(key=key).dataframe[0].value
    return [(row["Follow-up"], row["Owner"], row["Status"]) for row in frame.to_dict("records")]


@pytest.mark.parametrize(
    ("page", "key", "picker"),
    [
        ("screens/progress.py", "progress.followups", "progress.city"),
        ("screens/story.py", "story.followups", "story.city"),
    ],
)
def test_a_city_s_open_follow_ups_show_on_its_progress_and_story_pages(world, page, key, picker):
    coordinator, lead = world["coordinator"], world["city_lead"]
    session = coordination.get_session(coordinator, "demo-session-2")
    due = dt.date.today() + dt.timedelta(days=10)
    for text, city in (
        ("Send the budget table", world.city),
        ("Close this one", world.city),
        ("Another city's", world.other_city),
    ):
        session = coordination.add_followup(
            coordinator, session, {"text": text, "owner": "Nadia", "due": due, "city_id": city}
        )
    closing = next(f for f in session.followups if f.text == "Close this one")
    coordination.set_followup_status(coordinator, session, closing.id, "done")
    expected = _open_followups_of(world.city)
    assert ("Send the budget table", "Nadia", "open") in expected

    at = open_page(lead.id, page)
    assert not problems(at)
    shown = _table_rows(at, key)
    assert shown == expected
    assert not any(text in ("Close this one", "Another city's") for text, _o, _s in shown)
    # The network team sees it too, on the city they pick.
    at = open_page(coordinator.id, page)
    at.selectbox(key=picker).set_value(world.city).run()
    assert not problems(at)
    assert _table_rows(at, key) == expected


def test_a_follow_up_said_twice_is_added_twice_only_when_confirmed(world):
    coordinator, sid = world["coordinator"], "demo-session-2"
    existing = coordination.get_session(coordinator, sid).followups[0]
    count = len(coordination.get_session(coordinator, sid).followups)
    at = open_page(coordinator.id, PAGE)
    at.text_input(key=f"coordination.fu_text.{sid}").input(f"  {existing.text.upper()} ")
    at.text_input(key=f"coordination.fu_owner.{sid}").input("Someone else")
    at.selectbox(key=f"coordination.fu_city.{sid}").set_value(existing.city_id)
    at.button(key=f"coordination.fu_add.{sid}").click().run()
    assert not problems(at)
    assert has(at, "container", f"coordination.fu_duplicate.{sid}")
    assert any("already has the follow-up" in w.value for w in at.warning)
    assert len(coordination.get_session(coordinator, sid).followups) == count  # nothing added
    at.button(key=f"coordination.fu_dup_add.{sid}").click().run()
    assert not problems(at)
    assert len(coordination.get_session(coordinator, sid).followups) == count + 1
    assert not has(at, "container", f"coordination.fu_duplicate.{sid}")


def test_a_second_rating_says_what_it_replaced_and_the_backlog_shows_ratings(world):
    lead = world["city_lead"]
    subjects = learning.rateable(lead, dt.date.today())
    kind, sid, _title = next(s for s in subjects if s[0] == "topic")
    earlier = store.get().find_one(
        collections.LEARNING_RATINGS, {"subject_id": sid, "city_id": world.city}
    )
    at = open_page(lead.id, PAGE)
    at.selectbox(key=form_key(at, "coordination.rate", "rate_subject", "coordination")).set_value(
        (kind, sid)
    )
    at.slider(key=form_key(at, "coordination.rate", "rate_score", "coordination")).set_value(2)
    at.button(key=form_key(at, "coordination.rate", "rate_submit", "coordination")).click().run()
    assert not problems(at)
    first = "replaced" if earlier else "your rating is saved"
    assert any(first in s.value for s in at.success), [s.value for s in at.success]
    at.selectbox(key=form_key(at, "coordination.rate", "rate_subject", "coordination")).set_value(
        (kind, sid)
    )
    at.slider(key=form_key(at, "coordination.rate", "rate_score", "coordination")).set_value(5)
    at.button(key=form_key(at, "coordination.rate", "rate_submit", "coordination")).click().run()
    assert not problems(at)
    assert any("replaced your city's earlier rating of 2" in s.value for s in at.success), [
        s.value for s in at.success
    ]
    # The topic shows its ratings: recomputed from the stored ones.
    docs = store.get().find(collections.LEARNING_RATINGS, {"subject_id": sid})
    mean = sum(d["score"] for d in docs) / len(docs)
    box = at.container(key=f"coordination.topic.{sid}.ratings")
    captions = [shown(c.value) for c in box.caption]
    words = (
        f"Usefulness {formats.number(mean, 'en', decimals=1)} out of 5, rated by {len(docs)} cit"
    )
    assert words in captions[0], captions
    city_name = networks.get_city(lead, world.city).name
    assert f"{city_name} 5" in captions[1]  # the city's own score, as it stands now
