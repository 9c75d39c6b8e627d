"""Shared network indicators: the network defines them (key, label, unit: network settings);
each city sets its baseline and target and records measurements over time.

One document per city and indicator (`indicator_records`), with a deterministic id so that two
first writes at once land on the same document. Baseline and target are revision-checked edits
(`plan.edit`); measurements are appended (`experiment.result.record`, the people who record
results), never refused for a stale read, and a submission sent twice is recorded once. Each
write refreshes the city's summary, which keeps every indicator's values by month for the
dashboard (services/dashboard/summary.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

from models.base import stored, utcnow
from models.indicator import (
    MEASUREMENTS_MAX,
    IndicatorRecord,
    IndicatorUpdate,
    Measurement,
    MeasurementCreate,
)
from models.network import Network, SharedIndicator
from models.user import User
from services.core import collections, i18n, records, store
from services.core.errors import InvalidInput
from services.network import networks

INDICATOR_RECORDS = collections.INDICATOR_RECORDS


def record_id(city_id: str, key: str) -> str:
    """The id of a city's document for one indicator (the same for every writer)."""
    return "ind-" + hashlib.sha256(f"{city_id}\n{key}".encode()).hexdigest()[:40]


def _indicator(network_id: str, key: str) -> SharedIndicator:
    found = networks.get_network(network_id).indicator(key)
    if found is None:
        raise InvalidInput("indicator", "indicators.error.unknown", indicator=key)
    return found


def _ensure(actor: User, city: Any, key: str) -> IndicatorRecord:
    """The city's document for `key`, created empty the first time."""
    found = store.get().find_one(INDICATOR_RECORDS, {"_id": record_id(city.id, key)})
    if found is not None:
        return IndicatorRecord.from_doc(found)
    new = IndicatorRecord(
        id=record_id(city.id, key), network_id=city.network_id, city_id=city.id, indicator=key
    )
    try:
        return records.insert(INDICATOR_RECORDS, new, actor, city_id=city.id)
    except store.DuplicateKey:  # another first write landed meanwhile: use it
        found = store.get().find_one(INDICATOR_RECORDS, {"_id": new.id})
        if found is None:
            raise
        return IndicatorRecord.from_doc(found)


def set_targets(
    actor: User,
    city_id: str,
    key: str,
    data: IndicatorUpdate,
    read: IndicatorRecord | None = None,
    *,
    submission: str | None = None,
) -> IndicatorRecord:
    """Set the city's baseline and target for the network's indicator `key` (plan.edit);
    Conflict when `read` (the document as the page read it) is no longer the one stored. A
    form's `submission` sent again writes nothing and returns the record as it stands."""
    city = networks.city_for(actor, "plan.edit", city_id)
    _indicator(city.network_id, key)
    current = _ensure(actor, city, key)
    if read is not None:
        current = current.model_copy(update={"revision": read.revision})
    return records.update(
        INDICATOR_RECORDS,
        current,
        data.model_dump(),
        actor,
        city_id=city.id,
        action="targets",
        submission=submission,
    )


def record_measurement(
    actor: User, city_id: str, key: str, data: MeasurementCreate, submission: str | None = None
) -> IndicatorRecord:
    """Append one measurement of the indicator `key` for the city (experiment.result.record).
    `submission` (drawn when the form was shown) becomes its id: sent twice, recorded once."""
    city = networks.city_for(actor, "experiment.result.record", city_id)
    _indicator(city.network_id, key)
    current = _ensure(actor, city, key)
    if submission is not None and any(m.id == submission for m in current.measurements):
        return current
    if len(current.measurements) >= MEASUREMENTS_MAX:
        raise InvalidInput("measurements", "indicators.error.too_many", max=MEASUREMENTS_MAX)
    entry = Measurement(
        **({"id": submission} if submission is not None else {}),
        date=data.date,
        value=data.value,
        note=data.note,
        recorded_by=actor.id,
        recorded_by_name=actor.display_name,
        recorded_at=utcnow(),
    )
    return records.apply(
        INDICATOR_RECORDS,
        IndicatorRecord,
        current.id,
        None,
        {"$push": {"measurements": stored(entry)}},
        actor,
        network_id=city.network_id,
        fields=["measurements"],
        city_id=city.id,
        action="measurement.record",
        note=entry.id,
    )


def city_indicators(
    user: User, city_id: str
) -> list[tuple[SharedIndicator, IndicatorRecord | None]]:
    """The network's indicators, each with the city's document (None: nothing set yet)."""
    city = networks.city_for(user, "experiment.read", city_id)
    network = networks.get_network(city.network_id)
    found = {
        d["indicator"]: IndicatorRecord.from_doc(d)
        for d in store.get().find(INDICATOR_RECORDS, {"city_id": city.id})
    }
    return [(i, found.get(i.key)) for i in network.indicators]


# --- the settings table ------------------------------------------------------------------------


def indicator_columns() -> list[str]:
    return ["key", *i18n.label_columns(), "unit"]


def indicators_frame(network: Network) -> pd.DataFrame:
    """The network's indicators as rows for the settings page's data editor."""
    return pd.DataFrame(
        [{"key": i.key, **i18n.label_cells(i.label), "unit": i.unit} for i in network.indicators],
        columns=indicator_columns(),
    )


def indicators_from_frame(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The edited table as settings input (empty rows dropped; a missing French label takes
    the English one)."""
    out = []
    for _, row in frame.iterrows():
        cells = {c: ("" if pd.isna(row.get(c)) else str(row.get(c)).strip()) for c in frame}
        if not any(cells.values()):
            continue
        label = i18n.label_from_cells(cells)
        label["fr"] = label["fr"] or label["en"]
        out.append(
            {
                "key": cells.get("key", ""),
                "label": label,
                "unit": cells.get("unit", ""),
            }
        )
    return out
