"""A city's values of one of the network's shared indicators: its baseline and target, and the
measurements it records over time (appended, like experiment results)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from models.base import Document, Id, Item, Key, Model, ShortText, UTCDateTime, date_only

MEASUREMENTS_MAX = 2_000  # measurements of one indicator in one city


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise PydanticCustomError("indicator_value_finite", "must be a finite number")
    return value


class IndicatorUpdate(Model):
    """A city's baseline and target for a shared indicator (None: not set)."""

    baseline: float | None = None
    target: float | None = None

    _finite = field_validator("baseline", "target")(_finite)


class MeasurementCreate(Model):
    """One measurement of a shared indicator, on a date."""

    date: dt.date
    value: float
    note: ShortText = ""

    _finite = field_validator("value")(_finite)


class Measurement(Item):
    date: dt.date
    value: float
    note: ShortText = ""
    recorded_by: Id
    recorded_by_name: ShortText = ""
    recorded_at: UTCDateTime

    _date_only = field_validator("date", mode="before")(date_only)


class IndicatorRecord(Document):
    """One city's values of one shared indicator (`indicator`: the network's key)."""

    city_id: Id
    indicator: Key
    baseline: float | None = None
    target: float | None = None
    measurements: Annotated[list[Measurement], Field(max_length=MEASUREMENTS_MAX)] = Field(
        default_factory=list
    )
