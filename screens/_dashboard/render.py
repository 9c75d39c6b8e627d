"""Drawing the dashboard's panels: caption, chart, its data as a table and a CSV download."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd
import streamlit as st

from models.base import utcnow
from models.user import User
from screens import _ui as ui
from screens._dashboard import data as cached
from services.core import permissions
from services.dashboard import brief, charts, methods, panels, views

PROGRESS_PAGE = "screens/progress.py"
PLAN_PAGE = "screens/plan.py"
ATTENTION_SHOWN = 12  # rows with links; the table below has the first cities, its CSV every one


TABLE_ROWS = 100  # rows drawn on the page; the CSV has them all


def data(
    view_key: str,
    table: pd.DataFrame,
    total: int | None = None,
    full: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """The data behind a chart: a table (its first rows) and its CSV (built when clicked);
    `table` may hold the first rows of `total`, `full` building them all for the CSV."""
    total = len(table) if total is None else total
    with st.expander(ui.t("dashboard.data"), icon=":material/table:"):
        ui.table(ui.readable(table.head(TABLE_ROWS)), hide_index=True, width="stretch")
        if total > min(len(table), TABLE_ROWS):
            shown = min(len(table), TABLE_ROWS)
            st.caption(ui.t("dashboard.rows_shown", shown=shown, total=total))
        st.download_button(
            ui.t("dashboard.download"),
            data=lambda: ui.csv_of(full() if full is not None else table),
            file_name=f"{view_key}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"dashboard.download.{view_key}",
            icon=":material/download:",
        )


def open_city(city_id: str) -> None:
    st.switch_page(PROGRESS_PAGE, query_params={"city": city_id})


def images(view: panels.PanelView) -> tuple:
    """The chart as PNG and SVG downloads (rendered when clicked), for `ui.chart(files=...)`."""
    stem = brief.file_stem(view.key, utcnow().date())
    chart = view.chart
    return (
        (
            ui.t("dashboard.download.png"),
            lambda: brief.chart_png(chart),
            f"{stem}.png",
            "image/png",
        ),
        (
            ui.t("dashboard.download.svg"),
            lambda: brief.chart_svg(chart),
            f"{stem}.svg",
            "image/svg+xml",
        ),
    )


def panel(view: panels.PanelView, full: Callable[[str], pd.DataFrame] | None = None) -> None:
    """One panel: title, caption, chart (a click on a city opens it), data and files; `full`
    builds a panel's every row (by its key) for the CSV when the view holds the rows shown."""
    with st.container(border=True, key=f"dashboard.panel.{view.key}"):
        st.subheader(view.title)
        st.caption(ui.md(view.caption))
        if view.chart is not None:
            selectable = view.opens_city
            event = ui.chart(
                view.chart,
                view.table(),
                key=f"dashboard.chart.{view.key}",
                on_select="rerun" if selectable else "ignore",
                files=images(view),
                full=None if view.complete or full is None else lambda: full(view.key),
            )
            if selectable:
                st.caption(ui.t("dashboard.note.click_city"))
                picked = (event.selection or {}).get(charts.CITY_SELECTION) or []
                if picked and picked[0].get("city_id"):
                    open_city(picked[0]["city_id"])
        else:
            data(view.key, view.table())
        if view.note:
            st.caption(ui.md(view.note))


def attention(
    user: User,
    frame: pd.DataFrame,
    caption: str,
    total: int,
    full: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """The ranked list: the first rows with links to the city's pages, then the first rows of
    `total` as a table, the CSV every row (`full` builds them, on click)."""
    with st.container(border=True, key="dashboard.panel.attention"):
        st.subheader(ui.t("dashboard.panel.attention"))
        st.caption(ui.md(caption))
        for row in frame.head(ATTENTION_SHOWN).itertuples():
            with st.container(key=f"dashboard.attention.{row.city_id}"):
                left, right = st.columns([3, 5])
                left.page_link(
                    PROGRESS_PAGE,
                    label=ui.md(row.city),
                    query_params={"city": row.city_id},
                    icon=":material/flag:",
                )
                if permissions.allowed(user, "plan.read", row.city_id):
                    left.page_link(
                        PLAN_PAGE,
                        label=ui.t("dashboard.link.plan"),
                        query_params={"city": row.city_id},
                        icon=":material/description:",
                    )
                right.text(row.why)
        if total > ATTENTION_SHOWN:
            st.caption(ui.t("dashboard.attention.more", count=total - ATTENTION_SHOWN))

        def readable(rows: pd.DataFrame) -> pd.DataFrame:
            table = rows.drop(columns=["reason_keys"])
            return table.rename(columns=lambda c: panels.column_label(c, ui.lang()))

        every = (lambda: readable(full())) if full is not None and total > len(frame) else None
        data("attention", readable(frame), total, every)


def what_works(
    user: User,
    found: cached.WhatWorks,
    context: Callable[[], panels.Context],
    full: Callable[[str], pd.DataFrame],
) -> None:
    """Methods: chart and table, the glance, then one method's experiments and learning cards,
    read on demand (`context`: the filtered cities, asked for only then; `full`: a panel's
    every row, or the glance's ("glance"), for its CSV)."""
    view = found.methods
    panel(view)
    glance(user, found, full)
    tried = view.frame[view.frame["experiments"] > 0]
    labels = dict(zip(tried["method_key"], tried["method"], strict=True))
    picked = st.selectbox(
        ui.t("dashboard.methods.pick"),
        list(labels),
        index=None,
        format_func=labels.get,
        key="dashboard.methods.pick",
    )
    if picked is None:
        return
    ctx = context()
    cards = methods.method_cards(user, ctx, picked)
    st.subheader(ui.t("dashboard.methods.cards", method=labels[picked]))
    if cards.empty:
        ui.empty("dashboard.methods.none")
        return
    table = cards.drop(columns=["city_id"]).rename(
        columns=lambda c: panels.column_label(c, ctx.lang)
    )
    ui.table(ui.readable(table), hide_index=True, width="stretch", key="dashboard.methods.cards")
    data(f"method_{picked}", table)


def brief_downloads(user: User, filters: views.Filters, lang: str) -> None:
    """The funder brief for the filters and period shown, as PDF and Word (built on click)."""
    today = utcnow().date()
    with (
        st.container(key="dashboard.brief"),
        st.popover(
            ui.t("dashboard.brief"), icon=":material/summarize:", help=ui.t("dashboard.brief.help")
        ),
    ):
        for fmt, mime in (("pdf", "application/pdf"), ("docx", brief.DOCX_MIME)):
            st.download_button(
                ui.t(f"dashboard.brief.{fmt}"),
                data=lambda fmt=fmt: brief.brief(user, filters, lang, fmt),
                file_name=brief.brief_file_name(fmt, lang, today),
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
                key=f"dashboard.brief.{fmt}",
            )


# --- what works where at a glance, unintended effects, search (evidence across cities) ---------


def _glance_lines(lines: list[tuple[str, str, str]], kind: str) -> None:
    # Text, not a grid: readable on a phone, and every city and level is on the page.
    for found, group, line in lines:
        if found == kind:
            st.text(f"{group}: {line}")


def glance(user: User, found: cached.WhatWorks, full: Callable[[str], pd.DataFrame]) -> None:
    """Every method and category tried, its first cities with outcomes and evidence levels and
    how many more (no picker), the network's newest unintended effects, and the search "has
    anyone tested it?"."""
    lang = ui.lang()
    with st.container(border=True, key="dashboard.panel.glance"):
        st.subheader(ui.t("dashboard.glance.title"))
        st.caption(ui.t("dashboard.glance.caption"))
        st.caption(ui.md(found.evidence))
        if found.glance.empty:
            ui.empty("dashboard.glance.none")
        else:
            with st.container(key="dashboard.glance.methods"):
                st.markdown(f"**{ui.t('dashboard.glance.methods')}**")
                _glance_lines(found.lines, "method")
            with st.container(key="dashboard.glance.categories"):
                st.markdown(f"**{ui.t('dashboard.glance.categories')}**")
                _glance_lines(found.lines, "category")
            if found.complete:
                data("glance", found.glance.rename(columns=lambda c: panels.column_label(c, lang)))
            else:
                _download("glance", lambda: full("glance"))
    effects = found.effects
    with st.container(border=True, key="dashboard.panel.unintended"):
        st.subheader(ui.t("dashboard.unintended.title"))
        st.caption(ui.t("dashboard.unintended.caption"))
        if effects.empty:
            ui.empty("dashboard.unintended.none")
        else:
            shown = effects.head(methods.UNINTENDED_SHOWN)
            table = shown.drop(columns=["city_id"]).rename(
                columns=lambda c: panels.column_label(c, lang)
            )
            ui.table(
                ui.readable(table), hide_index=True, width="stretch", key="dashboard.unintended"
            )
            if found.effects_total > len(shown):
                st.caption(
                    ui.t("dashboard.unintended.shown", shown=len(shown), total=found.effects_total)
                )
    search(user, lang)
    if found.indicators:
        st.subheader(ui.t("dashboard.indicators.title"))
    for view in found.indicators:
        # The title is the network's own label: text, not Markdown.
        panel(dataclasses.replace(view, title=ui.md(view.title)), full)


def _download(view_key: str, build: Callable[[], pd.DataFrame]) -> None:
    # Every row as CSV, built on click (the page shows the first ones).
    st.download_button(
        ui.t("dashboard.download"),
        data=lambda: ui.csv_of(build()),
        file_name=f"{view_key}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"dashboard.download.{view_key}",
        icon=":material/download:",
    )


def search(user: User, lang: str) -> None:
    """'Has anyone tested X?': the network's test and learning cards the user may read."""
    with st.container(border=True, key="dashboard.panel.search"):
        st.subheader(ui.t("dashboard.search.title"))
        with st.form("dashboard.search.form"):
            text = st.text_input(ui.t("dashboard.search.text"), key="dashboard.search.text")
            asked = st.form_submit_button(
                ui.t("dashboard.search.submit"),
                key="dashboard.search.submit",
                icon=":material/search:",
            )
        if not asked or not text.strip():
            return
        found = methods.search(user, text, lang)
        if found.empty:
            ui.empty("dashboard.search.none")
            return
        st.caption(ui.t("dashboard.search.found", count=len(found)))
        table = found.drop(columns=["city_id"]).rename(
            columns=lambda c: panels.column_label(c, lang)
        )
        ui.table(
            ui.readable(table), hide_index=True, width="stretch", key="dashboard.search.results"
        )
