"""My account: display name, language and password (forced first while a change is due)."""

import streamlit as st

from models.user import Profile
from screens import _ui as ui
from screens._accounts import forms as _accounts
from services.accounts import accounts, passwords
from services.core import i18n

user = ui.page_user("network.read", password_page=True)
st.title(ui.t("accounts.me.title"))
ui.show_flash()
if user.must_change_password:
    st.warning(ui.t("accounts.me.must_change"), icon=":material/lock_reset:")

cities = {c.id: c.name for c in ui.user_cities(user)}
st.markdown(
    ui.t(
        "accounts.me.who",
        username=user.username,
        role=ui.t(f"role.{user.role}"),
    )
)
if user.city_ids:
    names = ", ".join(cities.get(c, c) for c in user.city_ids)
    st.caption(ui.t("accounts.me.cities", cities=names))


# Cleared once the change is saved (screens/_ui/forms.py), not in the browser before.
password_form = ui.form_state("account.password", keys="account")
with st.form("account.password.form"):
    st.subheader(ui.t("accounts.me.password"))
    old = st.text_input(
        ui.t("accounts.field.old_password"), type="password", key=password_form.key("old")
    )
    new = st.text_input(
        ui.t("accounts.field.new_password"), type="password", key=password_form.key("new")
    )
    confirm = st.text_input(
        ui.t("field.password_confirm"), type="password", key=password_form.key("confirm")
    )
    st.caption(ui.t("accounts.me.password_rules", min=passwords.PASSWORD_MIN))
    change = st.form_submit_button(
        ui.t("accounts.me.change_password"), type="primary", key="account.password.submit"
    )

if change and _accounts.run(
    lambda: accounts.change_password(
        user,
        old,
        new,
        confirm,
        session_id=st.session_state.get(ui.Keys.SESSION_ID),
        submission=password_form.submission,
    ),
    "accounts.me.password_changed",
    form=password_form,
):
    ui.renew_login()  # the other sessions have ended; this one goes on
    st.rerun()

if user.must_change_password:
    st.stop()

with st.form("account.profile.form"):
    st.subheader(ui.t("accounts.me.profile"))
    display_name = st.text_input(
        ui.t("accounts.field.name"), value=user.display_name, key="account.display_name"
    )
    languages = list(i18n.languages())
    language = st.selectbox(
        ui.t("app.language"),
        languages,
        index=languages.index(user.language),
        format_func=i18n.language_name,
        key="account.language",
    )
    save = st.form_submit_button(ui.t("accounts.me.save"), key="account.profile.submit")

profile_form = ui.form_state("account.profile")
if save and _accounts.run(
    lambda: accounts.update_profile(
        user,
        Profile(display_name=display_name, language=language),
        submission=profile_form.submission,
    ),
    "accounts.me.saved",
    form=profile_form,
):
    st.session_state[ui.Keys.LANG] = language
    st.session_state[ui.Keys.LANG_SYNC] = True
    st.rerun()
