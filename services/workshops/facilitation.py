"""What a facilitator needs around the board: votes entered for people in the room without a
phone (proxy votes, counted apart from the phones' votes), readiness (how many participants
have posted or voted in the current phase, names only where the phase is named), and the
collection window ahead of a session, where the city's logged-in members post too.

Proxy votes live on the note (`proxy_votes`, one atomic `$inc`), so they add to its count,
follow it when merged, and never touch a participant's budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import workshops as wm
from models.base import utcnow
from models.user import User
from services.core import records, store
from services.core.errors import InvalidInput
from services.workshops import workshops

PROXY_MAX = 50  # votes entered for one note at once (a show of hands in a big room)


def add_proxy_votes(actor: User, workshop_id: str, note_id: str, count: int = 1) -> int:
    """Enter `count` votes on a note for people without a phone (during voting, while open);
    returns the note's proxy votes now. Recorded in the activity log under the facilitator."""
    workshop = workshops.stored(actor, "workshop.run", workshop_id)
    if workshop.status != "open":
        raise InvalidInput("status", "workshops.error.closed")
    if workshop.phase != "voting":
        raise InvalidInput("phase", "workshops.error.not_voting")
    if not isinstance(count, int) or not 1 <= count <= PROXY_MAX:
        raise InvalidInput("count", "workshops.error.proxy_count", max=PROXY_MAX)
    note = workshops.live_note(workshop, note_id)
    done = store.get().find_one_and_update(
        workshops.NOTES, {"_id": note.id}, {"$inc": {"proxy_votes": count}}
    )
    records.log(
        actor,
        workshop.network_id,
        workshops.NOTES,
        note.id,
        "proxy_vote",
        city_id=workshop.city_id,
        note=str(count),
    )
    workshops.bump(workshop.id)
    return done["proxy_votes"]


def remove_proxy_vote(actor: User, workshop_id: str, note_id: str) -> int:
    """Take back one proxy vote from a note (a slip); returns the note's proxy votes now."""
    workshop = workshops.stored(actor, "workshop.run", workshop_id)
    if workshop.status != "open" or workshop.phase != "voting":
        raise InvalidInput("phase", "workshops.error.not_voting")
    note = workshops.live_note(workshop, note_id)
    done = store.get().find_one_and_update(
        workshops.NOTES,
        {"_id": note.id, "proxy_votes": {"$gt": 0}},
        {"$inc": {"proxy_votes": -1}},
    )
    if done is None:
        raise InvalidInput("count", "workshops.error.no_proxy_vote")
    records.log(
        actor,
        workshop.network_id,
        workshops.NOTES,
        note.id,
        "proxy_unvote",
        city_id=workshop.city_id,
    )
    workshops.bump(workshop.id)
    return done["proxy_votes"]


@dataclass
class Readiness:
    """Who has acted in the current phase: `done` of `participants` (posted in a writing
    phase, voted in the voting phase); `names` of those who did, only in a named phase;
    `proxy_votes` entered by the facilitator (voting)."""

    phase: str
    participants: int
    done: int
    names: list[str] = field(default_factory=list)
    proxy_votes: int = 0
    anonymous: bool = True


def readiness(user: User, workshop_id: str) -> Readiness:
    """How many participants have posted (writing, collecting) or voted (voting) since the
    current phase began, for someone who may read the workshop."""
    workshop = workshops.stored(user, "workshop.read", workshop_id)
    db = store.get()
    people = {
        d["_id"]: d["name"] for d in db.find(workshops.PARTICIPANTS, {"workshop_id": workshop.id})
    }
    since = workshop.phase_started_at
    where: dict = {"workshop_id": workshop.id}
    if since is not None:
        where["created_at"] = {"$gte": since}
    acted: set[str] = set()
    proxies = 0
    if workshop.phase in wm.WRITING_PHASES:
        acted = {
            d["participant_id"] for d in db.find(workshops.NOTES, where) if d.get("participant_id")
        }
    elif workshop.phase == "voting":
        acted = {d["participant_id"] for d in db.find(workshops.VOTES, where)}
        proxies = sum(
            d.get("proxy_votes", 0)
            for d in db.find(workshops.NOTES, {"workshop_id": workshop.id, "merged_into": None})
        )
    anonymous = workshop.settings.anonymous_in(workshop.phase)
    done = [p for p in acted if p in people]
    names = [] if anonymous else sorted(people[p] for p in done)
    return Readiness(workshop.phase, len(people), len(done), names, proxies, anonymous)


def post_member_note(
    actor: User, workshop_id: str, data: wm.NoteCreate, submission: str | None = None
) -> wm.Note:
    """A logged-in member of the city posts written input while the workshop collects it
    (before its deadline); named only where the collecting phase is named."""
    data = wm.NoteCreate.model_validate(data)
    workshop = workshops.stored(actor, "workshop.contribute", workshop_id)
    first = records.submitted(workshops.NOTES, wm.Note, submission, workshop.network_id)
    if first is not None and first.created_by == actor.id:
        return first
    if workshop.phase != "collecting" or not workshops.accepting(workshop):
        raise InvalidInput("phase", "workshops.error.not_collecting")
    workshops.check_column(workshop, data.column)
    note = workshops.new_note(
        workshop,
        column=data.column,
        text=data.text,
        author_name="" if workshop.settings.anonymous_in("collecting") else actor.display_name,
    )
    note = records.insert(workshops.NOTES, note, actor, submission=submission)
    workshops.bump(workshop.id)
    return note


def collecting(user: User, city_id: str) -> list[wm.Workshop]:
    """The city's workshops open for written input now (before their deadline), soonest
    deadline first, for a member who may post in them."""
    found = workshops.list_workshops(user, city_id)
    now = utcnow()
    open_now = [
        w
        for w in found
        if w.status == "open" and w.phase == "collecting" and workshops.accepting(w, now)
    ]
    return sorted(open_now, key=lambda w: w.collect_until or now)
