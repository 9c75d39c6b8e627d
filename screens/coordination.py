"""Coordination: the network team's sessions with the funding body (agenda proposed from the
data, notes, decisions, follow-ups) and the cities' learning backlog (propose, vote, rate).
Viewers (the funder) read the sessions; cities see the backlog and rate what they attended."""

import streamlit as st

from models.base import today as utc_today
from models.coordination import SessionCreate
from screens import _ui as ui
from screens._reporting import coordination as parts
from services.core import permissions
from services.reporting import coordination, learning
from services.transfer import listening_csv

user = ui.page_user("learning.read")
lang = ui.lang()
network = ui.network(user.network_id)
today = utc_today()

st.title(ui.t("coordination.title"))
ui.show_flash()

cities = ui.user_cities(user)
names = {c.id: c.name for c in cities}
stage_labels = {s.key: s.label.get(lang) for s in network.stages}
sessions_tab, backlog_tab = st.tabs([ui.t("coordination.sessions"), ui.t("backlog.backlog")])

with sessions_tab:
    if permissions.scope(user, "followup.read") is not None:  # the team's all, a city's own
        ui.csv_download(
            ui.t("listening_csv.followups"),
            lambda: listening_csv.followups_csv(user, lang),
            f"{ui.t_plain('listening_csv.file.followups')}.csv",
            "coordination.csv.followups",
        )
    if not permissions.allowed(user, "coordination.read"):
        st.caption(ui.t("coordination.team_only"))
    else:
        if permissions.allowed(user, "coordination.edit"):
            form = ui.form_state("coordination.new", keys="coordination")
            with (
                st.expander(ui.t("coordination.new"), icon=":material/add:"),
                st.form("coordination.new_form", border=False),
            ):
                day = st.date_input(
                    ui.t("coordination.date"), format=ui.date_format(), key=form.key("new_date")
                )
                title = st.text_input(ui.t("coordination.title_field"), key=form.key("new_title"))
                people = st.text_input(
                    ui.t("coordination.participants"), key=form.key("new_people")
                )
                if st.form_submit_button(ui.t("coordination.create"), key=form.key("create")):
                    ui.write(
                        lambda: coordination.create_session(
                            user,
                            SessionCreate(
                                date=day,
                                title=title,
                                participants=[p.strip() for p in people.split(",") if p.strip()],
                            ),
                            submission=form.submission,
                        ),
                        success=ui.t_plain("coordination.saved"),
                        form=form,
                    )
        sessions = coordination.list_sessions(user)
        if not sessions:
            ui.empty("coordination.none")
        else:
            by_id = {s.id: s for s in sessions}
            chosen = st.selectbox(
                ui.t("coordination.session"),
                list(by_id),
                format_func=lambda sid: f"{by_id[sid].date.isoformat()} · {by_id[sid].title}",
                key="coordination.session",
            )
            parts.session_detail(user, by_id[chosen], names)

with backlog_tab:
    ui.csv_download(
        ui.t("listening_csv.backlog"),
        lambda: listening_csv.backlog_csv(user, lang),
        f"{ui.t_plain('listening_csv.file.backlog')}.csv",
        "coordination.csv.backlog",
    )
    parts.backlog(user, cities, stage_labels)
    own = [c for c in cities if permissions.allowed(user, "learning.rate", c.id)]
    subjects = {
        (kind, sid): ui.t_plain(f"backlog.subject.{kind}", title=title)
        for kind, sid, title in learning.rateable(user, today)
    }
    parts.rate_form(user, own, subjects)
