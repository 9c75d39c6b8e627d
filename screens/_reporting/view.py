"""A report's content on screen: the city's words, the ratings, then the data of its period.

User text is shown with st.text or in tables, never as Markdown: the messages written with
st.text take their values as they are (`ui.t_plain`), since nothing there reads Markdown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from models.network import Network
from models.reporting import RAG_AREAS, Report, ReportingSettings
from screens import _ui as ui
from services.reporting import drafting, export


def changes(found: list[dict[str, Any]], network: Network) -> None:
    """The "data changed since submission" notice, and what changed."""
    if not found:
        return
    lang = ui.lang()
    lines = []
    for change in found:
        part = ui.t_plain(f"reports.part.{change['part']}")
        if change.get("planned"):
            part = ui.t_plain("reports.changed.planned", part=part)
        if change["part"] == "checkins":
            was, now = change["count"]
            lines.append(ui.t_plain("reports.changed.checkins", was=was, now=now))
            continue
        for side in ("added", "removed"):
            if change[side]:
                items = "; ".join(
                    export.item_label(change["part"], item, network, lang) for item in change[side]
                )
                lines.append(ui.t_plain(f"reports.changed.{side}", part=part, items=items))
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
    for part, _columns in export.TABLES:
        items = data.get(part) or []
        with st.container(key=f"{key}.{part}.part"):
            st.markdown(f"**{ui.t(f'reports.part.{part}')}**")
            if not items:
                st.caption(ui.t("reports.part.none"))
                continue
            _table(export.table_rows(part, items, network, lang), f"{key}.{part}")
    pulses = data.get("checkins") or {}
    st.markdown(f"**{ui.t('reports.part.checkins')}**")
    st.text(
        ui.t_plain(
            "reports.checkins.summary",
            count=pulses.get("count", 0),
            mood=pulses.get("mood_mean") or "-",
        )
    )
    tags = [f"{config.tag_label(k, lang)} ({n})" for k, n in pulses.get("blockers") or []]
    if tags:
        st.text(ui.t_plain("reports.checkins.blockers", tags=", ".join(tags)))
    for note in pulses.get("notes") or []:
        st.text(f"• {note}")
    if pulses.get("help"):
        st.caption(ui.t("reports.checkins.help"))
        for text in pulses["help"]:
            st.text(f"• {text}")
    planned = drafting.planned_items(data)
    if planned:
        with st.container(border=True, key=f"{key}.planned"):
            st.markdown(f"**{ui.t('reports.planned')}**")
            st.caption(ui.t("reports.planned.help"))
            for part, items in planned.items():
                with st.container(key=f"{key}.planned.{part}.part"):
                    st.caption(ui.t(f"reports.part.{part}"))
                    _table(export.table_rows(part, items, network, lang), f"{key}.planned.{part}")


def _table(rows: tuple[tuple[str, ...], ...], key: str) -> None:
    header, *body = rows
    frame = pd.DataFrame(list(body), columns=list(header))
    ui.table(ui.readable(frame), hide_index=True, width="stretch", key=key)
