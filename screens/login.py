"""Log in (the only page until someone does)."""

import streamlit as st

from screens import _ui as ui
from screens._accounts import forms as _accounts
from services.accounts import login
from services.core.errors import AtelierError

st.title(ui.t("login.title"))
st.write(ui.t("app.tagline"))

with st.form("login.form"):
    username = st.text_input(ui.t("field.username"), key="login.username")
    password = st.text_input(ui.t("field.password"), type="password", key="login.password")
    submitted = st.form_submit_button(ui.t("login.submit"), type="primary", key="login.submit")

if submitted:
    try:
        user = login.authenticate(username, password)
    except AtelierError as exc:
        ui.show_error(exc)
    else:
        ui.login(user)
        st.rerun()

# Single sign-on, only when an OpenID Connect provider is configured in the secrets.
_accounts.sso_section()

# Workshop participants need no account: the join page takes the code and a name.
st.divider()
st.link_button(
    ui.t("login.join_workshop"), "/join", icon=":material/groups:", key="login.join_workshop"
)
