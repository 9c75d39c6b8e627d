"""Workshops: start, run (phases, timer, lock, pause, reveal, close), join, notes and votes.

Two kinds of actor:

- a facilitator (an account with `workshop.run` on the workshop's city) controls the workshop;
  controls are revision-checked writes through records (Conflict when another facilitator
  changed the workshop since it was read);
- a participant has no account: `join` hands out a random token (only its SHA-256 is stored)
  valid for that one workshop while it is open. Every participant call names the workshop and
  the token, and is refused (PermissionDenied) unless the token belongs to that workshop.
  So that a reload keeps the participant (same name, notes and vote budget), the browser then
  holds a second random token in an HttpOnly cookie named after the workshop: `join` also
  hands out a one-time code (two minutes) that a web route exchanges for that cookie
  (`bind_cookie`), the way kept logins are bound (services/accounts/sessions.py). Only hashes
  are stored; the cookie restores the participant only while the workshop is open.

Counters change with one atomic `$inc` in the store: the workshop's `board_revision` (bumped by
every note and vote) and `people_revision` (by every join), what live views poll, and a
participant's `votes_used`, raised only under a
filter `votes_used < budget`, so the vote budget holds however many requests arrive at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from models import workshops as wm
from models.base import utcnow
from models.city import City
from models.user import User
from services.core import access, collections, records, store
from services.core.errors import InvalidInput, NotFound, PermissionDenied
from services.network import networks
from services.plans import plans
from services.workshops import templates, throttle

WORKSHOPS = collections.WORKSHOPS
PARTICIPANTS = collections.WORKSHOP_PARTICIPANTS
NOTES = collections.WORKSHOP_NOTES
VOTES = collections.WORKSHOP_VOTES

# 32 symbols without 0/O, 1/I: 8 of them are 40 bits, read aloud or typed on a phone safely.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_ATTEMPTS = 5
SLOT_ATTEMPTS = 5  # tries for a free vote slot (several votes per note)
TIMER_MAX_MIN = 180
# A participant's kept identity: the cookie's name carries the workshop's id; the one-time code
# that binds it is good for two minutes; the browser drops the cookie after a week at the latest
# (the server refuses it as soon as the workshop closes).
COOKIE_PREFIX = "atelier_ws_"
COOKIE_LIFETIME = dt.timedelta(days=7)
HANDOFF = dt.timedelta(minutes=2)
_COOKIE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


# How a wrong code past the shared limits is answered slowly (a name, so tests need not wait).
_wait = time.sleep


class Throttled(InvalidInput):
    """Too many failed joins from this client recently."""

    def __init__(self) -> None:
        super().__init__("code", "workshops.error.throttled")


# --- codes and tokens --------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(wm.CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed, as a code: capitals, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def cookie_name(workshop_id: str) -> str | None:
    """The name of the cookie that keeps a participant of this workshop (None: the id has
    characters a cookie name cannot carry; the participant is then kept for the session only)."""
    return COOKIE_PREFIX + workshop_id if _COOKIE_ID.match(str(workshop_id)) else None


def cookie_workshop(name: str) -> str | None:
    """The workshop id a cookie name stands for (None: not a participant's cookie)."""
    if not name.startswith(COOKIE_PREFIX):
        return None
    workshop_id = name[len(COOKIE_PREFIX) :]
    return workshop_id if _COOKIE_ID.match(workshop_id) else None


def join_link(base_url: str, code: str) -> str:
    """The link a participant opens (the app's root with `?join=CODE`)."""
    return f"{base_url.rstrip('/')}/?join={code}"


# --- reading -----------------------------------------------------------------------------------


def _city(user: User, action: str, city_id: str) -> City:
    return networks.city_for(user, action, city_id)


def load(workshop_id: str) -> wm.Workshop:
    return records.get(WORKSHOPS, wm.Workshop, workshop_id)


def stored(user: User, action: str, workshop_id: str) -> wm.Workshop:
    """The workshop as stored, once `action` is allowed on *its* city (NotFound for another
    network's workshop; PermissionDenied for a city the user may not act on)."""
    return access.stored(user, action, WORKSHOPS, wm.Workshop, workshop_id)


def get_workshop(user: User, workshop_id: str) -> wm.Workshop:
    """One workshop, for someone allowed to see its city's workshops."""
    return stored(user, "workshop.read", workshop_id)


def list_workshops(user: User, city_id: str) -> list[wm.Workshop]:
    """The city's workshops, newest first."""
    _city(user, "workshop.read", city_id)
    return records.find(WORKSHOPS, wm.Workshop, {"city_id": city_id}, sort=[("created_at", -1)])


def board_version(workshop_id: str) -> tuple[int, int, int] | None:
    """The cheap number live views poll: (workshop revision, board revision, people revision);
    None if gone. A join moves only the people revision: the facilitator's board and the room
    screen count who joined, a phone's board does not, so thirty phones joining at once do not
    each redraw every phone already in."""
    doc = store.get().find_one(
        WORKSHOPS,
        {"_id": workshop_id},
        projection={"revision": 1, "board_revision": 1, "people_revision": 1},
    )
    if doc is None:
        return None
    return doc.get("revision", 0), doc.get("board_revision", 0), doc.get("people_revision", 0)


def remaining_seconds(workshop: wm.Workshop, now: dt.datetime | None = None) -> int | None:
    """Seconds left on the timer (frozen while paused); None when no timer runs."""
    if workshop.paused and workshop.paused_remaining_s is not None:
        return workshop.paused_remaining_s
    if workshop.timer_ends_at is None:
        return None
    left = (workshop.timer_ends_at - (now or utcnow())).total_seconds()
    return max(0, int(left + 0.999))


def accepting(workshop: wm.Workshop, now: dt.datetime | None = None) -> bool:
    """Whether participants may write now: open, not locked, not paused, time not up (while
    collecting: before the collection deadline)."""
    if workshop.status != "open" or workshop.locked or workshop.paused:
        return False
    if workshop.phase == "collecting":
        return workshop.collect_until is None or (now or utcnow()) < workshop.collect_until
    return workshop.timer_ends_at is None or remaining_seconds(workshop, now) > 0


# --- starting and running (facilitators) -------------------------------------------------------


def start_workshop(
    actor: User, city_id: str, data: wm.WorkshopCreate, submission: str | None = None
) -> wm.Workshop:
    """A new open workshop for the city with a fresh unguessable join code. A dot vote lists
    the city's plan actions as its options. A repeated form `submission` returns the workshop
    the first one started."""
    city = _city(actor, "workshop.run", city_id)
    first = records.submitted(WORKSHOPS, wm.Workshop, submission, city.network_id)
    if first is not None:
        return first
    data = wm.WorkshopCreate.model_validate(data)
    if data.collect_until is not None and data.collect_until <= utcnow():
        raise InvalidInput("collect_until", "workshops.error.deadline_past")
    # The network's template of the kind: its phases and timers; its settings unless given.
    template = templates.template_for(city.network_id, data.template)
    settings = data.settings if "settings" in data.model_fields_set else template.settings()
    for _ in range(CODE_ATTEMPTS):
        workshop = wm.Workshop(
            network_id=city.network_id,
            city_id=city.id,
            title=data.title,
            template=data.template,
            settings=settings,
            code=new_code(),
            phases=template.phases,
            timers=template.timers,
            phase="collecting" if data.collect_until else "writing",
            collect_until=data.collect_until,
            phase_started_at=utcnow(),
        )
        try:
            workshop = records.insert(
                WORKSHOPS, workshop, actor, city_id=city.id, submission=submission
            )
            break
        except store.DuplicateKey:  # the code is taken (about one chance in a billion)
            continue
    else:
        raise InvalidInput("code", "workshops.error.no_code")
    if workshop.template == "dot_vote":
        plan = plans.find_plan(city.id)
        section = plan.sections.get("actions") if plan is not None else None
        actions = section.content.actions if section is not None else []
        for position, action in enumerate(actions, start=1):
            note = new_note(
                workshop,
                column="options",
                text=action.title,
                source_item_id=action.id,
                position=position,
            )
            records.insert(NOTES, note, actor)
    return workshop


def _control(
    actor: User, workshop: wm.Workshop, changes: dict[str, Any], action: str
) -> wm.Workshop:
    """A facilitator's change, checked on the revision read in `workshop` (Conflict)."""
    stored_ws = stored(actor, "workshop.run", workshop.id)
    if stored_ws.status == "closed" and action != "reopen":
        raise InvalidInput("status", "workshops.error.closed")
    current = stored_ws.model_copy(update={"revision": workshop.revision})
    return records.update(
        WORKSHOPS, current, changes, actor, city_id=stored_ws.city_id, action=action
    )


def set_phase(
    actor: User, workshop: wm.Workshop, phase: str, minutes: float | None = None
) -> wm.Workshop:
    """Move to another phase; voting and results show every note (no vote on hidden notes).
    Each phase has its own timer: moving on ends the last phase's, and with `minutes` starts
    the new phase's countdown."""
    # the template's live phases: never back to collecting
    if phase not in wm.PHASES or phase not in workshop.phases:
        raise InvalidInput("phase", "workshops.error.phase")
    if minutes is None and phase != workshop.phase:  # the template's timer for the phase
        minutes = workshop.timers.get(phase)
    changes: dict[str, Any] = {"phase": phase}
    if phase != workshop.phase:
        changes["phase_started_at"] = utcnow()
    if phase in ("voting", "results"):
        changes["revealed"] = True
    if phase != workshop.phase or minutes is not None:
        changes.update({"timer_ends_at": None, "paused": False, "paused_remaining_s": None})
    if minutes is not None:
        if not 0 < minutes <= TIMER_MAX_MIN:
            raise InvalidInput("minutes", "workshops.error.minutes", max=TIMER_MAX_MIN)
        changes["timer_ends_at"] = utcnow() + dt.timedelta(seconds=round(minutes * 60))
    return _control(actor, workshop, changes, "phase")


def start_timer(actor: User, workshop: wm.Workshop, minutes: float) -> wm.Workshop:
    """A countdown whose end time is stored: late joiners see the same one."""
    if not 0 < minutes <= TIMER_MAX_MIN:
        raise InvalidInput("minutes", "workshops.error.minutes", max=TIMER_MAX_MIN)
    ends = utcnow() + dt.timedelta(seconds=round(minutes * 60))
    changes = {"timer_ends_at": ends, "paused": False, "paused_remaining_s": None}
    return _control(actor, workshop, changes, "timer")


def stop_timer(actor: User, workshop: wm.Workshop) -> wm.Workshop:
    changes = {"timer_ends_at": None, "paused": False, "paused_remaining_s": None}
    return _control(actor, workshop, changes, "timer")


def set_paused(actor: User, workshop: wm.Workshop, paused: bool) -> wm.Workshop:
    """Pause: participants wait, the timer stops; resume: the timer goes on from there."""
    if paused:
        left = remaining_seconds(workshop)
        return _control(actor, workshop, {"paused": True, "paused_remaining_s": left}, "pause")
    changes: dict[str, Any] = {"paused": False, "paused_remaining_s": None}
    if workshop.paused_remaining_s is not None:
        changes["timer_ends_at"] = utcnow() + dt.timedelta(seconds=workshop.paused_remaining_s)
    return _control(actor, workshop, changes, "resume")


def set_locked(actor: User, workshop: wm.Workshop, locked: bool) -> wm.Workshop:
    return _control(actor, workshop, {"locked": locked}, "lock" if locked else "unlock")


def reveal(actor: User, workshop: wm.Workshop) -> wm.Workshop:
    return _control(actor, workshop, {"revealed": True}, "reveal")


def close_workshop(actor: User, workshop: wm.Workshop) -> wm.Workshop:
    """Close: the code stops working, participants can no longer write; results stay."""
    changes = {"status": "closed", "phase": "results", "revealed": True, "closed_at": utcnow()}
    return _control(actor, workshop, changes, "close")


def reopen_workshop(actor: User, workshop: wm.Workshop) -> wm.Workshop:
    """Open a closed workshop again, in its results phase: the same code works again, and so do
    the participants' kept cookies (their notes and votes are still there)."""
    if workshop.status != "closed":
        raise InvalidInput("status", "workshops.error.not_closed")
    return _control(actor, workshop, {"status": "open", "closed_at": None}, "reopen")


def closed_title(workshop_id: str, token: str) -> str | None:
    """The title of the closed workshop a participant's kept token belongs to (None: unknown
    token, another workshop, or the workshop is open or gone), so a reload can say it closed."""
    if not _SECRET.match(token or ""):
        return None
    hashed = token_hash(token)
    db = store.get()
    doc = db.find_one(PARTICIPANTS, {"cookie_hash": hashed}) or db.find_one(
        PARTICIPANTS, {"token_hash": hashed}
    )
    if doc is None or doc["workshop_id"] != workshop_id:
        return None
    found = db.find_one(WORKSHOPS, {"_id": workshop_id, "status": "closed"})
    return None if found is None else found["title"]


# --- joining (participants) --------------------------------------------------------------------


@dataclass
class Joined:
    workshop: wm.Workshop
    participant: wm.Participant
    token: str  # handed to this participant once; only its hash is stored
    handoff_code: str  # exchanged once, within HANDOFF, for the cookie (`bind_cookie`)


def join(code: str, name: str, client_key: str, address: str | None = None) -> Joined:
    """Join an open workshop with its code and a display name (no account). Each attempt takes
    one of the client's tries first (Throttled when none is left; a join gives its try back);
    a wrong code is counted for the connection's `address`, the code's prefix and the app, and
    past their limits answered slowly. A right code from a client with tries left always gets
    in at once (throttle.py)."""
    data = wm.ParticipantCreate(code=code, name=name)
    code = normalise_code(data.code)
    if not throttle.reserve(client_key):
        raise Throttled()
    doc = None
    if len(code) == wm.CODE_LENGTH and all(ch in ALPHABET for ch in code):
        doc = store.get().find_one(WORKSHOPS, {"code": code, "status": "open"})
    if doc is None:
        slow = throttle.record_failure(address, code)
        if slow:
            _wait(slow)
        raise InvalidInput("code", "workshops.error.bad_code")
    throttle.give_back(client_key)
    workshop = wm.Workshop.from_doc(doc)
    token, code = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    participant = wm.Participant(
        network_id=workshop.network_id,
        workshop_id=workshop.id,
        city_id=workshop.city_id,
        name=data.name,
        token_hash=token_hash(token),
        handoff_hash=token_hash(code),
        handoff_expires_at=utcnow() + HANDOFF,
    )
    participant = records.insert(PARTICIPANTS, participant, None)
    bump(workshop.id, "people_revision")  # the facilitator and the room count who joined
    return Joined(workshop, participant, token, code)


def participant(workshop_id: str, token: str) -> wm.Participant:
    """The participant holding `token` (the session's or the cookie's) in *this* workshop;
    PermissionDenied otherwise."""
    if not token or not isinstance(token, str):
        raise PermissionDenied(action="workshop.participate")
    hashed, db = token_hash(token), store.get()
    # Two indexed look-ups rather than one `$or` (the embedded store would scan for it).
    doc = db.find_one(PARTICIPANTS, {"token_hash": hashed}) or db.find_one(
        PARTICIPANTS, {"cookie_hash": hashed}
    )
    if doc is None or doc["workshop_id"] != workshop_id:
        raise PermissionDenied(action="workshop.participate")
    return wm.Participant.from_doc(doc)


def bind_cookie(workshop_id: str, code: str, now: dt.datetime | None = None) -> str | None:
    """Exchange a participant's one-time code for the token their browser keeps in a cookie
    (None: unknown, used or expired code, another workshop, or the workshop is not open). The
    code works once, even when two requests race (one atomic update)."""
    if not _SECRET.match(code or "") or not _COOKIE_ID.match(workshop_id or ""):
        return None
    db = store.get()
    if db.find_one(WORKSHOPS, {"_id": workshop_id, "status": "open"}) is None:
        return None
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    bound = db.find_one_and_update(
        PARTICIPANTS,
        {
            "handoff_hash": token_hash(code),
            "workshop_id": workshop_id,
            "handoff_expires_at": {"$gt": now},
        },
        {"$set": {"cookie_hash": token_hash(token), "handoff_hash": None}},
    )
    return token if bound is not None else None


def cookie_pending(workshop_id: str, token: str) -> bool:
    """Whether this participant's browser has yet to take its cookie (the page keeps offering
    the one-time code until then)."""
    try:
        who = participant(workshop_id, token)
    except PermissionDenied:
        return False
    expires = who.handoff_expires_at
    return who.handoff_hash is not None and expires is not None and expires > utcnow()


def restore_participant(workshop_id: str, token: str) -> tuple[wm.Workshop, wm.Participant] | None:
    """The workshop and participant a kept cookie names, while the workshop is open (None:
    unknown or forgotten token, another workshop, closed or deleted workshop)."""
    if not _SECRET.match(token or ""):
        return None
    doc = store.get().find_one(PARTICIPANTS, {"cookie_hash": token_hash(token)})
    if doc is None or doc["workshop_id"] != workshop_id:
        return None
    found = store.get().find_one(WORKSHOPS, {"_id": workshop_id, "status": "open"})
    if found is None:
        return None
    return wm.Workshop.from_doc(found), wm.Participant.from_doc(doc)


def forget_cookie(workshop_id: str, token: str) -> None:
    """The participant leaves on this device: the kept cookie stops working (their notes and
    votes stay). Unknown tokens are ignored."""
    try:
        who = participant(workshop_id, token)
    except PermissionDenied:
        return
    store.get().update_one(
        PARTICIPANTS, {"_id": who.id}, {"$set": {"cookie_hash": None, "handoff_hash": None}}
    )


def participant_workshop(workshop_id: str, token: str) -> tuple[wm.Workshop, wm.Participant]:
    """The workshop a participant joined (still readable after it closed: the results)."""
    who = participant(workshop_id, token)
    return load(workshop_id), who


def bump(workshop_id: str, counter: str = "board_revision") -> None:
    store.get().update_one(WORKSHOPS, {"_id": workshop_id}, {"$inc": {counter: 1}})


def _writable(workshop_id: str, token: str, phase: str) -> tuple[wm.Workshop, wm.Participant]:
    workshop, who = participant_workshop(workshop_id, token)
    if not accepting(workshop):
        raise InvalidInput("phase", "workshops.error.not_accepting")
    # Notes are written in the writing phase and, ahead of the session, while collecting.
    if workshop.phase != phase and not (phase == "writing" and workshop.phase == "collecting"):
        raise InvalidInput("phase", f"workshops.error.not_{phase}")
    return workshop, who


def check_column(workshop: wm.Workshop, column: str) -> None:
    if column not in workshop.columns:
        raise InvalidInput("column", "workshops.error.column")


def post_note(
    workshop_id: str, token: str, data: wm.NoteCreate, submission: str | None = None
) -> wm.Note:
    """A participant's note, during the writing phase of an open, running workshop. A
    repeated form `submission` (a double tap on Post) returns the note the first one posted."""
    data = wm.NoteCreate.model_validate(data)
    workshop, who = _writable(workshop_id, token, "writing")
    first = records.submitted(NOTES, wm.Note, submission, workshop.network_id)
    if first is not None and first.participant_id == who.id:
        return first
    check_column(workshop, data.column)
    _pace_note(who.id)
    _count_note(who.id)
    note = new_note(
        workshop,
        column=data.column,
        text=data.text,
        participant_id=who.id,
        author_name="" if workshop.settings.anonymous_in(workshop.phase) else who.name,
    )
    note = records.insert(NOTES, note, None, submission=submission)
    bump(workshop.id)
    return note


def _clock() -> float:
    return time.time()


def _pace_note(participant_id: str) -> None:
    """Take one of the participant's POSTS_PER_WINDOW notes of the last POST_WINDOW_S seconds
    (InvalidInput past it, saying how long to wait): a phone stuck on Post, or someone pasting
    notes as fast as they can, cannot flood the room's screens. Times older than the window go
    first; then one conditional `$push`, so parallel posts cannot all slip through."""
    now = _clock()
    db = store.get()
    db.update_one(
        PARTICIPANTS,
        {"_id": participant_id},
        {"$pull": {"recent_posts": {"$lte": now - wm.POST_WINDOW_S}}},
    )
    taken = db.find_one_and_update(
        PARTICIPANTS,
        {"_id": participant_id, f"recent_posts.{wm.POSTS_PER_WINDOW - 1}": {"$exists": False}},
        {"$push": {"recent_posts": now}},
    )
    if taken is None:
        doc = db.find_one(PARTICIPANTS, {"_id": participant_id}, projection={"recent_posts": 1})
        oldest = min((doc or {}).get("recent_posts") or [now])
        wait = max(1, math.ceil(oldest + wm.POST_WINDOW_S - now))
        raise InvalidInput(
            "text", "workshops.error.too_fast", seconds=wait, max=wm.POSTS_PER_WINDOW
        )


def _count_note(participant_id: str) -> None:
    """Take one of the participant's notes (the cap) with one conditional `$inc`: however many
    posts arrive at once, no more than the cap get through (InvalidInput past it)."""
    cap = wm.NOTES_PER_PARTICIPANT_MAX
    counted = store.get().find_one_and_update(
        PARTICIPANTS,
        {"_id": participant_id, "notes_posted": {"$not": {"$gte": cap}}},
        {"$inc": {"notes_posted": 1}},
    )
    if counted is None:
        raise InvalidInput("text", "workshops.error.too_many_notes", max=cap)


def live_note(workshop: wm.Workshop, note_id: str) -> wm.Note:
    doc = store.get().find_one(NOTES, {"_id": str(note_id), "workshop_id": workshop.id})
    if doc is None or doc.get("merged_into"):
        raise NotFound(entity=NOTES, id=note_id)
    return wm.Note.from_doc(doc)


def vote(workshop_id: str, token: str, note_id: str) -> wm.Vote:
    """One vote on a note, within the participant's budget (enforced here, atomically)."""
    workshop, who = _writable(workshop_id, token, "voting")
    note = live_note(workshop, note_id)
    budget = workshop.settings.votes_per_person
    db = store.get()
    counted = db.find_one_and_update(
        PARTICIPANTS,
        {"_id": who.id, "votes_used": {"$lt": budget}},
        {"$inc": {"votes_used": 1, "votes_cast": 1}},
    )
    if counted is None:
        raise InvalidInput("votes", "workshops.error.no_votes_left", budget=budget)
    several = workshop.settings.several_votes_per_note
    # One vote per note: slot 0, the unique index refuses a second. Several: a slot never used
    # before (votes cast so far), so a vote taken back can be cast again.
    slot = counted["votes_cast"] if several else 0
    for _ in range(SLOT_ATTEMPTS):
        ballot = wm.Vote(
            network_id=workshop.network_id,
            workshop_id=workshop.id,
            note_id=note.id,
            participant_id=who.id,
            slot=slot,
        )
        try:
            ballot = records.insert(VOTES, ballot, None)
        except store.DuplicateKey:
            if not several:
                break
            # a slot numbered before votes were counted this way: take the next one
            slot = db.find_one_and_update(
                PARTICIPANTS, {"_id": who.id}, {"$inc": {"votes_cast": 1}}
            )["votes_cast"]
            continue
        bump(workshop.id)
        return ballot
    # one vote per note (or no free slot): the vote goes back
    db.update_one(PARTICIPANTS, {"_id": who.id}, {"$inc": {"votes_used": -1}})
    raise InvalidInput("votes", "workshops.error.voted_already")


def unvote(workshop_id: str, token: str, note_id: str) -> None:
    """Take one of one's votes back from a note (during voting)."""
    workshop, who = _writable(workshop_id, token, "voting")
    db = store.get()
    mine = db.find(
        VOTES,
        {"workshop_id": workshop.id, "participant_id": who.id, "note_id": str(note_id)},
        limit=1,
    )
    if not mine or db.delete_one(VOTES, {"_id": mine[0]["_id"]}) == 0:
        raise NotFound(entity=VOTES, id=note_id)
    records.log(None, workshop.network_id, VOTES, mine[0]["_id"], "delete")
    db.update_one(
        PARTICIPANTS, {"_id": who.id, "votes_used": {"$gt": 0}}, {"$inc": {"votes_used": -1}}
    )
    bump(workshop.id)


def new_note(workshop: wm.Workshop, **fields: Any) -> wm.Note:
    """A new note of the workshop, with an id that sorts by creation (two notes written in the
    same millisecond stay in the order they were written)."""
    return wm.Note(
        id=store.sortable_id(),
        network_id=workshop.network_id,
        workshop_id=workshop.id,
        city_id=workshop.city_id,
        **fields,
    )
