"""A city of the network, its team and where it stands in the method."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from models.base import (
    Document,
    Id,
    Key,
    Lang,
    Line,
    Model,
    Name,
    ShortText,
    UTCDateTime,
    date_only,
)


class Team(Model):
    project_leader: Line = ""
    lag_coordinator: Line = ""
    coach: Line = ""


# How an entry of the stage history came about: a gate approved (the next stage entered),
# a return to an earlier stage, or the last stage marked completed.
StageMove = Literal["approved", "returned", "completed"]
STAGE_MOVES: tuple[str, ...] = ("approved", "returned", "completed")


class StageEntry(Model):
    stage: Key
    entered_at: UTCDateTime  # when the move happened
    approved_by: Id | None = None  # who made it
    approved_by_name: Line = ""
    note: ShortText = ""
    # Approved although some gate items were not met (the note says why).
    forced: bool = False
    kind: StageMove = "approved"


class GateTick(Model):
    """A gate item ticked (or unticked) by hand, with the note that justifies it."""

    stage: Key
    item: Key
    met: bool
    note: ShortText = ""
    by: Id
    by_name: Line = ""
    at: UTCDateTime


# A calendar month, "2026-07".
MonthKey = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class MonthPulse(Model):
    """A city's check-ins of one month, summed: what the dashboard's listening panels draw."""

    checkins: int = Field(default=0, ge=0)
    mood_sum: int = Field(default=0, ge=0)  # of the moods (1-5): the mean is mood_sum / checkins
    help: int = Field(default=0, ge=0)  # check-ins that asked for help
    blockers: dict[Key, int] = Field(default_factory=dict)  # times each blocker was named


class PeriodMood(Model):
    """A city's check-ins over one of the dashboard's periods: their mean mood (2 decimals),
    how many, and the band of that mean (tenths: 23 for 2.30 to 2.39), by which the dashboard
    reads the cities of the lowest bands alone (an index on it)."""

    mood: float = Field(ge=1, le=5)
    checkins: int = Field(ge=1)
    band: int = Field(ge=10, le=50)


class CycleState(Model):
    """One reporting cycle of a city as compliance sees it on the summary's day: its period,
    due date and the state of its report (services/reporting/compliance.py)."""

    cycle: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,40}$")]
    start: dt.date
    end: dt.date
    due: dt.date
    state: Literal["accepted", "submitted", "late", "returned", "missing", "open"]
    submitted_at: UTCDateTime | None = None
    report_id: str | None = None

    _dates = field_validator("start", "end", "due", mode="before")(date_only)


class AttentionFlag(Model):
    """A reason the city needs attention, as its summary's writer found it
    (services/dashboard/attention_facts.py): the reason, a wording of it ("never": nothing
    recorded since joining) and the values that do not move with the day (a stage's key, a
    count, moods, a cycle's key); days are counted when read, from the stored dates."""

    reason: Key
    variant: Literal["", "never"] = ""
    values: dict[Key, str | int | float] = Field(default_factory=dict)


class UnintendedEffect(Model):
    """An unintended effect a learning card names, as the dashboard lists it: the card's id,
    title, level, day and the effect's text (its first UNINTENDED_CHARS characters)."""

    learning_id: Id
    title: ShortText = ""
    text: ShortText = ""
    evidence_level: int | None = Field(default=None, ge=1, le=5)
    at: UTCDateTime | None = None


class IndicatorState(Model):
    """A city's values of one shared indicator: baseline, target, and the latest measurement of
    each month ("2026-07": 42.0)."""

    baseline: float | None = None
    target: float | None = None
    by_month: dict[MonthKey, float] = Field(default_factory=dict)


# The newest unintended effects a city's summary keeps, each cut to UNINTENDED_CHARS: the
# dashboard reads every city's list (1,000 cities: at most about 1.5 MB).
UNINTENDED_KEPT = 5
UNINTENDED_CHARS = 300


class DirectoryEntry(Model):
    """The city as its network's directory lists it (services/network/directory.py): its name,
    how many experiments it has, and its test cards as (id, title, method key, status)."""

    city_id: str = ""
    name: str = ""
    experiments: int = 0
    cards: list[tuple[str, str, str | None, str]] = Field(default_factory=list)


class CitySummary(Model):
    """The computed pattern: what the cross-city dashboard needs, kept small and current.

    Written only by services/dashboard/summary.py, which recomputes it from the documents.
    """

    stage_progress: float = Field(default=0.0, ge=0, le=1)
    experiments_total: int = 0
    experiments_by_outcome: dict[Key, int] = Field(default_factory=dict)
    last_activity_at: UTCDateTime | None = None
    plan_version: int = 0
    # Experiments by assumption category (or "none") and by network method, then by outcome
    # (only counts above zero); those past their end date still in design or running.
    experiments_by_category: dict[Key, dict[Key, int]] = Field(default_factory=dict)
    experiments_by_method: dict[Key, dict[Key, int]] = Field(default_factory=dict)
    experiments_awaiting_close: int = 0
    # Learning cards by decision (persevere, pivot, retire, keep_testing; zeros included).
    decisions: dict[Key, int] = Field(default_factory=dict)
    riskiest_total: int = 0
    riskiest_tested: int = 0
    # Engagement: local action group size, stakeholders by sector, meetings held by quarter
    # ("2026-Q1": 2).
    lag_size: int = 0
    stakeholders_by_sector: dict[Key, int] = Field(default_factory=dict)
    meetings_by_quarter: dict[str, int] = Field(default_factory=dict)
    # The attendees of those meetings, summed (attendance, not the LAG's members).
    meeting_attendees: int = Field(default=0, ge=0)
    # Plan completeness: actions, and how many have an owner, dates, a cost, funding, an
    # indicator, a risk.
    actions_total: int = 0
    actions_with: dict[Key, int] = Field(default_factory=dict)
    # The last day these facts hold with no write (an experiment's end date, a meeting's
    # date can change them); None: until a document changes.
    valid_until: dt.date | None = None
    # Where the city ranks by stage and gate met (services/network/rollup.py: `rank`), and its
    # share of the network's rollup as last added to it: (path, count) pairs.
    rank: int = 0
    rollup: list[tuple[str, int]] = Field(default_factory=list)
    # Orders cities by how many experiments they have, ties in a fixed order of their own
    # (services/network/tallies.py: `most`): the dashboard reads the first few alone, by index.
    most: int = 0
    # Check-ins dated up to the day it was computed, summed by month ("2026-07"): every month of
    # the programme (services/dashboard/summary.py), so "Whole programme" covers it all.
    checkins_by_month: dict[MonthKey, MonthPulse] = Field(default_factory=dict)
    # Its check-ins over each of the dashboard's periods ("all", "3m", "6m", "12m": the last 3,
    # 6, 12 months, this one included) that has some (services/dashboard/city_facts.py).
    mood_by_period: dict[str, PeriodMood] = Field(default_factory=dict)
    # Its reporting cycles so far, oldest first, each with its report's state (compliance).
    cycles: list[CycleState] = Field(default_factory=list)
    # Why it needs attention today (empty: it does not), and where that ranks it: "r<reasons>_<day
    # of its last activity, or none>" ("" without a reason), read by index for the first few.
    attention: list[AttentionFlag] = Field(default_factory=list)
    attention_key: str = ""
    # Evidence (services/experiments/evidence.py): learning cards by confirmed level ("1".."5",
    # "none": not graded; zeros included); the highest confirmed level of the cards fed by the
    # city's experiments of each network method and of each assumption category (only methods
    # and categories with a graded card); the newest unintended effects named by its cards.
    learnings_by_evidence: dict[str, int] = Field(default_factory=dict)
    evidence_by_method: dict[Key, int] = Field(default_factory=dict)
    evidence_by_category: dict[Key, int] = Field(default_factory=dict)
    unintended_effects: list[UnintendedEffect] = Field(default_factory=list)
    # Its entry in the network's directory, as last set there (services/network/directory.py).
    directory: DirectoryEntry = Field(default_factory=DirectoryEntry)
    # The network's shared indicators as the city measures them, by indicator key.
    indicators: dict[Key, IndicatorState] = Field(default_factory=dict)
    # Where the city comes in the dashboard's glance of each method, category and indicator it
    # is in, and the day of its newest unintended effect (services/network/tally_methods.py):
    # tags, indexed, so that a glance reads its first few cities alone.
    glance: list[str] = Field(default_factory=list)

    _date_only = field_validator("valid_until", mode="before")(date_only)


class City(Document):
    name: Name
    country: Name
    cluster: Line = ""
    challenge: ShortText = ""
    team: Team = Field(default_factory=Team)
    # The language the city's team writes in (its assumptions, plan, check-ins): statements are
    # framed in it, so that "We believe that …" never wraps French text. None: not known (a
    # city stored before this field), and the reader's language frames them.
    language: Lang | None = None
    stage: Key
    stage_history: list[StageEntry] = Field(default_factory=list)
    gate_ticks: list[GateTick] = Field(default_factory=list)
    summary: CitySummary = Field(default_factory=CitySummary)

    # Written only by services/dashboard/summary.py, recomputed from the documents.
    DERIVED_FIELDS = frozenset({"summary"})

    @property
    def completed(self) -> StageEntry | None:
        """The entry that marked the last stage completed, while the city is still there
        (None once it was returned to an earlier stage, or never completed)."""
        last = self.stage_history[-1] if self.stage_history else None
        return last if last is not None and last.kind == "completed" else None


class CityFields(Model):
    """What a person fills in to create or edit a city."""

    name: Name
    country: Name
    cluster: Line = ""
    challenge: ShortText = ""
    team: Team = Field(default_factory=Team)
    language: Lang | None = None  # None on creation: the creator's language
