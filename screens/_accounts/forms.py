"""Account helpers for the pages: cached account list, links, single sign-on."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pydantic
import streamlit as st

from models.user import User
from screens import _ui as ui
from screens._ui import forms
from services.accounts import accounts
from services.core.errors import AtelierError, Conflict

# Session-state keys of the account pages.
SECRET = "session.accounts.secret"  # noqa: S105 - a key: (kind, username, value) shown once


@st.cache_data(ttl=3, show_spinner=False)
def users(_actor: User, actor_key: tuple) -> list[User]:
    return accounts.list_users(_actor)


def run(
    fn: Callable[[], object],
    done_key: str,
    *,
    form: ui.FormState | None = None,
    **values: object,
) -> object | None:
    """Call an account service; on success flash `done_key` and forget cached reads.

    Returns the service's result (None on failure, after showing the error: a conflict means
    someone changed the account meanwhile, so the page shows the stored one on its next run).
    The `form` that sent it follows the one submission mechanism (screens/_ui/forms.py): cleared
    once saved; a send of the form that save drew, within a moment of it, is the tail of the
    same click burst: its message is shown again (with the secret shown above, if any), and
    nothing is sent.
    """
    echo = forms.burst_echo(form, one_action=True) if form is not None else None
    if echo is not None:
        st.success(echo, icon=":material/check_circle:")
        return None
    try:
        result = fn()
    except Conflict:
        ui.changed()
        st.error(ui.t("accounts.admin.conflict"), icon=":material/sync_problem:")
        return None
    except (pydantic.ValidationError, AtelierError) as exc:
        ui.show_error(exc)
        return None
    message = ui.t(done_key, **values)
    ui.flash(message)
    ui.changed()
    if form is not None:
        forms.saved(form, message)
    return result


def managed_users(actor: User) -> list[User]:
    """Every account of the network (admin), cached a few seconds; `ui.changed()` clears it."""
    return users(actor, (actor.id, actor.role, actor.network_id))


def app_base_url() -> str:
    """The app's address as the browser sees it, without the current page's path."""
    url = (getattr(st.context, "url", None) or "").split("?")[0].rstrip("/")
    for suffix in ("/admin", "/account"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url


def set_password_link(token: str) -> str:
    return f"{app_base_url()}/set_password?token={token}"


def keep_secret(kind: str, username: str, value: str) -> None:
    """Remember a temporary password or link to show the administrator once, after rerun."""
    st.session_state[SECRET] = (kind, username, value)


def show_secret() -> None:
    secret = st.session_state.pop(SECRET, None)
    if secret is None:
        return
    kind, username, value = secret
    with st.container(border=True):
        st.markdown(ui.t(f"accounts.secret.{kind}", username=username))
        st.code(value, language=None)
        st.caption(ui.t("accounts.secret.once"))


# --- single sign-on (OpenID Connect through st.login; needs Authlib only when configured) -----


def sso_providers() -> list[str] | None:
    """None without an `[auth]` secrets section; else the named providers ([] for one default)."""
    try:
        section = st.secrets.get("auth")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None
    if not isinstance(section, Mapping):
        return None
    return [name for name, value in section.items() if isinstance(value, Mapping)]


def sso_identity_email() -> str | None:
    """The verified email of the identity provider's user, when SSO is configured and used."""
    if sso_providers() is None or not st.user.get("is_logged_in"):
        return None
    email = st.user.get("email")
    if not isinstance(email, str) or st.user.get("email_verified") is False:
        return ""
    return email


def sso_section() -> None:
    """On the login page: offer st.login, or map the identity to an active account."""
    providers = sso_providers()
    if providers is None:
        return
    email = sso_identity_email()
    if email is not None:
        user = accounts.user_for_email(email) if email else None
        if user is not None:
            ui.login(user)
            st.rerun()
        st.error(ui.t("accounts.sso.no_account", email=email), icon=":material/error:")
        st.button(ui.t("accounts.sso.logout"), key="login.sso.logout", on_click=st.logout)
        return
    st.divider()
    if not providers:
        st.button(ui.t("accounts.sso.login"), key="login.sso", on_click=st.login)
    for name in providers:
        st.button(
            ui.t("accounts.sso.login_with", provider=name),
            key=f"login.sso.{name}",
            on_click=st.login,
            args=(name,),
        )


def sso_logout() -> None:
    """End the identity provider's session too, so the login page does not log back in."""
    if sso_providers() is not None and st.user.get("is_logged_in"):
        st.logout()
