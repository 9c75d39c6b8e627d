"""Cached reads, labels and small widgets for the experiments, record and story pages.

Reads are cached briefly (results are recorded by others, often); pages call `ui.changed()`
after their own writes so the author sees them at once.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pandas as pd
import streamlit as st

from models.base import new_id
from models.experiment import Assumption, Experiment
from models.user import User
from pages import _ui as ui
from services.core import formats, permissions
from services.experiments import charts as experiment_charts
from services.experiments import experiments, outcomes, story

TTL = 5  # seconds: results are entered by several people at once

# Session-state keys (not widget keys) of the record form: the id of the submission on screen,
# and what the last save recorded.
RECORD_SUBMISSION = "record.submission"
RECORD_SAVED = "record.saved_values"
RECORD_SAVED_AT = "record.saved_at"
# An empty form submitted this soon after a save is the tail of a double click, not a mistake.
# Within this many seconds of a save, a click that sends an empty form or the values just saved
# is the same hurried thumb, however slow the server was to answer the first click.
REPEAT_CLICK_S = 10.0
# The widget keys of what one entry says (cleared after each save).
RECORD_FIELDS = ("record.value", "record.observation", "record.note")


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
        st.text(outcomes.RULE_TEXT[ui.lang()])


# --- one entry per submission of the record form -----------------------------------------------


def record_submission() -> str:
    """The id of the record form on screen, drawn when it is first shown and used up by its
    save: the id of the entry it records, so a second click of the same form records nothing."""
    return st.session_state.setdefault(RECORD_SUBMISSION, new_id())


def record_save_key(submission: str) -> str:
    """The save button's key: a new button per submission, so a click that reaches the server
    after the save (a double click) belongs to a button that is gone."""
    return f"record.save.{submission}"


def _entry_values() -> dict[str, Any]:
    values = {key: st.session_state.get(key) for key in RECORD_FIELDS}
    return {key: None if value == "" else value for key, value in values.items()}


def record_saved() -> None:
    """The form's submission is used: the next form on screen is a new submission, empty."""
    state = st.session_state
    state[RECORD_SUBMISSION] = new_id()
    state[RECORD_SAVED] = _entry_values()
    state[RECORD_SAVED_AT] = time.monotonic()
    clear_record_form()


def repeats_last_save() -> bool:
    """True when a save happened a moment ago and the form holds either nothing (a click that
    reached the server once the form was cleared) or again what that save recorded (a click on
    the new form sent before the browser saw it cleared): a repeated click, nothing to record."""
    saved_at = st.session_state.get(RECORD_SAVED_AT)
    if saved_at is None or time.monotonic() - saved_at >= REPEAT_CLICK_S:
        return False
    values = _entry_values()
    return all(v is None for v in values.values()) or values == st.session_state.get(RECORD_SAVED)


def clear_record_form() -> None:
    # Assigned, not removed: only a value set by the script is sent back to the browser.
    for key in RECORD_FIELDS:
        st.session_state[key] = None if key == "record.value" else ""


def forget_resubmitted_entry() -> bool:
    """True (and the form cleared) when the form holds again what the last save recorded: a
    second click that reached the server after the save brings its values back with it."""
    saved = st.session_state.get(RECORD_SAVED)
    if saved is None or _entry_values() != saved:
        return False
    clear_record_form()
    return True
