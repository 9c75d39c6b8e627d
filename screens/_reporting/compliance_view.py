"""The reports page's compliance view: every city's reports by cycle and state."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from models.city import City
from models.network import Network
from models.user import User
from screens import _ui as ui
from screens._reporting import summary
from services.core import formats
from services.reporting import charts as reporting_charts
from services.reporting import compliance
from services.transfer import listening_csv


def show_compliance(user: User, network: Network, cities: list[City], today: dt.date) -> None:
    """Every city's reports by cycle and state: a chart, the reports waiting for review (with
    links), the table and its CSV."""
    lang = ui.lang()
    state_labels = {s: ui.t(f"compliance.state.{s}") for s in compliance.STATES}
    frame = compliance.compliance_frame(network, cities, today)
    if frame.empty:
        ui.empty("reports.compliance.none")
        return
    titles = {
        "cycle": ui.t("column.cycle"),
        "count": ui.t("compliance.count"),
        "state": ui.t("column.state"),
    }
    counts = frame["state"].value_counts()
    description = ui.t_plain(
        "chart.desc.compliance",
        cities=frame["city_id"].nunique(),
        cycles=frame["cycle"].nunique(),
        missing=int(counts.get("missing", 0)),
        late=int(counts.get("late", 0)),
    )
    table = frame.assign(
        state=frame["state"].map(state_labels),
        cycle=frame["cycle"].map(lambda key: formats.cycle(key, lang)),
    )[["cycle", "city", "state"]]
    ui.chart(
        reporting_charts.compliance_chart(frame, state_labels, titles, description, lang),
        table.rename(
            columns={
                "cycle": titles["cycle"],
                "city": ui.t("column.city"),
                "state": titles["state"],
            }
        ),
        key="reports.compliance.chart",
    )
    ui.csv_download(
        ui.t("listening_csv.compliance"),
        lambda: listening_csv.compliance_csv(user, lang, today),
        f"{ui.t_plain('listening_csv.file.compliance')}.csv",
        "reports.compliance.csv",
    )
    summary.downloads(user, frame, today)
    waiting = frame[frame["state"].isin(["submitted", "late"])]
    if not waiting.empty:
        st.subheader(ui.t("reports.compliance.to_review"))
        with st.container(key="reports.compliance.waiting"):
            for row in waiting.itertuples():
                st.text(
                    f"{row.city} · {formats.cycle(row.cycle, lang)} · {state_labels[row.state]}"
                )
    shown = frame.assign(
        state=frame["state"].map(state_labels),
        cycle=frame["cycle"].map(lambda key: formats.cycle(key, lang)),
    ).drop(columns=["city_id", "report_id"])
    ui.table(
        ui.readable(shown.iloc[::-1]).rename(columns=lambda c: ui.t(f"column.{c}")),
        hide_index=True,
        width="stretch",
        key="reports.compliance.table",
    )
