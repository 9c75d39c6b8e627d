"""Workshops: a facilitated session of a city (template, phase, timer, settings), the notes its
participants post, the votes they cast, and the participants themselves (no account: a random
token, of which only the hash is stored).

The board's `board_revision` is a cheap counter bumped by every note and vote write, and
`people_revision` by every join, so a live view polls small numbers and re-reads the board only
when one it shows moved.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from models.base import Document, Id, Key, Line, Model, Name, Statement, UTCDateTime

Template = Literal[
    "brainstorm", "problem_tree", "stakeholder_map", "assumption_map", "impact_effort", "dot_vote"
]
TEMPLATES: tuple[str, ...] = (
    "brainstorm",
    "problem_tree",
    "stakeholder_map",
    "assumption_map",
    "impact_effort",
    "dot_vote",
)
# "collecting": written input ahead of the live session, until a deadline (`collect_until`);
# the live session's phases follow (PHASES), and a workshop never goes back to collecting.
Phase = Literal["collecting", "writing", "grouping", "voting", "results"]
PHASES: tuple[str, ...] = ("writing", "grouping", "voting", "results")
ALL_PHASES: tuple[str, ...] = ("collecting", *PHASES)
# Phases in which people write notes (participants, and logged-in members while collecting).
WRITING_PHASES: tuple[str, ...] = ("collecting", "writing")
Status = Literal["open", "closed"]
Sector = Literal["public", "private", "civic", "knowledge"]

# The columns a participant posts into, per template (the first is the default).
COLUMNS: dict[str, tuple[str, ...]] = {
    "brainstorm": ("ideas", "concerns", "questions"),
    "problem_tree": ("causes", "effects", "core"),
    "stakeholder_map": ("stakeholders",),
    "assumption_map": ("assumptions",),
    "impact_effort": ("ideas",),
    "dot_vote": ("options",),
}
# The 2x2 grids: (x axis, y axis) of the note's placement, scores 1..5.
GRIDS: dict[str, tuple[str, str]] = {
    "stakeholder_map": ("interest", "power"),
    "assumption_map": ("evidence", "importance"),
    "impact_effort": ("effort", "impact"),
}

# Limits, named so that messages and the README can quote them.
VOTES_MAX = 20
NOTES_PER_PARTICIPANT_MAX = 50
# Pace of posting, per participant: at most this many notes in any POST_WINDOW_S seconds (a
# person writing sticky notes posts one every few seconds at most; a stuck or scripted phone
# does not flood the room's screens).
POSTS_PER_WINDOW = 8
POST_WINDOW_S = 60
CODE_LENGTH = 8

Code = Annotated[str, Field(pattern=r"^[2-9A-HJ-NP-Z]{8}$")]
GridScore = Annotated[int, Field(ge=1, le=5)]


class WorkshopSettings(Model):
    """Chosen by the facilitator and shown to participants."""

    anonymous: bool = True
    hide_until_reveal: bool = True
    votes_per_person: Annotated[int, Field(ge=1, le=VOTES_MAX)] = 3
    several_votes_per_note: bool = False
    # Anonymity per phase (phase -> anonymous); a phase not listed follows `anonymous`. A note
    # posted in an anonymous phase stores no name; names are shown only in named phases.
    anonymity: dict[Phase, bool] = Field(default_factory=dict)

    def anonymous_in(self, phase: str) -> bool:
        """Whether names are hidden (and not stored) in `phase`."""
        return self.anonymity.get(phase, self.anonymous)  # type: ignore[call-overload]


TimerMinutes = Annotated[int, Field(ge=1, le=180)]


class WorkshopTemplate(Model):
    """A network's template of one workshop kind (services/workshops/data/templates.json holds
    the defaults): the live phases it runs through, its anonymity per phase, a timer per phase,
    the vote budget and what stays hidden until the reveal. Its columns are the kind's own
    (`COLUMNS`: what a promotion reads), listed so an export says what people post into."""

    key: Template
    columns: list[Key] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=lambda: list(PHASES))
    anonymous: bool = True
    anonymity: dict[Phase, bool] = Field(default_factory=dict)
    timers: dict[Phase, TimerMinutes] = Field(default_factory=dict)
    votes_per_person: Annotated[int, Field(ge=1, le=VOTES_MAX)] = 3
    hide_until_reveal: bool = True
    several_votes_per_note: bool = False

    @model_validator(mode="before")
    @classmethod
    def _kind_columns(cls, data: Any) -> Any:
        """The columns are the kind's own: listed ones must be those, missing ones are filled."""
        if not isinstance(data, dict) or data.get("key") not in COLUMNS:
            return data
        own = list(COLUMNS[data["key"]])
        if data.get("columns") and list(data["columns"]) != own:
            raise PydanticCustomError(
                "workshop_columns",
                "the columns of a {kind} are {columns}",
                {"kind": data["key"], "columns": ", ".join(own)},
            )
        return {**data, "columns": own}

    @field_validator("phases")
    @classmethod
    def _live_phases(cls, phases: list[str]) -> list[str]:
        """At least one of the live phases, each once, in the method's order."""
        if not phases or any(p not in PHASES for p in phases):
            raise PydanticCustomError(
                "workshop_phases", "phases are among {phases}", {"phases": ", ".join(PHASES)}
            )
        return [p for p in PHASES if p in phases]

    def settings(self) -> WorkshopSettings:
        """The settings a workshop of this template starts with."""
        return WorkshopSettings(
            anonymous=self.anonymous,
            anonymity=dict(self.anonymity),
            hide_until_reveal=self.hide_until_reveal,
            votes_per_person=self.votes_per_person,
            several_votes_per_note=self.several_votes_per_note,
        )


class Promotion(Model):
    """Items a workshop put into the city's plan (or its assumptions): the link back."""

    target: Key  # "problem", "stakeholders", "actions", "assumptions"
    note_ids: list[Id] = Field(default_factory=list)
    # The plan items (or assumptions) made from them; a plan item keeps its note's id.
    item_ids: list[Id] = Field(default_factory=list)
    at: UTCDateTime
    by: Id


class Workshop(Document):
    city_id: Id
    title: Name
    template: Template
    code: Code
    status: Status = "open"
    phase: Phase = "writing"
    settings: WorkshopSettings = Field(default_factory=WorkshopSettings)
    revealed: bool = False
    locked: bool = False
    paused: bool = False
    timer_ends_at: UTCDateTime | None = None
    paused_remaining_s: int | None = Field(default=None, ge=0)
    board_revision: int = Field(default=0, ge=0)
    people_revision: int = Field(default=0, ge=0)
    closed_at: UTCDateTime | None = None
    # When the current phase began (readiness counts what people did since), and the end of
    # the collection window while the workshop collects written input ahead of the session.
    phase_started_at: UTCDateTime | None = None
    collect_until: UTCDateTime | None = None
    # From the network's template when started: the live phases offered, a timer per phase.
    phases: list[Phase] = Field(default_factory=lambda: list(PHASES))
    timers: dict[Phase, TimerMinutes] = Field(default_factory=dict)
    promotions: list[Promotion] = Field(default_factory=list)

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS[self.template]

    @property
    def grid(self) -> tuple[str, str] | None:
        return GRIDS.get(self.template)


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Participant(Document):
    """Someone who joined with the code: a display name and the hash of their token; once their
    browser took its cookie, the hash of the cookie's token too (a reload keeps them)."""

    workshop_id: Id
    city_id: Id
    name: Name
    token_hash: Sha256
    votes_used: int = Field(default=0, ge=0)
    # Counters raised by one conditional `$inc` each, so limits hold under parallel requests:
    # notes posted (the per-person cap) and votes ever cast (a vote's slot when several votes
    # on one note are allowed: never reused, so a vote taken back can be cast again).
    notes_posted: int = Field(default=0, ge=0)
    votes_cast: int = Field(default=0, ge=0)
    # When the last notes were posted (seconds since the epoch, within POST_WINDOW_S): the pace.
    recent_posts: list[float] = Field(default_factory=list)
    cookie_hash: Sha256 | None = None
    # The one-time code that binds the cookie (services/workshops/workshops.py, bind_cookie).
    handoff_hash: Sha256 | None = None
    handoff_expires_at: UTCDateTime | None = None


class Note(Document):
    workshop_id: Id
    city_id: Id
    column: Key
    text: Statement
    participant_id: Id | None = None  # None: written by the facilitator
    author_name: Line = ""  # empty when the workshop is anonymous
    group_id: Id | None = None  # the note this one is grouped under
    merged_into: Id | None = None  # merged notes leave the board, their votes follow
    x: GridScore | None = None
    y: GridScore | None = None
    sector: Sector | None = None
    # Votes the facilitator entered for people in the room without a phone (counted apart).
    proxy_votes: int = Field(default=0, ge=0)
    source_item_id: Id | None = None  # a plan item listed for a dot vote
    # Where a listed option stands (a dot vote's plan actions: 1, 2, ...); the notes people
    # write keep 0 and come after the listed ones, in the order they were written.
    position: int = Field(default=0, ge=0)


class Vote(Document):
    workshop_id: Id
    note_id: Id
    participant_id: Id
    # 0 when one vote per note is allowed (the unique index then refuses a second one);
    # otherwise the participant's running vote number.
    slot: int = Field(default=0, ge=0)


# --- input shapes ------------------------------------------------------------------------------


class WorkshopCreate(Model):
    title: Name
    template: Template
    settings: WorkshopSettings = Field(default_factory=WorkshopSettings)
    # Set: the workshop first collects written input until then (must lie ahead).
    collect_until: UTCDateTime | None = None


class ParticipantCreate(Model):
    code: Annotated[str, Field(min_length=1, max_length=40)]
    name: Name


class NoteCreate(Model):
    text: Statement
    column: Key


class NoteUpdate(Model):
    """What the facilitator changes on a note: only the fields set (`exclude_unset`)."""

    text: Statement | None = None
    column: Key | None = None
    group_id: Id | None = None
    x: GridScore | None = None
    y: GridScore | None = None
    sector: Sector | None = None
