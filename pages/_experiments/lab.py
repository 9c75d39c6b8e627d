"""Cached reads, labels and small widgets for the experiments, record and story pages.

Reads are cached briefly (results are recorded by others, often); pages call `ui.changed()`
after their own writes so the author sees them at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from models.experiment import Assumption, Experiment
from models.user import User
from pages import _ui as ui
from services.core import permissions
from services.experiments import experiments, outcomes, story

TTL = 5  # seconds: results are entered by several people at once


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


def city_story(user: User, city_id: str):
    """The city's story (cached): the same facts in every language."""
    return _story(user, _user_key(user), city_id)


# --- choosing a city ---------------------------------------------------------------------------


def city_picker(user: User, action: str, key: str) -> Any:
    """A city the user may see for `action` (None when there is none)."""
    cities = [c for c in ui.user_cities(user) if permissions.allowed(user, action, c.id)]
    if not cities:
        ui.empty("experiments.no_city")
        return None
    by_id = {c.id: c for c in cities}
    # Open on the first city that has experiments (from the summary the city carries).
    index = next((i for i, c in enumerate(cities) if c.summary.experiments_total), 0)
    chosen = st.selectbox(
        ui.t("experiments.city"),
        list(by_id),
        index=index,
        format_func=lambda i: by_id[i].name,
        key=key,
    )
    return by_id[chosen]


# --- labels ------------------------------------------------------------------------------------


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def criterion_line(experiment: Experiment) -> str:
    criterion = experiment.criterion
    if criterion.kind == "qualitative":
        return ui.t("experiments.criterion_text", text=criterion.text)
    line = ui.t(
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
    )
    titles = {k: ui.t(f"chart.{k}") for k in keys}
    titles["target"] = ui.t("record.target")
    titles["riskiest"] = ui.t("experiments.map.riskiest")
    return titles


def category_labels(network) -> dict[str, str]:
    lang = ui.lang()
    return {c.key: c.label.get(lang) for c in network.assumption_categories}


def statement(assumption: Assumption) -> str:
    return experiments.statement(assumption, ui.lang())


def when(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def show_conflict(exc) -> None:
    """Someone saved first: say so, show what is stored now; the form keeps the user's input."""
    st.warning(ui.t("experiments.conflict"), icon=":material/sync_problem:")
    current = exc.current
    shown = current.model_dump(mode="json", exclude={"results", "network_id"})
    with st.expander(ui.t("experiments.stored_version"), expanded=True):
        st.json(shown)


def rule_expander() -> None:
    with st.expander(ui.t("experiments.outcome.title"), icon=":material/rule:"):
        st.text(outcomes.RULE_TEXT[ui.lang()])
