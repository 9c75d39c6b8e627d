"""A city's working plan, made of typed sections, and its frozen versions (V1, V2 ...).

A plan is one document per city. Its `sections` are keyed by section key ("context",
"problem", ..., "custom_1"); each `Section` envelope carries its own `revision`, so saves of
different sections never collide, and its typed `content` (discriminated by `kind`). Items in
lists carry a stable `id`, used for per-item saves and to match items when versions are compared.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from models.base import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    Document,
    Id,
    Item,
    Key,
    Line,
    LongText,
    Model,
    Name,
    ShortText,
    UTCDateTime,
    clean_text,
    end_not_before_start,
    no_operator,
    refuse_duplicates,
)

# Limits, named so that messages and the README can quote them.
ITEMS_MAX = 300  # items in one list of a section (keeps a plan far below BSON's 16 MB)
TREE_DEPTH_MAX = 4  # levels of causes (or effects) below the core problem
TABLE_ROWS_MAX = 200  # rows in a custom table field
TABLE_COLUMNS_MAX = 20

# Known (typed) sections, in their natural order; "custom" sections are added by the city.
KNOWN_SECTIONS: tuple[str, ...] = (
    "context",
    "problem",
    "stakeholders",
    "vision",
    "actions",
    "indicators",
    "risks",
)
Scope = Literal["strategy", "project"]
SCOPES: tuple[str, ...] = ("strategy", "project")
# The preset a plan starts from (a network may narrow "strategy" with its plan_template).
PRESETS: dict[str, tuple[str, ...]] = {
    "strategy": KNOWN_SECTIONS,
    # A focused project needs no long-term vision section: its objective sits in its actions.
    "project": ("context", "problem", "stakeholders", "actions", "indicators", "risks"),
}

Sector = Literal["public", "private", "civic", "knowledge"]
SECTORS: tuple[str, ...] = ("public", "private", "civic", "knowledge")
LagGroup = Literal["insider", "outsider", "beneficiary"]
LAG_GROUPS: tuple[str, ...] = ("insider", "outsider", "beneficiary")
FundingStatus = Literal["identified", "applied", "secured", "gap"]
FUNDING_STATUSES: tuple[str, ...] = ("identified", "applied", "secured", "gap")
ActionStatus = Literal["planned", "in_progress", "on_hold", "done", "dropped"]
ACTION_STATUSES: tuple[str, ...] = ("planned", "in_progress", "on_hold", "done", "dropped")
RiskStatus = Literal["open", "mitigated", "closed"]
RISK_STATUSES: tuple[str, ...] = ("open", "mitigated", "closed")
FieldType = Literal["text", "number", "date", "list", "table"]
FIELD_TYPES: tuple[str, ...] = ("text", "number", "date", "list", "table")
ChangeKind = Literal["add", "edit", "drop"]
IPESTLE: tuple[str, ...] = (
    "political",
    "economic",
    "social",
    "technological",
    "legal",
    "environmental",
)

Percent = Annotated[int, Field(ge=0, le=100)]
Power = Annotated[int, Field(ge=1, le=5)]
Cost = Annotated[float, Field(ge=0, le=1e12)]


def _unique_ids(items: list[Item]) -> list[Item]:
    refuse_duplicates([item.id for item in items], "plan_duplicate_id")
    return items


# --- context -----------------------------------------------------------------------------------


class Ipestle(Model):
    political: LongText = ""
    economic: LongText = ""
    social: LongText = ""
    technological: LongText = ""
    legal: LongText = ""
    environmental: LongText = ""


class Partner(Item):
    name: Name
    role: Line = ""
    mandate: ShortText = ""


class PreviousAttempt(Item):
    what: Name
    when: ShortText = ""
    who: ShortText = ""
    outcome: ShortText = ""
    lessons: ShortText = ""


class Source(Item):
    title: Name
    url: ShortText = ""
    note: ShortText = ""


class ContextSection(Model):
    kind: Literal["context"] = "context"
    narrative: LongText = ""
    ipestle: Ipestle = Field(default_factory=Ipestle)
    partners: Annotated[list[Partner], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)
    previous_attempts: Annotated[list[PreviousAttempt], Field(max_length=ITEMS_MAX)] = Field(
        default_factory=list
    )
    sources: Annotated[list[Source], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)

    _ids = field_validator("partners", "previous_attempts", "sources")(_unique_ids)


# --- problem -----------------------------------------------------------------------------------


class TreeNode(Item):
    """A cause or an effect; its children are the deeper causes (or further effects)."""

    label: Name
    children: Annotated[list[TreeNode], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)


def tree_depth(nodes: list[TreeNode]) -> int:
    """Levels of a forest of nodes (0 when empty)."""
    return max((1 + tree_depth(n.children) for n in nodes), default=0)


def walk_tree(nodes: list[TreeNode], depth: int = 1):
    """Every node of a forest with its depth (1 for the top level), depth first."""
    for node in nodes:
        yield node, depth
        yield from walk_tree(node.children, depth + 1)


class ProblemTree(Model):
    core: ShortText = ""
    causes: Annotated[list[TreeNode], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)
    effects: Annotated[list[TreeNode], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)

    @field_validator("causes", "effects")
    @classmethod
    def _shallow_enough(cls, nodes: list[TreeNode]) -> list[TreeNode]:
        if tree_depth(nodes) > TREE_DEPTH_MAX:
            raise PydanticCustomError(
                "plan_tree_too_deep", "at most {max} levels", {"max": TREE_DEPTH_MAX}
            )
        ids = [node.id for node, _ in walk_tree(nodes)]
        if len(ids) != len(set(ids)):
            raise PydanticCustomError("plan_duplicate_id", "two items share the same id")
        return nodes


class ProblemSection(Model):
    kind: Literal["problem"] = "problem"
    statement: LongText = ""
    tree: ProblemTree = Field(default_factory=ProblemTree)


# --- stakeholders and the local action group ----------------------------------------------------


class Stakeholder(Item):
    organisation: Name
    sector: Sector
    power: Power = 3
    interest: Power = 3
    involvement: ShortText = ""


class LagMember(Item):
    name: Name
    organisation: Line = ""
    group: LagGroup = "insider"


class Meeting(Item):
    date: dt.date
    attendees: Annotated[list[Name], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)
    decisions: LongText = ""


class StakeholdersSection(Model):
    kind: Literal["stakeholders"] = "stakeholders"
    stakeholders: Annotated[list[Stakeholder], Field(max_length=ITEMS_MAX)] = Field(
        default_factory=list
    )
    lag_members: Annotated[list[LagMember], Field(max_length=ITEMS_MAX)] = Field(
        default_factory=list
    )
    meetings: Annotated[list[Meeting], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)

    _ids = field_validator("stakeholders", "lag_members", "meetings")(_unique_ids)


# --- vision and objectives ---------------------------------------------------------------------


class Objective(Item):
    key: Key
    title: Name


class VisionSection(Model):
    kind: Literal["vision"] = "vision"
    statement: LongText = ""
    headline: ShortText = ""
    objectives: Annotated[list[Objective], Field(max_length=ITEMS_MAX)] = Field(
        default_factory=list
    )

    @field_validator("objectives")
    @classmethod
    def _unique_keys(cls, objectives: list[Objective]) -> list[Objective]:
        _unique_ids(objectives)
        refuse_duplicates([o.key for o in objectives], "plan_duplicate_key")
        return objectives


# --- actions -----------------------------------------------------------------------------------


class Action(Item):
    objective: Key | None = None
    title: Name
    owner: Line = ""
    start: dt.date | None = None
    end: dt.date | None = None
    cost: Cost | None = None  # empty means not known yet, never a cost of zero
    funding_source: ShortText = ""
    funding_status: FundingStatus = "identified"
    indicators: ShortText = ""
    risks: ShortText = ""
    status: ActionStatus = "planned"
    progress: Percent = 0

    _after_start = end_not_before_start("plan_end_before_start")


class ActionsSection(Model):
    kind: Literal["actions"] = "actions"
    actions: Annotated[list[Action], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)

    _ids = field_validator("actions")(_unique_ids)


# --- indicators --------------------------------------------------------------------------------


class Measurement(Model):
    date: dt.date
    value: float


class Indicator(Item):
    name: Name
    unit: Line = ""
    baseline: float | None = None
    target: float | None = None
    measurements: Annotated[list[Measurement], Field(max_length=ITEMS_MAX)] = Field(
        default_factory=list
    )


class IndicatorsSection(Model):
    kind: Literal["indicators"] = "indicators"
    indicators: Annotated[list[Indicator], Field(max_length=ITEMS_MAX)] = Field(
        default_factory=list
    )

    _ids = field_validator("indicators")(_unique_ids)


# --- risks -------------------------------------------------------------------------------------


class Risk(Item):
    title: Name
    likelihood: Power = 3
    impact: Power = 3
    mitigation: ShortText = ""
    owner: Line = ""
    status: RiskStatus = "open"


class RisksSection(Model):
    kind: Literal["risks"] = "risks"
    risks: Annotated[list[Risk], Field(max_length=ITEMS_MAX)] = Field(default_factory=list)

    _ids = field_validator("risks")(_unique_ids)


# --- custom sections ---------------------------------------------------------------------------

_NUMBER = TypeAdapter(float)
_DATE = TypeAdapter(dt.date)
_CELL = TypeAdapter(str | float | int | bool | None)


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("plan_value_type", "must be {type}", {"type": "text"})
    value = clean_text(value).strip()
    if len(value) > limit:
        raise PydanticCustomError(
            "string_too_long", "at most {max_length} characters", {"max_length": limit}
        )
    return no_operator(value)


def _cell(value: Any) -> Any:
    return _text(value, SHORT_TEXT_MAX) if isinstance(value, str) else _CELL.validate_python(value)


def field_value(kind: str, value: Any) -> Any:
    """`value` checked and normalised for a custom field of type `kind` (None means empty)."""
    if value is None:
        return None
    try:
        if kind == "text":
            return _text(value, LONG_TEXT_MAX)
        if kind == "number":
            if isinstance(value, bool):
                raise ValueError("a yes/no is not a number")
            return _NUMBER.validate_python(value)
        if kind == "date":
            return _DATE.validate_python(value)
        if kind == "list":
            if not isinstance(value, list) or len(value) > ITEMS_MAX:
                raise ValueError("not a list")
            return [_text(v, SHORT_TEXT_MAX) for v in value]
        if kind == "table":
            if not isinstance(value, list) or len(value) > TABLE_ROWS_MAX:
                raise ValueError("not a table")
            rows = []
            for row in value:
                if not isinstance(row, dict) or len(row) > TABLE_COLUMNS_MAX:
                    raise ValueError("not a row")
                rows.append({_text(str(k), 60): _cell(v) for k, v in row.items()})
            return rows
    except PydanticCustomError:
        raise
    except ValueError:  # pydantic's ValidationError is a ValueError too
        pass
    raise PydanticCustomError("plan_value_type", "must be {type}", {"type": kind})


class CustomField(Item):
    """A typed field of a custom section: text, number, date, list (of texts) or table (rows)."""

    label: Name
    type: FieldType = "text"
    value: Any = None

    @field_validator("value")
    @classmethod
    def _matches_type(cls, value: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("type")
        if kind is None:  # the type itself was invalid: that error is reported
            return None
        return field_value(kind, value)


class CustomSection(Model):
    kind: Literal["custom"] = "custom"
    title: Name
    fields: Annotated[list[CustomField], Field(max_length=50)] = Field(default_factory=list)

    _ids = field_validator("fields")(_unique_ids)


# --- the plan ----------------------------------------------------------------------------------

SectionContent = Annotated[
    ContextSection
    | ProblemSection
    | StakeholdersSection
    | VisionSection
    | ActionsSection
    | IndicatorsSection
    | RisksSection
    | CustomSection,
    Field(discriminator="kind"),
]
CONTENT_MODELS: dict[str, type[Model]] = {
    "context": ContextSection,
    "problem": ProblemSection,
    "stakeholders": StakeholdersSection,
    "vision": VisionSection,
    "actions": ActionsSection,
    "indicators": IndicatorsSection,
    "risks": RisksSection,
    "custom": CustomSection,
}
# The list fields of each kind whose items have ids (what per-item saves and diffs work on).
ITEM_LISTS: dict[str, tuple[str, ...]] = {
    "context": ("partners", "previous_attempts", "sources"),
    "problem": (),
    "stakeholders": ("stakeholders", "lag_members", "meetings"),
    "vision": ("objectives",),
    "actions": ("actions",),
    "indicators": ("indicators",),
    "risks": ("risks",),
    "custom": ("fields",),
}
# Which model the items of each list are (for per-item input).
ITEM_MODELS: dict[tuple[str, str], type[Item]] = {
    ("context", "partners"): Partner,
    ("context", "previous_attempts"): PreviousAttempt,
    ("context", "sources"): Source,
    ("stakeholders", "stakeholders"): Stakeholder,
    ("stakeholders", "lag_members"): LagMember,
    ("stakeholders", "meetings"): Meeting,
    ("vision", "objectives"): Objective,
    ("actions", "actions"): Action,
    ("indicators", "indicators"): Indicator,
    ("risks", "risks"): Risk,
    ("custom", "fields"): CustomField,
}


def empty_content(kind: str) -> Model:
    """A blank section of a known kind."""
    return CONTENT_MODELS[kind]()


class Section(Model):
    """One section of the plan: its content and its own revision (saves are per section)."""

    content: SectionContent
    enabled: bool = True
    revision: int = Field(default=0, ge=0)
    updated_at: UTCDateTime | None = None
    updated_by: Id | None = None
    updated_by_name: Line = ""

    @property
    def kind(self) -> str:
        return self.content.kind


class PendingChange(Item):
    """A change made since the last freeze that cites its reason (e.g. a learning)."""

    section: Key
    item_id: Id | None = None
    kind: ChangeKind
    summary: ShortText = ""
    reason: ShortText = ""
    learning_id: Id | None = None
    at: UTCDateTime
    by: Id


class Plan(Document):
    city_id: Id
    scope: Scope = "strategy"
    sections: dict[Key, Section] = Field(default_factory=dict)
    order: list[Key] = Field(default_factory=list)
    # Layout (order, enabled, scope) has its own revision: a section save never blocks it.
    layout_revision: int = Field(default=0, ge=0)
    version: int = Field(default=0, ge=0)  # number of the latest frozen version (0: none)
    pending_changes: Annotated[list[PendingChange], Field(max_length=1000)] = Field(
        default_factory=list
    )

    @model_validator(mode="after")
    def _order_matches_sections(self) -> Plan:
        if sorted(self.order) != sorted(self.sections) or len(set(self.order)) != len(self.order):
            raise PydanticCustomError(
                "plan_order_mismatch", "the order must list every section once"
            )
        return self

    def visible(self) -> list[tuple[str, Section]]:
        """Enabled sections in display order."""
        return [(k, self.sections[k]) for k in self.order if self.sections[k].enabled]


class VersionChange(Model):
    """One change recorded in a frozen version, with its reason and the learning behind it."""

    section: Key
    item_id: Id | None = None
    kind: ChangeKind
    summary: ShortText = ""
    # The fields of the section an edit changed (no item of it): named by their labels when
    # shown (services/plans/labels.py `change_summary`).
    fields: Annotated[list[Key], Field(max_length=100)] = Field(default_factory=list)
    reason: ShortText = ""
    learning_id: Id | None = None


class PlanVersion(Document):
    """A frozen snapshot of a plan (V1, V2 ...); never edited after it is stored."""

    plan_id: Id
    city_id: Id
    number: int = Field(ge=1)
    note: LongText = ""
    scope: Scope = "strategy"
    sections: dict[Key, Section] = Field(default_factory=dict)
    order: list[Key] = Field(default_factory=list)
    changes: list[VersionChange] = Field(default_factory=list)

    @property
    def label(self) -> str:
        return f"V{self.number}"


# --- input shapes ------------------------------------------------------------------------------


class SectionUpdate(Model):
    """What an editor sends to save one section: its whole content (kind included)."""

    content: SectionContent


class LayoutUpdate(Model):
    """Section order, which sections are shown, the scope: only the fields given are changed
    (applied with `model_dump(exclude_unset=True)`)."""

    order: list[Key] | None = None
    enabled: dict[Key, bool] = Field(default_factory=dict)
    scope: Scope | None = None


class CustomSectionCreate(Model):
    title: Name
    fields: Annotated[list[CustomField], Field(max_length=50)] = Field(default_factory=list)


class VersionCreate(Model):
    note: LongText = ""
