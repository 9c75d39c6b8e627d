"""The board of a workshop: what each viewer sees (notes, votes, hidden notes, their own
budget), read once per board version for every screen (`board_snapshot`), and the
facilitator's edits of it (add, edit, merge, delete notes; a merge carries the votes along).

Split from services/workshops/workshops.py, which starts and runs workshops and takes the
participants' notes and votes; the board reads what they wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import workshops as wm
from models.user import User
from services.core import collections, records, store
from services.core.errors import InvalidInput
from services.workshops import workshops

WORKSHOPS = collections.WORKSHOPS
PARTICIPANTS = collections.WORKSHOP_PARTICIPANTS
NOTES = collections.WORKSHOP_NOTES
VOTES = collections.WORKSHOP_VOTES


# --- reading the board -------------------------------------------------------------------------


@dataclass
class BoardNote:
    """A note as one viewer may see it (`votes` None: hidden from this viewer for now)."""

    id: str
    column: str
    text: str
    author: str
    votes: int | None
    mine: bool
    my_votes: int
    group_id: str | None
    x: int | None
    y: int | None
    sector: str | None
    revision: int
    proxy_votes: int = 0  # of `votes`: entered by the facilitator for people without a phone


@dataclass
class Board:
    workshop: wm.Workshop
    notes: list[BoardNote]
    participants: int
    hidden: int  # notes others wrote that this viewer cannot see yet
    votes_left: int | None = None  # a participant's remaining budget


def vote_counts(workshop_id: str) -> dict[str, int]:
    """Votes per note (one small aggregation)."""
    rows = store.get().aggregate(
        VOTES,
        [
            {"$match": {"workshop_id": workshop_id}},
            {"$group": {"_id": "$note_id", "n": {"$sum": 1}}},
        ],
    )
    return {row["_id"]: row["n"] for row in rows}


def _notes(workshop_id: str) -> list[wm.Note]:
    """The notes on the board: the listed options in their order (a dot vote's plan actions),
    then every other note in the order it was written."""
    written = records.find(
        NOTES,
        wm.Note,
        {"workshop_id": workshop_id, "merged_into": None},
        sort=[("created_at", 1), ("_id", 1)],
    )
    return sorted(written, key=lambda n: (n.position == 0, n.position))  # stable: keeps time


@dataclass(frozen=True)
class Snapshot:
    """What every viewer's board is built from, read once per board version: the workshop, its
    notes in board order, votes per note and the participants count. Screens of one process
    share it (the page caches it by (workshop id, board version)); nothing in it is per viewer."""

    workshop: wm.Workshop
    notes: tuple[wm.Note, ...]
    counts: dict[str, int]
    participants: int


def board_snapshot(workshop_id: str) -> Snapshot:
    """The shared part of every board of a workshop, as stored now (NotFound if gone). Callers
    check who may see it (facilitator_board, participant_board)."""
    workshop = workshops.load(workshop_id)
    return Snapshot(
        workshop=workshop,
        notes=tuple(_notes(workshop.id)),
        counts=vote_counts(workshop.id),
        participants=store.get().count(PARTICIPANTS, {"workshop_id": workshop.id}),
    )


def board_for(
    workshop: wm.Workshop,
    viewer: wm.Participant | None,
    *,
    room: bool = False,
    snapshot: Snapshot | None = None,
) -> Board:
    """What a viewer sees: the facilitator everything; a participant (or the projected room,
    `room`) what the settings show: others' notes once revealed, counts once results. Built from
    `snapshot` when given (read now otherwise); only the viewer's own votes are read here."""
    if snapshot is None or snapshot.workshop.id != workshop.id:
        snapshot = board_snapshot(workshop.id)
    workshop = snapshot.workshop
    counts = snapshot.counts
    mine_counts: dict[str, int] = {}
    if viewer is not None:
        for ballot in store.get().find(
            VOTES, {"workshop_id": workshop.id, "participant_id": viewer.id}
        ):
            mine_counts[ballot["note_id"]] = mine_counts.get(ballot["note_id"], 0) + 1
    public = viewer is None and not room
    hide_notes = workshop.settings.hide_until_reveal and not workshop.revealed
    hide_votes = workshop.settings.hide_until_reveal and workshop.phase != "results"
    # Names (stored only for notes written in a named phase) show only in a named phase.
    nameless = workshop.settings.anonymous_in(workshop.phase)
    shown, hidden = [], 0
    for note in snapshot.notes:
        mine = viewer is not None and note.participant_id == viewer.id
        if not public and hide_notes and not mine and note.participant_id is not None:
            hidden += 1
            continue
        shown.append(
            BoardNote(
                id=note.id,
                column=note.column,
                text=note.text,
                author="" if nameless else note.author_name,
                votes=None
                if (not public and hide_votes)
                else counts.get(note.id, 0) + note.proxy_votes,
                mine=mine,
                my_votes=mine_counts.get(note.id, 0),
                group_id=note.group_id,
                x=note.x,
                y=note.y,
                sector=note.sector,
                revision=note.revision,
                proxy_votes=0 if (not public and hide_votes) else note.proxy_votes,
            )
        )
    left = None
    if viewer is not None:
        left = max(0, workshop.settings.votes_per_person - viewer.votes_used)
    return Board(workshop, shown, snapshot.participants, hidden, left)


def facilitator_board(
    user: User, workshop_id: str, *, room: bool = False, snapshot: Snapshot | None = None
) -> Board:
    """The whole board for a facilitator (or, `room`, what the projector shows); from a shared
    `snapshot` of the same workshop when given."""
    return board_for(
        workshops.stored(user, "workshop.read", workshop_id), None, room=room, snapshot=snapshot
    )


def participant_board(workshop_id: str, token: str, snapshot: Snapshot | None = None) -> Board:
    """The board as this participant may see it (their own notes always); from a shared
    `snapshot` of the same workshop when given (then only the participant and their votes are
    read)."""
    who = workshops.participant(workshop_id, token)
    if snapshot is None or snapshot.workshop.id != workshop_id:
        snapshot = board_snapshot(workshop_id)
    return board_for(snapshot.workshop, who, snapshot=snapshot)


# --- editing the board (facilitators) ----------------------------------------------------------


def _stored_note(user: User, note_id: str) -> tuple[wm.Workshop, wm.Note]:
    note = records.get(NOTES, wm.Note, note_id)
    workshop = workshops.stored(user, "workshop.run", note.workshop_id)
    return workshop, note


def add_note(
    actor: User, workshop: wm.Workshop, data: wm.NoteCreate, submission: str | None = None
) -> wm.Note:
    """A note written by the facilitator (any phase, while open). A repeated form
    `submission` returns the note the first one added."""
    data = wm.NoteCreate.model_validate(data)
    stored_ws = workshops.stored(actor, "workshop.run", workshop.id)
    first = records.submitted(NOTES, wm.Note, submission, stored_ws.network_id)
    if first is not None:
        return first
    if stored_ws.status != "open":
        raise InvalidInput("status", "workshops.error.closed")
    workshops.check_column(stored_ws, data.column)
    note = workshops.new_note(
        stored_ws,
        column=data.column,
        text=data.text,
        author_name="" if stored_ws.settings.anonymous_in(stored_ws.phase) else actor.display_name,
    )
    note = records.insert(NOTES, note, actor, submission=submission)
    workshops.bump(stored_ws.id)
    return note


def edit_note(actor: User, note_id: str, revision: int, data: wm.NoteUpdate) -> wm.Note:
    """Edit text, column, group or grid place of a note, as read at `revision` (Conflict)."""
    workshop, note = _stored_note(actor, note_id)
    changes = wm.NoteUpdate.model_validate(data).model_dump(exclude_unset=True)
    if "column" in changes:
        workshops.check_column(workshop, changes["column"])
    if changes.get("group_id") is not None:
        head = workshops.live_note(workshop, changes["group_id"])
        if head.id == note.id:
            changes["group_id"] = None
    current = note.model_copy(update={"revision": revision})
    saved = records.update(NOTES, current, changes, actor, action="edit_note")
    workshops.bump(workshop.id)
    return saved


def merge_notes(actor: User, target_id: str, source_id: str, source_revision: int) -> wm.Note:
    """Merge `source` into `target`: the target's text gains the source's, the source leaves
    the board, its votes count for the target."""
    workshop, target = _stored_note(actor, target_id)
    _, source = _stored_note(actor, source_id)
    if source.workshop_id != workshop.id or source.id == target.id:
        raise InvalidInput("note", "workshops.error.merge")
    merged_text = f"{target.text} / {source.text}"[:500]
    if source.proxy_votes:  # the room's votes follow the note too
        store.get().update_one(
            NOTES, {"_id": target.id}, {"$inc": {"proxy_votes": source.proxy_votes}}
        )
    records.update(
        NOTES,
        source.model_copy(update={"revision": source_revision}),
        {"merged_into": target.id},
        actor,
        action="merge_note",
    )
    _move_votes(workshop, source.id, target.id)
    store.get().update_many(
        NOTES,
        {"workshop_id": workshop.id, "group_id": source.id},
        {"$set": {"group_id": target.id}},
    )
    saved = records.update(NOTES, target, {"text": merged_text}, actor, action="merge_note")
    workshops.bump(workshop.id)
    return saved


def delete_note(actor: User, note_id: str, revision: int) -> None:
    workshop, note = _stored_note(actor, note_id)
    records.delete(NOTES, note.model_copy(update={"revision": revision}), actor)
    if note.participant_id is not None:  # the author may write another (the cap counts posts)
        store.get().update_one(
            PARTICIPANTS,
            {"_id": note.participant_id, "notes_posted": {"$gt": 0}},
            {"$inc": {"notes_posted": -1}},
        )
    _move_votes(workshop, note.id, None)
    workshops.bump(workshop.id)


def _move_votes(workshop: wm.Workshop, source_id: str, target_id: str | None) -> None:
    """Votes on a note that leaves the board go to `target_id`; a vote that would be a second
    one on the same note (or has no target) is given back to its participant."""
    db = store.get()
    for ballot in db.find(VOTES, {"workshop_id": workshop.id, "note_id": source_id}):
        taken = target_id is None or db.count(
            VOTES,
            {
                "participant_id": ballot["participant_id"],
                "note_id": target_id,
                "slot": ballot.get("slot", 0),
            },
        )
        if taken:
            db.delete_one(VOTES, {"_id": ballot["_id"]})
            db.update_one(
                PARTICIPANTS,
                {"_id": ballot["participant_id"], "votes_used": {"$gt": 0}},
                {"$inc": {"votes_used": -1}},
            )
        else:
            db.update_one(VOTES, {"_id": ballot["_id"]}, {"$set": {"note_id": target_id}})
