"""A network of cities: its method (stages and gates), themes, and reporting rhythm."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from models.base import Bilingual, Document, Key, Model, Name, ShortText


class GateItem(Model):
    """One item of a stage's gate checklist: evaluated from data (`rule`) or ticked by hand."""

    key: Key
    label: Bilingual
    rule: Key | None = None


class Stage(Model):
    key: Key
    label: Bilingual
    gate: list[GateItem] = Field(default_factory=list)


class AssumptionCategory(Model):
    key: Key
    label: Bilingual


class Phase(Model):
    """A programme phase: by `end`, cities are expected to have reached `expected_stage`."""

    name: Name
    start: dt.date
    end: dt.date
    expected_stage: Key

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end < self.start:
            raise PydanticCustomError("end_before_start", "end must not be before start")
        return self


ReportingRhythm = Literal["experiment_cycle", "quarterly"]


class Network(Document):
    name: Name
    funder: ShortText = ""
    description: ShortText = ""
    stages: list[Stage] = Field(min_length=1)
    clusters: list[Name] = Field(default_factory=list)
    assumption_categories: list[AssumptionCategory] = Field(default_factory=list)
    reporting_rhythm: ReportingRhythm = "experiment_cycle"
    plan_template: list[Key] = Field(default_factory=list)
    timeline: list[Phase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_stage_keys(self) -> Network:
        keys = [s.key for s in self.stages]
        if len(keys) != len(set(keys)):
            raise PydanticCustomError("duplicate", "stage keys must be unique")
        return self

    def stage(self, key: str) -> Stage | None:
        return next((s for s in self.stages if s.key == key), None)

    def stage_index(self, key: str) -> int:
        keys = [s.key for s in self.stages]
        return keys.index(key) if key in keys else 0
