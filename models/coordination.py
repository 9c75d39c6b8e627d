"""Coordination and learning: the network's quarterly sessions with its funding body, their
follow-ups, the cities' learning backlog (topics, votes) and how useful cities found what
the network offered (ratings).

A session embeds its agenda, notes, decisions and follow-ups (read together, edited by the
network team). A follow-up may concern one city: it then shows on that city's pages until done.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator

from models.base import (
    Document,
    Id,
    Item,
    Key,
    Line,
    LongText,
    Model,
    Name,
    Score,
    ShortText,
    date_only,
)

PARTICIPANTS_MAX = 40
AGENDA_MAX = 40
DECISIONS_MAX = 40
FOLLOWUPS_MAX = 60

FollowUpStatus = Literal["open", "done", "dropped"]
FOLLOWUP_STATUSES: tuple[str, ...] = ("open", "done", "dropped")
TopicStatus = Literal["proposed", "scheduled", "held"]
TOPIC_STATUSES: tuple[str, ...] = ("proposed", "scheduled", "held")
RatingSubject = Literal["session", "topic"]


# --- coordination sessions ---------------------------------------------------------------------


class AgendaItem(Item):
    """One line of the agenda: proposed from the data (`source` says which) or written."""

    source: Literal[
        "attention", "blockers", "help", "experiments", "learning", "workshops", "other"
    ] = "other"
    text: ShortText
    city_id: Id | None = None


class FollowUp(Item):
    text: ShortText = Field(min_length=1)
    owner: Line = Field(min_length=1)
    due: dt.date
    status: FollowUpStatus = "open"
    city_id: Id | None = None

    _due = field_validator("due", mode="before")(date_only)


class FollowUpCreate(Model):
    text: ShortText = Field(min_length=1)
    owner: Line = Field(min_length=1)
    due: dt.date
    city_id: Id | None = None


class SessionCreate(Model):
    """What the network team enters to plan a session."""

    date: dt.date
    title: Name
    participants: Annotated[list[Line], Field(max_length=PARTICIPANTS_MAX)] = Field(
        default_factory=list
    )


class SessionUpdate(Model):
    """Any subset (`exclude_unset`): the record of the session."""

    date: dt.date | None = None
    title: Name | None = None
    participants: Annotated[list[Line], Field(max_length=PARTICIPANTS_MAX)] | None = None
    agenda: Annotated[list[AgendaItem], Field(max_length=AGENDA_MAX)] | None = None
    notes: LongText | None = None
    decisions: Annotated[list[ShortText], Field(max_length=DECISIONS_MAX)] | None = None


class CoordinationSession(Document):
    date: dt.date
    title: Name
    participants: Annotated[list[Line], Field(max_length=PARTICIPANTS_MAX)] = Field(
        default_factory=list
    )
    agenda: Annotated[list[AgendaItem], Field(max_length=AGENDA_MAX)] = Field(default_factory=list)
    notes: LongText = ""
    decisions: Annotated[list[ShortText], Field(max_length=DECISIONS_MAX)] = Field(
        default_factory=list
    )
    followups: Annotated[list[FollowUp], Field(max_length=FOLLOWUPS_MAX)] = Field(
        default_factory=list
    )

    _date = field_validator("date", mode="before")(date_only)


# --- the learning backlog ----------------------------------------------------------------------


class TopicCreate(Model):
    title: Name
    description: ShortText = ""
    stage: Key | None = None  # the method's stage the topic serves (None: any)


class LearningTopic(Document):
    title: Name
    description: ShortText = ""
    stage: Key | None = None
    city_id: Id | None = None  # the city that proposed it (None: the network team)
    status: TopicStatus = "proposed"
    votes: int = Field(default=0, ge=0)  # a count of `learning_votes`, kept by the one writer


class TopicVote(Document):
    """One vote of one user on one topic (unique by topic and user), cast for their city."""

    topic_id: Id
    user_id: Id
    city_id: Id


class RatingCreate(Model):
    subject: RatingSubject
    subject_id: Id
    score: Score
    comment: ShortText = ""


class UsefulnessRating(Document):
    """How useful a city found a session or a learning event (one per city and subject; a new
    rating by the same city replaces its earlier one)."""

    subject: RatingSubject
    subject_id: Id
    city_id: Id
    score: Score
    comment: ShortText = ""
    by_name: Line = ""


# --- e-mail reminders --------------------------------------------------------------------------


class ReminderSent(Document):
    """One per user and day: the day's reminder went out (at most one message a day)."""

    user_id: Id
    day: dt.date
    items: Annotated[list[ShortText], Field(max_length=50)] = Field(default_factory=list)

    _day = field_validator("day", mode="before")(date_only)
