"""Accounts of the network (administrators): create, invite, edit access, reset, deactivate."""

import streamlit as st

from models.user import ROLES, UserAccess, UserCreate
from screens import _ui as ui
from screens._accounts import forms as _accounts
from services.accounts import accounts, login, passwords
from services.core import i18n

user = ui.page_user("user.manage")
st.title(ui.t("accounts.admin.title"))
ui.show_flash()
_accounts.show_secret()

users = _accounts.managed_users(user)
cities = ui.user_cities(user)
city_names = {c.id: c.name for c in cities}


def role_label(role: str) -> str:
    return ui.t(f"role.{role}")


def city_label(city_id: str) -> str:
    return city_names.get(city_id, city_id)


frame = accounts.accounts_frame(users, city_names)
frame["role"] = frame["role"].map(role_label)
ui.table(
    ui.readable(frame).rename(columns=lambda c: ui.t(f"accounts.column.{c}")),
    hide_index=True,
    width="stretch",
)

demo = accounts.demo_accounts(user)
if demo:
    # Every demo account, for as long as they exist (the first-run screen had no room).
    with st.expander(
        ui.t("accounts.admin.demo", count=len(demo)), icon=":material/key:", expanded=False
    ):
        st.caption(ui.t("accounts.admin.demo_help"))
        demo_frame = accounts.demo_accounts_frame(demo, city_names)
        demo_frame["role"] = demo_frame["role"].map(role_label)
        ui.table(
            ui.readable(demo_frame).rename(columns=lambda c: ui.t(f"accounts.column.{c}")),
            hide_index=True,
            width="stretch",
            key="admin.demo.table",
        )

create_tab, edit_tab = st.tabs([ui.t("accounts.admin.create"), ui.t("accounts.admin.edit")])

# Drawn empty by its next version once an account is created (screens/_ui/forms.py).
create_form = ui.form_state("admin.create")
with create_tab, st.form("admin.create.form", clear_on_submit=False):
    username = st.text_input(ui.t("field.username"), key=create_form.key("username"))
    display_name = st.text_input(ui.t("accounts.field.name"), key=create_form.key("display_name"))
    email = st.text_input(ui.t("accounts.field.email_sso"), key=create_form.key("email"))
    # Starts on the least privileged role: more access is a deliberate choice.
    role = st.selectbox(
        ui.t("accounts.field.role"),
        ROLES,
        index=ROLES.index("viewer"),
        format_func=role_label,
        key=create_form.key("role"),
    )
    city_ids = st.multiselect(
        ui.t("accounts.field.cities"),
        list(city_names),
        format_func=city_label,
        key=create_form.key("cities"),
    )
    language = st.selectbox(
        ui.t("app.language"),
        list(i18n.languages()),
        format_func=i18n.language_name,
        key=create_form.key("language"),
    )
    method = st.radio(
        ui.t("accounts.admin.method"),
        ["link", "password"],
        format_func=lambda m: ui.t(f"accounts.admin.method_{m}"),
        key=create_form.key("method"),
    )
    create = st.form_submit_button(
        ui.t("accounts.admin.create_submit"), type="primary", key="admin.create.submit"
    )

if create:

    def create_account():
        data = UserCreate(
            username=username,
            display_name=display_name,
            email=email.strip() or None,
            role=role,
            city_ids=city_ids,
            language=language,
        )
        submission = create_form.submission
        if method == "password":
            # One temporary password per submission: a repeated one shows the password stored.
            password = st.session_state.setdefault(
                f"admin.create.password.{submission}", passwords.new_temporary_password()
            )
            created = accounts.create_user(
                user, data, password, must_change=True, submission=submission
            )
            _accounts.keep_secret("password", created.username, password)
        else:
            created, token = accounts.invite_user(user, data, submission=submission)
            if token:  # "": a repeated submission, whose first send kept the link
                _accounts.keep_secret("link", created.username, _accounts.set_password_link(token))
        return created

    if _accounts.run(
        create_account,
        "accounts.admin.created",
        form=create_form,
        username=username.strip().lower(),
    ):
        st.session_state.pop(f"admin.create.password.{create_form.submission}", None)
        st.rerun()

with edit_tab:
    by_id = {u.id: u for u in users}
    target_id = st.selectbox(
        ui.t("accounts.admin.pick"),
        list(by_id),
        format_func=lambda i: f"{by_id[i].username} — {by_id[i].display_name}",
        key="admin.edit.user",
    )
    target = by_id.get(target_id)
    if target is None:
        st.stop()

    # Load the chosen account into the form once per account and revision (keys stay stable).
    loaded = (target.id, target.revision)
    if st.session_state.get("admin.edit.loaded") != loaded:
        st.session_state["admin.edit.loaded"] = loaded
        st.session_state["admin.edit.display_name"] = target.display_name
        st.session_state["admin.edit.email"] = target.email or ""
        st.session_state["admin.edit.role"] = target.role
        st.session_state["admin.edit.cities"] = [c for c in target.city_ids if c in city_names]

    status = [ui.t("accounts.status.active" if target.active else "accounts.status.inactive")]
    if login.is_locked(target):
        status.append(ui.t("accounts.status.locked"))
    if target.must_change_password:
        status.append(ui.t("accounts.status.must_change"))
    if target.token_hash:
        status.append(ui.t("accounts.status.link_pending"))
    st.caption(" · ".join(status))

    edit_form = ui.form_state(f"admin.edit.{target.id}")
    with st.form("admin.edit.form"):
        st.text_input(ui.t("accounts.field.name"), key="admin.edit.display_name")
        st.text_input(ui.t("accounts.field.email_sso"), key="admin.edit.email")
        st.selectbox(
            ui.t("accounts.field.role"), ROLES, format_func=role_label, key="admin.edit.role"
        )
        st.multiselect(
            ui.t("accounts.field.cities"),
            list(city_names),
            format_func=city_label,
            key="admin.edit.cities",
        )
        save = st.form_submit_button(ui.t("accounts.admin.save"), key="admin.edit.save")

    if save:

        def save_access():
            data = UserAccess(
                display_name=st.session_state["admin.edit.display_name"],
                email=st.session_state["admin.edit.email"].strip() or None,
                role=st.session_state["admin.edit.role"],
                city_ids=st.session_state["admin.edit.cities"],
            )
            return accounts.update_access(user, target, data, submission=edit_form.submission)

        if _accounts.run(
            save_access, "accounts.admin.saved", form=edit_form, username=target.username
        ):
            st.rerun()

    st.subheader(ui.t("accounts.admin.access"))
    unlock = login.is_locked(target) and st.button(
        ui.t("accounts.admin.unlock"), key="admin.edit.unlock", icon=":material/lock_open:"
    )
    if unlock and _accounts.run(
        lambda: accounts.unlock(user, target), "accounts.admin.unlocked", username=target.username
    ):
        st.rerun()
    left, middle, right = st.columns(3)
    if left.button(ui.t("accounts.admin.reset_password"), key="admin.edit.reset_password"):

        def reset_password():
            password = passwords.new_temporary_password()
            done = accounts.reset_password(user, target, password)
            _accounts.keep_secret("password", target.username, password)
            return done

        if _accounts.run(reset_password, "accounts.admin.reset_done", username=target.username):
            st.rerun()
    if middle.button(ui.t("accounts.admin.reset_link"), key="admin.edit.reset_link"):

        def reset_link():
            done, token = accounts.issue_link(user, target)
            _accounts.keep_secret("link", target.username, _accounts.set_password_link(token))
            return done

        if _accounts.run(reset_link, "accounts.admin.reset_done", username=target.username):
            st.rerun()
    toggle = "deactivate" if target.active else "reactivate"
    if right.button(ui.t(f"accounts.admin.{toggle}"), key=f"admin.edit.{toggle}") and _accounts.run(
        lambda: accounts.set_active(user, target, not target.active),
        f"accounts.admin.{toggle}d",
        username=target.username,
    ):
        st.rerun()
