"""Shared widgets, session-state keys, translation and cached reads for the pages.

Pages import this module as `ui`. Caching lives here (never in services/): reads others edit
get short TTLs, and a page clears them after its own writes with `ui.changed()`.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import pydantic
import streamlit as st

from models.base import utcnow
from models.user import User
from pages._accounts import routes
from services.accounts import accounts, sessions
from services.core import formats, i18n, permissions
from services.core.errors import AtelierError, Conflict, InvalidInput, PermissionDenied
from services.network import networks
from services.transfer import cells


class Keys:
    """Session-state keys (not widget keys): one place, so no page spells them twice."""

    LANG = "session.lang"
    USER_ID = "session.user_id"
    HAS_ACCOUNT = "session.has_account"
    FLASH = "session.flash"
    DEMO_PASSWORD = "session.demo_password"  # noqa: S105 - a key, not a password
    LANG_SYNC = "session.lang_sync"
    LOGGED_IN_AT = "session.logged_in_at"
    SESSION_ID = "session.session_id"  # the kept login (sessions collection), when there is one
    BEACON = "session.beacon"  # a cookie route for the browser to call (see `show_beacon`)
    COOKIE_CHECKED = "session.cookie_checked"  # the cookie token already tried in this session


# --- language ----------------------------------------------------------------------------------


def lang() -> str:
    if Keys.LANG not in st.session_state:
        st.session_state[Keys.LANG] = i18n.normalise(getattr(st.context, "locale", None))
    return st.session_state[Keys.LANG]


def t(key: str, **values: Any) -> Markdown:
    """The message `key` in the interface language, safe in any element that renders Markdown:
    every value is escaped with `md` (a value from the database is text a person typed), except
    numbers and values that are Markdown already (another message, a value escaped before)."""
    return Markdown(i18n.t(key, lang(), **{k: _value(v) for k, v in values.items()}))


def t_plain(key: str, **values: Any) -> str:
    """The message `key` with its values as they are: only for what is not Markdown (st.text,
    table cells, chart titles, text that is stored)."""
    return i18n.t(key, lang(), **values)


# --- text a person typed, in elements that render Markdown -------------------------------------

# Every character that starts Markdown, a Streamlit directive (:red[...], :material/...:), maths
# ($...$), HTML or an entity (&lt;), or a GFM autolink (http:, www.); a backslash makes each one
# a literal character, and escaping one that needs none changes nothing on screen.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&^])")


class Markdown(str):
    """Text already safe to render as Markdown: a message of ours, or a person's text once
    escaped by `md` (so that it is never escaped twice)."""


def md(text: Any) -> Markdown:
    """Text a person typed, made inert for st.markdown, st.caption, titles, alerts, st.write,
    and the labels of expanders, tabs, popovers, metrics, buttons and widgets: every
    Markdown-special character escaped, line breaks kept as line breaks. Markdown of ours
    (a `Markdown` value) is returned as it is."""
    if isinstance(text, Markdown):
        return text
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return Markdown(_MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n"))


def _value(value: Any) -> Any:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value  # digits need no escaping, and a format spec ({n:.1f}) still applies
    return md(value)


def language_switch(user: User | None) -> None:
    """A language picker in the sidebar; remembered on the account when logged in."""
    options = list(i18n.LANGUAGES)
    if st.session_state.pop(Keys.LANG_SYNC, False):
        st.session_state["app.language"] = lang()

    def changed() -> None:
        chosen = st.session_state["app.language"]
        st.session_state[Keys.LANG] = chosen
        if user is not None:
            accounts.set_language(user, chosen)
            cached_user.clear()

    st.sidebar.selectbox(
        t("app.language"),
        options,
        index=options.index(lang()),
        format_func=i18n.LANGUAGE_NAMES.get,
        key="app.language",
        on_change=changed,
    )


# --- accessibility -----------------------------------------------------------------------------

# A focus ring anyone can see (WCAG 2.4.7): the theme's primary colour, 5.8:1 on white. Streamlit
# marks a focused field only by a thin border colour, and some buttons not at all.
FOCUS_CSS = """<style>
:focus-visible { outline: 3px solid #1f6f78 !important; outline-offset: 2px !important; }
[data-baseweb="input"]:focus-within, [data-baseweb="textarea"]:focus-within,
[data-baseweb="select"]:focus-within {
  outline: 3px solid #1f6f78 !important; outline-offset: 2px !important;
}
[data-baseweb="input"] input:focus-visible, [data-baseweb="textarea"] textarea:focus-visible,
[data-baseweb="select"] input:focus-visible { outline: none !important; }
</style>"""

# The page's language (WCAG 3.1.1). Streamlit serves <html lang="en"> whatever the interface
# language, and offers no setting for it; a script can set it. Only these constant scripts run
# (one per language of the catalogue, never user text); st.html runs them in the page itself.
LANG_SCRIPTS = {
    code: f'<script>document.documentElement.lang = "{code}";</script>' for code in i18n.LANGUAGES
}


def page_basics() -> None:
    """The focus ring and the document's language, on every page (called by app.py)."""
    st.html(FOCUS_CSS)  # style only: Streamlit puts it out of the page's flow
    with st.sidebar:
        st.html(LANG_SCRIPTS[lang()], unsafe_allow_javascript=True)


# --- who is here -------------------------------------------------------------------------------


@st.cache_data(ttl=3, show_spinner=False)
def cached_user(user_id: str) -> User | None:
    return accounts.get_user(user_id)


@st.cache_data(ttl=3, show_spinner=False)
def session_open(session_id: str) -> bool:
    return sessions.is_open(session_id)


def _cookie_token() -> str:
    try:
        return st.context.cookies.get(sessions.COOKIE_NAME) or ""
    except (AttributeError, RuntimeError):  # no browser behind this run (AppTest)
        return ""


def _restore_from_cookie() -> None:
    """A reload, a new tab or a link: log in again from the kept login's cookie, if valid."""
    token = _cookie_token()
    if not token or st.session_state.get(Keys.COOKIE_CHECKED) == token:
        return
    st.session_state[Keys.COOKIE_CHECKED] = token
    restored = sessions.restore(token)
    if restored is None:
        return
    _remember(restored.user, restored.session_id)
    if restored.renew_cookie:
        st.session_state[Keys.BEACON] = routes.RENEW


def current_user() -> User | None:
    """The logged-in, still active user; a deactivated user's session ends here, and so does
    one whose kept login was revoked (logout elsewhere, password change or reset)."""
    if not st.session_state.get(Keys.USER_ID):
        _restore_from_cookie()
    user_id = st.session_state.get(Keys.USER_ID)
    if not user_id:
        return None
    user = cached_user(user_id)
    logged_in_at = st.session_state.get(Keys.LOGGED_IN_AT)
    session_id = st.session_state.get(Keys.SESSION_ID)
    reset = user is not None and user.sessions_valid_after is not None
    if (
        user is None
        or not user.active
        or (reset and (logged_in_at is None or logged_in_at < user.sessions_valid_after))
        or (session_id is not None and not session_open(session_id))
    ):
        logout()
        return None
    return user


def page_user(action: str | None = None, *, password_page: bool = False) -> User:
    """The logged-in user, allowed `action`; otherwise a message, and the page stops here.

    Every page starts with this: with a `pages/` folder, Streamlit may run a page file without
    app.py (a process's first request, a deep link), so no page relies on app.py's gate.
    """
    user = current_user()
    if user is None:
        st.warning(t("accounts.sign_in_first"), icon=":material/login:")
        st.stop()
    if action is not None and permissions.scope(user, action) is None:
        show_error(PermissionDenied(action=action))
        st.stop()
    if user.must_change_password and not password_page:
        st.warning(t("accounts.me.must_change"), icon=":material/password:")
        st.stop()
    return user


def _remember(user: User, session_id: str | None) -> None:
    st.session_state[Keys.USER_ID] = user.id
    st.session_state[Keys.LOGGED_IN_AT] = utcnow()
    st.session_state[Keys.SESSION_ID] = session_id
    st.session_state[Keys.LANG] = user.language
    # The picker may already be drawn in this run: it takes the language at the next one.
    st.session_state[Keys.LANG_SYNC] = True


def login(user: User) -> None:
    """Log `user` in here, and keep the login in this browser (14 days, sliding): the next
    runs hand the browser a one-time code that a web route exchanges for the cookie."""
    opened = sessions.open_session(user)
    _remember(user, opened.session_id)
    st.session_state[Keys.BEACON] = f"{routes.BIND}?code={opened.handoff_code}"


def renew_login() -> None:
    """After one's own password change: this session stays (the others have ended)."""
    st.session_state[Keys.LOGGED_IN_AT] = utcnow()
    cached_user.clear()


def logout() -> None:
    """End the login here and the kept one on the server; the browser's cookie is cleared at
    the next run (or refused on its next use, should that call never happen)."""
    session_id = st.session_state.get(Keys.SESSION_ID)
    if session_id:
        sessions.revoke(session_id)
        session_open.clear()
        st.session_state[Keys.BEACON] = routes.LOGOUT
    for key in (Keys.USER_ID, Keys.LOGGED_IN_AT, Keys.DEMO_PASSWORD, Keys.SESSION_ID):
        st.session_state.pop(key, None)


def show_beacon() -> None:
    """Have the browser call a cookie route (pages/_accounts/routes.py) as an invisible image:
    a same-origin request whose answer sets or clears the HttpOnly cookie, with no JavaScript.
    The code of a new login is offered until the route has taken it."""
    url = st.session_state.get(Keys.BEACON)
    if not url:
        return
    session_id = st.session_state.get(Keys.SESSION_ID)
    if url.startswith(routes.BIND) and not (session_id and sessions.handoff_pending(session_id)):
        st.session_state.pop(Keys.BEACON, None)
        return
    if not url.startswith(routes.BIND):
        st.session_state.pop(Keys.BEACON, None)
    with st.sidebar:
        st.html(f'<img src="{url}" alt="" width="1" height="1" style="opacity:0">')


def has_account() -> bool:
    """Whether any account exists; once true it stays true, so it is asked only until then."""
    if not st.session_state.get(Keys.HAS_ACCOUNT):
        st.session_state[Keys.HAS_ACCOUNT] = accounts.any_account()
    return st.session_state[Keys.HAS_ACCOUNT]


# --- cached reads ------------------------------------------------------------------------------

# Data others edit: short TTL. Own writes call `changed()` so the author sees them at once.
READ_TTL = 10


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def network(network_id: str):
    return networks.get_network(network_id)


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def cities(_user: User, user_key: tuple) -> list:
    return networks.list_cities(_user)


def user_cities(user: User) -> list:
    """The cities this user may see (cached per user and role)."""
    return cities(user, (user.id, user.role, tuple(user.city_ids)))


def changed() -> None:
    """Forget cached reads after a write of our own."""
    st.cache_data.clear()


# Pixels per character of a table cell and a cell's padding: a column is given the width of
# its longest text (up to a cap), since st.dataframe never wraps and cuts what overflows.
_CHAR_PX, _CELL_PAD_PX = 8, 36
_COLUMN_CAP_PX = {"stage": 420, "challenge": 1100}


def column_width(values, header: str, cap: int = 300) -> int:
    """The pixels a text column needs to show its longest value (or its header) whole."""
    longest = max([len(str(v)) for v in values] + [len(header)], default=len(header))
    return min(cap, longest * _CHAR_PX + _CELL_PAD_PX)


def readable_cell(value: Any, lang_code: str) -> Any:
    """A table cell as the reader reads it: a date "20 juin 2026", a moment with its time,
    yes/no for a boolean, a blank for nothing; numbers and text as they are."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return i18n.t("export.yes" if value else "export.no", lang_code)
    if isinstance(value, dt.datetime):
        if value.hour == value.minute == value.second == 0:
            return formats.date(value, lang_code)
        return formats.datetime(value, lang_code)
    if isinstance(value, dt.date):
        return formats.date(value, lang_code)
    return value


def readable(frame):
    """A table's cells as the reader reads them (`readable_cell`): dates in their language,
    yes/no, no "None", "NaT" or "True". Numeric columns stay numbers (they sort)."""
    code = lang()
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            continue
        out[column] = [readable_cell(v, code) for v in values.astype(object)]
    return out


def cities_table(frame) -> None:
    """The cities table of the home and cities pages: labelled columns, each as wide as its
    longest text (the stage names and challenges whole), full width."""
    shown = frame.drop(columns=["stage_index"])
    config = {}
    for column in shown.columns:
        header = t_plain(f"column.{column}")
        cap = _COLUMN_CAP_PX.get(column, 300)
        config[column] = st.column_config.TextColumn(
            header, width=column_width(shown[column], header, cap)
        )
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)


def fact(label: str, value: str, help: str | None = None, *, where=None) -> None:
    """A labelled value like st.metric's, for a long value (a stage's name): st.metric cuts
    its value to one line ("Stakeholder en…"); this wraps it. `label` and `value` are Markdown
    (ours, or escaped); `where` is a column or container (default: here)."""
    target = where or st
    target.caption(label, help=help)
    target.markdown(f"**{value}**")


# --- charts ------------------------------------------------------------------------------------


def csv_of(frame) -> str:
    """A frame as CSV text, every cell through `cells.safe` (no formula reaches a spreadsheet)."""
    columns = [str(c) for c in frame.columns]
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return cells.csv_text(columns, [{str(k): v for k, v in row.items()} for row in rows])


def chart(
    chart,
    frame=None,
    *,
    key: str | None,
    nested: bool = False,
    on_select: str = "ignore",
    files: tuple[tuple[str, Callable[[], bytes | str], str, str], ...] = (),
    full: Callable[[], Any] | None = None,
):
    """Draw a chart and, next to it, the same numbers: a "Data" expander (a popover when the
    chart is already inside an expander, which cannot hold another) with the table and a CSV
    download. The chart carries its text alternative (Vega-Lite `description`, set by its
    builder). `frame=None` only where the page shows the chart's table next to it already;
    `key=None` only then too (a chart drawn twice on a page, like a plan section's).
    `on_select="rerun"` returns the selection event (a click on a city opens it). `files`:
    more downloads next to the CSV, each (label, data built on click, file name, mime type).
    `full`: every row, built on click for the CSV, when `frame` holds only the rows shown."""
    if key is None:
        event = st.altair_chart(chart, width="stretch")
    else:
        event = st.altair_chart(chart, width="stretch", key=key, on_select=on_select)
    if frame is None or key is None:
        return event
    holder = (
        st.popover(t("chart.data"), icon=":material/table:")
        if nested
        else st.expander(t("chart.data"), icon=":material/table:")
    )
    with holder:
        st.dataframe(readable(frame), hide_index=True, width="stretch", key=f"{key}.data")
        st.download_button(
            t("chart.csv"),
            data=(lambda: csv_of(full())) if full is not None else (lambda: csv_of(frame)),
            file_name=f"{key.replace('.', '-')}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key=f"{key}.csv",
        )
        for label, data, file_name, mime in files:
            st.download_button(
                label,
                data=data,
                file_name=file_name,
                mime=mime,
                on_click="ignore",
                icon=":material/image:",
                key=f"{key}.{file_name.rsplit('.', 1)[-1]}",
            )
    return event


# --- messages ----------------------------------------------------------------------------------


def field_label(field: str) -> str:
    key = f"field.{field}"
    return t(key) if i18n.has(key) else field


def validation_messages(exc: pydantic.ValidationError) -> list[str]:
    """One translated line per error, naming the field (the path inside nested input)."""
    lines = []
    for error in exc.errors():
        path = ".".join(str(p) for p in error["loc"]) or "-"
        field = field_label(str(error["loc"][-1])) if error["loc"] else "-"
        key = f"validation.{error['type']}"
        ctx = {
            k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, (int, float, str))
        }
        detail = t(key, **ctx) if i18n.has(key) else error["msg"]
        lines.append(t("validation.line", field=field, path=path, detail=detail))
    return lines


def show_error(exc: Exception) -> None:
    """Show a domain or validation error as a clear, translated message."""
    if isinstance(exc, pydantic.ValidationError):
        st.error("\n\n".join(validation_messages(exc)), icon=":material/error:")
    elif isinstance(exc, InvalidInput):
        params = {k: v for k, v in exc.params.items() if k != "field"}
        st.error(
            t(
                "validation.line",
                field=field_label(exc.field),
                path=exc.field,
                detail=t(exc.key, **params),
            ),
            icon=":material/error:",
        )
    elif isinstance(exc, AtelierError):
        st.error(t(exc.key, **exc.params), icon=":material/error:")
    else:
        raise exc


def attempt(fn: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a call that validates input (no write); show its error. Returns (ok, result)."""
    try:
        return True, fn()
    except (pydantic.ValidationError, AtelierError) as exc:
        show_error(exc)
        return False, None


def show_conflict(exc: Conflict, fields: set[str] | None = None) -> None:
    """Someone saved first: say so, and show what is stored now (the form keeps the typing)."""
    st.warning(t("app.conflict"), icon=":material/sync_problem:")
    stored = exc.current.model_dump(mode="json", include=fields, exclude={"revision"})
    st.json(stored, expanded=False)


def write(
    fn: Callable[[], Any],
    *,
    success: str | None = None,
    on_conflict: Callable[[Conflict], None] | None = None,
    errors: Callable[[Exception], None] | None = None,
) -> tuple[bool, Any]:
    """The one way a page runs a write. Returns (ok, result); never shows a traceback.

    Success: cached reads are cleared and, with `success`, the message is flashed and the page
    reruns (so a rerun never repeats the write). A validation or permission error is shown by
    field (or by `errors`, for nested input). A conflict (someone saved first) goes to
    `on_conflict`, or to the generic conflict view; what the person typed stays in the form.
    """
    try:
        result = fn()
    except Conflict as exc:
        changed()
        (on_conflict or show_conflict)(exc)
        return False, None
    except (pydantic.ValidationError, AtelierError) as exc:
        (errors or show_error)(exc)
        return False, None
    changed()
    if success is not None:
        flash(success)
        st.rerun()
    return True, result


def flash(message: str) -> None:
    """A success line shown once, on the next run (after st.rerun)."""
    st.session_state[Keys.FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(Keys.FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def empty(message_key: str) -> None:
    st.info(t(message_key), icon=":material/info:")
