"""Tables and charts as people read them: dates and yes/no in their language, columns as wide
as their text, and every chart with its numbers as a table and a safe CSV next to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from screens._ui.text import lang, t, t_plain
from services.core import formats, i18n
from services.transfer import cells

# its longest text (up to a cap), since st.dataframe never wraps and cuts what overflows.
_CHAR_PX, _CELL_PAD_PX = 8, 36
_COLUMN_CAP_PX = {"stage": 420, "challenge": 1100}


def column_width(values, header: str, cap: int = 300) -> int:
    """The pixels a text column needs to show its longest value (or its header) whole."""
    longest = max([len(str(v)) for v in values] + [len(header)], default=len(header))
    return min(cap, longest * _CHAR_PX + _CELL_PAD_PX)


def readable_cell(value: Any, lang_code: str) -> Any:
    """A table cell as the reader reads it: a date "20 juin 2026", a moment with its time,
    yes/no for a boolean, a blank for nothing; numbers and text as they are."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return i18n.t("export.yes" if value else "export.no", lang_code)
    if isinstance(value, dt.datetime):
        if value.hour == value.minute == value.second == 0:
            return formats.date(value, lang_code)
        return formats.datetime(value, lang_code)
    if isinstance(value, dt.date):
        return formats.date(value, lang_code)
    return value


def readable(frame):
    """A table's cells as the reader reads them (`readable_cell`): dates in their language,
    yes/no, no "None", "NaT" or "True". Numeric columns stay numbers (they sort)."""
    code = lang()
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            continue
        out[column] = [readable_cell(v, code) for v in values.astype(object)]
    return out


# --- every table shown: its cells guarded -------------------------------------------------------
# Streamlit's table toolbar copies cells and downloads them "as CSV" without the app: a cell
# shown as `=HYPERLINK(...)` would reach a spreadsheet as a formula. So every table goes through
# `table` or `editor`, which show text cells as our CSVs write them (`cells.safe`: a quote
# before a formula). One mechanism for every table, including those with no CSV of ours.


def _guard_cells(frame, fix: Callable[[str], str]):
    out = pd.DataFrame(frame).copy()
    for column in out.columns:
        values = out[column]
        # Only text can be a formula: numbers, booleans and dates keep their type (and widget).
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        if not any(isinstance(v, str) and fix(v) != v for v in values.astype(object)):
            continue  # nothing to change: the column keeps its dtype
        out[column] = pd.Series(
            [fix(v) if isinstance(v, str) else v for v in values.astype(object)],
            index=out.index,
            dtype=object,
        )
    return out


def guarded(data):
    """A table (a frame or a list of rows) with every text cell and header as a spreadsheet
    reads it safely (`cells.safe`); numbers, dates and booleans as they are."""
    out = _guard_cells(data, cells.safe)
    out.columns = [cells.safe(c) if isinstance(c, str) else c for c in out.columns]
    if out.index.dtype == object:
        out.index = [cells.safe(v) if isinstance(v, str) else v for v in out.index]
    return out


def table(data, **kwargs: Any):
    """Every read-only table of the app: st.dataframe of `data` with its cells guarded
    (`guarded`), so what the toolbar copies or downloads holds no formula. An empty cell is
    drawn empty (Streamlit's grid draws a grey "None" otherwise)."""
    kwargs.setdefault("placeholder", "")
    return st.dataframe(guarded(data), **kwargs)


def editor(data, **kwargs: Any):
    """Every editable table of the app: st.data_editor of `data` shown guarded (its toolbar
    downloads safe cells too), read back with the guard's quote taken off (`cells.unquote`),
    so a cell nobody touched comes back exactly as stored. Headers stay (column_config keys).
    An empty cell, and a new row's cells, are drawn empty, not as a grey "None"."""
    kwargs.setdefault("placeholder", "")
    edited = st.data_editor(_guard_cells(data, cells.safe), **kwargs)
    return _guard_cells(edited, cells.unquote)


def cities_table(frame) -> None:
    """The cities table of the home and cities pages: labelled columns, each as wide as its
    longest text (the stage names and challenges whole), full width."""
    shown = frame.drop(columns=["stage_index"])
    config = {}
    for column in shown.columns:
        header = t_plain(f"column.{column}")
        cap = _COLUMN_CAP_PX.get(column, 300)
        config[column] = st.column_config.TextColumn(
            header, width=column_width(shown[column], header, cap)
        )
    table(shown, hide_index=True, width="stretch", column_config=config)


def fact(label: str, value: str, help: str | None = None, *, where=None) -> None:
    """A labelled value like st.metric's, for a long value (a stage's name): st.metric cuts
    its value to one line ("Stakeholder en…"); this wraps it. `label` and `value` are Markdown
    (ours, or escaped); `where` is a column or container (default: here)."""
    target = where or st
    target.caption(label, help=help)
    target.markdown(f"**{value}**")


# --- charts ------------------------------------------------------------------------------------


def csv_of(frame) -> str:
    """A frame as CSV text, every cell through `cells.safe` (no formula reaches a spreadsheet)."""
    columns = [str(c) for c in frame.columns]
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return cells.csv_text(columns, [{str(k): v for k, v in row.items()} for row in rows])


def csv_download(label: str, data: Callable[[], str], file_name: str, key: str) -> None:
    """A CSV download built when clicked (a service's safe CSV text); no rerun on click."""
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=key,
    )


def chart(
    chart,
    frame=None,
    *,
    key: str | None,
    nested: bool = False,
    on_select: str = "ignore",
    files: tuple[tuple[str, Callable[[], bytes | str], str, str], ...] = (),
    full: Callable[[], Any] | None = None,
):
    """Draw a chart and, next to it, the same numbers: a "Data" expander (a popover when the
    chart is already inside an expander, which cannot hold another) with the table and a CSV
    download. The chart carries its text alternative (Vega-Lite `description`, set by its
    builder). `frame=None` only where the page shows the chart's table next to it already;
    `key=None` only then too (a chart drawn twice on a page, like a plan section's).
    `on_select="rerun"` returns the selection event (a click on a city opens it). `files`:
    more downloads next to the CSV, each (label, data built on click, file name, mime type).
    `full`: every row, built on click for the CSV, when `frame` holds only the rows shown."""
    if key is None:
        event = st.altair_chart(chart, width="stretch")
    else:
        event = st.altair_chart(chart, width="stretch", key=key, on_select=on_select)
    if frame is None or key is None:
        return event
    holder = (
        st.popover(t("chart.data"), icon=":material/table:")
        if nested
        else st.expander(t("chart.data"), icon=":material/table:")
    )
    with holder:
        table(readable(frame), hide_index=True, width="stretch", key=f"{key}.data")
        st.download_button(
            t("chart.csv"),
            data=(lambda: csv_of(full())) if full is not None else (lambda: csv_of(frame)),
            file_name=f"{key.replace('.', '-')}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key=f"{key}.csv",
        )
        for label, data, file_name, mime in files:
            st.download_button(
                label,
                data=data,
                file_name=file_name,
                mime=mime,
                on_click="ignore",
                icon=":material/image:",
                key=f"{key}.{file_name.rsplit('.', 1)[-1]}",
            )
    return event
