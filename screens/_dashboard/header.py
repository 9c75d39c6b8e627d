"""'Where we stand': a compact header for a city's pages, from the same summary as the
dashboard (stage, days in it, gate met, experiments validated, last activity)."""

from __future__ import annotations

import streamlit as st

from models.base import utcnow
from models.city import City
from models.network import Network
from screens import _ui as ui
from screens._dashboard import data
from services.core import formats
from services.dashboard import panels, views


def where_we_stand(city: City, network: Network) -> None:
    """Five figures in a row, and a warning when the city is behind the programme timeline."""
    lang = ui.lang()
    today = utcnow().date()
    data.calendar(network.id, today)  # calendar facts brought up to today (once a day)
    row = views.city_row(city)
    counts = row.summary.experiments_by_outcome
    stage = network.stage(city.stage)
    days = row.days_in_stage(today)
    last = row.summary.last_activity_at
    with st.container(border=True, key="dashboard.header"):
        cells = st.columns(5)
        ui.fact(  # a stage's name is long: st.metric would cut it
            ui.t("dashboard.header.stage"),
            ui.md(stage.label.get(lang) if stage else city.stage),
            where=cells[0],
        )
        cells[1].metric(
            ui.t("dashboard.header.days"), formats.number(days, lang) if days is not None else "—"
        )
        cells[2].metric(
            ui.t("dashboard.header.progress"), formats.percent(row.summary.stage_progress, lang)
        )
        # A sentence and a date: st.metric would cut them to "none of…", "30 oct. …".
        ui.fact(
            ui.t("dashboard.header.outcomes"),
            panels.validated_said(counts, row.summary.experiments_total, lang),
            where=cells[3],
        )
        ui.fact(
            ui.t("dashboard.header.last_activity"),
            formats.date(last, lang, "medium") if last else ui.t("dashboard.header.never"),
            where=cells[4],
        )
        if views.behind(network, row, today):
            expected = network.stage(views.expected_stage(network, today) or "")
            st.caption(
                ui.t("dashboard.header.behind", stage=expected.label.get(lang) if expected else "")
            )
