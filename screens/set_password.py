"""Set a password from a one-time link (reachable without logging in)."""

import pydantic
import streamlit as st

from screens import _ui as ui
from services.accounts import login, passwords
from services.core.errors import AtelierError

st.title(ui.t("accounts.link.title"))

# Query parameters are plain strings from the browser: the service checks shape and validity.
token = st.query_params.get("token", "")
try:
    target = login.link_user(token)
except AtelierError as exc:
    ui.show_error(exc)
    st.stop()

st.markdown(ui.t("accounts.link.for", username=target.username))
current = ui.current_user()
if current is not None and current.id != target.id:
    st.info(
        ui.t("accounts.link.other_session", current=current.username, username=target.username),
        icon=":material/swap_horiz:",
    )

with st.form("set_password.form"):
    password = st.text_input(ui.t("field.password"), type="password", key="set_password.password")
    confirm = st.text_input(
        ui.t("field.password_confirm"), type="password", key="set_password.confirm"
    )
    st.caption(ui.t("accounts.me.password_rules", min=passwords.PASSWORD_MIN))
    submitted = st.form_submit_button(
        ui.t("accounts.link.submit"), type="primary", key="set_password.submit"
    )

if submitted:
    try:
        user = login.set_password_with_link(token, password, confirm)
    except (pydantic.ValidationError, AtelierError) as exc:
        ui.show_error(exc)
    else:
        st.query_params.clear()
        if current is not None:
            ui.logout()  # the session the link replaces ends here and on the server
        ui.login(user)
        ui.changed()
        st.rerun()
