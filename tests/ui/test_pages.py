"""Every page renders for every role on the demo network; the shell's flows work.

The page list is app.PAGES (read from app.py); a page is visible to a role when the role has
the page's action in the role table, and then it must render without an exception or an error
box. Every page is opened at its own address (`run_app` switches to the page registered under
the file's name: what a shared link `/record` opens), the landing page too (it also lives at
`/`). A page the role may not see is not in its menu; its address says so in the person's
language, and shows nothing else.
"""

from __future__ import annotations

import pytest

from models.user import ROLES
from services.accounts import accounts, login
from services.core import i18n, permissions, store
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import app_pages, has, open_address, problems, run_app, shown

PAGES = app_pages()


def titles(at) -> list[str]:
    return [shown(t.value) for t in at.title]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_every_role(world, role):
    """One demo world per role, every page of app.PAGES; every failing page is reported."""
    user = world[role]
    refusal = i18n.t("app.page_not_for_role", "en", role=i18n.t(f"role.{role}", "en"))
    failures = []
    for path, _title, _icon, action in PAGES:
        address = path.split("/")[-1][:-3]
        if permissions.scope(user, action) is not None:
            at = run_app(user.id, path)
            if problems(at):
                failures.append(f"{path}: {problems(at)}")
            elif not (at.title or at.header or at.subheader or at.markdown):
                failures.append(f"{path}: renders nothing")
            # The same page at its own address (a shared link), the landing page's too.
            linked = open_address(user.id, address)
            if problems(linked) or titles(linked) != titles(at):
                failures.append(f"/{address}: {titles(linked)}, not {titles(at)}")
        else:
            # Not in the menu; its address says the role cannot open it, and nothing else.
            at = open_address(user.id, address)
            warnings = [shown(w.value) for w in at.warning]
            if problems(at) or warnings != [refusal] or at.title:
                failures.append(f"/{address}: {problems(at)} {warnings} {titles(at)}")
            try:
                at.switch_page(path)
            except ValueError as exc:  # no page file of it is in this role's navigation
                assert "Could not find a navigation page" in str(exc)
            else:
                failures.append(f"{path}: its file is in the navigation of {role}")
    assert not failures, f"as {role}:\n" + "\n".join(failures)


def test_a_shared_link_to_a_page_the_role_lacks_says_so_in_french(world):
    at = open_address(world["viewer"].id, "admin", state={"session.lang": "fr"})
    assert not problems(at)
    refusal = i18n.t("app.page_not_for_role", "fr", role=i18n.t("role.viewer", "fr"))
    assert [shown(w.value) for w in at.warning] == [refusal]
    assert "Observateur" in refusal


DEMO_TITLE = "Africa-Europe Digital Cities"  # the demo network's name: the home page title


def test_every_role_lands_on_its_landing_page(world):
    for role in ROLES:
        at = run_app(world[role].id)
        assert not problems(at), role
        # Local action group members land on the record page (they come to record results).
        expected = i18n.t("record.title", "en") if role == "lag_member" else DEMO_TITLE
        assert titles(at) == [expected], role


# --- first run, login, language -------------------------------------------------------------


FIRST_PASSWORD = "first run pass 2026"


def fill_setup(at, *, demo: bool, network: str = "", password: str = FIRST_PASSWORD):
    # The network's name is asked only without the demo (which brings its own network).
    at.checkbox(key="setup.demo").check() if demo else at.checkbox(key="setup.demo").uncheck()
    at.run()
    assert has(at, "text_input", "setup.network_name") is not demo
    if not demo:
        at.text_input(key="setup.network_name").input(network)
    at.text_input(key="setup.display_name").input("Fatou Diop")
    at.text_input(key="setup.username").input("fatou.diop")
    at.text_input(key="setup.password").input(password)
    at.text_input(key="setup.confirm").input(password)
    at.button(key="setup.submit").click().run()


def test_first_run_with_the_demo_lands_on_home(db):
    at = run_app()
    assert titles(at) == [i18n.t("setup.title", "en")]
    fill_setup(at, demo=True)
    assert not problems(at)
    assert titles(at) == [DEMO_TITLE]
    assert at.subheader[0].value == i18n.t("home.cities", "en", count=12)
    user = login.authenticate("fatou.diop", FIRST_PASSWORD)
    assert user.role == "admin"
    assert at.session_state["session.user_id"] == user.id
    assert db.count("cities") == 12
    # The first-run screen is gone for good: a new visitor gets the login page.
    assert titles(run_app()) == [i18n.t("login.title", "en")]


def test_a_french_first_run_stays_french_and_the_account_is_stored_french(db):
    at = run_app()
    at.selectbox(key="app.language").set_value("fr").run()  # the first-run screen's picker
    assert titles(at) == [i18n.t("setup.title", "fr")]
    fill_setup(at, demo=True)
    assert not problems(at)
    assert titles(at) == [DEMO_TITLE]
    assert at.subheader[0].value == i18n.t("home.cities", "fr", count=12)
    assert login.authenticate("fatou.diop", FIRST_PASSWORD).language == "fr"
    assert at.session_state["session.lang"] == "fr"
    # A page opened next is French too.
    at.switch_page("screens/roles.py").run()
    assert titles(at) == [i18n.t("roles.title", "fr")]


def test_first_run_without_the_demo_creates_an_empty_network(db):
    at = run_app()
    fill_setup(at, demo=False, network="")
    assert problems(at)  # the network name is required without the demo
    assert db.count("users") == 0
    fill_setup(at, demo=False, network="Réseau des villes côtières")
    assert not problems(at)
    assert titles(at) == ["Réseau des villes côtières"]
    assert at.info[0].value == i18n.t("home.no_cities", "en")
    assert db.count("users") == 1 and db.count("cities") == 0


def test_first_run_refuses_a_weak_password_and_writes_nothing(db):
    at = run_app()
    fill_setup(at, demo=True, password="short")
    assert problems(at)
    assert titles(at) == [i18n.t("setup.title", "en")]
    assert db.count("users") == 0


def test_login_logs_in(world):
    at = run_app()
    assert titles(at) == [i18n.t("login.title", "en")]
    at.text_input(key="login.username").input("coordinator.demo")
    at.text_input(key="login.password").input(world.password)
    at.button(key="login.submit").click().run()
    assert not problems(at)
    assert at.session_state["session.user_id"] == world["coordinator"].id
    assert titles(at) == [DEMO_TITLE]


def test_wrong_password_shows_the_generic_message(world):
    at = run_app()
    for username in ("coordinator.demo", "nobody.here"):
        at.text_input(key="login.username").input(username)
        at.text_input(key="login.password").input("wrong password 123")
        at.button(key="login.submit").click().run()
        assert [e.value for e in at.error] == [i18n.t("auth.login_failed", "en")]
        assert "session.user_id" not in at.session_state


def test_language_switch_to_french_changes_titles_and_is_remembered(world):
    admin = world["admin"]
    at = run_app(admin.id, "screens/roles.py")
    assert titles(at) == [i18n.t("roles.title", "en")]
    at.selectbox(key="app.language").select("fr").run()
    assert not problems(at)
    assert titles(at) == [i18n.t("roles.title", "fr")]
    assert at.button(key="app.logout").label == i18n.t("app.logout", "fr")
    assert accounts.get_user(admin.id).language == "fr"
    # The next session of this user starts in French.
    fresh = run_app()
    fresh.text_input(key="login.username").input(admin.username)
    fresh.text_input(key="login.password").input(ADMIN_PASSWORD)
    fresh.button(key="login.submit").click().run()
    fresh.switch_page("screens/roles.py").run()
    assert titles(fresh) == [i18n.t("roles.title", "fr")]


def test_logout_returns_to_login(world):
    at = run_app(world["viewer"].id)
    at.button(key="app.logout").click().run()
    assert titles(at) == [i18n.t("login.title", "en")]
    assert "session.user_id" not in at.session_state


def test_unreachable_store_shows_a_clear_message(monkeypatch):
    def unavailable():
        raise store.StoreUnavailable("Cannot reach MongoDB at db.example.org:27017 within 5 s")

    monkeypatch.setattr(store, "get", unavailable)
    at = run_app()
    assert not at.exception
    assert "db.example.org:27017" in shown(at.error[0].value)
