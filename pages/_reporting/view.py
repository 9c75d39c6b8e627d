"""A report's content on screen: the city's words, the ratings, then the data of its period.

User text is shown with st.text or in tables, never as Markdown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from models.network import Network
from models.reporting import RAG_AREAS, Report, ReportingSettings
from pages import _ui as ui
from services.reporting import export


def changes(found: list[dict[str, Any]]) -> None:
    """The "data changed since submission" notice, and what changed."""
    if not found:
        return
    lines = []
    for change in found:
        part = ui.t(f"reports.part.{change['part']}")
        if change["part"] == "checkins":
            was, now = change["count"]
            lines.append(ui.t("reports.changed.checkins", was=was, now=now))
            continue
        if change["added"]:
            lines.append(ui.t("reports.changed.added", part=part, items="; ".join(change["added"])))
        if change["removed"]:
            lines.append(
                ui.t("reports.changed.removed", part=part, items="; ".join(change["removed"]))
            )
    with st.container(border=True, key="reports.changed"):
        st.warning(ui.t("reports.changed"), icon=":material/change_circle:")
        st.text("\n".join(lines))


def narrative(report: Report) -> None:
    for name in ("highlights", "blockers", "asks"):
        text = getattr(report.narrative, name)
        if text:
            st.caption(ui.t(f"field.{name}"))
            st.text(text)
    ratings = {
        ui.t(f"reports.rag.{area}"): ui.t(f"reports.rag.{getattr(report.rag, area) or 'none'}")
        for area in RAG_AREAS
    }
    ui.table(ui.readable(pd.DataFrame([ratings])), hide_index=True, width="stretch")


def content(data: dict[str, Any], network: Network, config: ReportingSettings, key: str) -> None:
    """The drafted parts, one table each."""
    lang = ui.lang()
    for part, columns in export.TABLES:
        items = data.get(part) or []
        st.markdown(f"**{ui.t(f'reports.part.{part}')}**")
        if not items:
            st.caption(ui.t("reports.part.none"))
            continue
        rows = [
            {ui.t(f"column.{c}"): export.cell(part, c, item.get(c), network, lang) for c in columns}
            for item in items
        ]
        ui.table(
            ui.readable(pd.DataFrame(rows)), hide_index=True, width="stretch", key=f"{key}.{part}"
        )
    pulses = data.get("checkins") or {}
    st.markdown(f"**{ui.t('reports.part.checkins')}**")
    st.text(
        ui.t(
            "reports.checkins.summary",
            count=pulses.get("count", 0),
            mood=pulses.get("mood_mean") or "-",
        )
    )
    tags = [f"{config.tag_label(k, lang)} ({n})" for k, n in pulses.get("blockers") or []]
    if tags:
        st.text(ui.t("reports.checkins.blockers", tags=", ".join(tags)))
    for note in pulses.get("notes") or []:
        st.text(f"• {note}")
    if pulses.get("help"):
        st.caption(ui.t("reports.checkins.help"))
        for text in pulses["help"]:
            st.text(f"• {text}")
