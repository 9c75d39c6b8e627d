"""AppTest fixtures: an in-memory store, clean Streamlit caches, runs that start at app.py.

`run_app(user_id, page)` runs app.py as that user (login gate, menu), then switches to `page`;
`open_page(user_id, page)` opens `page` in app.py's first run; `new_app()` is the AppTest not
yet run. `problems(at)` lists exceptions and error boxes; `has(at, kind, key)` finds a widget;
`tab_state(key, message)` opens a tab; `shown(text)` is what a person reads of Markdown source
(user text in it is escaped).
"""

from __future__ import annotations

import ast
import json
import pathlib
import re
from collections.abc import Iterable, Iterator

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from models.user import ROLES
from screens._ui import forms
from services.core import i18n, permissions

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


@pytest.fixture(autouse=True)
def _faster_than_a_person(monkeypatch):
    """A test fills in and sends a form again within milliseconds of its save, which a person
    cannot: no send here is taken for the tail of a click burst (screens/_ui/forms.py), but in
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
    """Run app.py as `user_id` (or nobody), then switch to `page` (e.g. 'screens/roles.py')."""
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


def tab_state(key: str, message: str, lang: str = "en") -> dict[str, str]:
    """The session state that leaves open the tab labelled by `message` (a message key) of the
    tabs keyed `key`, as a click on it would (tabs that run only their open tab's content)."""
    return {key: i18n.t(message, lang)}


def open_address(user_id: str, address: str, *, state: dict | None = None) -> AppTest:
    """Run app.py as `user_id`, opened at the address `/<address>` (a shared link, a bookmark):
    the page st.navigation registered under that url_path, as the browser's first request
    finds it (Streamlit names a page by the hash of its url_path; AppTest has no public way to
    open an address, only a file, which misses pages that are not files)."""
    at = new_app(user_id, state=state)
    at._page_hash = calc_hash(address)
    return at.run()


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
    """The widget key of `field` in the form `name` as now on screen (screens/_ui/forms.py: the
    keys move on after each confirmed save, so that the browser draws the form empty)."""
    state = at.session_state.get(forms.PREFIX + name, {})
    return forms.FormState(name, "", state.get("version", 0), keys or name).key(field)


def every_page(
    world, *, roles: Iterable[str] = ROLES, lang: str | None = None
) -> Iterator[tuple[str, str, AppTest]]:
    """(role, page path, the page run as that role's demo account) for every page each role
    may open: what the walks over every page and role (typed text, tables, the languages) look
    at; in the interface language `lang` if given (the browser's otherwise). A page whose tabs
    run only the open one's content is yielded once per tab. A page that shows the word "None"
    (a Python None printed into the text) fails the walk."""
    for role in roles:
        user = world[role]
        for path, _title, _icon, action in app_pages():
            if permissions.scope(user, action) is not None:
                first = _page_run(user.id, path, lang)
                # Tabs that run only the open tab's content: the page again with each other tab
                # open, as a click on it leaves it (a fresh run: a rerun of AppTest formats the
                # widgets' options in English whatever the page's language).
                others = [
                    {key: label}
                    for key, labels in lazy_tabs(first)
                    for label in labels
                    if label != first.session_state[key]
                ]
                for at in (first, *(_page_run(user.id, path, lang, tab) for tab in others)):
                    nones = [text for text in visible_texts(at) if _NONE.search(text)]
                    assert not nones, f"{role} {path}: 'None' shown in {nones}"
                    yield role, path, at


def _page_run(user_id: str, path: str, lang: str | None, state: dict | None = None) -> AppTest:
    """The page opened at once (one run: the way from the landing page is test_pages')."""
    state = {**({"session.lang": lang} if lang else {}), **(state or {})}
    return open_page(user_id, path, state=state)


def lazy_tabs(at: AppTest) -> list[tuple[str, list[str]]]:
    """(key, tab labels) of each st.tabs of the last run that runs only its open tab."""
    found = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if getattr(child, "type", None) == "tab_container" and proto.tab_container.id:
                key = proto.tab_container.id.split("-", 2)[2]  # "$$ID-<hash>-<key>"
                found.append((key, [tab.label for tab in child.children.values()]))
            walk(child)

    walk(at._tree)
    return found


_NONE = re.compile(r"\bNone\b")
# Proto fields a person reads (labels, texts, options, help); ids, keys and styles are not.
_READ_FIELDS = {"body", "label", "value", "placeholder", "help", "options", "caption", "text"}


def _proto_texts(message) -> Iterator[str]:
    for descriptor, value in message.ListFields():
        if descriptor.type == descriptor.TYPE_MESSAGE:
            items = value if descriptor.is_repeated else [value]
            for item in items:
                yield from _proto_texts(item)
        elif descriptor.type == descriptor.TYPE_STRING and descriptor.name in _READ_FIELDS:
            yield from (value if descriptor.is_repeated else [value])


def _hidden_columns(proto) -> list[str]:
    """The columns a table hides (column_config None), which nobody sees."""
    config = json.loads(proto.columns or "{}")
    return [name for name, how in config.items() if isinstance(how, dict) and how.get("hidden")]


def visible_texts(at: AppTest) -> list[str]:
    """Every text the last run put on screen: element and widget texts (markdown, captions,
    metrics, labels, options, help), block labels (expanders, tabs, popovers) and table cells."""
    texts: list[str] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        if getattr(node, "type", "") in ("dataframe", "arrow_data_frame", "table"):
            # Streamlit's grid draws an empty (null) cell as a grey "None" unless the table
            # says what to draw instead (its placeholder).
            empty = node.proto.placeholder if node.proto.HasField("placeholder") else "None"
            frame = node.value.drop(columns=_hidden_columns(node.proto), errors="ignore")
            texts += [str(c) for c in frame.columns]
            cells = frame.astype(object).to_numpy().ravel()
            texts += [empty if pd.isna(v) else v for v in cells if isinstance(v, str) or pd.isna(v)]
            continue
        texts += [shown(text) for text in _proto_texts(proto) if text]
    return texts
