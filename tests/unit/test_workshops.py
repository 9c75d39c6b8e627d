"""Workshops: starting, joining, notes, votes (budget in services), visibility, controls,
throttle, results, promotion into the plan, and the role table."""

from __future__ import annotations

import datetime as dt

import pytest

from models import workshops as wm
from services.core import permissions, store
from services.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.dashboard import summary
from services.experiments import experiments
from services.network import networks
from services.plans import history, plans
from services.workshops import boards, promote, results, throttle, workshops
from services.workshops import charts as workshop_charts
from tests import builders
from tests.conftest import check_matrix, unchanged_store


def start(world, template="brainstorm", city=None, **settings):
    data = wm.WorkshopCreate(
        title="LAG session", template=template, settings=wm.WorkshopSettings(**settings)
    )
    return workshops.start_workshop(world["coordinator"], city or world.city, data)


def joined(ws, name="Awa", client="client-a"):
    return workshops.join(ws.code, name, client)


def note(ws, who, text="More buses", column=None):
    column = column or ws.columns[0]
    return workshops.post_note(ws.id, who.token, wm.NoteCreate(text=text, column=column))


def to_phase(world, ws, phase):
    return workshops.set_phase(world["coordinator"], workshops.load(ws.id), phase)


def planned(world, city_id=None):
    """The city's plan (the own city's by default), with a problem tree and two actions."""
    return builders.plan(
        world["admin"],
        city_id or world.city,
        problem={
            "kind": "problem",
            "statement": "Buses stop at dusk",
            "tree": {"core": "Nobody rides at night", "causes": [{"label": "No lights"}]},
        },
        actions={
            "kind": "actions",
            "actions": [{"title": "Lit bus stops"}, {"title": "Night timetable"}],
        },
    )


# --- codes and joining -------------------------------------------------------------------------


def test_code_is_eight_unambiguous_symbols_and_unique(small_world):
    codes = {start(small_world).code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 8 and set(code) <= set(workshops.ALPHABET)
        assert not set(code) & set("01IO")
    assert len(workshops.ALPHABET) ** 8 >= 2**40


def test_join_with_code_and_name_no_account(small_world):
    ws = start(small_world)
    got = workshops.join(ws.code.lower()[:4] + " " + ws.code.lower()[4:], "Awa", "c1")
    assert got.workshop.id == ws.id and got.participant.name == "Awa"
    assert len(got.token) >= 40
    stored = store.get().find_one(workshops.PARTICIPANTS, {"_id": got.participant.id})
    assert got.token not in str(stored)  # only the hash is kept
    assert workshops.participant(ws.id, got.token).id == got.participant.id


def test_wrong_code_is_refused_and_counted_then_throttled(small_world):
    start(small_world)
    for _ in range(throttle.LIMITS["client"]):
        with pytest.raises(InvalidInput) as exc:
            workshops.join("ZZZZZZZZ", "Eve", "guesser")
        assert exc.value.key == "workshops.error.bad_code"
    with pytest.raises(workshops.Throttled):
        workshops.join("ZZZZZZZZ", "Eve", "guesser")
    # another client is not blocked by this one's failures
    ws = start(small_world)
    assert workshops.join(ws.code, "Bob", "someone-else").workshop.id == ws.id


def test_a_guesser_locked_out_does_not_shut_the_door(small_world, monkeypatch):
    waits = []
    monkeypatch.setattr(workshops, "_wait", waits.append)
    ws = start(small_world)
    outcomes = []
    for _ in range(300):
        try:
            workshops.join("ZZZZZZZZ", "Eve", "guesser", "203.0.113.7")
        except workshops.Throttled:
            outcomes.append("throttled")
        except InvalidInput:
            outcomes.append("looked up")
    # only the client's tries were looked up; the rest were refused unseen
    assert outcomes.count("looked up") == throttle.LIMITS["client"]
    assert outcomes.count("throttled") == 300 - throttle.LIMITS["client"]
    # a participant on another client, even behind the same address, gets in at once
    assert workshops.join(ws.code, "Awa", "fresh-client", "203.0.113.7").workshop.id == ws.id
    assert waits == []


def test_shared_buckets_slow_wrong_codes_and_never_refuse_the_right_one(small_world, monkeypatch):
    waits = []
    monkeypatch.setattr(workshops, "_wait", waits.append)
    ws = start(small_world)
    near = ws.code[: throttle.PREFIX_LENGTH] + "ZZZZZ"
    if near == ws.code:
        near = ws.code[: throttle.PREFIX_LENGTH] + "YYYYY"
    # 300 failures from 300 sessions on one address, all on the first letters of a real code
    for n in range(300):
        with pytest.raises(InvalidInput) as exc:
            workshops.join(near, "Bot", f"bot-{n}", "198.51.100.1")
        assert exc.value.key == "workshops.error.bad_code"
    over = 300 - throttle.LIMITS["prefix"]  # the prefix and address limits are both 30
    assert len(waits) == over and set(waits) == {throttle.SLOW_S}
    # the right code, from that same address, is neither refused nor slowed
    assert workshops.join(ws.code, "Awa", "awa", "198.51.100.1").workshop.id == ws.id
    assert len(waits) == over


def test_a_successful_join_gives_its_try_back(small_world):
    ws = start(small_world)
    for n in range(throttle.LIMITS["client"] * 2):  # one device, many people, right code
        assert workshops.join(ws.code, f"P{n}", "shared-tablet").workshop.id == ws.id
    for _ in range(throttle.LIMITS["client"]):
        with pytest.raises(InvalidInput) as exc:
            workshops.join("ZZZZZZZZ", "Eve", "shared-tablet")
        assert exc.value.key == "workshops.error.bad_code"
    with pytest.raises(workshops.Throttled):
        workshops.join(ws.code, "Late", "shared-tablet")


def test_old_windows_are_forgotten():
    db = store.Store.memory()
    with store.using(db):
        for _ in range(throttle.LIMITS["client"]):
            assert throttle.reserve("c", now=0)
        assert not throttle.reserve("c", now=0)
        assert throttle.reserve("c", now=throttle.WINDOW_S * 3)
        throttle.record_failure(None, "ABC", now=0)
        throttle.record_failure(None, "ABC", now=throttle.WINDOW_S * 3)
        assert db.count(throttle.THROTTLE, {"window": 0}) == 0


def test_closed_workshop_code_stops_working(small_world):
    ws = start(small_world)
    who = joined(ws)
    workshops.close_workshop(small_world["coordinator"], ws)
    with pytest.raises(InvalidInput):
        workshops.join(ws.code, "Late", "c9")
    with pytest.raises(InvalidInput):
        note(ws, who)
    # the results stay readable to those who took part
    assert boards.participant_board(ws.id, who.token).workshop.status == "closed"


# --- a participant kept across reloads (the workshop's cookie) ---------------------------------


def test_cookie_token_is_the_same_participant_with_name_notes_and_votes(small_world):
    ws = start(small_world, votes_per_person=2, hide_until_reveal=False)
    who = joined(ws, "Awa")
    notes = [note(ws, who, text) for text in ("Night buses", "Bike lanes", "Benches")]
    cookie = workshops.bind_cookie(ws.id, who.handoff_code)
    assert cookie and cookie != who.token and len(cookie) >= 40
    assert workshops.bind_cookie(ws.id, who.handoff_code) is None  # the code works once
    stored = store.get().find_one(workshops.PARTICIPANTS, {"_id": who.participant.id})
    assert who.token not in str(stored) and cookie not in str(stored)  # hashes only
    assert stored["cookie_hash"] == workshops.token_hash(cookie)
    to_phase(small_world, ws, "voting")
    workshops.vote(ws.id, who.token, notes[0].id)  # voted in the first session ...
    # ... then the page is reloaded: the cookie's token finds the same participant
    got = workshops.restore_participant(ws.id, cookie)
    assert got is not None
    restored_ws, restored = got
    assert restored_ws.id == ws.id and restored.id == who.participant.id
    assert restored.name == "Awa" and restored.votes_used == 1
    board = boards.participant_board(ws.id, cookie)
    assert board.votes_left == 1
    assert sorted((n.text, n.mine, n.my_votes) for n in board.notes) == [
        ("Benches", True, 0),
        ("Bike lanes", True, 0),
        ("Night buses", True, 1),
    ]
    # one budget, whichever token: no fresh votes by reloading
    workshops.vote(ws.id, cookie, notes[1].id)
    with pytest.raises(InvalidInput):
        workshops.vote(ws.id, cookie, notes[2].id)
    with pytest.raises(InvalidInput):
        workshops.vote(ws.id, who.token, notes[2].id)
    assert workshops.participant(ws.id, who.token).votes_used == 2


def test_handoff_code_refused_when_wrong_late_or_for_another_workshop(small_world):
    ws, other = start(small_world), start(small_world)
    who = joined(ws)
    assert workshops.cookie_pending(ws.id, who.token)
    assert workshops.bind_cookie(other.id, who.handoff_code) is None
    assert workshops.bind_cookie(ws.id, "x" * 43) is None
    assert workshops.bind_cookie(ws.id, "") is None
    late = dt.datetime.now(dt.UTC) + workshops.HANDOFF + dt.timedelta(seconds=1)
    assert workshops.bind_cookie(ws.id, who.handoff_code, now=late) is None
    assert workshops.bind_cookie(ws.id, who.handoff_code) is not None
    assert not workshops.cookie_pending(ws.id, who.token)


def test_cookie_stops_working_when_closed_left_or_elsewhere(small_world):
    ws, other = start(small_world), start(small_world)
    who = joined(ws)
    cookie = workshops.bind_cookie(ws.id, who.handoff_code)
    assert workshops.restore_participant(other.id, cookie) is None  # that workshop only
    assert workshops.restore_participant(ws.id, who.token) is None  # the session's is not kept
    assert workshops.restore_participant(ws.id, "y" * 43) is None
    with pytest.raises(PermissionDenied):
        boards.participant_board(other.id, cookie)
    workshops.close_workshop(small_world["coordinator"], ws)
    assert workshops.restore_participant(ws.id, cookie) is None
    # a code handed out before the close cannot bind a cookie after it
    late = joined(other, "Late", "c3")
    workshops.close_workshop(small_world["coordinator"], workshops.load(other.id))
    assert workshops.bind_cookie(other.id, late.handoff_code) is None


def test_leaving_forgets_the_cookie_but_keeps_notes_and_votes(small_world):
    ws = start(small_world, hide_until_reveal=False)
    who = joined(ws)
    cookie = workshops.bind_cookie(ws.id, who.handoff_code)
    note(ws, who, "Stays")
    workshops.forget_cookie(ws.id, cookie)
    assert workshops.restore_participant(ws.id, cookie) is None
    with pytest.raises(PermissionDenied):
        workshops.participant(ws.id, cookie)
    assert [n.text for n in boards.facilitator_board(small_world["coordinator"], ws.id).notes] == [
        "Stays"
    ]
    workshops.forget_cookie(ws.id, "unknown-token")  # ignored


def test_cookie_names_carry_the_workshop_id():
    assert (
        workshops.cookie_name("65a1b2c3d4e5f60718293a4b") == "atelier_ws_65a1b2c3d4e5f60718293a4b"
    )
    assert workshops.cookie_workshop("atelier_ws_demo-workshop-3") == "demo-workshop-3"
    assert workshops.cookie_workshop("atelier_session") is None
    assert workshops.cookie_name("a@b") is None  # not a cookie name's characters


def test_bind_route_sets_an_httponly_strict_cookie_for_the_workshop(small_world):
    from starlette.requests import Request

    from screens._workshops import routes

    ws = start(small_world)
    who = joined(ws)

    def get(path: str, query: str, cookie: str = "") -> object:
        headers = [(b"cookie", cookie.encode())] if cookie else []
        scope = {
            "type": "http",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "query_string": query.encode(),
            "headers": headers,
            "server": ("127.0.0.1", 8501),
        }
        return Request(scope)

    reply = routes.bind(get(routes.BIND, f"w={ws.id}&code={who.handoff_code}"))
    assert reply.status_code == 200
    header = reply.headers["set-cookie"]
    name, value = header.split(";")[0].split("=", 1)
    assert name == f"atelier_ws_{ws.id}"
    assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/" in header
    assert "Max-Age=604800" in header
    assert workshops.restore_participant(ws.id, value)[1].id == who.participant.id
    again = routes.bind(get(routes.BIND, f"w={ws.id}&code={who.handoff_code}"))
    assert again.status_code == 404 and "set-cookie" not in again.headers
    gone = routes.forget(get(routes.FORGET, f"w={ws.id}", f"atelier_ws_{ws.id}={value}"))
    assert gone.status_code == 200 and "Max-Age=0" in gone.headers["set-cookie"]
    assert workshops.restore_participant(ws.id, value) is None


# --- a participant's token opens that workshop only ----------------------------------------------


def test_token_gives_no_access_to_another_workshop(small_world):
    ws, other = start(small_world), start(small_world)
    who = joined(ws)
    for call in (
        lambda: boards.participant_board(other.id, who.token),
        lambda: workshops.post_note(other.id, who.token, wm.NoteCreate(text="x", column="ideas")),
        lambda: workshops.vote(other.id, who.token, "anything"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(PermissionDenied):
        boards.participant_board(ws.id, "not-a-token")


def test_participant_is_refused_plan_dashboard_and_workshop_reads(small_world):
    planned(small_world)
    ws = start(small_world)
    who = joined(ws).participant  # what a participant's session holds: no account
    with pytest.raises(PermissionDenied):
        plans.get_plan(who, small_world.city)
    # the dashboard's city list and a city's page show nothing to a participant
    assert networks.list_cities(who) == []
    with pytest.raises(NotFound):
        networks.get_city(who, small_world.city)
    with pytest.raises(PermissionDenied):
        boards.facilitator_board(who, ws.id)
    with pytest.raises(PermissionDenied):
        experiments.list_assumptions(who, small_world.city)
    for action in permissions.MATRIX:
        assert not permissions.allowed(who, action, small_world.city)


# --- notes, phases, visibility -------------------------------------------------------------------


def test_notes_hidden_until_reveal_for_others_but_not_for_facilitator(small_world):
    ws = start(small_world, hide_until_reveal=True, anonymous=False)
    awa, bob = joined(ws, "Awa"), joined(ws, "Bob", "c2")
    note(ws, awa, "Awa's idea")
    note(ws, bob, "Bob's idea")
    seen = boards.participant_board(ws.id, awa.token)
    assert [n.text for n in seen.notes] == ["Awa's idea"] and seen.hidden == 1
    room = boards.facilitator_board(small_world["coordinator"], ws.id, room=True)
    assert room.notes == [] and room.hidden == 2
    full = boards.facilitator_board(small_world["coordinator"], ws.id)
    assert {n.text for n in full.notes} == {"Awa's idea", "Bob's idea"}
    assert {n.author for n in full.notes} == {"Awa", "Bob"}
    workshops.reveal(small_world["coordinator"], workshops.load(ws.id))
    assert len(boards.participant_board(ws.id, awa.token).notes) == 2


def test_anonymous_notes_carry_no_name(small_world):
    ws = start(small_world, anonymous=True)
    note(ws, joined(ws, "Awa"), "hidden author")
    assert boards.facilitator_board(small_world["coordinator"], ws.id).notes[0].author == ""


def test_notes_only_while_writing_open_unlocked_and_in_time(small_world):
    ws = start(small_world)
    who = joined(ws)
    ws = workshops.set_locked(small_world["coordinator"], ws, True)
    with pytest.raises(InvalidInput):
        note(ws, who)
    ws = workshops.set_locked(small_world["coordinator"], ws, False)
    ws = workshops.set_paused(small_world["coordinator"], ws, True)
    with pytest.raises(InvalidInput):
        note(ws, who)
    ws = workshops.set_paused(small_world["coordinator"], ws, False)
    note(ws, who)
    ws = to_phase(small_world, ws, "voting")
    with pytest.raises(InvalidInput) as exc:
        note(ws, who)
    assert exc.value.key == "workshops.error.not_writing"
    with pytest.raises(InvalidInput):
        workshops.post_note(ws.id, who.token, wm.NoteCreate(text="x", column="nope"))


def test_timer_end_is_stored_and_pause_freezes_it(small_world):
    ws = start(small_world)
    ws = workshops.start_timer(small_world["coordinator"], ws, 5)
    left = workshops.remaining_seconds(ws)
    assert 295 <= left <= 300
    later = ws.timer_ends_at + dt.timedelta(seconds=1)
    assert workshops.remaining_seconds(ws, later) == 0 and not workshops.accepting(ws, later)
    ws = workshops.set_paused(small_world["coordinator"], ws, True)
    assert ws.paused_remaining_s == workshops.remaining_seconds(ws, later)  # frozen
    ws = workshops.set_paused(small_world["coordinator"], ws, False)
    assert ws.timer_ends_at is not None and ws.paused_remaining_s is None
    with pytest.raises(InvalidInput):
        workshops.start_timer(small_world["coordinator"], ws, 0)


def test_control_conflicts_on_a_stale_read(small_world):
    ws = start(small_world)
    workshops.set_phase(small_world["coordinator"], ws, "grouping")
    with pytest.raises(Conflict):
        workshops.set_locked(small_world["admin"], ws, True)


def test_what_a_room_writes_refreshes_no_summary_and_moves_no_data_revision(
    small_world, monkeypatch
):
    """Joins, notes and votes are in no city summary: thirty phones writing them must not
    refresh the city's summary (a read of all its documents) nor empty every coordinator's
    dashboard cache (the data revision) several times a second. Starting the workshop does."""
    network = small_world["coordinator"].network_id
    refreshed = []
    real = summary.refresh
    monkeypatch.setattr(
        summary, "refresh", lambda city_id: refreshed.append(city_id) or real(city_id)
    )
    before = summary.data_revision(network)
    ws = start(small_world)
    assert refreshed == [ws.city_id]  # the summary counts workshops
    assert summary.data_revision(network) == before + 1
    refreshed.clear()
    revision = summary.data_revision(network)
    who = joined(ws)
    n = note(ws, who)
    assert (refreshed, summary.data_revision(network)) == ([], revision)
    to_phase(small_world, ws, "voting")  # the workshop itself changed: its city's summary follows
    refreshed.clear()
    revision = summary.data_revision(network)
    workshops.vote(ws.id, who.token, n.id)
    assert (refreshed, summary.data_revision(network)) == ([], revision)


def test_board_revision_moves_with_every_note_and_vote_and_people_with_every_join(small_world):
    ws = start(small_world)
    fresh = workshops.board_version(ws.id)
    who = joined(ws)
    before = workshops.board_version(ws.id)
    # the facilitator's and the room's participants count follows; phones' boards stay
    assert before == (fresh[0], fresh[1], fresh[2] + 1)
    n = note(ws, who)
    after_note = workshops.board_version(ws.id)
    assert after_note == (before[0], before[1] + 1, before[2])
    to_phase(small_world, ws, "voting")
    after_phase = workshops.board_version(ws.id)
    workshops.vote(ws.id, who.token, n.id)
    assert workshops.board_version(ws.id) == (after_phase[0], after_phase[1] + 1, after_phase[2])


# --- votes -------------------------------------------------------------------------------------


def test_vote_budget_is_enforced_in_services(small_world):
    ws = start(small_world, votes_per_person=2, several_votes_per_note=True)
    who = joined(ws)
    first = note(ws, who, "one")
    to_phase(small_world, ws, "voting")
    workshops.vote(ws.id, who.token, first.id)
    workshops.vote(ws.id, who.token, first.id)
    with pytest.raises(InvalidInput) as exc:
        workshops.vote(ws.id, who.token, first.id)
    assert exc.value.key == "workshops.error.no_votes_left"
    board = boards.participant_board(ws.id, who.token)
    assert board.votes_left == 0 and board.notes[0].my_votes == 2
    workshops.unvote(ws.id, who.token, first.id)
    assert boards.participant_board(ws.id, who.token).votes_left == 1


@pytest.mark.parametrize("several", [True, False])
def test_a_vote_taken_back_can_be_cast_again(small_world, several):
    ws = start(small_world, votes_per_person=3, several_votes_per_note=several)
    who = joined(ws)
    a, b = note(ws, who, "a"), note(ws, who, "b")
    to_phase(small_world, ws, "voting")
    workshops.vote(ws.id, who.token, a.id)
    if several:
        workshops.vote(ws.id, who.token, a.id)
    workshops.vote(ws.id, who.token, b.id)
    for _ in range(3):  # back and forth on the same note
        workshops.unvote(ws.id, who.token, a.id)
        workshops.vote(ws.id, who.token, a.id)
    votes = store.get().find(workshops.VOTES, {"participant_id": who.participant.id})
    mine = {n.id: n.my_votes for n in boards.participant_board(ws.id, who.token).notes}
    assert mine == {a.id: 2 if several else 1, b.id: 1}
    assert len(votes) == sum(mine.values())
    used = store.get().find_one(workshops.PARTICIPANTS, {"_id": who.participant.id})["votes_used"]
    assert used == len(votes)


def test_a_vote_slot_numbered_the_old_way_is_skipped(small_world):
    ws = start(small_world, votes_per_person=3, several_votes_per_note=True)
    who = joined(ws)
    a = note(ws, who, "a")
    to_phase(small_world, ws, "voting")
    # a vote stored before votes were counted with votes_cast: slot 1, counter still 0
    store.get().insert_one(
        workshops.VOTES,
        {
            "_id": "old-vote",
            "network_id": ws.network_id,
            "workshop_id": ws.id,
            "note_id": a.id,
            "participant_id": who.participant.id,
            "slot": 1,
            "revision": 1,
        },
    )
    store.get().update_one(
        workshops.PARTICIPANTS, {"_id": who.participant.id}, {"$set": {"votes_used": 1}}
    )
    workshops.vote(ws.id, who.token, a.id)
    slots = sorted(v["slot"] for v in store.get().find(workshops.VOTES, {"note_id": a.id}))
    assert slots == [1, 2]


def test_note_cap_counts_posts_and_a_deleted_note_gives_one_back(small_world, monkeypatch):
    monkeypatch.setattr(wm, "NOTES_PER_PARTICIPANT_MAX", 3)
    ws = start(small_world)
    who = joined(ws)
    posted = [note(ws, who, f"n{i}") for i in range(3)]
    with pytest.raises(InvalidInput) as exc:
        note(ws, who, "one too many")
    assert exc.value.key == "workshops.error.too_many_notes"
    boards.delete_note(small_world["coordinator"], posted[0].id, posted[0].revision)
    note(ws, who, "in its place")
    assert store.get().count(workshops.NOTES, {"participant_id": who.participant.id}) == 3


def test_one_vote_per_note_unless_set(small_world):
    ws = start(small_world, votes_per_person=3, several_votes_per_note=False)
    who = joined(ws)
    a = note(ws, who, "a")
    to_phase(small_world, ws, "voting")
    workshops.vote(ws.id, who.token, a.id)
    with pytest.raises(InvalidInput) as exc:
        workshops.vote(ws.id, who.token, a.id)
    assert exc.value.key == "workshops.error.voted_already"
    # the refused vote was given back
    assert boards.participant_board(ws.id, who.token).votes_left == 2


def test_vote_counts_hidden_until_results_when_set(small_world):
    ws = start(small_world, hide_until_reveal=True)
    who = joined(ws)
    a = note(ws, who)
    to_phase(small_world, ws, "voting")
    workshops.vote(ws.id, who.token, a.id)
    assert boards.participant_board(ws.id, who.token).notes[0].votes is None
    assert boards.facilitator_board(small_world["coordinator"], ws.id).notes[0].votes == 1
    to_phase(small_world, ws, "results")
    assert boards.participant_board(ws.id, who.token).notes[0].votes == 1


# --- facilitator edits ---------------------------------------------------------------------------


def test_edit_group_merge_and_place_notes(small_world):
    ws = start(small_world, template="impact_effort", several_votes_per_note=False)
    awa, bob = joined(ws, "Awa"), joined(ws, "Bob", "c2")
    a = note(ws, awa, "Bus lanes")
    b = note(ws, bob, "Bus priority lights")
    c = note(ws, bob, "Bike parking")
    coordinator = small_world["coordinator"]
    placed = boards.edit_note(coordinator, c.id, c.revision, wm.NoteUpdate(x=2, y=5))
    assert (placed.x, placed.y) == (2, 5)
    with pytest.raises(Conflict):
        boards.edit_note(coordinator, c.id, c.revision, wm.NoteUpdate(text="stale"))
    to_phase(small_world, ws, "voting")
    workshops.vote(ws.id, awa.token, a.id)
    workshops.vote(ws.id, awa.token, b.id)  # both: one of them is given back at the merge
    workshops.vote(ws.id, bob.token, b.id)
    merged = boards.merge_notes(coordinator, a.id, b.id, b.revision)
    assert merged.text == "Bus lanes / Bus priority lights"
    board = boards.facilitator_board(coordinator, ws.id)
    assert {n.id for n in board.notes} == {a.id, c.id}
    assert next(n for n in board.notes if n.id == a.id).votes == 2
    assert boards.participant_board(ws.id, awa.token).votes_left == 2
    grouped = boards.edit_note(coordinator, c.id, placed.revision, wm.NoteUpdate(group_id=a.id))
    assert grouped.group_id == a.id


def test_facilitator_actions_follow_role_table(small_world):
    def attempt(user, city_id):
        ws = workshops.start_workshop(
            user, city_id, wm.WorkshopCreate(title="T", template="brainstorm")
        )
        workshops.set_phase(user, ws, "voting")

    check_matrix(small_world, "workshop.run", attempt)


def test_workshop_read_follows_role_table(small_world):
    with unchanged_store():
        check_matrix(small_world, "workshop.read", lambda u, c: workshops.list_workshops(u, c))


def test_workshop_promote_follows_role_table(small_world):
    for city_id in (small_world.city, small_world.other_city):
        planned(small_world, city_id)

    def attempt(user, city_id):
        ws = start(small_world, template="impact_effort", city=city_id)
        who = joined(ws, client=f"c-{user.id}-{city_id}")
        note(ws, who, "Night buses")
        to_phase(small_world, ws, "voting")
        workshops.vote(
            ws.id, who.token, boards.facilitator_board(small_world["admin"], ws.id).notes[0].id
        )
        promote.promote(user, ws.id, plans.find_plan(city_id))

    check_matrix(small_world, "workshop.promote", attempt)


# --- results and promotion ----------------------------------------------------------------------


def voted_board(world, template="impact_effort"):
    ws = start(world, template=template, votes_per_person=3, hide_until_reveal=False)
    people = [joined(ws, f"P{n}", f"c{n}") for n in range(3)]
    column = ws.columns[0]
    a = note(ws, people[0], "=HYPERLINK(evil)", column)
    b = note(ws, people[1], "Night *buses*", column)
    note(ws, people[2], "Unloved", column)
    to_phase(world, ws, "voting")
    for who in people:
        workshops.vote(ws.id, who.token, b.id)
    workshops.vote(ws.id, people[0].token, a.id)
    return ws, a, b


def test_results_frame_csv_markdown_and_chart(small_world):
    ws, a, b = voted_board(small_world)
    board = boards.facilitator_board(small_world["coordinator"], ws.id)
    frame = results.results_frame(board)
    assert list(frame["text"][:2]) == ["Night *buses*", "=HYPERLINK(evil)"]
    assert list(frame["votes"]) == [3, 1, 0]
    csv = results.results_csv(board)
    assert "'=HYPERLINK(evil)" in csv and "\n=HYPERLINK" not in csv
    md = results.results_markdown(board, "Dakar")
    assert "Night \\*buses\\* (3)" in md and "3 participants" in md
    assert [n.id for n in results.top_notes(board, limit=2)] == [b.id, a.id]
    boards.edit_note(small_world["coordinator"], b.id, b.revision, wm.NoteUpdate(x=1, y=5))
    spec = workshop_charts.grid_chart(
        boards.facilitator_board(small_world["coordinator"], ws.id)
    ).to_dict()
    layers = spec["layer"]
    assert layers[2]["mark"]["type"] == "circle"
    assert layers[2]["encoding"]["x"]["title"] == "Effort"
    assert layers[2]["encoding"]["y"]["title"] == "Impact"
    data = next(rows for rows in spec["datasets"].values() if rows and "text" in rows[0])
    assert data and data[0]["text"] == "Night *buses*" and data[0]["votes"] == 3


def test_promote_top_ideas_into_actions_with_link_and_history(small_world):
    planned(small_world)
    ws, a, b = voted_board(small_world)
    lead = small_world["city_lead"]
    plan = plans.get_plan(lead, small_world.city)
    before = len(plan.sections["actions"].content.actions)
    done = promote.promote(lead, ws.id, plan)
    after = plans.get_plan(lead, small_world.city).sections["actions"].content.actions
    titles = [x.title for x in after[before:]]
    assert titles == ["Night *buses*", "=HYPERLINK(evil)"]  # voted ones, most votes first
    assert after[before].id == b.id  # the plan item keeps its note's id
    assert done.promotions[0].item_ids == [b.id, a.id]
    links = promote.workshop_links(lead, small_world.city)
    assert links[b.id] == (ws.id, ws.title)
    line = history.plan_history(lead, plans.get_plan(lead, small_world.city))[0]
    assert ws.id in line["note"] and "actions" in line["sections"]
    with pytest.raises(InvalidInput):  # nothing left to promote
        promote.promote(lead, ws.id, plans.get_plan(lead, small_world.city))


def test_promote_conflicts_when_the_section_changed_since_read(small_world):
    planned(small_world)
    ws, _a, _b = voted_board(small_world)
    lead = small_world["city_lead"]
    read = plans.get_plan(lead, small_world.city)
    content = read.sections["actions"].content.model_dump()
    content["actions"] = content["actions"][:1]
    plans.save_section(small_world["coordinator"], read, "actions", content)
    with pytest.raises(Conflict):
        promote.promote(lead, ws.id, read)
    assert workshops.load(ws.id).promotions == []


def test_promote_problem_tree_with_groups(small_world):
    planned(small_world)
    ws = start(small_world, template="problem_tree", hide_until_reveal=False)
    who = joined(ws)
    cause = note(ws, who, "Low trust", "causes")
    child = note(ws, who, "Past projects failed", "causes")
    note(ws, who, "People leave", "effects")
    note(ws, who, "Nobody uses the portal", "core")
    boards.edit_note(
        small_world["coordinator"], child.id, child.revision, wm.NoteUpdate(group_id=cause.id)
    )
    lead = small_world["city_lead"]
    plan = plans.get_plan(lead, small_world.city)
    plan = plan.model_copy()
    # an empty core first, so the workshop's core problem fills it
    content = plan.sections["problem"].content.model_dump()
    content["tree"]["core"] = ""
    plan = plans.save_section(lead, plan, "problem", content)
    promote.promote(lead, ws.id, plan)
    tree = plans.get_plan(lead, small_world.city).sections["problem"].content.tree
    node = next(n for n in tree.causes if n.id == cause.id)
    assert [c.label for c in node.children] == ["Past projects failed"]
    assert "People leave" in [n.label for n in tree.effects]
    assert tree.core == "Nobody uses the portal"


def test_promote_stakeholders_and_assumptions(small_world):
    planned(small_world)
    lead = small_world["city_lead"]
    ws = start(small_world, template="stakeholder_map")
    who = joined(ws)
    n = note(ws, who, "Chamber of commerce")
    boards.edit_note(
        small_world["coordinator"], n.id, n.revision, wm.NoteUpdate(x=4, y=5, sector="private")
    )
    promote.promote(lead, ws.id, plans.get_plan(lead, small_world.city))
    section = plans.get_plan(lead, small_world.city).sections["stakeholders"].content
    made = next(s for s in section.stakeholders if s.id == n.id)
    assert (made.organisation, made.sector, made.power, made.interest) == (
        "Chamber of commerce",
        "private",
        5,
        4,
    )
    ws = start(small_world, template="assumption_map")
    who = joined(ws, client="c5")
    n = note(ws, who, "Residents will report potholes by SMS")
    boards.edit_note(small_world["coordinator"], n.id, n.revision, wm.NoteUpdate(x=1, y=5))
    done = promote.promote(lead, ws.id, None)
    found = [
        x
        for x in experiments.list_assumptions(lead, small_world.city)
        if x.id in done.promotions[0].item_ids
    ]
    assert [(x.belief, x.importance, x.evidence) for x in found] == [
        ("Residents will report potholes by SMS", 5, 1)
    ]


def test_dot_vote_lists_the_plan_actions(small_world):
    planned(small_world)
    ws = start(small_world, template="dot_vote")
    board = boards.facilitator_board(small_world["coordinator"], ws.id)
    actions = plans.find_plan(small_world.city).sections["actions"].content.actions
    assert len(actions) == 2
    # One note per action, in the plan's order.
    assert [n.text for n in board.notes] == [a.title for a in actions]
    with pytest.raises(InvalidInput):
        promote.promote(small_world["coordinator"], ws.id, plans.find_plan(small_world.city))


def test_posted_notes_stay_in_the_order_they_were_posted(small_world):
    ws = start(small_world)
    awa, ben = joined(ws), joined(ws, "Ben", "client-b")
    texts = ["First idea", "Second idea", "Third idea", "Fourth idea"]
    for who, text in zip([awa, ben, awa, ben], texts, strict=True):
        note(ws, who, text)  # within one millisecond too: the ids sort by creation
    board = boards.facilitator_board(small_world["coordinator"], ws.id)
    assert [n.text for n in board.notes] == texts


def test_a_dot_vote_lists_the_plan_actions_first_then_the_options_people_add(small_world):
    planned(small_world)
    coordinator = small_world["coordinator"]
    ws = start(small_world, template="dot_vote")
    awa = joined(ws)
    note(ws, awa, "Posted by Awa", column="options")
    added = wm.NoteCreate(text="Added by the facilitator", column="options")
    boards.add_note(coordinator, ws, added)
    actions = plans.find_plan(small_world.city).sections["actions"].content.actions
    expected = [a.title for a in actions] + ["Posted by Awa", "Added by the facilitator"]
    assert [n.text for n in boards.facilitator_board(coordinator, ws.id).notes] == expected
    # The room and each participant see fewer notes before the reveal, in the same order.
    for board in (
        boards.facilitator_board(coordinator, ws.id, room=True),
        boards.participant_board(ws.id, awa.token),
    ):
        texts = [n.text for n in board.notes]
        assert texts == [t for t in expected if t in texts]
        assert texts[: len(actions)] == [a.title for a in actions]


def test_another_network_cannot_see_a_workshop(small_world):
    ws = start(small_world)
    stranger = small_world["admin"].model_copy(update={"network_id": "elsewhere"})
    with pytest.raises(NotFound):
        workshops.get_workshop(stranger, ws.id)


# --- the demo and the export file ---------------------------------------------------------------


def test_demo_has_two_promoted_workshops_and_one_open_to_join(world):
    lead = world["coordinator"]
    (city,) = {w["city_id"] for w in store.get().find(workshops.WORKSHOPS, {})}
    found = workshops.list_workshops(lead, city)
    closed = [w for w in found if w.status == "closed"]
    assert len(closed) == 2 and all(w.promotions for w in closed)
    plan = plans.get_plan(lead, city)
    links = promote.workshop_links(lead, city)
    for promotion in (p for w in closed for p in w.promotions):
        items = getattr(plan.sections[promotion.target].content, promotion.target)
        assert set(promotion.item_ids) <= {i.id for i in items}
        assert all(links[i][0] in {w.id for w in closed} for i in promotion.item_ids)
    notes = [line["note"] for line in history.plan_history(lead, plan)]
    assert sum("from workshop" in n for n in notes) == 2
    with pytest.raises(InvalidInput):  # a finished workshop's code no longer works
        workshops.join(closed[0].code, "Late", "c1")
    (open_ws,) = [w for w in found if w.status == "open" and w.phase == "writing"]
    visitor = workshops.join(open_ws.code, "Visitor", "c2")
    assert boards.participant_board(open_ws.id, visitor.token).notes
    # and one collecting written input ahead of its session, named while collecting
    (ahead,) = [w for w in found if w.phase == "collecting"]
    assert ahead.status == "open" and workshops.accepting(ahead)
    assert not ahead.settings.anonymous_in("collecting") and ahead.settings.anonymous_in("writing")


def test_demo_checkin_answers_about_a_decided_action_and_the_next_asks_the_other(world):
    from services.reporting import checkins
    from services.workshops import trail

    lead = world["coordinator"]
    (city,) = {w["city_id"] for w in store.get().find(workshops.WORKSHOPS, {})}
    decided = [r for r in trail.promoted_items(lead, city) if r.target == "actions"]
    assert len(decided) == 2
    answered = [c for c in checkins.list_checkins(lead, city, limit=500) if c.follow_through]
    assert len(answered) == 1
    (answer,) = answered[0].follow_through
    # the answer is about the first decided action, given after it was decided
    first = next(r for r in decided if r.item_id == answer.item_id)
    assert answered[0].date > first.at.date() and first.answers
    assert [q.item_id for q in trail.checkin_questions(lead, city)] == [
        r.item_id for r in decided if r.item_id != answer.item_id
    ]


def test_export_file_covers_workshops_and_refuses_dangling_votes(small_world):
    from services.transfer import archive

    voted_board(small_world)
    text, counts = archive.export(store.get())
    for coll in (workshops.WORKSHOPS, workshops.NOTES, workshops.VOTES, workshops.PARTICIPANTS):
        assert counts[coll] > 0
    data = archive.loads(text)
    assert archive.validate(data) == []
    data[workshops.VOTES][0]["note_id"] = "no-such-note"
    assert any("no-such-note" in p for p in archive.validate(data))


def test_export_file_names_carry_title_and_day(small_world):
    data = wm.WorkshopCreate(title="Mobilité / soir: <b>2</b>", template="brainstorm")
    ws = workshops.start_workshop(small_world["coordinator"], small_world.city, data)
    day = ws.created_at.date().isoformat()
    assert results.file_name(ws, "csv") == f"Mobilité-soir-b-2-b-{day}.csv"
    blank = ws.model_copy(update={"title": "///"})
    assert results.file_name(blank, "md") == f"workshop-{day}.md"


def test_reopen_brings_back_the_code_and_the_kept_participants(small_world):
    ws = start(small_world)
    who = joined(ws)
    cookie = workshops.bind_cookie(ws.id, who.handoff_code)
    assert workshops.closed_title(ws.id, cookie) is None  # open: nothing to say
    closed = workshops.close_workshop(small_world["coordinator"], ws)
    assert workshops.restore_participant(ws.id, cookie) is None
    assert workshops.closed_title(ws.id, cookie) == ws.title  # a reload can say it closed
    assert workshops.closed_title(ws.id, "x" * 43) is None
    with pytest.raises(InvalidInput):
        workshops.join(ws.code, "Late", "c9")
    opened = workshops.reopen_workshop(small_world["coordinator"], closed)
    assert opened.status == "open" and opened.closed_at is None
    assert workshops.restore_participant(ws.id, cookie)[1].id == who.participant.id
    assert workshops.join(ws.code, "Late", "c9").workshop.id == ws.id
    with pytest.raises(InvalidInput):
        workshops.reopen_workshop(small_world["coordinator"], opened)


def test_each_phase_has_its_own_timer(small_world):
    coordinator = small_world["coordinator"]
    ws = workshops.start_timer(coordinator, start(small_world), 10)
    assert workshops.remaining_seconds(ws) > 500
    ws = workshops.set_phase(coordinator, ws, "grouping")  # moving on ends the writing timer
    assert ws.timer_ends_at is None and workshops.remaining_seconds(ws) is None
    ws = workshops.set_phase(coordinator, ws, "voting", minutes=3)  # and can start its own
    assert 170 <= workshops.remaining_seconds(ws) <= 180
    ws = workshops.set_phase(coordinator, ws, "voting")  # the same phase again keeps it
    assert ws.timer_ends_at is not None
    with pytest.raises(InvalidInput):
        workshops.set_phase(coordinator, ws, "results", minutes=0)


def test_posting_is_paced_per_participant_and_says_how_long_to_wait(small_world, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(workshops, "_clock", lambda: clock[0])
    ws = start(small_world)
    who, other = joined(ws), joined(ws, "Ben", "client-b")
    for i in range(wm.POSTS_PER_WINDOW):
        clock[0] += 1
        note(ws, who, f"n{i}")
    first_post = 1_000_001.0
    clock[0] += 1
    with pytest.raises(InvalidInput) as exc:
        note(ws, who, "one too fast")
    assert exc.value.key == "workshops.error.too_fast"
    # the oldest of the window leaves it at first_post + window: that is the wait, rounded up
    assert exc.value.params["seconds"] == first_post + wm.POST_WINDOW_S - clock[0]
    # the refused note took nothing: neither a slot of the cap nor a place on the board
    stored = store.get().find_one(workshops.PARTICIPANTS, {"_id": who.participant.id})
    assert stored["notes_posted"] == wm.POSTS_PER_WINDOW
    assert store.get().count(workshops.NOTES, {"text": "one too fast"}) == 0
    # someone else in the room is not slowed by it
    note(ws, other, "Ben's note")
    # once the first post is older than the window, one more goes through
    clock[0] = first_post + wm.POST_WINDOW_S + 0.5
    note(ws, who, "later")
    assert store.get().count(workshops.NOTES, {"participant_id": who.participant.id}) == (
        wm.POSTS_PER_WINDOW + 1
    )
