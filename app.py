"""Atelier: page config, language, store check, login gate and navigation. No logic here."""

import streamlit as st

from models.user import User
from pages import _ui as ui
from pages._accounts import forms as _accounts
from services.core import health, permissions

st.set_page_config(page_title="Atelier", page_icon=":material/hub:", layout="wide")

# (file, title key, icon, action the role needs to see it); order is the menu's order.
PAGES: list[tuple[str, str, str, str]] = [
    ("pages/home.py", "nav.home", ":material/home:", "network.read"),
    ("pages/dashboard.py", "nav.dashboard", ":material/dashboard:", "dashboard.read"),
    ("pages/cities.py", "nav.cities", ":material/location_city:", "city.read"),
    ("pages/progress.py", "nav.progress", ":material/flag:", "city.read"),
    ("pages/plan.py", "nav.plan", ":material/description:", "plan.read"),
    ("pages/experiments.py", "nav.experiments", ":material/science:", "experiment.read"),
    ("pages/record.py", "nav.record", ":material/edit_note:", "experiment.result.record"),
    ("pages/story.py", "nav.story", ":material/auto_stories:", "experiment.read"),
    ("pages/roles.py", "nav.roles", ":material/shield_person:", "network.read"),
    ("pages/network.py", "nav.network_settings", ":material/tune:", "network.edit"),
    ("pages/account.py", "nav.account", ":material/account_circle:", "network.read"),
    ("pages/admin.py", "nav.admin", ":material/manage_accounts:", "user.manage"),
]


# Where a role lands after logging in (others: the first page, home). Local action group
# members mostly come, on a phone, to record a result.
LANDING = {"lag_member": "pages/record.py"}


def pages_for(user: User) -> list:
    landing = LANDING.get(user.role, PAGES[0][0])
    return [
        st.Page(
            path,
            title=ui.t(title),
            icon=icon,
            url_path=path.split("/")[-1][:-3],
            default=path == landing,
        )
        for path, title, icon, action in PAGES
        if permissions.scope(user, action) is not None
    ]


problem = health.store_problem()
if problem is not None:
    st.error(ui.t("app.store_unavailable", reason=problem), icon=":material/database:")
    st.stop()

user = ui.current_user()
ui.language_switch(user)

if not ui.has_account():
    navigation = st.navigation([st.Page("pages/setup.py", title=ui.t("nav.setup"))])
elif user is None and st.query_params.get("token"):
    # A one-time set-password link: the only page reachable without logging in.
    navigation = st.navigation(
        [st.Page("pages/set_password.py", title=ui.t("nav.set_password"), url_path="set_password")]
    )
elif user is None:
    navigation = st.navigation([st.Page("pages/login.py", title=ui.t("nav.login"))])
else:
    with st.sidebar:
        st.markdown(f"**{_accounts.plain(user.display_name)}**")
        st.caption(ui.t(f"role.{user.role}"))
        if st.button(ui.t("app.logout"), key="app.logout", icon=":material/logout:"):
            ui.logout()
            _accounts.sso_logout()
            st.rerun()
    if user.must_change_password:
        # A temporary password: changing it comes before anything else.
        navigation = st.navigation(
            [st.Page("pages/account.py", title=ui.t("nav.account"), url_path="account")]
        )
    else:
        navigation = st.navigation(pages_for(user))

navigation.run()
