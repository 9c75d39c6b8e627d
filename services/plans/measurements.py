"""Indicator measurements as one table (indicator, date, value) and back, matched to their
indicator by id: renaming an indicator keeps its measurements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def measurement_rows(indicators: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per measurement: its indicator's id (hidden in the table) and name, date, value."""
    return [
        {
            "id": f"{indicator['id']}-{n}",
            "indicator_id": indicator["id"],
            "indicator": indicator.get("name"),
            "date": m.get("date"),
            "value": m.get("value"),
        }
        for indicator in indicators
        for n, m in enumerate(indicator.get("measurements", []))
    ]


def attach_measurements(
    indicators: list[dict[str, Any]],
    rows: list[Mapping[str, Any]],
    loaded: list[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """`indicators` (as edited) with their measurements from the edited `rows`.

    A row stays with the indicator it was loaded with (by id), unless the person picked another
    indicator for it; a new row goes to the indicator it names. `loaded` are the indicators the
    table was built from: their names still find their indicator after a rename. Rows of an
    indicator that no longer exists are dropped with it.
    """
    loaded_names = {i["id"]: i.get("name") for i in loaded}
    by_name: dict[Any, str] = {}
    for indicator in indicators:
        by_name.setdefault(indicator.get("name"), indicator["id"])
    for indicator_id, name in loaded_names.items():
        by_name.setdefault(name, indicator_id)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        owner = row.get("indicator_id")
        if owner is None or row.get("indicator") != loaded_names.get(owner):
            owner = by_name.get(row.get("indicator"))
        if owner is not None:
            grouped.setdefault(owner, []).append(
                {"date": row.get("date"), "value": row.get("value")}
            )
    return [
        {**indicator, "measurements": grouped.get(indicator["id"], [])} for indicator in indicators
    ]
