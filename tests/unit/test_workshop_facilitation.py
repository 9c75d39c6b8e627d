"""Around the board: anonymity per phase (names neither stored nor shown where a phase is
anonymous), votes entered for the room (counted apart), readiness, and the collection window
ahead of a session (participants and logged-in members post; a reminder before the deadline)."""

from __future__ import annotations

import datetime as dt

import pytest

from models import workshops as wm
from models.base import utcnow
from services.core import store
from services.core.errors import InvalidInput
from services.reporting import reminders
from services.workshops import boards, facilitation, results, workshops
from tests.conftest import check_matrix
from tests.unit import test_workshops as tw


def collecting(world, **settings) -> wm.Workshop:
    return workshops.start_workshop(
        world["coordinator"],
        world.city,
        wm.WorkshopCreate(
            title="Ideas ahead",
            template="brainstorm",
            settings=wm.WorkshopSettings(hide_until_reveal=False, **settings),
            collect_until=utcnow() + dt.timedelta(days=1),
        ),
    )


def test_anonymity_follows_the_phase_for_what_is_stored_and_shown(small_world):
    ws = collecting(small_world, anonymous=True, anonymity={"collecting": False})
    assert ws.phase == "collecting"
    awa = tw.joined(ws, "Awa", "c-awa")
    named = tw.note(ws, awa, "Night buses")
    assert store.get().find_one(workshops.NOTES, {"_id": named.id})["author_name"] == "Awa"
    board = boards.facilitator_board(small_world["coordinator"], ws.id)
    assert [n.author for n in board.notes] == ["Awa"]
    # the live session starts from what was collected; writing is anonymous
    live = tw.to_phase(small_world, ws, "writing")
    assert live.phase == "writing"
    hidden = tw.note(ws, awa, "Bike lanes")
    assert store.get().find_one(workshops.NOTES, {"_id": hidden.id})["author_name"] == ""
    board = boards.facilitator_board(small_world["coordinator"], ws.id)
    assert [n.text for n in board.notes] == ["Night buses", "Bike lanes"]
    assert [n.author for n in board.notes] == ["", ""]  # no name shown while anonymous
    with pytest.raises(InvalidInput):  # no way back to collecting
        tw.to_phase(small_world, ws, "collecting")


def test_proxy_votes_count_apart_and_follow_a_merged_note(small_world):
    ws = tw.start(small_world, template="impact_effort", hide_until_reveal=False)
    who = tw.joined(ws)
    a = tw.note(ws, who, "Night buses")
    b = tw.note(ws, who, "Bike lanes")
    facilitator = small_world["coordinator"]
    with pytest.raises(InvalidInput):  # only while voting
        facilitation.add_proxy_votes(facilitator, ws.id, a.id, 2)
    tw.to_phase(small_world, ws, "voting")
    workshops.vote(ws.id, who.token, a.id)
    assert facilitation.add_proxy_votes(facilitator, ws.id, a.id, 2) == 2
    assert facilitation.add_proxy_votes(facilitator, ws.id, b.id) == 1
    with pytest.raises(InvalidInput):
        facilitation.add_proxy_votes(facilitator, ws.id, a.id, 0)
    board = boards.facilitator_board(facilitator, ws.id)
    by_text = {n.text: n for n in board.notes}
    # recomputed from the stored votes and notes
    phone = store.get().count(workshops.VOTES, {"note_id": a.id})
    proxies = store.get().find_one(workshops.NOTES, {"_id": a.id})["proxy_votes"]
    assert (phone, proxies) == (1, 2)
    assert by_text["Night buses"].votes == 3 and by_text["Night buses"].proxy_votes == 2
    frame = results.results_frame(board)
    assert list(frame["proxy_votes"]) == [2, 1]
    assert facilitation.remove_proxy_vote(facilitator, ws.id, b.id) == 0
    with pytest.raises(InvalidInput):
        facilitation.remove_proxy_vote(facilitator, ws.id, b.id)
    facilitation.add_proxy_votes(facilitator, ws.id, b.id, 3)
    fresh_b = store.get().find_one(workshops.NOTES, {"_id": b.id})
    boards.merge_notes(facilitator, a.id, b.id, fresh_b["revision"])
    merged = store.get().find_one(workshops.NOTES, {"_id": a.id})
    assert merged["proxy_votes"] == 5
    # a participant's budget is untouched by proxy votes
    assert (
        store.get().find_one(workshops.PARTICIPANTS, {"_id": who.participant.id})["votes_used"] == 1
    )


def test_proxy_votes_follow_the_role_table(small_world):
    def attempt(user, city_id):
        ws = tw.start(small_world, template="impact_effort", city=city_id)
        note = boards.add_note(small_world["admin"], ws, wm.NoteCreate(text="X", column="ideas"))
        tw.to_phase(small_world, ws, "voting")
        facilitation.add_proxy_votes(user, ws.id, note.id, 1)

    check_matrix(small_world, "workshop.run", attempt)


def test_readiness_counts_this_phase_and_names_only_in_named_phases(small_world):
    ws = tw.start(small_world, hide_until_reveal=False, anonymous=True, anonymity={"voting": False})
    people = [tw.joined(ws, name, f"c-{name}") for name in ("Awa", "Ben", "Chloé")]
    tw.note(ws, people[0], "One")
    tw.note(ws, people[0], "Two")
    n = tw.note(ws, people[1], "Three")
    lead = small_world["lag_member"]
    ready = facilitation.readiness(lead, ws.id)
    assert (ready.phase, ready.participants, ready.done, ready.names) == ("writing", 3, 2, [])
    tw.to_phase(small_world, ws, "voting")
    ready = facilitation.readiness(lead, ws.id)
    assert (ready.done, ready.names) == (0, [])  # a new phase counts afresh
    workshops.vote(ws.id, people[2].token, n.id)
    facilitation.add_proxy_votes(small_world["coordinator"], ws.id, n.id, 2)
    ready = facilitation.readiness(lead, ws.id)
    assert (ready.done, ready.names, ready.proxy_votes) == (1, ["Chloé"], 2)


def test_members_post_while_collecting_and_are_reminded_before_the_deadline(small_world):
    ws = collecting(small_world, anonymous=False)
    member = small_world["lag_member"]
    made = facilitation.post_member_note(
        member, ws.id, wm.NoteCreate(text="Lights", column="ideas")
    )
    assert made.author_name == member.display_name and made.participant_id is None
    assert [w.id for w in facilitation.collecting(member, small_world.city)] == [ws.id]
    items = reminders.city_items(member)
    due = [i for i in items if i.key == "reminder.workshop_collecting"]
    assert [(i.values["title"], i.query) for i in due] == [("Ideas ahead", {"open": ws.id})]
    assert "Ideas ahead" in due[0].text("fr")
    # once the live session starts, members no longer post and nobody is reminded
    tw.to_phase(small_world, ws, "writing")
    with pytest.raises(InvalidInput):
        facilitation.post_member_note(member, ws.id, wm.NoteCreate(text="Late", column="ideas"))
    assert not [i for i in reminders.city_items(member) if i.key == "reminder.workshop_collecting"]


def test_member_notes_follow_the_role_table(small_world):
    def attempt(user, city_id):
        ws = workshops.start_workshop(
            small_world["admin"],
            city_id,
            wm.WorkshopCreate(
                title="Ahead",
                template="brainstorm",
                collect_until=utcnow() + dt.timedelta(days=1),
            ),
        )
        facilitation.post_member_note(user, ws.id, wm.NoteCreate(text="X", column="ideas"))

    check_matrix(small_world, "workshop.contribute", attempt)


def test_a_deadline_in_the_past_is_refused_and_a_passed_one_stops_posting(small_world):
    with pytest.raises(InvalidInput):
        workshops.start_workshop(
            small_world["coordinator"],
            small_world.city,
            wm.WorkshopCreate(
                title="Late", template="brainstorm", collect_until=utcnow() - dt.timedelta(hours=1)
            ),
        )
    ws = collecting(small_world)
    later = ws.collect_until + dt.timedelta(seconds=1)
    assert workshops.accepting(ws) and not workshops.accepting(ws, later)
