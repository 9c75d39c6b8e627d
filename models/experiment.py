"""Assumptions, experiments (test cards) with their result entries, and learning cards.

An `Experiment` document embeds its result entries: they are read together (chart, outcome)
and a city runs a handful of experiments with tens of entries each. Results are appended with
`$push` (never a lost update) and each entry carries its own `revision`, so a correction never
collides with another entry or with an edit of the test card (which has `card_revision`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

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
    Statement,
    UTCDateTime,
    date_only,
    no_operator,
)

# Limits, named so that messages and the README can quote them.
RESULTS_MAX = 2_000  # entries on one test card (far below BSON's 16 MB)
LINKS_MAX = 50  # assumption / action / experiment ids in one list
BUDGET_MAX = 1e12
# The riskiest quadrant of the assumption map: important, little evidence.
RISKY_IMPORTANCE = 4  # importance at least this
RISKY_EVIDENCE = 2  # evidence at most this
# An assumption is tested once an experiment linked to it has run to its end: in analysis or
# done. Design and running have not tested it yet; stopped never did.
TESTED_STATUSES: tuple[str, ...] = ("analysing", "done")

Comparison = Literal[">=", "<=", ">", "<", "=="]
COMPARISONS: tuple[str, ...] = (">=", "<=", ">", "<", "==")
# "stopped": never run, or stopped before it could say anything (its outcome is "not run").
Status = Literal["design", "running", "analysing", "done", "stopped"]
STATUSES: tuple[str, ...] = ("design", "running", "analysing", "done", "stopped")
Decision = Literal["persevere", "pivot", "retire", "keep_testing"]
DECISIONS: tuple[str, ...] = ("persevere", "pivot", "retire", "keep_testing")
Confidence = Literal["low", "medium", "high"]
CONFIDENCES: tuple[str, ...] = ("low", "medium", "high")
Verdict = Literal["validated", "invalidated", "inconclusive"]
VERDICTS: tuple[str, ...] = ("validated", "invalidated", "inconclusive")
# How strong a learning's evidence is, after Nesta's standards of evidence (1 to 5): the
# meaning of each level is shown in the app ("learning.evidence.<n>"), the rule that suggests
# one is services/experiments/evidence.py. A level is stored only once a person confirms it.
EVIDENCE_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
EvidenceLevel = Annotated[int, Field(ge=1, le=5)]

Links = Annotated[list[Id], Field(max_length=LINKS_MAX)]


def is_riskiest(importance: int, evidence: int) -> bool:
    """In the riskiest quadrant of the assumption map: important, little evidence."""
    return importance >= RISKY_IMPORTANCE and evidence <= RISKY_EVIDENCE


def tested_assumption_ids(experiments) -> set[str]:
    """Ids of the assumptions linked to an experiment that has finished (TESTED_STATUSES).
    Takes Experiment models or their stored dicts."""
    tested: set[str] = set()
    for e in experiments:
        status = e.get("status") if isinstance(e, dict) else e.status
        if status in TESTED_STATUSES:
            links = e.get("assumption_ids") if isinstance(e, dict) else e.assumption_ids
            tested.update(links or ())
    return tested


def _once_each(ids: list[str]) -> list[str]:
    # Keep the first occurrence: a link listed twice is one link.
    return list(dict.fromkeys(ids))


def _unique_or_none(ids: list[str] | None) -> list[str] | None:
    return None if ids is None else _once_each(ids)


# Units whose values are a share of a whole: 0 to 100 (a typing slip gives 130 %).
SHARE_UNITS = frozenset({"%", "percent", "per cent", "pourcent", "pour cent", "pourcentage"})


def unit_range(unit: str | None) -> tuple[float, float] | None:
    """The values a unit can take (a share: 0 to 100), or None when any number will do."""
    if (unit or "").strip().casefold() in SHARE_UNITS:
        return (0.0, 100.0)
    return None


def _clean_unit_value(unit: str | None) -> str | None:
    if unit is None:
        return None
    return no_operator(unit.strip())


# --- assumptions -------------------------------------------------------------------------------


class AssumptionFields(Model):
    """What a person writes: "We believe that <belief> because <reason>" (shared by the input
    and the stored assumption)."""

    belief: Statement
    reason: ShortText = ""
    category: Key
    importance: Score = 3
    evidence: Score = 3
    action_ids: Links = Field(default_factory=list)

    _unique_links = field_validator("action_ids")(_once_each)


class AssumptionCreate(AssumptionFields):
    """A new assumption."""


class AssumptionUpdate(Model):
    """An edit of an assumption: only the fields set are changed (`exclude_unset`)."""

    belief: Statement | None = None
    reason: ShortText | None = None
    category: Key | None = None
    importance: Score | None = None
    evidence: Score | None = None
    action_ids: Links | None = None

    _unique_links = field_validator("action_ids")(_unique_or_none)


class Assumption(AssumptionFields, Document):
    city_id: Id

    @property
    def riskiness(self) -> int:
        """1 (safe) .. 25 (riskiest): high importance and low evidence both raise it."""
        return self.importance * (6 - self.evidence)

    @property
    def riskiest(self) -> bool:
        """In the riskiest quadrant of the assumption map."""
        return is_riskiest(self.importance, self.evidence)


# --- experiments -------------------------------------------------------------------------------


class Criterion(Model):
    """Success: `comparison` against a numeric `target` (in the experiment's unit), or a text."""

    kind: Literal["numeric", "qualitative"] = "numeric"
    comparison: Comparison | None = None
    target: float | None = None
    text: ShortText = ""

    @model_validator(mode="after")
    def _complete(self) -> Criterion:
        if self.kind == "numeric" and (self.comparison is None or self.target is None):
            raise PydanticCustomError(
                "experiment_criterion_numeric", "a comparison and a target are required"
            )
        if self.kind == "qualitative" and not self.text:
            raise PydanticCustomError(
                "experiment_criterion_text", "describe what success looks like"
            )
        return self

    @property
    def direction(self) -> Literal["higher", "lower"] | None:
        """Which way is better, as the comparison says (None for `==` and qualitative)."""
        if self.kind != "numeric":
            return None
        if self.comparison in (">=", ">"):
            return "higher"
        if self.comparison in ("<=", "<"):
            return "lower"
        return None


class ExperimentFields(Model):
    """The test card, as a person fills it in."""

    title: Name
    assumption_ids: Links = Field(default_factory=list)
    hypothesis: LongText = ""
    method: LongText = ""
    # One of the network's methods (services check it against the list); None: not chosen.
    method_key: Key | None = None
    metric: Line = ""
    unit: Annotated[str, Field(max_length=40)] = ""
    criterion: Criterion
    audience: Line = ""
    start: dt.date
    end: dt.date
    cycle: Annotated[int, Field(ge=1, le=99)] = 1
    budget: Annotated[float, Field(ge=0, le=BUDGET_MAX)] = 0.0
    status: Status = "design"
    owner: Line = ""
    # An explicit verdict, for qualitative criteria (a numeric one is computed from results).
    verdict: Verdict | None = None
    # Who the results are compared with (a ward without the service, last year's figures);
    # empty: no comparison group. It lets a learning suggest evidence level 3.
    comparison_group: ShortText = ""
    # The id of another city's experiment (same network) this one replicates; checked by the
    # service (services/experiments/replication.py).
    replicates: Id | None = None

    _unique_links = field_validator("assumption_ids")(_once_each)
    _clean_unit = field_validator("unit")(_clean_unit_value)

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise PydanticCustomError(
                "experiment_end_before_start", "the end must not be before the start"
            )
        return self


class ExperimentCreate(ExperimentFields):
    """A new test card."""


class ExperimentUpdate(Model):
    """An edit of a test card: only the fields set are changed (`exclude_unset`); the whole
    card is validated again once merged (the end not before the start, say)."""

    title: Name | None = None
    assumption_ids: Links | None = None
    hypothesis: LongText | None = None
    method: LongText | None = None
    method_key: Key | None = None
    metric: Line | None = None
    unit: Annotated[str, Field(max_length=40)] | None = None
    criterion: Criterion | None = None
    audience: Line | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    cycle: Annotated[int, Field(ge=1, le=99)] | None = None
    budget: Annotated[float, Field(ge=0, le=BUDGET_MAX)] | None = None
    status: Status | None = None
    owner: Line | None = None
    verdict: Verdict | None = None  # set to None explicitly to clear it
    comparison_group: ShortText | None = None
    replicates: Id | None = None  # set to None explicitly to clear it

    _unique_links = field_validator("assumption_ids")(_unique_or_none)
    _clean_unit = field_validator("unit")(_clean_unit_value)


class Reading(Model):
    """What a result says: a measurement (`value`) or an observation, on a date."""

    date: dt.date
    value: float | None = None
    observation: ShortText = ""
    note: ShortText = ""
    unit: Line = ""

    _date_only = field_validator("date", mode="before")(date_only)


class ResultRevision(Reading):
    """What an entry said before a correction, and who corrected it when."""

    changed_by: Id
    changed_by_name: Line = ""
    changed_at: UTCDateTime


class ResultFields(Model):
    """One measurement (`value`) or observation, on a date, with an optional note."""

    date: dt.date
    value: float | None = None
    observation: ShortText = ""
    note: ShortText = ""
    unit: Line | None = None  # None: the experiment's unit

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and (value != value or value in (float("inf"), float("-inf"))):
            raise PydanticCustomError("experiment_value_finite", "must be a finite number")
        return value

    @model_validator(mode="after")
    def _something(self) -> ResultFields:
        if self.value is None and not self.observation:
            raise PydanticCustomError("experiment_result_empty", "enter a value or an observation")
        return self


class ResultEntry(Item, Reading):
    recorded_by: Id
    recorded_by_name: Line = ""
    recorded_at: UTCDateTime
    revision: int = Field(default=0, ge=0)
    history: list[ResultRevision] = Field(default_factory=list)


class Experiment(ExperimentFields, Document):
    city_id: Id
    results: Annotated[list[ResultEntry], Field(max_length=RESULTS_MAX)] = Field(
        default_factory=list
    )
    # The test card's own revision: edits of the card check it, result entries never touch it.
    card_revision: int = Field(default=0, ge=0)

    _date_only = field_validator("start", "end", mode="before")(date_only)

    def entry(self, entry_id: str) -> tuple[int, ResultEntry] | None:
        """The entry with this id and its index (indexes are stable: entries are never removed)."""
        return next(((i, e) for i, e in enumerate(self.results) if e.id == entry_id), None)


# --- learnings ---------------------------------------------------------------------------------


class LearningFields(Model):
    """A learning card's fields (shared by the input and the stored card)."""

    title: Name
    experiment_ids: Links = Field(default_factory=list)
    observation: LongText = ""
    insights: LongText = ""
    decision: Decision = "keep_testing"
    confidence: Confidence = "medium"
    # Confirmed by a person (the suggestion is never stored by itself); None: not graded.
    evidence_level: EvidenceLevel | None = None
    # What happened that nobody planned, good or bad (UNDP Accelerator Labs' sensemaking).
    unintended_effects: LongText = ""

    _unique_links = field_validator("experiment_ids")(_once_each)


class LearningCreate(LearningFields):
    """A new learning card."""


class LearningUpdate(Model):
    """An edit of a learning card: only the fields set are changed (`exclude_unset`)."""

    title: Name | None = None
    experiment_ids: Links | None = None
    observation: LongText | None = None
    insights: LongText | None = None
    decision: Decision | None = None
    confidence: Confidence | None = None
    evidence_level: EvidenceLevel | None = None  # set to None explicitly to clear it
    unintended_effects: LongText | None = None

    _unique_links = field_validator("experiment_ids")(_unique_or_none)


class Learning(LearningFields, Document):
    city_id: Id


# --- plan changes proposed from a learning -----------------------------------------------------

ChangeKind = Literal["add", "edit", "drop"]
CHANGE_KINDS: tuple[str, ...] = ("edit", "add", "drop")


class PlanChangeProposal(Model):
    """A change of one item of a plan section, proposed from a learning: add an item (with
    `text` as its title), retitle one (`item_id`, `text`), or drop one (`item_id`)."""

    section: Key
    list_name: Key
    kind: ChangeKind
    item_id: Id | None = Field(default=None, validate_default=True)
    text: ShortText = ""
    reason: ShortText = ""

    @field_validator("item_id")
    @classmethod
    def _item_for_edit_and_drop(cls, item_id: str | None, info: ValidationInfo) -> str | None:
        if item_id is None and info.data.get("kind") in ("edit", "drop"):
            raise PydanticCustomError("missing", "Field required")
        return item_id
