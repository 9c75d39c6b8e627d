"""The dashboard's filters and view, kept in the URL (`st.query_params`) so a view can be
bookmarked and shared: the URL decides at the first run, the widgets after that."""

from __future__ import annotations

import streamlit as st

from models.network import Network
from screens import _ui as ui
from services.core import formats
from services.dashboard import views

ALL = ""  # the option "all" of a filter
SECTIONS = ("stages", "experiments", "methods", "engagement", "plans", "attention")
VIEW_KEY = "dashboard.view"


def key(name: str) -> str:
    return f"dashboard.filter.{name}"


def _label(name: str, network: Network, lang: str):
    def label(value: str) -> str:
        if value == ALL:
            return ui.t("dashboard.filter.all")
        if name == "stage":
            stage = network.stage(value)
            return stage.label.get(lang) if stage else value
        if name == "country":
            return formats.country(value, lang)
        if name == "period":
            return ui.t(f"dashboard.period.{value}")
        return value

    return label


def section() -> str:
    """The section this run shows, before the picker is drawn (its state, else the URL), so
    that the first read already has that section's fields."""
    wanted = st.session_state.get(VIEW_KEY) or st.query_params.get("view")
    return wanted if wanted in SECTIONS else SECTIONS[0]


def _write_url(filters: views.Filters, section: str) -> None:
    wanted = {**filters.to_query(), **({"view": section} if section != SECTIONS[0] else {})}
    for name in (*views.Filters.QUERY, "view"):
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def _clear() -> None:
    for name in views.Filters.QUERY:
        st.session_state[key(name)] = "all" if name == "period" else ALL


def bar(network: Network, options: dict[str, list[str]], lang: str) -> tuple[views.Filters, str]:
    """Draw the filters and the view picker (`options`: views.choices); returns the filters
    and the chosen section, and writes both into the URL."""
    from_url = views.Filters.from_query(st.query_params.to_dict(), options)
    columns = st.columns(len(views.Filters.QUERY), vertical_alignment="bottom")
    for column, name in zip(columns, views.Filters.QUERY, strict=False):
        if key(name) not in st.session_state:
            st.session_state[key(name)] = getattr(from_url, name) or ALL
        choices = options[name] if name == "period" else [ALL, *options[name]]
        if st.session_state[key(name)] not in choices:
            st.session_state[key(name)] = choices[0]
        column.selectbox(
            ui.t(f"dashboard.filter.{name}"),
            choices,
            format_func=_label(name, network, lang),
            key=key(name),
            help=ui.t("dashboard.period.help") if name == "period" else None,
        )
    # Below the filters, as wide as its words: in a fifth column it read "Effacer les fil…"
    # and "Tout effa…", and it took width the period's name needed ("Tout le programme").
    st.button(
        ui.t("dashboard.filter.reset"),
        key="dashboard.filter.reset",
        on_click=_clear,
        icon=":material/filter_alt_off:",
        width="content",
    )
    values = {name: st.session_state[key(name)] or None for name in views.Filters.QUERY}
    filters = views.Filters(
        values["cluster"], values["country"], values["stage"], values["period"] or "all"
    )
    if VIEW_KEY not in st.session_state:
        wanted = st.query_params.get("view")
        st.session_state[VIEW_KEY] = wanted if wanted in SECTIONS else SECTIONS[0]
    section = (
        st.segmented_control(
            ui.t("dashboard.section"),
            SECTIONS,
            format_func=lambda s: ui.t(f"dashboard.section.{s}"),
            key=VIEW_KEY,
            label_visibility="collapsed",
        )
        or SECTIONS[0]
    )
    _write_url(filters, section)
    return filters, section
