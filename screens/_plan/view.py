"""Helpers of the plan page: cached reads, session keys and widget keys, texts (the plan's
tables are in screens/_plan/tables.py).

Widget keys are "plan.<section key>.<field>" (tables: "plan.<section key>.<list name>"); the
session keys below keep a section's base revision, a pending conflict and merged text, so that
nothing typed is lost between runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from models import plan as pm
from models.user import User
from screens import _ui as ui
from services.core import formats, i18n, permissions
from services.experiments import experiments
from services.plans import history as plan_history
from services.plans import plans
from services.plans import versions as plan_versions

PLAN_TTL = 5  # seconds: others edit plans; own writes clear the cache at once


CURRENT_CITY = "plan.state.city"
CITY_INDEX = "plan.state.city_index"


def use_city(city_id: str) -> None:
    """Scope the page's session keys and widget keys to this city: one city's typed values,
    conflicts and base revisions never leak into another city's plan."""
    index = st.session_state.setdefault(CITY_INDEX, {})
    index.setdefault(city_id, len(index))
    st.session_state[CURRENT_CITY] = city_id


def _city() -> str:
    return st.session_state.get(CURRENT_CITY, "")


class Keys:
    """Session-state keys of the plan page (not widget keys), per city and section."""

    @staticmethod
    def base(key: str) -> str:
        """The Section the form's values were loaded from (its revision is the one a save
        sends; its content is the base of a three-way merge)."""
        return f"plan.state.{_city()}.{key}.base"

    @staticmethod
    def conflict(key: str) -> str:
        """A pending conflict: {"mine": content, "theirs": Section, "base": Section}."""
        return f"plan.state.{_city()}.{key}.conflict"

    @staticmethod
    def prefill(key: str) -> str:
        """Content to load the form from (a merge), instead of the stored one."""
        return f"plan.state.{_city()}.{key}.prefill"

    @staticmethod
    def both_changed(key: str) -> str:
        """After a merge: where both versions changed the same thing (to look at)."""
        return f"plan.state.{_city()}.{key}.both_changed"

    @staticmethod
    def seen(name: str) -> str:
        """A revision shown in the previous run (what the person saw when they clicked)."""
        return f"plan.state.{_city()}.{name}.seen"

    @staticmethod
    def form_version(key: str) -> str:
        """Bumped to give the form's widgets fresh keys (after a save, reload or merge)."""
        return f"plan.state.{_city()}.{key}.form_version"


def _user_key(user: User) -> tuple:
    return (user.id, user.role, tuple(user.city_ids))


@st.cache_data(ttl=PLAN_TTL, show_spinner=False)
def _plan(_user: User, user_key: tuple, city_id: str) -> pm.Plan | None:
    return plans.get_plan(_user, city_id)


def plan(user: User, city_id: str) -> pm.Plan | None:
    """The city's plan (cached a few seconds); NotFound for cities the user may not read."""
    return _plan(user, _user_key(user), city_id)


@st.cache_data(ttl=PLAN_TTL, show_spinner=False)
def _versions(_user: User, user_key: tuple, _plan: pm.Plan, plan_key: tuple) -> list:
    return plan_versions.list_versions(_user, _plan)


def versions(user: User, plan: pm.Plan) -> list[pm.PlanVersion]:
    return _versions(user, _user_key(user), plan, (plan.id, plan.version))


@st.cache_data(ttl=PLAN_TTL, show_spinner=False)
def _history(_user: User, user_key: tuple, _plan: pm.Plan, plan_key: tuple, section) -> list:
    return plan_history.plan_history(_user, _plan, section)


def history(user: User, plan: pm.Plan, section: str | None) -> list[dict]:
    return _history(user, _user_key(user), plan, (plan.id, plan.revision), section)


@st.cache_data(ttl=PLAN_TTL, show_spinner=False)
def _learning_titles(_user: User, user_key: tuple, city_id: str) -> dict[str, str]:
    if not permissions.allowed(_user, "experiment.read", city_id):
        return {}
    return {learning.id: learning.title for learning in experiments.list_learnings(_user, city_id)}


def learning_titles(user: User, city_id: str) -> dict[str, str]:
    """Titles of the city's learning cards by id, to show the learning behind a plan change."""
    return _learning_titles(user, _user_key(user), city_id)


# --- text ----------------------------------------------------------------------------------------


def when(value: dt.datetime | None) -> str:
    """A moment in the reader's language ('20 juin 2026, 14:05')."""
    return formats.datetime(value, ui.lang())


def place(path: Sequence[str]) -> str:
    """A place in a section as people name it ("Risks › Delay › Impact"): field names as their
    labels, item labels as typed; never a dotted path of field keys."""
    return " › ".join(
        ui.t_plain(f"plan.field.{part}") if i18n.has(f"plan.field.{part}") else part
        for part in path
    )


def title(section: pm.Section, lang: str) -> str:
    return plans.section_title(section, lang=lang)


# --- widget keys and editing state ---------------------------------------------------------------


def forget_widgets(key: str) -> None:
    """Give a section's form fresh widgets (they reload from the data shown next)."""
    st.session_state[Keys.form_version(key)] = st.session_state.get(Keys.form_version(key), 0) + 1


def seen(name: str, value: int) -> int:
    """The value of `name` shown in the previous run (what the person saw when they clicked
    Save), remembering this run's for the next: a form's save sends the revision it showed."""
    before = st.session_state.get(Keys.seen(name), value)
    st.session_state[Keys.seen(name)] = value
    return before


def forget(key: str) -> None:
    """Drop a section's editing state (base, merge, conflict) and give it fresh widgets."""
    for state in (Keys.base(key), Keys.prefill(key), Keys.conflict(key), Keys.both_changed(key)):
        st.session_state.pop(state, None)
    forget_widgets(key)


def widget(key: str, field: str) -> str:
    """The key of a form widget: "plan.<section>.<field>" for the first city opened in the
    session, with a suffix for other cities and after a reload (so widgets start afresh)."""
    version = st.session_state.get(Keys.form_version(key), 0)
    city = st.session_state.get(CITY_INDEX, {}).get(_city(), 0)
    suffix = f".{city}.{version}" if city or version else ""
    return f"plan.{key}.{field}{suffix}"
