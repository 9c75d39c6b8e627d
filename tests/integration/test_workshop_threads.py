"""A room of 50 phones at once on the embedded store: every note kept, no vote over budget,
no error (while the facilitator's board polls and the facilitator adds notes too)."""

from __future__ import annotations

import copy
import random
import threading
from collections.abc import Callable

import pytest

from models import workshops as wm
from services.accounts import accounts
from services.core import store
from services.core.errors import InvalidInput
from services.workshops import boards, throttle, workshops

PEOPLE = 50
NOTES_EACH = 2
BUDGET = 3
VOTES_TRIED = BUDGET + 2  # two more than the budget: the services must refuse them
FACILITATOR_NOTES = 10


@pytest.fixture
def embedded(tmp_path, demo_snapshot):
    db = store.Store.embedded(tmp_path / "data")
    previous = store.use(db)
    for name, docs in demo_snapshot.documents.items():
        if docs:
            db.insert_many(name, copy.deepcopy(docs))
    yield db
    store.use(previous)
    db.close()


def run_all(jobs: list[Callable[[], None]]) -> list[BaseException]:
    """Start every job at once (a barrier), wait, return what they raised."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(jobs))

    def wrap(job):
        barrier.wait(30)
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return errors


def test_fifty_participants_post_and_vote_at_once(embedded):
    coordinator = accounts.get_user("demo-coordinator")
    ws = workshops.start_workshop(
        coordinator,
        "city-0001",
        wm.WorkshopCreate(
            title="Busy room",
            template="brainstorm",
            settings=wm.WorkshopSettings(
                votes_per_person=BUDGET, several_votes_per_note=True, hide_until_reveal=False
            ),
        ),
    )
    tokens: list[str] = [None] * PEOPLE
    refused: list[int] = []
    polls: list[tuple] = []
    stop = threading.Event()

    def person(n: int) -> Callable[[], None]:
        def job():
            tokens[n] = workshops.join(ws.code, f"Person {n}", f"phone-{n}").token
            for k in range(NOTES_EACH):
                workshops.post_note(
                    ws.id, tokens[n], wm.NoteCreate(text=f"note {n}-{k}", column="ideas")
                )

        return job

    def poller():
        while not stop.is_set():
            polls.append(workshops.board_version(ws.id))
            boards.facilitator_board(coordinator, ws.id)

    poll_thread = threading.Thread(target=poller)
    poll_thread.start()
    try:
        errors = run_all([person(n) for n in range(PEOPLE)])
        assert not errors, errors[:3]
        notes = embedded.find(workshops.NOTES, {"workshop_id": ws.id})
        assert len(notes) == PEOPLE * NOTES_EACH
        assert {d["text"] for d in notes} == {
            f"note {n}-{k}" for n in range(PEOPLE) for k in range(NOTES_EACH)
        }

        workshops.set_phase(coordinator, workshops.load(ws.id), "voting")
        note_ids = [d["_id"] for d in notes]

        def voter(n: int) -> Callable[[], None]:
            def job():
                rng = random.Random(n)
                for _ in range(VOTES_TRIED):
                    try:
                        workshops.vote(ws.id, tokens[n], rng.choice(note_ids))
                    except InvalidInput as exc:
                        assert exc.key == "workshops.error.no_votes_left", exc.key
                        refused.append(n)

            return job

        def facilitator(k: int) -> Callable[[], None]:
            def job():
                current = workshops.load(ws.id)
                boards.add_note(
                    coordinator, current, wm.NoteCreate(text=f"added {k}", column="ideas")
                )

            return job

        jobs = [voter(n) for n in range(PEOPLE)] + [
            facilitator(k) for k in range(FACILITATOR_NOTES)
        ]
        errors = run_all(jobs)
    finally:
        stop.set()
        poll_thread.join(30)
    assert not errors, errors[:3]

    votes = embedded.find(workshops.VOTES, {"workshop_id": ws.id})
    per_person: dict[str, int] = {}
    for ballot in votes:
        per_person[ballot["participant_id"]] = per_person.get(ballot["participant_id"], 0) + 1
    assert len(per_person) == PEOPLE
    assert max(per_person.values()) <= BUDGET  # no vote over budget
    assert len(votes) == PEOPLE * BUDGET  # and every vote within it counted
    assert len(refused) == PEOPLE * (VOTES_TRIED - BUDGET)
    for participant in embedded.find(workshops.PARTICIPANTS, {"workshop_id": ws.id}):
        assert participant["votes_used"] == per_person[participant["_id"]]
    total = embedded.count(workshops.NOTES, {"workshop_id": ws.id})
    assert total == PEOPLE * NOTES_EACH + FACILITATOR_NOTES
    # the polled numbers only ever grew, and end counting every note and vote, and every join
    for part in (1, 2):
        seen = [p[part] for p in polls if p]
        assert seen == sorted(seen)
    assert workshops.board_version(ws.id)[1:] == (total + len(votes), PEOPLE)
    assert len(polls) > 1


def _workshop(embedded, **settings) -> wm.Workshop:
    return workshops.start_workshop(
        accounts.get_user("demo-coordinator"),
        "city-0001",
        wm.WorkshopCreate(
            title="Parallel room", template="brainstorm", settings=wm.WorkshopSettings(**settings)
        ),
    )


def test_parallel_guesses_from_one_client_get_at_most_its_tries(embedded, monkeypatch):
    monkeypatch.setattr(workshops, "_wait", lambda seconds: None)
    ws = _workshop(embedded)
    outcomes: list[str] = []

    def guess(n: int) -> Callable[[], None]:
        def job():
            try:
                workshops.join(
                    f"ZZZZZZ{workshops.ALPHABET[n % 32]}{workshops.ALPHABET[n // 32]}",
                    "Eve",
                    "guesser",
                )
            except workshops.Throttled:
                outcomes.append("throttled")
            except InvalidInput:
                outcomes.append("looked up")

        return job

    errors = run_all([guess(n) for n in range(30)])
    assert not errors, errors[:3]
    limit = throttle.LIMITS["client"]
    assert outcomes.count("looked up") == limit  # 30 at once, against a limit of 8
    assert outcomes.count("throttled") == 30 - limit
    # and the room's door stays open: the right code from another client gets in
    assert workshops.join(ws.code, "Awa", "awa-phone").workshop.id == ws.id


def _parallel_posts(embedded, ws, n: int) -> tuple[list, list[str]]:
    token = workshops.join(ws.code, "Fast thumbs", "phone").token
    refused: list[str] = []

    def post(i: int) -> Callable[[], None]:
        def job():
            try:
                workshops.post_note(ws.id, token, wm.NoteCreate(text=f"n{i}", column="ideas"))
            except InvalidInput as exc:
                refused.append(exc.key)

        return job

    return run_all([post(i) for i in range(n)]), refused


def test_the_pace_of_posting_holds_under_parallel_posts(embedded):
    ws = _workshop(embedded, hide_until_reveal=False)
    errors, refused = _parallel_posts(embedded, ws, wm.POSTS_PER_WINDOW + 12)
    assert not errors, errors[:3]
    assert embedded.count(workshops.NOTES, {"workshop_id": ws.id}) == wm.POSTS_PER_WINDOW
    assert refused == ["workshops.error.too_fast"] * 12


def test_note_cap_holds_under_parallel_posts(embedded, monkeypatch):
    # The pace per minute holds on its own (above); here every post is within it, so that
    # only the cap of notes per participant refuses.
    monkeypatch.setattr(wm, "POSTS_PER_WINDOW", 10 * wm.NOTES_PER_PARTICIPANT_MAX)
    ws = _workshop(embedded, hide_until_reveal=False)
    cap = wm.NOTES_PER_PARTICIPANT_MAX
    errors, refused = _parallel_posts(embedded, ws, cap + 30)
    assert not errors, errors[:3]
    assert embedded.count(workshops.NOTES, {"workshop_id": ws.id}) == cap
    assert refused == ["workshops.error.too_many_notes"] * 30


def test_votes_taken_back_and_cast_again_in_parallel(embedded):
    ws = _workshop(embedded, votes_per_person=BUDGET, several_votes_per_note=True)
    people = [workshops.join(ws.code, f"P{n}", f"phone-{n}").token for n in range(8)]
    coordinator = accounts.get_user("demo-coordinator")
    boards.add_note(coordinator, ws, wm.NoteCreate(text="the one", column="ideas"))
    note_id = embedded.find(workshops.NOTES, {"workshop_id": ws.id})[0]["_id"]
    workshops.set_phase(coordinator, workshops.load(ws.id), "voting")

    def person(token: str) -> Callable[[], None]:
        def job():
            for _ in range(BUDGET):
                workshops.vote(ws.id, token, note_id)
            for _ in range(4):  # back and forth: never "voted already"
                workshops.unvote(ws.id, token, note_id)
                workshops.vote(ws.id, token, note_id)

        return job

    errors = run_all([person(token) for token in people])
    assert not errors, errors[:3]
    assert embedded.count(workshops.VOTES, {"note_id": note_id}) == len(people) * BUDGET
    for participant in embedded.find(workshops.PARTICIPANTS, {"workshop_id": ws.id}):
        assert participant["votes_used"] == BUDGET
