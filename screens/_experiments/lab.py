"""Cached reads, labels and small widgets for the experiments, record and story pages.

Reads are cached briefly (results are recorded by others, often); pages call `ui.changed()`
after their own writes so the author sees them at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from models.experiment import Assumption, Experiment
from models.user import User
from screens import _ui as ui
from services.core import formats, permissions
from services.experiments import charts as experiment_charts
from services.experiments import experiments, outcomes, replication, story

TTL = 5  # seconds: results are entered by several people at once
TAB_KEY = "experiments.tab"  # the experiments page's open tab (its label), in session state


def _user_key(user: User) -> tuple:
    return (user.id, user.role, tuple(user.city_ids))


@st.cache_data(ttl=TTL, show_spinner=False)
def _bundle(_user: User, user_key: tuple, city_id: str) -> dict[str, Any]:
    assumptions = experiments.list_assumptions(_user, city_id)
    items = experiments.list_experiments(_user, city_id)
    learnings = experiments.list_learnings(_user, city_id)
    return {
        "assumptions": assumptions,
        "experiments": items,
        "learnings": learnings,
        "outcomes": experiments.city_outcomes(items, learnings),
        "chains": replication.chains_for(_user, items),
    }


def bundle(user: User, city_id: str) -> dict[str, Any]:
    """The city's assumptions, experiments, learnings and outcomes (cached)."""
    return _bundle(user, _user_key(user), city_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def _recordable(_user: User, user_key: tuple) -> list[Experiment]:
    return experiments.recordable_experiments(_user)


def recordable(user: User) -> list[Experiment]:
    return _recordable(user, _user_key(user))


@st.cache_data(ttl=TTL, show_spinner=False)
def _story(_user: User, user_key: tuple, city_id: str):
    return story.city_story(_user, city_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def _other_cards(_user: User, user_key: tuple, city_id: str) -> list[replication.CardRef]:
    return replication.other_cities_cards(_user, city_id)


def other_cards(user: User, city_id: str) -> list[replication.CardRef]:
    """The network's test cards in other cities (design only), what `city_id` may replicate
    (cached)."""
    return _other_cards(user, _user_key(user), city_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def _card_labels(_user: User, user_key: tuple, city_id: str, lang: str) -> dict[str, str]:
    return {
        c.id: ui.t_plain("replication.card_option", city=c.city, title=c.title)
        for c in other_cards(_user, city_id)
    }


def card_labels(user: User, city_id: str) -> dict[str, str]:
    """The other cities' test cards as a list shows them ('Lisbon: Digital kiosks'), by id, in
    the `other_cards` order: labelled once, shared by every card form of the page (cached;
    plain text: city and title are typed by people)."""
    return _card_labels(user, _user_key(user), city_id, ui.lang())


def city_story(user: User, city_id: str):
    """The city's story (cached): the same facts in every language."""
    return _story(user, _user_key(user), city_id)


# --- choosing a city ---------------------------------------------------------------------------


def city_picker(user: User, action: str, key: str) -> Any:
    """A city the user may see for `action` (None when there is none): the list reads only
    the cities' names, then the chosen city is read whole."""
    cities = [c for c in ui.city_choices(user) if permissions.allowed(user, action, c.id)]
    if not cities:
        ui.empty("experiments.no_city")
        return None
    by_id = {c.id: c.name for c in cities}
    # Open on the city a link named (?city=…), else the first that has experiments (from the
    # summary the city carries).
    index = next((i for i, c in enumerate(cities) if c.experiments), 0)
    linked = st.query_params.get("city")
    if linked in by_id:
        index = list(by_id).index(linked)
    chosen = st.selectbox(
        ui.t("experiments.city"),
        list(by_id),
        index=index,
        format_func=by_id.__getitem__,
        key=key,
    )
    return ui.city(user, chosen)


# --- labels ------------------------------------------------------------------------------------


def number(value: float | None) -> str:
    """A number in the reader's language ('3,5' in French)."""
    return formats.number(value, ui.lang(), decimals=3)


def criterion_line(experiment: Experiment) -> str:
    """The success criterion as plain text (for st.text)."""
    criterion = experiment.criterion
    if criterion.kind == "qualitative":
        return ui.t_plain("experiments.criterion_text", text=criterion.text)
    line = ui.t_plain(
        "experiments.criterion_line",
        metric=experiment.metric or ui.t("experiments.f.value"),
        comparison=ui.t(f"comparison.{criterion.comparison}"),
        target=number(criterion.target),
        unit=experiment.unit,
    ).strip()
    if criterion.direction:
        line += f" ({ui.t(f'experiments.direction.{criterion.direction}')})"
    return line


def outcome_label(status: str) -> str:
    return ui.t(f"outcome.{status}")


OUTCOME_ICONS = {
    outcomes.VALIDATED: ":material/check_circle:",
    outcomes.INVALIDATED: ":material/cancel:",
    outcomes.INCONCLUSIVE: ":material/help:",
    outcomes.IN_PROGRESS: ":material/pending:",
    outcomes.NOT_RUN: ":material/block:",
}


def chart_titles() -> dict[str, str]:
    keys = (
        "date",
        "value",
        "importance",
        "evidence",
        "experiments",
        "outcome",
        "category",
        "assumption",
        "share",
        "state",
        "tested",
        "untested",
        "assumptions",
    )
    titles = {k: ui.t(f"chart.{k}") for k in keys}
    titles["target"] = ui.t("record.target")
    titles["riskiest"] = ui.t("experiments.map.riskiest")
    return titles


def results_chart(experiment: Experiment, height: int | None = None) -> tuple[Any, Any]:
    """An experiment's results chart (described in the interface language) and its numbers as
    a table with translated headings, for `ui.chart`."""
    results = experiments.results_frame(experiment)
    values = results.dropna(subset=["value"])
    target = experiment.criterion.target
    chart = experiment_charts.results_chart(
        experiment,
        results,
        chart_titles(),
        ui.t(
            "chart.desc.results",
            title=experiment.title,
            count=len(values),
            unit=experiment.unit or "-",
            target=number(target) if target is not None else "-",
        ),
        ui.lang(),
    )
    if height is not None:
        chart = chart.properties(height=height)
    table = values[["date", "value", "unit", "note", "counts"]].copy()
    table["date"] = [day(d.date()) for d in table["date"]]
    table["value"] = [number(v) for v in table["value"]]
    table["counts"] = table["counts"].map(lambda c: ui.t_plain(f"chart.counts.{c}"))
    table.columns = [
        ui.t("chart.date"),
        ui.t("chart.value"),
        ui.t("experiments.f.unit"),
        ui.t("experiments.f.note"),
        ui.t("chart.counts"),
    ]
    return chart, table


def riskiest_table(share: dict, titles: dict[str, str]) -> Any:
    """The numbers of the riskiest-tested bar, with translated headings."""
    table = experiment_charts.riskiest_tested_frame(share, titles)
    table.columns = [titles["state"], ui.t("chart.assumptions")]
    return table


def category_labels(network) -> dict[str, str]:
    lang = ui.lang()
    return {c.key: c.label.get(lang) for c in network.assumption_categories}


def statement(assumption: Assumption, city: Any) -> str:
    """The assumption as one sentence, framed in the language its city's team writes in."""
    return experiments.statement(assumption, experiments.statement_language(city, ui.lang()))


def when(value: dt.datetime) -> str:
    return formats.datetime(value, ui.lang())


def day(value: dt.date | None) -> str:
    """A date in the reader's language ('20 juin 2026')."""
    return formats.date(value, ui.lang())


def entries_table(experiment: Experiment) -> Any:
    """An experiment's entries as the reader reads them: labelled columns, dates and numbers
    in their language, who recorded each, and whether it counts for the outcome (and why not)."""
    results = experiments.results_frame(experiment)
    return pd.DataFrame(
        {
            ui.t_plain("chart.date"): [day(d.date()) for d in results["date"]],
            ui.t_plain("chart.value"): [
                number(None if pd.isna(v) else v) for v in results["value"]
            ],
            ui.t_plain("experiments.f.unit"): results["unit"],
            ui.t_plain("experiments.f.observation"): results["observation"],
            ui.t_plain("experiments.f.note"): results["note"],
            ui.t_plain("experiments.entry.recorded_by"): results["recorded_by"],
            ui.t_plain("experiments.entry.recorded_at"): [when(v) for v in results["recorded_at"]],
            ui.t_plain("experiments.entry.corrections"): results["corrections"],
            ui.t_plain("chart.counts"): [
                ui.t_plain(f"chart.counts.{c}") for c in results["counts"]
            ],
        }
    )


def show_conflict(exc) -> None:
    """Someone saved first: say so, show what is stored now; the form keeps the user's input.

    What is stored is a document, a plan section, or one item of a list (None: it was removed).
    """
    st.warning(ui.t("experiments.conflict"), icon=":material/sync_problem:")
    current = exc.current
    if hasattr(current, "model_dump"):
        current = current.model_dump(mode="json", exclude={"results", "network_id"})
    with st.expander(ui.t("experiments.stored_version"), expanded=True):
        st.json(current if current is not None else {})


def rule_expander() -> None:
    with st.expander(ui.t("experiments.outcome.title"), icon=":material/rule:"):
        st.text(ui.t_plain(outcomes.RULE_KEY))
