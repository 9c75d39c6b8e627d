"""Listening and reporting: check-ins, the network's reporting settings, report cycles, reports.

A check-in is a city's one-minute pulse (mood, what happened, blockers, help needed). A report
covers one cycle of one city: drafted from the data of its period, completed with a short
narrative and a red/amber/green rating, then submitted (its content frozen in `snapshot`),
and accepted or sent back by a coordinator.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from models.base import (
    Bilingual,
    Document,
    Id,
    Key,
    Line,
    LongText,
    Model,
    Name,
    Score,
    ShortText,
    UTCDateTime,
    date_only,
    refuse_duplicates,
)

# Limits, named so that messages and the README can quote them.
BLOCKERS_MAX = 12  # tags on one check-in
BLOCKER_TAGS_MAX = 40  # tags in the network's list
COMMENTS_MAX = 200  # review comments on one report

Rag = Literal["red", "amber", "green"]
RAGS: tuple[str, ...] = ("green", "amber", "red")
RAG_AREAS: tuple[str, ...] = ("schedule", "budget", "engagement", "risk")
ReportStatus = Literal["draft", "submitted", "returned", "accepted"]
REPORT_STATUSES: tuple[str, ...] = ("draft", "submitted", "returned", "accepted")
Decision = Literal["comment", "accept", "return"]


# --- check-ins ---------------------------------------------------------------------------------


FOLLOW_THROUGH_MAX = 20


class FollowThrough(Model):
    """The answer to "what happened with …?" about an action a workshop decided (the plan
    item `item_id`, promoted from workshop `workshop_id`; its title as asked)."""

    item_id: Id
    workshop_id: Id
    title: Name
    answer: ShortText = Field(min_length=1)


class CheckinCreate(Model):
    """What a member of a city fills in, on a phone, in a minute."""

    date: dt.date
    mood: Score
    happened: LongText = ""
    blockers: Annotated[list[Key], Field(max_length=BLOCKERS_MAX)] = Field(default_factory=list)
    blocker_note: ShortText = ""
    help_needed: ShortText = ""
    follow_through: Annotated[list[FollowThrough], Field(max_length=FOLLOW_THROUGH_MAX)] = Field(
        default_factory=list
    )

    @field_validator("blockers")
    @classmethod
    def _once_each(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(tags))


class Checkin(Document):
    city_id: Id
    date: dt.date
    mood: Score
    happened: LongText = ""
    blockers: Annotated[list[Key], Field(max_length=BLOCKERS_MAX)] = Field(default_factory=list)
    blocker_note: ShortText = ""
    help_needed: ShortText = ""
    follow_through: Annotated[list[FollowThrough], Field(max_length=FOLLOW_THROUGH_MAX)] = Field(
        default_factory=list
    )
    author_name: Line = ""

    _date_only = field_validator("date", mode="before")(date_only)


# --- the network's reporting settings ----------------------------------------------------------


class BlockerTag(Model):
    """A blocker cities tag check-ins with. `key` is made from the label when the tag is added
    and never changes (check-ins store it); `retired` hides it from the check-in form while
    check-ins that named it keep their label."""

    key: Key
    label: Bilingual
    retired: bool = False


def _ends_after_start(ends_on: dt.date | None, info: ValidationInfo) -> dt.date | None:
    """`programme_ends_on` after `reporting_starts_on` (when both are set): the error names the
    end, so a person sees which date to change."""
    starts_on = info.data.get("reporting_starts_on")
    if ends_on is not None and starts_on is not None and ends_on <= starts_on:
        raise PydanticCustomError(
            "reporting_programme_ends_before_start", "must be after the day reporting starts"
        )
    return ends_on


class ReportingSettings(Document):
    """One per network (its `_id` is the network's id): how the network listens.

    The reporting calendar runs from `reporting_starts_on` to `programme_ends_on` (each None:
    open-ended): a cycle that ends before the start, or starts after the end, is never due
    (services/reporting/cycles.py)."""

    checkin_reminder_days: Annotated[int, Field(ge=1, le=365)] = 30
    report_grace_days: Annotated[int, Field(ge=0, le=120)] = 14
    blocker_tags: Annotated[list[BlockerTag], Field(max_length=BLOCKER_TAGS_MAX)] = Field(
        default_factory=list
    )
    reporting_starts_on: dt.date | None = None
    programme_ends_on: dt.date | None = None

    _dates = field_validator("reporting_starts_on", "programme_ends_on", mode="before")(date_only)
    _end_after_start = field_validator("programme_ends_on")(_ends_after_start)

    @field_validator("blocker_tags")
    @classmethod
    def _unique_tags(cls, tags: list[BlockerTag]) -> list[BlockerTag]:
        refuse_duplicates([t.key for t in tags], "reporting_duplicate_tag")
        return tags

    def tag_label(self, key: str, lang: str) -> str:
        """The tag's label in `lang` (a retired tag's too); the key itself if unknown."""
        found = next((t for t in self.blocker_tags if t.key == key), None)
        return found.label.get(lang) if found else key

    def active_tags(self) -> list[BlockerTag]:
        """The tags a new check-in may name (the list without the retired ones)."""
        return [t for t in self.blocker_tags if not t.retired]


class ReportingSettingsUpdate(Model):
    """What the settings form sends: any subset."""

    checkin_reminder_days: Annotated[int, Field(ge=1, le=365)] | None = None
    report_grace_days: Annotated[int, Field(ge=0, le=120)] | None = None
    blocker_tags: Annotated[list[BlockerTag], Field(max_length=BLOCKER_TAGS_MAX)] | None = None
    # None clears a date (set explicitly: `exclude_unset` keeps it).
    reporting_starts_on: dt.date | None = None
    programme_ends_on: dt.date | None = None

    _dates = field_validator("reporting_starts_on", "programme_ends_on", mode="before")(date_only)
    _end_after_start = field_validator("programme_ends_on")(_ends_after_start)


# --- report cycles -----------------------------------------------------------------------------

CycleKind = Literal["quarter", "experiment_cycle"]


class CycleFields(Model):
    """A reporting period of one city: `key` is stable ("2026-Q1", "cycle-2")."""

    city_id: Id
    key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$")]
    kind: CycleKind
    number: Annotated[int, Field(ge=1, le=9999)] = 1
    start: dt.date
    end: dt.date
    due: dt.date

    _dates = field_validator("start", "end", "due", mode="before")(date_only)

    @model_validator(mode="after")
    def _ordered(self) -> CycleFields:
        if self.end < self.start:
            raise PydanticCustomError("reporting_end_before_start", "must not be before the start")
        if self.due < self.end:
            raise PydanticCustomError("reporting_due_before_end", "must not be before the end")
        return self


class ReportCycle(CycleFields, Document):
    """A cycle fixed in the calendar: stored when its first report opens, so the period a
    report covers no longer moves when experiments are re-dated."""


# --- reports -----------------------------------------------------------------------------------


class Narrative(Model):
    highlights: LongText = ""
    blockers: LongText = ""
    asks: LongText = ""


class RagRating(Model):
    schedule: Rag | None = None
    budget: Rag | None = None
    engagement: Rag | None = None
    risk: Rag | None = None


class ReportUpdate(Model):
    """What the city writes: any subset (`exclude_unset`)."""

    narrative: Narrative | None = None
    rag: RagRating | None = None


class ReviewComment(Model):
    by: Id
    by_name: Line = ""
    at: UTCDateTime
    text: LongText = ""
    decision: Decision = "comment"


class ReviewCreate(Model):
    text: LongText = ""
    decision: Decision = "comment"

    @model_validator(mode="after")
    def _something(self) -> ReviewCreate:
        if self.decision in ("comment", "return") and not self.text:
            raise PydanticCustomError("reporting_comment_empty", "write a comment")
        return self


class Report(Document):
    city_id: Id
    cycle_id: Id
    cycle_key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$")]
    start: dt.date
    end: dt.date
    due: dt.date
    status: ReportStatus = "draft"
    narrative: Narrative = Field(default_factory=Narrative)
    rag: RagRating = Field(default_factory=RagRating)
    # The drafted content as it stood at submission (services/reporting/drafting.py's shape);
    # None while a draft (the page drafts it fresh from the data).
    snapshot: dict[str, Any] | None = None
    submitted_at: UTCDateTime | None = None
    submitted_by: Id | None = None
    submitted_by_name: Line = ""
    decided_at: UTCDateTime | None = None
    decided_by: Id | None = None
    comments: Annotated[list[ReviewComment], Field(max_length=COMMENTS_MAX)] = Field(
        default_factory=list
    )

    _dates = field_validator("start", "end", "due", mode="before")(date_only)
