"""Parts of the coordination page: one session (agenda, notes and decisions, follow-ups) and
the learning backlog (propose, vote, rate, and how useful cities found each topic and session).
Writes go through
ui.write in callbacks or forms, so a rerun never repeats a write."""

from __future__ import annotations

import streamlit as st

from models.coordination import FOLLOWUP_STATUSES, CoordinationSession, TopicCreate
from models.user import User
from screens import _ui as ui
from screens._reporting import followups
from services.core import formats, permissions
from services.core.errors import InvalidInput
from services.dashboard import agenda
from services.reporting import coordination, learning
from services.workshops import trail


def proposed(user: User, on) -> list:
    """The agenda the data proposes for a session on `on`, with the actions decided in the
    cities' workshops since the last session (composed here: reporting sits below workshops)."""
    lines = agenda.proposed_agenda(user, on, ui.lang())
    cities = ui.user_cities(user)
    names = {c.id: c.name for c in cities}
    since = agenda.since(user.network_id, on)
    return lines + trail.agenda_items(user, list(names), names, since, ui.lang())


def session_detail(user: User, session: CoordinationSession, names: dict[str, str]) -> None:
    """The session's record; editable by the network team."""
    can_edit = permissions.allowed(user, "coordination.edit")
    sid = session.id
    st.subheader(ui.md(session.title))
    st.caption(ui.t("coordination.when", date=formats.date(session.date, ui.lang())))
    if session.participants:
        st.text(ui.t_plain("coordination.participants_are", names=", ".join(session.participants)))
    ratings(learning.ratings_by_subject(user).get(("session", sid)), names, f"coordination.{sid}")

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
                    {"agenda": proposed(user, session.date)},
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
        form = ui.form_state(f"coordination.record.{sid}")
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
                        user,
                        session,
                        {"notes": notes, "decisions": lines},
                        submission=form.submission,
                    ),
                    success=ui.t_plain("coordination.saved"),
                    form=form,
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
    pending = f"coordination.fu_pending.{sid}"  # a duplicate waiting for the person's word
    form = ui.form_state(f"coordination.followup.{sid}", keys="coordination")
    with st.form(f"coordination.followup.{sid}", border=True):
        text = st.text_input(ui.t("coordination.followup_text"), key=form.key(f"fu_text.{sid}"))
        owner = st.text_input(ui.t("coordination.owner"), key=form.key(f"fu_owner.{sid}"))
        due = st.date_input(
            ui.t("coordination.due"), format=ui.date_format(), key=form.key(f"fu_due.{sid}")
        )
        city = st.selectbox(
            ui.t("coordination.city"),
            [None, *names],
            format_func=lambda c: names.get(c, ui.t_plain("coordination.no_city")),
            key=form.key(f"fu_city.{sid}"),
        )
        if st.form_submit_button(ui.t("coordination.add_followup"), key=form.key(f"fu_add.{sid}")):
            data = {"text": text, "owner": owner, "due": due, "city_id": city}
            st.session_state.pop(pending, None)

            def duplicate(exc: Exception) -> None:
                if isinstance(exc, InvalidInput) and exc.key == coordination.DUPLICATE:
                    st.session_state[pending] = data  # asked below; the form keeps the text
                else:
                    ui.show_error(exc)

            ui.write(
                lambda: coordination.add_followup(user, session, data, submission=form.submission),
                success=ui.t_plain("coordination.saved"),
                errors=duplicate,
                form=form,
            )
    followups.confirm_duplicate(user, session, pending)
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


def ratings(found: learning.Ratings | None, names: dict[str, str], key: str) -> None:
    """How useful the cities found a topic or a session: mean, count, each city's score (the
    cities the user may see by name)."""
    with st.container(key=f"{key}.ratings"):
        if found is None:
            st.caption(ui.t("backlog.ratings_none"))
            return
        lang = ui.lang()
        st.caption(
            ui.t(
                "backlog.ratings",
                mean=formats.number(found.mean, lang, decimals=1),
                count=found.count,
            )
        )
        named = sorted((names[c], score) for c, score in found.by_city.items() if c in names)
        if named:
            line = ", ".join(f"{name} {score}" for name, score in named)
            st.caption(ui.t("backlog.ratings_by_city", cities=line))


def backlog(user: User, cities: list, stage_labels: dict[str, str]) -> None:
    """The learning backlog: topics by votes; cities propose, vote and rate."""
    topics = learning.list_topics(user)
    rated = learning.ratings_by_subject(user)
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
            ratings(rated.get(("topic", topic.id)), names, f"coordination.topic.{topic.id}")
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
    form = ui.form_state("coordination.propose_topic", keys="coordination")
    with st.form("coordination.propose_topic", border=True):
        st.markdown(f"**{ui.t('backlog.propose')}**")
        title = st.text_input(ui.t("backlog.title_field"), key=form.key("topic_title"))
        description = st.text_input(ui.t("backlog.description"), key=form.key("topic_desc"))
        stage = st.selectbox(
            ui.t("backlog.stage"),
            [None, *stage_labels],
            format_func=lambda s: stage_labels.get(s, ui.t_plain("backlog.any_stage")),
            key=form.key("topic_stage"),
        )
        if st.form_submit_button(ui.t("backlog.submit"), key=form.key("topic_submit")):
            ui.write(
                lambda: learning.propose_topic(
                    user,
                    own[0].id,
                    TopicCreate(title=title, description=description, stage=stage),
                    submission=form.submission,
                ),
                success=ui.t_plain("coordination.saved"),
                form=form,
            )


def rate_form(user: User, own: list, subjects: dict[tuple[str, str], str]) -> None:
    """A city rates a past session or a held learning event (1-5 and a comment)."""
    if not own or not subjects:
        return
    form = ui.form_state("coordination.rate", keys="coordination")
    with st.form("coordination.rate", border=True):
        st.markdown(f"**{ui.t('backlog.rate')}**")
        subject = st.selectbox(
            ui.t("backlog.rate_what"),
            list(subjects),
            format_func=subjects.get,
            key=form.key("rate_subject"),
        )
        score = st.slider(ui.t("backlog.score"), 1, 5, 4, key=form.key("rate_score"))
        comment = st.text_input(ui.t("backlog.comment"), key=form.key("rate_comment"))
        sent = st.form_submit_button(ui.t("backlog.rate_submit"), key=form.key("rate_submit"))
    if sent:
        data = {"subject": subject[0], "subject_id": subject[1], "score": score, "comment": comment}
        ok, saved = ui.write(
            lambda: learning.rate(user, own[0].id, data, submission=form.submission), form=form
        )
        if ok:
            # One rating per city: a new one replaces the city's earlier one, and says so.
            if saved.replaced is None:
                ui.flash(ui.t_plain("backlog.rated"))
            else:
                ui.flash(ui.t_plain("backlog.rated_replaced", score=saved.replaced))
            st.rerun()
