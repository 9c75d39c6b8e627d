"""First run: create the network and the first account (an administrator), maybe the demo."""

import pydantic
import streamlit as st

from models.user import UserCreate
from screens import _ui as ui
from services import setup
from services.core.errors import AtelierError

st.title(ui.t("setup.title"))
st.write(ui.t("setup.intro"))

# Outside the form, so that the network's name is asked only when it will be used (the demo
# brings its own network).
load_demo = st.checkbox(ui.t("setup.load_demo"), value=True, key="setup.demo")
st.caption(ui.t("setup.demo_help"))

with st.form("setup.form"):
    network_name = (
        "" if load_demo else st.text_input(ui.t("field.network_name"), key="setup.network_name")
    )
    display_name = st.text_input(ui.t("field.display_name"), key="setup.display_name")
    username = st.text_input(ui.t("field.username"), key="setup.username")
    password = st.text_input(ui.t("field.password"), type="password", key="setup.password")
    confirm = st.text_input(ui.t("field.password_confirm"), type="password", key="setup.confirm")
    submitted = st.form_submit_button(ui.t("setup.submit"), type="primary", key="setup.submit")

if submitted:
    try:
        # The language of the first-run screen (chosen there, or the browser's) is the account's.
        data = UserCreate(
            username=username, display_name=display_name, role="admin", language=ui.lang()
        )
        user, result = setup.first_run(data, password, confirm, network_name, load_demo)
    except (pydantic.ValidationError, AtelierError) as exc:
        ui.show_error(exc)
    else:
        if result is not None:
            st.session_state[ui.Keys.DEMO_PASSWORD] = (result.usernames, result.password)
        ui.login(user)
        st.session_state[ui.Keys.HAS_ACCOUNT] = True
        ui.changed()
        st.rerun()
