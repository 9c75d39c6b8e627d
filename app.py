"""Atelier: page config, language, store check, login gate and navigation. No logic here.

`streamlit run app.py` reads this file, finds the `st.App` below and serves it: Streamlit,
running this file as the script of every session (`main()`), plus the web routes that set and
clear the login cookie (screens/_accounts/routes.py) and a workshop participant's cookie
(screens/_workshops/routes.py), which a script cannot do, and a middleware that compresses
Streamlit's static files (screens/_ui/wire.py).
"""

import pathlib

import streamlit as st

from models.user import User
from screens import _ui as ui
from screens._accounts import forms as _accounts
from screens._reporting import reminders as _reminders
from screens._ui import drafts, forms
from screens._workshops import board as _workshops
from services import wiring
from services.core import health, permissions

ICON = str(pathlib.Path(__file__).with_name("assets") / "favicon.png")

# What follows every write (a city's summary): installed once per process (services/wiring.py).
wiring.install()

# (file, title key, icon, action the role needs to see it); order is the menu's order.
PAGES: list[tuple[str, str, str, str]] = [
    ("screens/home.py", "nav.home", ":material/home:", "network.read"),
    ("screens/dashboard.py", "nav.dashboard", ":material/dashboard:", "dashboard.read"),
    ("screens/cities.py", "nav.cities", ":material/location_city:", "city.read"),
    ("screens/progress.py", "nav.progress", ":material/flag:", "city.read"),
    ("screens/plan.py", "nav.plan", ":material/description:", "plan.read"),
    ("screens/experiments.py", "nav.experiments", ":material/science:", "experiment.read"),
    ("screens/record.py", "nav.record", ":material/edit_note:", "experiment.result.record"),
    ("screens/story.py", "nav.story", ":material/auto_stories:", "experiment.read"),
    ("screens/checkin.py", "nav.checkin", ":material/mood:", "checkin.read"),
    ("screens/reports.py", "nav.reports", ":material/summarize:", "report.read"),
    ("screens/coordination.py", "nav.coordination", ":material/handshake:", "learning.read"),
    ("screens/workshop.py", "nav.workshop", ":material/groups:", "workshop.read"),
    ("screens/roles.py", "nav.roles", ":material/shield_person:", "network.read"),
    ("screens/network.py", "nav.network_settings", ":material/tune:", "network.edit"),
    ("screens/account.py", "nav.account", ":material/account_circle:", "network.read"),
    ("screens/admin.py", "nav.admin", ":material/manage_accounts:", "user.manage"),
]


# Where a role lands after logging in (others: the first page, home). Local action group
# members mostly come, on a phone, to record a result.
LANDING = {"lag_member": "screens/record.py"}


def pages_for(user: User) -> list:
    """The menu of this role: one flat list (Streamlit's sectioned menu nests a <div> in its
    list, which screen readers and axe refuse); and, out of the menu, every page at its own
    address, so that a shared link opens for everyone: the landing page lives at `/` (the
    default page of st.navigation has no other address, STACK.md) and again at `/record`;
    a page this role may not see says so at its address, in the person's language, instead of
    Streamlit's "Page not found"."""
    landing = LANDING.get(user.role, PAGES[0][0])
    menu, hidden = [], []
    for path, title, icon, action in PAGES:
        name = path.split("/")[-1][:-3]
        if permissions.scope(user, action) is None:
            hidden.append(
                st.Page(ui.not_for_role, title=ui.t(title), url_path=name, visibility="hidden")
            )
            continue
        if path == landing:
            menu.append(
                st.Page(path, title=ui.t(title), icon=icon, url_path=f"{name}_", default=True)
            )
            hidden.append(st.Page(path, title=ui.t(title), url_path=name, visibility="hidden"))
        else:
            menu.append(st.Page(path, title=ui.t(title), icon=icon, url_path=name))
    return menu + hidden


def login_pages() -> list:
    """The login page, at the root and at every page's address: a link to `/plan?city=…`
    opened while logged out shows the login form there, and the person lands on what they
    asked for (query included) once logged in."""
    title = ui.t("nav.login")
    return (
        [st.Page("screens/login.py", title=title, default=True)]
        + [
            st.Page("screens/login.py", title=title, url_path=path.split("/")[-1][:-3])
            for path, _title, _icon, _action in PAGES
        ]
        + [join_page()]
    )


def join_page() -> st.Page:
    """The workshop join page at `/join` (a link to give out without a code in it)."""
    return st.Page("screens/join.py", title=ui.t("nav.join"), url_path="join")


def set_password_pages() -> list:
    """The set-password form, at the root and at the link's address `/set_password`: the
    default page of st.navigation lives only at `/`, so a link to its own url_path opened
    under "Page not found" (STACK.md); as with the login pages, a second entry serves it."""
    title = ui.t("nav.set_password")
    return [
        st.Page("screens/set_password.py", title=title, default=True, url_path="password_link"),
        st.Page("screens/set_password.py", title=title, url_path="set_password"),
    ]


def main() -> None:
    # The icon is a file of the app: a Material icon's name makes every browser fetch it from
    # Google's font server (a request to a third party, failing in a room without internet).
    st.set_page_config(page_title="Atelier", page_icon=ICON, layout="wide")
    problem = health.store_problem()
    if problem is not None:
        st.error(ui.t("app.store_unavailable", reason=problem), icon=":material/database:")
        st.stop()

    user = ui.current_user()
    # The room's screen (a projector): the page alone, no sidebar at all (no menu, no name, no
    # reminders, no language picker).
    room = bool(user and st.query_params.get("room") and not user.must_change_password)
    if not room:
        ui.language_switch(user)
        ui.show_beacon()
    ui.page_basics(sidebar=not room)

    if not ui.has_account():
        navigation = st.navigation([st.Page("screens/setup.py", title=ui.t("nav.setup"))])
    elif user is None and (
        st.query_params.get("join") or _workshops.joined() or _workshops.closed_notice()
    ):
        # A workshop participant (no account): the join page, and nothing else.
        navigation = st.navigation(
            [st.Page("screens/join.py", title=ui.t("nav.join"), default=True)], position="hidden"
        )
    elif st.query_params.get("token") and not room:
        # A one-time set-password link: the only page reachable without logging in. Opened
        # while logged in (a colleague's browser, an old tab), it is the link's form all the
        # same, which says whose session it replaces (screens/set_password.py), not "Page not
        # found" over the logged-in menu.
        navigation = st.navigation(set_password_pages(), position="hidden")
    elif user is None:
        navigation = st.navigation(login_pages(), position="hidden")
    elif room:
        navigation = st.navigation(
            [st.Page("screens/room.py", title=ui.t("nav.room"), default=True)], position="hidden"
        )
    else:
        with st.sidebar:
            st.markdown(f"**{ui.md(user.display_name)}**")
            st.caption(ui.t(f"role.{user.role}"))
            if st.button(ui.t("app.logout"), key="app.logout", icon=":material/logout:"):
                ui.logout()
                _accounts.sso_logout()
                st.rerun()
        _reminders.sidebar(user)
        if user.must_change_password:
            # A temporary password: changing it comes before anything else.
            navigation = st.navigation(
                [st.Page("screens/account.py", title=ui.t("nav.account"), url_path="account")]
            )
        else:
            # Every page in view: a phone reaches any page in two taps (menu, page).
            navigation = st.navigation(pages_for(user), expanded=True)

    # A lost connection said in the person's language, and drafts of what is typed in the
    # forms the page draws, kept in the browser (screens/_ui/drafts.py).
    with st.sidebar if not room else st.container():
        drafts.guard(user)
    drafts.start_run()
    navigation.run()
    forms.run_ended()  # the forms drawn since their save count a click burst from now
    with st.sidebar if not room else st.container():
        drafts.register()  # the forms this page drew


if __name__ == "__main__":  # a session's run of the script (`streamlit run`, AppTest)
    main()
else:  # imported by `streamlit run app.py` to serve it (see the docstring)
    from starlette.middleware import Middleware

    from screens._accounts import routes
    from screens._ui import fonts, wire
    from screens._workshops import routes as workshop_routes

    # Streamlit's static files, compressed for a phone on slow mobile data (screens/_ui/wire.py),
    # and its two fonts of a first visit cut down to what Atelier shows (screens/_ui/fonts.py).
    app = st.App(
        __file__,
        routes=routes.ROUTES + workshop_routes.ROUTES,
        middleware=[Middleware(fonts.FontSubsets), Middleware(wire.StaticCompression)],
    )
