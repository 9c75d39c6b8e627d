"""Notes and messages escaped for Markdown, remembered (the same notes are escaped again on
every redraw of every screen of a room), and the two fields of every form that writes a note."""

from __future__ import annotations

import functools

import streamlit as st

from models import workshops as wm
from screens import _ui as ui
from services.core import i18n


@functools.lru_cache(maxsize=8192)
def escaped(text: str) -> str:
    """ui.md, remembered: the same notes are escaped again on every redraw of every screen."""
    return str(ui.md(text))


@functools.lru_cache(maxsize=1024)
def message(lang: str, key: str, count: int | None = None) -> str:
    """A message (with a count) escaped for Markdown, remembered per language and count."""
    values = {} if count is None else {"count": count}
    return str(ui.md(i18n.t(key, lang, **values)))


def note_fields(
    ws: wm.Workshop, form: ui.FormState, label: str, text_key: str = "text"
) -> tuple[str, str]:
    """A note's text (labelled `label`) and column, inside the st.form being drawn: (text,
    column). The participant's Post, the member's contribution and the facilitator's own note
    ask the same."""
    text = st.text_area(ui.t(label), max_chars=500, key=form.key(text_key))
    column = st.selectbox(
        ui.t("join.column"),
        ws.columns,
        format_func=lambda c: ui.t(f"workshops.column.{c}"),
        key=form.key("column"),
    )
    return text, column
