"""AppTest fixtures: an in-memory store, clean Streamlit caches, runs that start at app.py.

`run_app(user_id, page)` runs app.py as that user (login gate, menu), then switches to `page`;
`open_page(user_id, page)` opens `page` in app.py's first run; `new_app()` is the AppTest not
yet run. `problems(at)` lists exceptions and error boxes; `has(at, kind, key)` finds a widget;
`shown(text)` is what a person reads of Markdown source (user text in it is escaped).
"""

from __future__ import annotations

import ast
import pathlib
import re
from collections.abc import Iterable, Iterator

import pytest
import streamlit as st
from streamlit.runtime import pages_manager
from streamlit.testing.v1 import AppTest

from models.user import ROLES
from pages._ui import forms
from services.core import permissions

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 30


def app_pages() -> list[tuple[str, str, str, str]]:
    """app.PAGES, read from app.py without running it (importing it would run Streamlit)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(target, ast.Name) and target.id == "PAGES":
            return ast.literal_eval(node.value)
    raise AssertionError("PAGES not found in app.py")


class _NoPagesFolder(type(pathlib.Path())):
    """Streamlit's check for a `pages/` folder, answered "no" (see `_like_a_server`)."""

    def exists(self, **kwargs) -> bool:
        return self.name != "pages" and super().exists(**kwargs)


@pytest.fixture(autouse=True)
def _like_a_server(monkeypatch):
    """Make every AppTest run start at app.py, as on a running server.

    With a `pages/` folder, AppTest resets Streamlit's "pages directory" flag before every run,
    so each run after the first executes the current page file alone (the old multipage mode),
    skipping app.py's login gate and navigation: after `st.rerun()` the first-run screen kept
    rendering. A server sets that flag once per process and app.py's `st.navigation` clears it.
    """
    monkeypatch.setattr(pages_manager, "Path", _NoPagesFolder)


@pytest.fixture(autouse=True)
def _faster_than_a_person(monkeypatch):
    """A test fills in and sends a form again within milliseconds of its save, which a person
    cannot: no send here is taken for the tail of a click burst (pages/_ui/forms.py), but in
    the tests that set BURST_S back."""
    monkeypatch.setattr(forms, "BURST_S", 0.0)


@pytest.fixture(autouse=True)
def _clean_caches(monkeypatch):
    monkeypatch.setenv("MONGODB_URI", "mongomock://")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def new_app(
    user_id: str | None = None, *, query: dict | None = None, state: dict | None = None
) -> AppTest:
    """An AppTest of app.py, not yet run, as `user_id` (or nobody), with query params and state."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if user_id:
        at.session_state["session.user_id"] = user_id
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def run_app(user_id: str | None = None, page: str | None = None, **query) -> AppTest:
    """Run app.py as `user_id` (or nobody), then switch to `page` (e.g. 'pages/roles.py')."""
    at = new_app(user_id, query=query)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def open_page(
    user_id: str, page: str, *, query: dict | None = None, state: dict | None = None
) -> AppTest:
    """Run app.py once as `user_id`, opened at `page`, with query params and state set first."""
    return new_app(user_id, query=query, state=state).switch_page(page).run()


def problems(at: AppTest) -> list[str]:
    """Every exception and error box of the last run, as text."""
    return [str(e.value) for e in at.exception] + [e.value for e in at.error]


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(source: str) -> str:
    """What a person reads of an element's Markdown source: backslash escapes (ui.md) undone,
    and the invisible word joiners ui.md puts after a colon, an at sign or "www" left out."""
    return _ESCAPED.sub(r"\1", source.replace("  \n", "\n")).replace("\u2060", "")


def has(at: AppTest, kind: str, key: str) -> bool:
    """Whether the last run rendered a widget of this kind (e.g. 'button') with this key."""
    try:
        getattr(at, kind)(key=key)
    except KeyError:
        return False
    return True


def form_key(at: AppTest, name: str, field: str, keys: str | None = None) -> str:
    """The widget key of `field` in the form `name` as now on screen (pages/_ui/forms.py: the
    keys move on after each confirmed save, so that the browser draws the form empty)."""
    state = at.session_state.get(forms.PREFIX + name, {})
    return forms.FormState(name, "", state.get("version", 0), keys or name).key(field)


def every_page(
    world, *, roles: Iterable[str] = ROLES, lang: str | None = None
) -> Iterator[tuple[str, str, AppTest]]:
    """(role, page path, the page run as that role's demo account) for every page each role
    may open: what the walks over every page and role (typed text, tables, the languages) look
    at; in the interface language `lang` if given (the browser's otherwise)."""
    for role in roles:
        user = world[role]
        for path, _title, _icon, action in app_pages():
            if permissions.scope(user, action) is not None:
                if lang is None:
                    yield role, path, run_app(user.id, path)
                else:
                    at = new_app(user.id, state={"session.lang": lang})
                    yield role, path, at.switch_page(path).run()
