"""A network of cities: its method (stages and gates), themes, and reporting rhythm."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import babel.numbers
from pydantic import AfterValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from models import workshops as wm
from models.base import (
    Bilingual,
    Document,
    Key,
    Line,
    Model,
    Name,
    ShortText,
    end_not_before_start,
    refuse_duplicates,
)


class GateItem(Model):
    """One item of a stage's gate checklist: evaluated from data (`rule`) or ticked by hand."""

    key: Key
    label: Bilingual
    rule: Key | None = None


class Stage(Model):
    key: Key
    label: Bilingual
    gate: list[GateItem] = Field(default_factory=list)

    @field_validator("gate")
    @classmethod
    def _unique_items(cls, gate: list[GateItem]) -> list[GateItem]:
        refuse_duplicates([item.key for item in gate], "network_duplicate_key")
        return gate


class AssumptionCategory(Model):
    key: Key
    label: Bilingual


class Method(Model):
    """An experiment method of the network's list ("what works where" groups by it)."""

    key: Key
    label: Bilingual


class SharedIndicator(Model):
    """An indicator every city of the network measures in the same unit, so that cities can be
    compared (each city sets its own baseline and target: models/indicator.py)."""

    key: Key
    label: Bilingual
    unit: ShortText = ""


def default_methods() -> list[Method]:
    """The methods a new network starts with; a coordinator edits the list later."""
    names = [
        ("sms_reminders", "SMS reminders", "Rappels par SMS"),
        ("paper_prototype", "Paper prototype", "Prototype papier"),
        ("pilot_service", "Pilot service", "Service pilote"),
        ("survey", "Survey", "Enquête"),
        ("ab_test", "A/B test", "Test A/B"),
        ("pop_up_desk", "Pop-up desk", "Guichet éphémère"),
        ("co_design", "Co-design workshop", "Atelier de co-conception"),
        ("landing_page", "Landing page and sign-up", "Page d'inscription"),
        ("concierge_test", "Concierge test", "Test concierge"),
        ("data_logger", "Data logger", "Enregistreur de données"),
        ("wizard_of_oz", "Wizard of Oz test", "Test du magicien d'Oz"),
    ]
    return [Method(key=k, label=Bilingual(en=en, fr=fr)) for k, en, fr in names]


class Attention(Model):
    """When the dashboard lists a city as needing attention (days)."""

    inactive_days: Annotated[int, Field(ge=1, le=3650)] = 45
    stuck_days: Annotated[int, Field(ge=1, le=3650)] = 180


class Phase(Model):
    """A programme phase: by `end`, cities are expected to have reached `expected_stage`."""

    name: Name
    start: dt.date
    end: dt.date
    expected_stage: Key

    _not_before_start = end_not_before_start("network_end_before_start")


ReportingRhythm = Literal["experiment_cycle", "quarterly"]


def _known_currency(code: str) -> str:
    code = code.strip().upper()
    if code not in babel.numbers.list_currencies():
        raise PydanticCustomError(
            "network_currency", "{value} is not an ISO 4217 currency code", {"value": code}
        )
    return code


# The currency costs and budgets are counted in (ISO 4217: EUR, XOF, MAD ...).
Currency = Annotated[str, AfterValidator(_known_currency)]


def _unique_stage_keys(stages: list[Stage] | None) -> list[Stage] | None:
    refuse_duplicates([s.key for s in stages or []], "network_duplicate_key")
    return stages


def _unique_method_keys(methods: list[Method] | None) -> list[Method] | None:
    refuse_duplicates([m.key for m in methods or []], "network_duplicate_key")
    return methods


def _unique_values(values: list[str] | None) -> list[str] | None:
    refuse_duplicates(values or [], "network_duplicate_value")
    return values


class Network(Document):
    name: Name
    funder: Line = ""
    description: ShortText = ""
    stages: list[Stage] = Field(min_length=1)
    clusters: list[Name] = Field(default_factory=list)
    assumption_categories: list[AssumptionCategory] = Field(default_factory=list)
    reporting_rhythm: ReportingRhythm = "experiment_cycle"
    currency: Currency = "EUR"
    plan_template: list[Key] = Field(default_factory=list)
    timeline: list[Phase] = Field(default_factory=list)
    methods: list[Method] = Field(default_factory=default_methods)
    attention: Attention = Field(default_factory=Attention)
    indicators: list[SharedIndicator] = Field(default_factory=list)
    # The network's own workshop templates (a kind not listed keeps the default:
    # services/workshops/templates.py).
    workshop_templates: list[wm.WorkshopTemplate] = Field(default_factory=list)

    _unique_stages = field_validator("stages")(_unique_stage_keys)
    _unique_lists = field_validator("clusters", "plan_template")(_unique_values)
    _unique_methods = field_validator("methods", "indicators")(_unique_method_keys)

    def indicator(self, key: str | None) -> SharedIndicator | None:
        return next((i for i in self.indicators if i.key == key), None)

    def method(self, key: str | None) -> Method | None:
        return next((m for m in self.methods if m.key == key), None)

    @field_validator("timeline")
    @classmethod
    def _known_stages(cls, timeline: list[Phase], info: ValidationInfo) -> list[Phase]:
        keys = {s.key for s in info.data.get("stages") or []}
        for phase in timeline:
            if keys and phase.expected_stage not in keys:
                raise PydanticCustomError(
                    "network_unknown_stage",
                    "{value} is not a stage",
                    {"value": phase.expected_stage},
                )
        return timeline

    def stage(self, key: str) -> Stage | None:
        return next((s for s in self.stages if s.key == key), None)

    def stage_index(self, key: str) -> int:
        keys = [s.key for s in self.stages]
        return keys.index(key) if key in keys else 0


class NetworkSettings(Model):
    """What the settings page sends: any subset of the network's editable fields."""

    name: Name | None = None
    funder: Line | None = None
    description: ShortText | None = None
    reporting_rhythm: ReportingRhythm | None = None
    currency: Currency | None = None
    stages: list[Stage] | None = Field(default=None, min_length=1)
    clusters: list[Name] | None = None
    plan_template: list[Key] | None = None
    timeline: list[Phase] | None = None
    methods: list[Method] | None = None
    attention: Attention | None = None
    indicators: list[SharedIndicator] | None = None

    _unique_stages = field_validator("stages")(_unique_stage_keys)
    _unique_lists = field_validator("clusters", "plan_template")(_unique_values)
    _unique_methods = field_validator("methods", "indicators")(_unique_method_keys)
