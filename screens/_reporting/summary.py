"""The funder summary of one cycle on the compliance view: a cycle picker and the document as
PDF and Word, built when clicked (services/dashboard/cycle_summary.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from models.user import User
from screens import _ui as ui
from services.core import formats, permissions
from services.dashboard import cycle_summary


def downloads(user: User, frame: pd.DataFrame, today: dt.date) -> None:
    """The picker and the two downloads, for those who may read compliance (nothing else)."""
    keys = cycle_summary.cycle_keys(frame)
    if not keys or not permissions.allowed(user, cycle_summary.ACTION):
        return
    lang = ui.lang()
    with st.container(border=True, key="reports.summary"):
        st.subheader(ui.t("summary.heading"))
        st.caption(ui.t("summary.help"))
        chosen = st.selectbox(
            ui.t("summary.cycle"),
            keys,
            index=keys.index(cycle_summary.default_key(frame, today)),
            format_func=lambda key: formats.cycle(key, lang),
            key="reports.summary.cycle",
        )
        columns = st.columns(len(cycle_summary.FORMATS))
        for column, fmt in zip(columns, cycle_summary.FORMATS, strict=True):
            column.download_button(
                ui.t(f"summary.{fmt}"),
                data=lambda fmt=fmt: cycle_summary.document(user, chosen, lang, fmt, today),
                file_name=cycle_summary.file_name(chosen, fmt, lang, today),
                mime=cycle_summary.MIMES[fmt],
                on_click="ignore",
                icon=":material/download:",
                key=f"reports.summary.{fmt}",
                width="stretch",
            )
