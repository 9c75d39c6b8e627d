"""Coordination sessions: about once a quarter, the network team and the funding body (and
cities when wanted) meet; the session records its agenda, notes, decisions and follow-ups.

The network team (coordinators, admins) plans and records sessions; viewers (the funder) read
them. A follow-up that concerns a city shows on that city's pages until it is done or dropped.
Every write checks the actor's permission, then writes against the session as stored, at the
revision the page read (Conflict otherwise). The agenda proposed from the data lives in
agenda.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from models.coordination import (
    FOLLOWUP_STATUSES,
    CoordinationSession,
    FollowUp,
    FollowUpCreate,
    SessionCreate,
    SessionUpdate,
)
from models.user import User
from services.core import access, collections, permissions, records, store
from services.core.errors import InvalidInput, NotFound, PermissionDenied

COORDINATION_SESSIONS = collections.COORDINATION_SESSIONS
OPEN = "open"
DUPLICATE = "coordination.error.duplicate_followup"  # the message key a page may confirm


def _known_city(network_id: str, city_id: str | None) -> None:
    if city_id is None:
        return
    found = store.get().find_one(collections.CITIES, {"_id": city_id}, projection={"network_id": 1})
    if found is None or found.get("network_id") != network_id:
        raise InvalidInput("city_id", "coordination.error.unknown_city")


def create_session(
    actor: User, data: SessionCreate | Mapping[str, Any], submission: str | None = None
) -> CoordinationSession:
    """Plan a session (date, title, participants); its agenda is proposed separately. A
    repeated form `submission` returns the session the first one created."""
    permissions.require(actor, "coordination.edit")
    data = SessionCreate.model_validate(data)
    session = CoordinationSession(network_id=actor.network_id, **data.model_dump())
    return records.insert(COORDINATION_SESSIONS, session, actor, submission=submission)


def list_sessions(user: User) -> list[CoordinationSession]:
    """The network's sessions, latest first."""
    permissions.require(user, "coordination.read")
    return records.find(
        COORDINATION_SESSIONS,
        CoordinationSession,
        {"network_id": user.network_id},
        sort=[("date", -1)],
    )


def get_session(user: User, session_id: str) -> CoordinationSession:
    return access.stored(
        user, "coordination.read", COORDINATION_SESSIONS, CoordinationSession, session_id
    )


def last_session_before(network_id: str, day: dt.date) -> CoordinationSession | None:
    """The latest session held before `day` (what "since the last session" counts from)."""
    found = store.get().find(
        COORDINATION_SESSIONS,
        {
            "network_id": network_id,
            "date": {"$lt": dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)},
        },
        sort=[("date", -1)],
        limit=1,
    )
    return CoordinationSession.from_doc(found[0]) if found else None


def update_session(
    actor: User,
    session: CoordinationSession,
    data: SessionUpdate | Mapping[str, Any],
    *,
    submission: str | None = None,
) -> CoordinationSession:
    """Save the fields given (date, title, participants, agenda, notes, decisions). A form's
    `submission` sent again writes nothing and returns the session as it stands."""
    stored_doc = access.stored(
        actor, "coordination.edit", COORDINATION_SESSIONS, CoordinationSession, session.id
    )
    changes = SessionUpdate.model_validate(data).model_dump(exclude_unset=True)
    return records.update(
        COORDINATION_SESSIONS,
        access.as_read(stored_doc, session),
        changes,
        actor,
        submission=submission,
    )


def same_text(a: str, b: str) -> bool:
    """Whether two follow-up texts say the same thing: case and spaces aside."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def duplicate_of(session: CoordinationSession, data: FollowUpCreate) -> FollowUp | None:
    """The session's follow-up that already says `data` (same text, case and spaces aside,
    for the same city or none), if any."""
    return next(
        (
            f
            for f in session.followups
            if f.city_id == data.city_id and same_text(f.text, data.text)
        ),
        None,
    )


def add_followup(
    actor: User,
    session: CoordinationSession,
    data: FollowUpCreate | Mapping[str, Any],
    submission: str | None = None,
    *,
    confirmed: bool = False,
) -> CoordinationSession:
    """Add a follow-up (what, who, by when, and the city it concerns if any), open. One the
    session already has (same text and city, case and spaces aside) is refused (InvalidInput
    on `text`), unless the person `confirmed` they want it twice: nothing is stored twice
    without a word. A repeated form `submission` adds nothing and returns the session as the
    first one left it."""
    stored_doc = access.stored(
        actor, "coordination.edit", COORDINATION_SESSIONS, CoordinationSession, session.id
    )
    if stored_doc.submission_id is not None and stored_doc.submission_id == submission:
        return stored_doc
    data = FollowUpCreate.model_validate(data)
    _known_city(stored_doc.network_id, data.city_id)
    if not confirmed and duplicate_of(stored_doc, data) is not None:
        raise InvalidInput("text", DUPLICATE)
    followups = [*stored_doc.followups, FollowUp(**data.model_dump())]
    return records.update(
        COORDINATION_SESSIONS,
        access.as_read(stored_doc, session),
        {"followups": followups},
        actor,
        submission=submission,
    )


def set_followup_status(
    actor: User, session: CoordinationSession, followup_id: str, status: str
) -> CoordinationSession:
    """Mark a follow-up open, done or dropped."""
    stored_doc = access.stored(
        actor, "coordination.edit", COORDINATION_SESSIONS, CoordinationSession, session.id
    )
    if status not in FOLLOWUP_STATUSES:
        raise InvalidInput("status", "coordination.error.status")
    if not any(f.id == followup_id for f in stored_doc.followups):
        raise NotFound(entity=COORDINATION_SESSIONS, id=followup_id)
    followups = [
        f.model_copy(update={"status": status}) if f.id == followup_id else f
        for f in stored_doc.followups
    ]
    return records.update(
        COORDINATION_SESSIONS,
        access.as_read(stored_doc, session),
        {"followups": followups},
        actor,
        action="followup",
        note=status,
    )


# --- reads of follow-ups -----------------------------------------------------------------------


def followups_frame(sessions: list[CoordinationSession], city_names: Mapping[str, str]):
    """One row per follow-up: session, date, text, owner, due, status, city (open ones first,
    then by due date)."""
    rows = [
        {
            "session_id": s.id,
            "followup_id": f.id,
            "session": s.title,
            "text": f.text,
            "owner": f.owner,
            "due": f.due,
            "status": f.status,
            "city_id": f.city_id,
            "city": city_names.get(f.city_id, "") if f.city_id else "",
        }
        for s in sessions
        for f in s.followups
    ]
    columns = ["session_id", "followup_id", "session", "text", "owner", "due", "status"]
    frame = pd.DataFrame(rows, columns=[*columns, "city_id", "city"])
    if frame.empty:
        return frame
    frame = frame.assign(_closed=frame["status"] != OPEN)
    return frame.sort_values(["_closed", "due"], kind="stable").drop(columns="_closed")


def open_followups(network_id: str) -> list[tuple[CoordinationSession, FollowUp]]:
    """Every open follow-up of the network, soonest due first (no permission: callers check)."""
    docs = store.get().find(
        COORDINATION_SESSIONS,
        {"network_id": network_id, "followups.status": OPEN},
        sort=[("date", -1)],
    )
    found = [
        (s, f)
        for s in (CoordinationSession.from_doc(d) for d in docs)
        for f in s.followups
        if f.status == OPEN
    ]
    return sorted(found, key=lambda sf: (sf[1].due, sf[1].id))


def city_followups(user: User, city_id: str) -> list[FollowUp]:
    """The open follow-ups that concern the city, soonest due first: what its pages show until
    each is done."""
    if not permissions.allowed(user, "followup.read", city_id):
        raise PermissionDenied(action="followup.read")
    docs = store.get().find(
        COORDINATION_SESSIONS,
        {"network_id": user.network_id, "followups.city_id": city_id},
        projection={"followups": 1},
    )
    found = [
        FollowUp.model_validate(f)
        for d in docs
        for f in d.get("followups", [])
        if f.get("city_id") == city_id and f.get("status") == OPEN
    ]
    return sorted(found, key=lambda f: (f.due, f.id))
