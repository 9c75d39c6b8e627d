"""The plan's lists as tables: items to and from st.data_editor frames, the problem tree as
rows and as a bullet list, and read-only tables with every cell as the reader reads it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from models.base import new_id
from screens import _ui as ui
from services.plans import labels
from services.plans import tree as problem_tree

# Columns of each list's table, in order (the hidden `id` column keeps items stable).
COLUMNS: dict[str, tuple[str, ...]] = {
    "partners": ("name", "role", "mandate"),
    "previous_attempts": ("what", "when", "who", "outcome", "lessons"),
    "sources": ("title", "url", "note"),
    "stakeholders": ("organisation", "sector", "power", "interest", "involvement"),
    "lag_members": ("name", "organisation", "group"),
    "meetings": ("date", "attendees", "decisions"),
    "objectives": ("key", "title"),
    "actions": (
        "objective",
        "title",
        "owner",
        "start",
        "end",
        "cost",
        "funding_source",
        "funding_status",
        "indicators",
        "risks",
        "status",
        "progress",
    ),
    "indicators": ("name", "unit", "baseline", "target"),
    "measurements": ("indicator_id", "indicator", "date", "value"),
    "risks": ("title", "likelihood", "impact", "mitigation", "owner", "status"),
    "tree": ("side", "label", "parent"),
}
DATE_COLUMNS = {"date", "start", "end"}
HIDDEN_COLUMNS = ("id", "indicator_id")  # keep rows tied to their item, never shown
TABLE_COLUMNS = ("item", "value", "note")  # columns of a new table field


CELLS = "plan.state.cells"


def set_cells(cells: labels.Cells) -> None:
    """How this run's plan tables read (language, currency, objective titles)."""
    st.session_state[CELLS] = cells


def cells() -> labels.Cells:
    return st.session_state.get(CELLS) or labels.Cells(ui.lang())


def display_frame(list_name: str, items: list[Mapping[str, Any]]) -> pd.DataFrame:
    """A read-only table of items: labelled columns, and every cell as the reader reads it
    (labels for codes, the objective's title, dates, money, numbers in their language)."""
    how = cells()
    columns = [c for c in COLUMNS[list_name] if c not in HIDDEN_COLUMNS]
    rows = [{c: labels.cell_text(c, item.get(c), how) for c in columns} for item in items]
    if any(how.origin(item) for item in items):  # items promoted from a workshop say which
        columns.append("workshop")
        for row, item in zip(rows, items, strict=True):
            row["workshop"] = how.origin(item)
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns=lambda c: ui.t_plain(f"plan.field.{c}"))


def cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and not value.strip():
        return None
    return value


def items_frame(list_name: str, items: list[Mapping[str, Any]]) -> pd.DataFrame:
    """A table of items for st.data_editor: the `id` column first, lists joined with commas."""
    rows = []
    for item in items:
        row = {"id": item.get("id")}
        for col in COLUMNS[list_name]:
            value = item.get(col)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if isinstance(value, dt.datetime):
                value = value.date()
            row[col] = value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["id", *COLUMNS[list_name]])
    for col in COLUMNS[list_name]:
        if col in DATE_COLUMNS:
            frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame


def frame_items(list_name: str, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Items from an edited table: blank cells left out (defaults apply), new rows get ids,
    rows left entirely blank are dropped."""
    items = []
    for record in frame.to_dict("records"):
        item = {}
        for col in COLUMNS[list_name]:
            value = cell(record.get(col))
            if value is None:
                continue
            if col == "attendees":
                value = [v.strip() for v in str(value).split(",") if v.strip()]
            if col in ("power", "interest", "likelihood", "impact", "progress"):
                value = int(value) if isinstance(value, float) and value.is_integer() else value
            item[col] = value
        if not item:
            continue
        item["id"] = cell(record.get("id")) or new_id()
        items.append(item)
    return items


def tree_frame(tree: Mapping[str, Any]) -> pd.DataFrame:
    """The problem tree as rows: side, label, parent label (blank for a top-level node)."""
    return pd.DataFrame(problem_tree.tree_rows(tree), columns=["id", "side", "label", "parent"])


def frame_tree(frame: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """(causes, effects) from the edited rows (the rule is services/plans/tree.py's)."""
    rows = [{k: cell(v) for k, v in r.items()} for r in frame.to_dict("records")]
    return problem_tree.build_tree(rows)


def tree_markdown(nodes: list[Mapping[str, Any]], depth: int = 0) -> str:
    """A nested bullet list of escaped labels."""
    lines = []
    how = cells()
    for node in nodes:
        origin = how.origin(node)
        marker = f" ({ui.t('export.from_workshop', title=origin)})" if origin else ""
        lines.append("  " * depth + "- " + ui.md(node["label"]) + marker)
        child = tree_markdown(node.get("children", []), depth + 1)
        if child:
            lines.append(child)
    return "\n".join(lines)
