"""Parts of the coordination page: one session (agenda, notes and decisions, follow-ups) and
the learning backlog (propose, vote, rate). Writes go through ui.write in callbacks or forms,
so a rerun never repeats a write."""

from __future__ import annotations

import streamlit as st

from models.coordination import FOLLOWUP_STATUSES, CoordinationSession, TopicInput
from models.user import User
from pages import _ui as ui
from services.core import formats, permissions
from services.reporting import agenda, coordination, learning


def session_detail(user: User, session: CoordinationSession, names: dict[str, str]) -> None:
    """The session's record; editable by the network team."""
    can_edit = permissions.allowed(user, "coordination.edit")
    sid = session.id
    st.subheader(ui.md(session.title))
    st.caption(ui.t("coordination.when", date=formats.date(session.date, ui.lang())))
    if session.participants:
        st.text(ui.t_plain("coordination.participants_are", names=", ".join(session.participants)))

    st.markdown(f"**{ui.t('coordination.agenda')}**")
    if session.agenda:
        for item in session.agenda:
            st.text(f"• {item.text}")
    else:
        st.caption(ui.t("coordination.agenda_empty"))
    if can_edit:

        def propose() -> None:
            ui.write(
                lambda: coordination.update_session(
                    user,
                    session,
                    {"agenda": agenda.proposed_agenda(user, session.date, ui.lang())},
                )
            )

        st.button(
            ui.t("coordination.propose"),
            key=f"coordination.propose.{sid}",
            icon=":material/auto_awesome:",
            on_click=propose,
        )

    st.markdown(f"**{ui.t('coordination.notes')}**")
    if can_edit:
        with st.form(f"coordination.record.{sid}", border=True):
            notes = st.text_area(
                ui.t("coordination.notes"), session.notes, key=f"coordination.notes.{sid}"
            )
            decisions = st.text_area(
                ui.t("coordination.decisions_hint"),
                "\n".join(session.decisions),
                key=f"coordination.decisions.{sid}",
            )
            if st.form_submit_button(ui.t("coordination.save"), key=f"coordination.save.{sid}"):
                lines = [d.strip() for d in decisions.splitlines() if d.strip()]
                ui.write(
                    lambda: coordination.update_session(
                        user, session, {"notes": notes, "decisions": lines}
                    ),
                    success=ui.t_plain("coordination.saved"),
                )
    else:
        st.text(session.notes or "—")
        for line in session.decisions:
            st.text(f"• {line}")

    st.markdown(f"**{ui.t('coordination.followups')}**")
    frame = coordination.followups_frame([session], names)
    if frame.empty:
        st.caption(ui.t("coordination.followups_none"))
    else:
        shown = frame.assign(status=frame["status"].map(lambda s: ui.t_plain(f"followup.{s}")))
        shown = shown[["text", "owner", "due", "status", "city"]]
        ui.table(
            ui.readable(shown).rename(columns=lambda c: ui.t_plain(f"coordination.column.{c}")),
            hide_index=True,
            width="stretch",
            key=f"coordination.followups.{sid}",
        )
    if can_edit:
        _followup_forms(user, session, names)


def _followup_forms(user: User, session: CoordinationSession, names: dict[str, str]) -> None:
    sid = session.id
    with st.form(f"coordination.followup.{sid}", clear_on_submit=True, border=True):
        text = st.text_input(ui.t("coordination.followup_text"), key=f"coordination.fu_text.{sid}")
        owner = st.text_input(ui.t("coordination.owner"), key=f"coordination.fu_owner.{sid}")
        due = st.date_input(ui.t("coordination.due"), key=f"coordination.fu_due.{sid}")
        city = st.selectbox(
            ui.t("coordination.city"),
            [None, *names],
            format_func=lambda c: names.get(c, ui.t_plain("coordination.no_city")),
            key=f"coordination.fu_city.{sid}",
        )
        if st.form_submit_button(
            ui.t("coordination.add_followup"), key=f"coordination.fu_add.{sid}"
        ):
            ui.write(
                lambda: coordination.add_followup(
                    user, session, {"text": text, "owner": owner, "due": due, "city_id": city}
                ),
                success=ui.t_plain("coordination.saved"),
            )
    open_ones = [f for f in session.followups if f.status == "open"]
    if not open_ones:
        return
    due = {f.id: formats.date(f.due, ui.lang()) for f in open_ones}
    labels = {f.id: f"{f.text} ({f.owner}, {due[f.id]})" for f in open_ones}
    cols = st.columns([3, 1, 1])
    chosen = cols[0].selectbox(
        ui.t("coordination.followup_pick"),
        list(labels),
        format_func=labels.get,
        key=f"coordination.fu_pick.{sid}",
    )
    status = cols[1].selectbox(
        ui.t("coordination.column.status"),
        [s for s in FOLLOWUP_STATUSES if s != "open"],
        format_func=lambda s: ui.t_plain(f"followup.{s}"),
        key=f"coordination.fu_status.{sid}",
    )
    if cols[2].button(ui.t("coordination.set_status"), key=f"coordination.fu_set.{sid}"):
        ui.write(
            lambda: coordination.set_followup_status(user, session, chosen, status),
            success=ui.t_plain("coordination.saved"),
        )


def backlog(user: User, cities: list, stage_labels: dict[str, str]) -> None:
    """The learning backlog: topics by votes; cities propose, vote and rate."""
    topics = learning.list_topics(user)
    mine = learning.my_votes(user)
    own = [c for c in cities if permissions.allowed(user, "learning.vote", c.id)]
    names = {c.id: c.name for c in cities}
    if not topics:
        ui.empty("backlog.none")
    for topic in topics:
        with st.container(border=True, key=f"coordination.topic.{topic.id}"):
            stage = stage_labels.get(topic.stage, ui.t_plain("backlog.any_stage"))
            st.markdown(f"**{ui.md(topic.title)}**")
            st.caption(
                ui.t(
                    "backlog.topic_line",
                    votes=topic.votes,
                    stage=stage,
                    status=ui.t_plain(f"backlog.status.{topic.status}"),
                    city=names.get(topic.city_id, "—"),
                )
            )
            if topic.description:
                st.text(topic.description)
            if own:
                voted = topic.id in mine
                verb = learning.unvote_topic if voted else learning.vote_topic
                st.button(
                    ui.t("backlog.unvote" if voted else "backlog.vote"),
                    key=f"coordination.vote.{topic.id}",
                    on_click=lambda v=verb, t=topic.id: ui.write(lambda: v(user, t, own[0].id)),
                )
            if permissions.allowed(user, "coordination.edit") and topic.status != "held":
                st.button(
                    ui.t("backlog.mark_held"),
                    key=f"coordination.held.{topic.id}",
                    on_click=lambda t=topic: ui.write(
                        lambda: learning.set_topic_status(user, t, "held")
                    ),
                )
    if own:
        _propose(user, own, stage_labels)


def _propose(user: User, own: list, stage_labels: dict[str, str]) -> None:
    with st.form("coordination.propose_topic", clear_on_submit=True, border=True):
        st.markdown(f"**{ui.t('backlog.propose')}**")
        title = st.text_input(ui.t("backlog.title_field"), key="coordination.topic_title")
        description = st.text_input(ui.t("backlog.description"), key="coordination.topic_desc")
        stage = st.selectbox(
            ui.t("backlog.stage"),
            [None, *stage_labels],
            format_func=lambda s: stage_labels.get(s, ui.t_plain("backlog.any_stage")),
            key="coordination.topic_stage",
        )
        if st.form_submit_button(ui.t("backlog.submit"), key="coordination.topic_submit"):
            ui.write(
                lambda: learning.propose_topic(
                    user,
                    own[0].id,
                    TopicInput(title=title, description=description, stage=stage),
                ),
                success=ui.t_plain("coordination.saved"),
            )


def rate_form(user: User, own: list, subjects: dict[tuple[str, str], str]) -> None:
    """A city rates a past session or a held learning event (1-5 and a comment)."""
    if not own or not subjects:
        return
    with st.form("coordination.rate", clear_on_submit=True, border=True):
        st.markdown(f"**{ui.t('backlog.rate')}**")
        subject = st.selectbox(
            ui.t("backlog.rate_what"),
            list(subjects),
            format_func=subjects.get,
            key="coordination.rate_subject",
        )
        score = st.slider(ui.t("backlog.score"), 1, 5, 4, key="coordination.rate_score")
        comment = st.text_input(ui.t("backlog.comment"), key="coordination.rate_comment")
        if st.form_submit_button(ui.t("backlog.rate_submit"), key="coordination.rate_submit"):
            ui.write(
                lambda: learning.rate(
                    user,
                    own[0].id,
                    {
                        "subject": subject[0],
                        "subject_id": subject[1],
                        "score": score,
                        "comment": comment,
                    },
                ),
                success=ui.t_plain("coordination.saved"),
            )
