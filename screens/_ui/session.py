"""Who is here: the logged-in user (kept across reloads by a cookie), the page's guard, log in
and out, and the language picker remembered on the account."""

from __future__ import annotations

import re

import streamlit as st

from models.base import utcnow
from models.user import User
from screens._accounts import routes
from screens._ui.messages import show_error
from screens._ui.text import Keys, lang, t
from services.accounts import accounts, sessions
from services.core import i18n, permissions
from services.core.errors import PermissionDenied

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


_PHONE_AGENT = re.compile(r"Mobi|Android|iPhone", re.IGNORECASE)


def on_phone() -> bool:
    """Whether the browser says it is a phone (its user agent, as Streamlit itself decides to
    close the menu after a tap): forms fold their optional details away there."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except (AttributeError, RuntimeError):  # no browser behind this run (AppTest)
        return False
    return bool(_PHONE_AGENT.search(agent))


def not_for_role() -> None:
    """What a page the person's role does not have shows at its address (a shared link): that
    it is not open to them, in their language (app.py serves it instead of the page)."""
    user = current_user()
    role = t(f"role.{user.role}") if user else ""
    st.warning(t("app.page_not_for_role", role=role), icon=":material/lock:")


def page_user(action: str | None = None, *, password_page: bool = False) -> User:
    """The logged-in user, allowed `action`; otherwise a message, and the page stops here.

    Every page starts with this, so that no page relies on app.py's gate alone: a page script
    run on its own (a test, a future Streamlit that runs one) still shows nothing it should not.
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
    """Have the browser call a cookie route (screens/_accounts/routes.py) as an invisible image:
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


def language_switch(user: User | None) -> None:
    """A language picker in the sidebar; remembered on the account when logged in."""
    options = list(i18n.languages())
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
        format_func=i18n.language_name,
        key="app.language",
        on_change=changed,
    )
