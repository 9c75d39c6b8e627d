"""Admin screen, my account, set-password link, login gate (AppTest from app.py)."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from models.user import UserCreate
from screens._ui import forms
from services.accounts import accounts, login, sessions
from services.core import store
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import (
    ROOT,
    TIMEOUT,
    form_key,
    has,
    new_app,
    problems,
    run_app,
    shown,
)

GOOD = "correct horse battery staple"


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.title]
    parts += [e.value for e in at.code] + [str(e.value) for e in at.caption]
    return "\n".join(parts)


# --- the admin screen --------------------------------------------------------------------------


def test_admin_screen_lists_accounts(world):
    at = run_app(world["admin"].id, "screens/admin.py")
    assert not problems(at)
    frame = at.dataframe[0].value
    assert "lag.dakar" in set(frame.iloc[:, 0])
    assert has(at, "text_input", "admin.create.username")
    assert not any("argon2" in str(v) for v in frame.to_numpy().ravel())


@pytest.mark.parametrize("role", ["coordinator", "city_lead", "lag_member", "viewer"])
def test_admin_screen_is_not_offered_to_other_roles(world, role):
    at = run_app(world[role].id)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("screens/admin.py")
    assert not has(at, "text_input", "admin.create.username")


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_admin_page_run_directly_refuses_other_roles(world, role):
    # The page script run on its own, without app.py's navigation: the page guards itself.
    at = AppTest.from_file(str(ROOT / "screens" / "admin.py"), default_timeout=TIMEOUT)
    at.session_state["session.user_id"] = world[role].id
    at.run()
    assert any("user.manage" in shown(e) for e in problems(at))
    assert not has(at, "text_input", "admin.create.username")


def test_create_with_temporary_password_then_forced_change(world):
    at = run_app(world["admin"].id, "screens/admin.py")
    at.text_input(key="admin.create.username").input("new.lead")
    at.text_input(key="admin.create.display_name").input("New Lead")
    at.selectbox(key="admin.create.role").select("city_lead")
    at.multiselect(key="admin.create.cities").select(world.city)
    at.radio(key="admin.create.method").set_value("password")
    at.button(key="admin.create.submit").click().run()
    assert not problems(at)
    created = store.get().find_one("users", {"username": "new.lead"})
    assert created["must_change_password"] and created["city_ids"] == [world.city]
    temporary = at.code[0].value
    assert login.authenticate("new.lead", temporary).id == created["_id"]

    # The new user's menu is "my account" alone, until the password is changed.
    at = run_app(created["_id"])
    assert has(at, "text_input", "account.old")
    assert not has(at, "text_input", "account.display_name")
    at.text_input(key="account.old").input(temporary)
    at.text_input(key="account.new").input(GOOD)
    at.text_input(key="account.confirm").input(GOOD)
    at.button(key="account.password.submit").click().run()
    assert not problems(at)
    assert not accounts.get_user(created["_id"]).must_change_password
    assert has(at, "text_input", "account.display_name")


def test_invite_link_sets_password_once(world):
    at = run_app(world["admin"].id, "screens/admin.py")
    at.text_input(key="admin.create.username").input("invited.viewer")
    at.text_input(key="admin.create.display_name").input("Invited Viewer")
    at.selectbox(key="admin.create.role").select("viewer")
    at.radio(key="admin.create.method").set_value("link")
    at.button(key="admin.create.submit").click().run()
    assert not problems(at)
    link = at.code[0].value
    token = re.search(r"/set_password\?token=([A-Za-z0-9_-]+)$", link).group(1)

    at = run_app(token=token)  # nobody logged in: the link page, not the login page
    assert not has(at, "text_input", "login.username")
    at.text_input(key="set_password.password").input(GOOD)
    at.text_input(key="set_password.confirm").input(GOOD)
    at.button(key="set_password.submit").click().run()
    assert not problems(at)
    user = login.authenticate("invited.viewer", GOOD)
    assert at.session_state["session.user_id"] == user.id

    again = run_app(token=token)
    assert "accounts.link_invalid" not in texts(again)
    assert problems(again) and not has(again, "text_input", "set_password.password")


@pytest.mark.parametrize("token", ["nonsense", "$ne", "x" * 43])
def test_bad_token_shows_a_clear_message(world, token):
    at = run_app(token=token)
    assert problems(at)
    assert not has(at, "text_input", "set_password.password")


def test_edit_role_and_deactivate(world):
    lag = world["lag_member"]
    at = run_app(world["admin"].id, "screens/admin.py")
    at.selectbox(key="admin.edit.user").select(lag.id).run()
    at.selectbox(key="admin.edit.role").select("city_lead")
    at.button(key="admin.edit.save").click().run()
    assert not problems(at)
    assert accounts.get_user(lag.id).role == "city_lead"
    at.button(key="admin.edit.deactivate").click().run()
    assert not problems(at)
    assert not accounts.get_user(lag.id).active
    assert has(at, "button", "admin.edit.reactivate")


def test_last_admin_cannot_deactivate_themselves(world):
    admin = world["admin"]
    at = run_app(admin.id, "screens/admin.py")
    at.selectbox(key="admin.edit.user").select(admin.id).run()
    at.button(key="admin.edit.deactivate").click().run()
    assert any("last active administrator" in e for e in problems(at))
    assert accounts.get_user(admin.id).active


# --- the login gate ----------------------------------------------------------------------------


def test_deactivated_users_session_ends_at_next_action(world):
    lag = world["lag_member"]
    at = run_app(lag.id, "screens/home.py")
    assert not has(at, "text_input", "login.username")
    accounts.set_active(world["admin"], lag, False)
    st.cache_data.clear()  # the 3-second cache of the session's user, without sleeping
    at.run()
    assert has(at, "text_input", "login.username")
    assert "session.user_id" not in at.session_state


def test_password_reset_ends_open_sessions(world):
    lag = world["lag_member"]
    at = run_app(lag.id, "screens/home.py")
    assert not has(at, "text_input", "login.username")
    accounts.reset_password(world["admin"], lag, "a fresh temporary pass")
    st.cache_data.clear()  # the 3-second cache of the session's user, without sleeping
    at.run()
    assert has(at, "text_input", "login.username")
    assert "session.user_id" not in at.session_state


def test_first_run_screen_only_until_an_account_exists(db):
    at = run_app()
    assert has(at, "text_input", "setup.username")
    at.checkbox(key="setup.demo").uncheck().run()
    at.text_input(key="setup.network_name").input("Our network")
    at.text_input(key="setup.display_name").input("First Admin")
    at.text_input(key="setup.username").input("first.admin")
    at.text_input(key="setup.password").input(GOOD)
    at.text_input(key="setup.confirm").input(GOOD)
    at.button(key="setup.submit").click().run()
    assert not problems(at)
    assert accounts.any_account()
    # Any new session now gets the login page, never the setup screen again.
    fresh = run_app()
    assert has(fresh, "text_input", "login.username")
    assert not has(fresh, "text_input", "setup.username")


def test_login_gives_the_same_message_for_unknown_and_wrong(world):
    messages = []
    for username, password in [("nobody.here", GOOD), ("admin.test", "wrong password here")]:
        at = run_app()
        at.text_input(key="login.username").input(username)
        at.text_input(key="login.password").input(password)
        at.button(key="login.submit").click().run()
        messages.append(problems(at))
    assert messages[0] == messages[1] and len(messages[0]) == 1
    at = run_app()
    at.text_input(key="login.username").input("admin.test")
    at.text_input(key="login.password").input(ADMIN_PASSWORD)
    at.button(key="login.submit").click().run()
    assert at.session_state["session.user_id"] == world["admin"].id


def test_single_sign_on_offered_only_when_configured(world):
    at = run_app()
    assert not has(at, "button", "login.sso")
    at = new_app()
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not a real secret",
        "client_id": "atelier",
        "client_secret": "not a real secret",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
    }
    at.run()
    assert has(at, "button", "login.sso")


def test_my_account_saves_name_as_plain_text(world):
    viewer = world["viewer"]
    at = run_app(viewer.id, "screens/account.py")
    at.text_input(key="account.display_name").input("<img src=x onerror=alert(1)>")
    at.button(key="account.profile.submit").click().run()
    assert not problems(at)
    assert accounts.get_user(viewer.id).display_name == "<img src=x onerror=alert(1)>"
    # The sidebar shows it with every Markdown/HTML character escaped.
    assert r"\<img src\=x onerror\=alert\(1\)\>" in texts(at)


def test_created_accounts_keep_their_cities_in_the_network(world):
    data = UserCreate(username="x.lead", display_name="X", role="city_lead", city_ids=["nope"])
    with pytest.raises(Exception) as caught:
        accounts.create_user(world["admin"], data, GOOD)
    assert getattr(caught.value, "key", "") == "accounts.unknown_city"


# --- lockout, kept logins, defaults (issues 9 and 10) -------------------------------------------


def test_admin_unlocks_a_locked_account_from_the_page(world):
    lag = world["lag_member"]
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate(lag.username, "wrong password here")
    at = run_app(world["admin"].id, "screens/admin.py")
    at.selectbox(key="admin.edit.user").select(lag.id).run()
    assert has(at, "button", "admin.edit.unlock")
    at.button(key="admin.edit.unlock").click().run()
    assert not problems(at)
    assert not login.is_locked(accounts.get_user(lag.id))
    assert login.authenticate(lag.username, world.password).id == lag.id
    assert not has(at, "button", "admin.edit.unlock")  # nothing to unlock any more


def test_unlock_is_offered_only_for_a_locked_account(world):
    at = run_app(world["admin"].id, "screens/admin.py")
    at.selectbox(key="admin.edit.user").select(world["viewer"].id).run()
    assert not has(at, "button", "admin.edit.unlock")


def test_create_starts_on_the_least_privileged_role(world):
    at = run_app(world["admin"].id, "screens/admin.py")
    assert at.selectbox(key="admin.create.role").value == "viewer"


def test_logging_in_opens_a_kept_session_and_logging_out_revokes_it(world):
    at = new_app()
    at.run()
    at.text_input(key="login.username").input("admin.test")
    at.text_input(key="login.password").input(ADMIN_PASSWORD)
    at.button(key="login.submit").click().run()
    session_id = at.session_state["session.session_id"]
    assert sessions.is_open(session_id)
    # The browser is asked to fetch the one-time code that the cookie route exchanges.
    assert any("/api/session/bind?code=" in h.proto.body for h in at.get("html"))
    at.button(key="app.logout").click().run()
    assert not sessions.is_open(session_id)
    assert has(at, "text_input", "login.username")


def test_a_revoked_session_ends_at_next_action(world):
    at = new_app()
    at.run()
    at.text_input(key="login.username").input("admin.test")
    at.text_input(key="login.password").input(ADMIN_PASSWORD)
    at.button(key="login.submit").click().run()
    assert not has(at, "text_input", "login.username")
    sessions.revoke_all(world["admin"].id)  # e.g. logged out in another tab
    st.cache_data.clear()  # the 3-second cache, without sleeping
    at.run()
    assert has(at, "text_input", "login.username")


def test_first_run_asks_no_network_name_for_the_demo(db):
    at = new_app()
    at.run()
    assert at.checkbox(key="setup.demo").value
    assert not has(at, "text_input", "setup.network_name")
    at.checkbox(key="setup.demo").uncheck().run()
    assert has(at, "text_input", "setup.network_name")


def test_every_demo_account_is_listed_on_the_accounts_page(world):
    at = run_app(world["admin"].id, "screens/admin.py")
    demo = store.get().find("users", {"_id": {"$regex": "^demo-"}})
    assert len(demo) > 8
    tables = [df.value for df in at.dataframe]
    listed = next(t for t in tables if len(t) == len(demo))
    assert sorted(listed.iloc[:, 0]) == sorted(u["username"] for u in demo)
    lead = next(u for u in demo if u["role"] == "city_lead")
    row = listed[listed.iloc[:, 0] == lead["username"]].iloc[0]
    city = store.get().find_one("cities", {"_id": lead["city_ids"][0]})
    assert row.iloc[1] == "City lead" and city["name"] in row.iloc[2]


def test_no_demo_section_once_demo_accounts_are_gone(world):
    store.get().delete_many("users", {"_id": {"$regex": "^demo-"}})
    at = run_app(world["admin"].id, "screens/admin.py")
    assert all("Demo" not in e.label for e in at.expander)


def test_roles_page_promises_no_account_free_participants(world):
    at = run_app(world["admin"].id, "screens/roles.py")
    text = " ".join(c.value for c in at.caption)
    assert "Workshop participants need no account" not in text
    assert "join code" not in text


def test_a_second_click_on_create_and_on_change_password_is_answered_not_sent(world, monkeypatch):
    """Within a click burst (screens/_ui/forms.py), the repeat of a saved account form shows the
    first result: not "username taken", not "the old password is wrong"; one account."""
    monkeypatch.setattr(forms, "BURST_S", 60.0)  # as fast as a thumb, at a test's pace
    at = run_app(world["admin"].id, "screens/admin.py")
    at.text_input(key="admin.create.username").input("twice.clicked")
    at.text_input(key="admin.create.display_name").input("Twice")
    at.radio(key="admin.create.method").set_value("password")
    at.button(key="admin.create.submit").click().run()
    temporary = at.code[0].value
    assert at.text_input(key=form_key(at, "admin.create", "username")).value == ""  # cleared
    at.button(key="admin.create.submit").click().run()  # the empty new form
    assert not problems(at)
    assert any("twice" in shown(s.value) for s in at.success)
    assert store.get().count("users", {"username": "twice.clicked"}) == 1
    created = login.authenticate("twice.clicked", temporary)

    at = run_app(created.id)
    at.text_input(key="account.old").input(temporary)
    at.text_input(key="account.new").input(GOOD)
    at.text_input(key="account.confirm").input(GOOD)
    at.button(key="account.password.submit").click().run()
    revision = accounts.get_user(created.id).revision
    assert not has(at, "text_input", "account.old")  # drawn empty: fresh keys once saved
    at.button(key="account.password.submit").click().run()  # the empty new form
    assert not problems(at)
    assert accounts.get_user(created.id).revision == revision
    assert login.authenticate("twice.clicked", GOOD).id == created.id
