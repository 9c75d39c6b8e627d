"""The facilitator's tools around the board (readiness, votes entered for the room), the
new-workshop form's anonymity per phase and collection window, and a member's written input
while a workshop collects it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from models import workshops as wm
from models.user import User
from pages import _ui as ui
from services.core import formats, permissions
from services.workshops import facilitation, workshops

t = ui.t


def new_form_settings(form: ui.FormState) -> tuple[list[str], bool, dt.date, dt.time]:
    """Inside the new-workshop form: the phases in which names are hidden (all by default),
    and whether (and until when, UTC) written input is collected first."""
    anonymous_in = st.pills(
        t("workshop.anonymous_phases"),
        list(wm.ALL_PHASES),
        selection_mode="multi",
        default=list(wm.ALL_PHASES),
        format_func=lambda p: ui.t_plain(f"workshops.phase.{p}"),
        key=form.key("anonymous_in"),
    )
    collect = st.checkbox(t("workshop.collect"), False, key=form.key("collect"))
    day_col, time_col = st.columns(2)
    day = day_col.date_input(
        t("workshop.collect_day"),
        value=dt.date.today() + dt.timedelta(days=7),
        format=ui.date_format(),
        key=form.key("collect_day"),
    )
    at = time_col.time_input(
        t("workshop.collect_time"), value=dt.time(18, 0), key=form.key("collect_time")
    )
    return list(anonymous_in or []), collect, day, at


def settings_of(
    anonymous_in: list[str], hide: bool, budget: int, several: bool
) -> wm.WorkshopSettings:
    """The settings the new-workshop form describes (anonymity per phase)."""
    return wm.WorkshopSettings(
        anonymous=len(anonymous_in) == len(wm.ALL_PHASES),
        anonymity={p: p in anonymous_in for p in wm.ALL_PHASES},
        hide_until_reveal=hide,
        votes_per_person=budget,
        several_votes_per_note=several,
    )


def deadline(collect: bool, day: dt.date, at: dt.time) -> dt.datetime | None:
    """The collection deadline (UTC), when the form asked for a collection window."""
    return dt.datetime.combine(day, at, tzinfo=dt.UTC) if collect else None


def collection_line(ws: wm.Workshop) -> None:
    """While collecting: until when, and what happens next."""
    if ws.phase == "collecting" and ws.collect_until is not None:
        st.info(
            t(
                "workshop.collecting_until",
                when=formats.datetime(ws.collect_until, ui.lang()),
            ),
            icon=":material/schedule:",
        )


def member_post(user: User, ws: wm.Workshop) -> None:
    """A logged-in member of the city posts written input while the workshop collects it."""
    if ws.phase != "collecting" or not permissions.allowed(user, "workshop.contribute", ws.city_id):
        return
    if not workshops.accepting(ws):
        ui.empty("workshop.collect_closed")
        return
    form = ui.form_state("workshop.contribute")
    with st.form("workshop.contribute"):
        text = st.text_area(t("join.note"), key=form.key("text"), max_chars=500)
        column = st.selectbox(
            t("join.column"),
            ws.columns,
            format_func=lambda c: t(f"workshops.column.{c}"),
            key=form.key("column"),
        )
        if st.form_submit_button(t("join.post"), key=form.key("submit"), type="primary"):
            ui.write(
                lambda: facilitation.post_member_note(
                    user, ws.id, wm.NoteInput(text=text, column=column), form.submission
                ),
                success=t("workshop.contributed"),
                form=form,
            )


def readiness_line(user: User, ws: wm.Workshop) -> None:
    """How many participants have posted or voted in this phase (names in named phases)."""
    if ws.status != "open" or ws.phase == "results":
        return
    ready = facilitation.readiness(user, ws.id)
    key = "workshop.ready_voted" if ready.phase == "voting" else "workshop.ready_posted"
    line = t(key, done=ready.done, total=ready.participants)
    if ready.names:
        line += " · " + ui.md(", ".join(ready.names))
    elif ready.anonymous:
        line += " · " + t("workshop.ready_anonymous")
    if ready.proxy_votes:
        line += " · " + t("workshop.ready_proxies", count=ready.proxy_votes)
    st.caption(line)


def proxy_votes(user: User, ws: wm.Workshop, board: workshops.Board) -> None:
    """During voting: votes entered for people in the room without a phone."""
    if ws.status != "open" or ws.phase != "voting" or not board.notes:
        return
    if not permissions.allowed(user, "workshop.run", ws.city_id):
        return
    by_id = {n.id: n for n in board.notes}
    st.markdown(f"**{t('workshop.proxy')}**")
    st.caption(t("workshop.proxy_help"))
    note_col, count_col, go_col = st.columns([3, 1, 1], vertical_alignment="bottom")
    note_id = note_col.selectbox(
        t("workshop.proxy_note"),
        list(by_id),
        format_func=lambda i: f"{by_id[i].text[:60]} ({by_id[i].proxy_votes})",
        key="workshop.proxy.note",
    )
    count = count_col.number_input(
        t("workshop.proxy_count"), 1, facilitation.PROXY_MAX, 1, key="workshop.proxy.count"
    )
    if go_col.button(t("workshop.proxy_add"), key="workshop.proxy.add", type="primary"):
        ui.write(
            lambda: facilitation.add_proxy_votes(user, ws.id, note_id, int(count)),
            success=t("workshop.saved"),
        )
    if by_id[note_id].proxy_votes and st.button(
        t("workshop.proxy_remove"), key="workshop.proxy.remove"
    ):
        ui.write(
            lambda: facilitation.remove_proxy_vote(user, ws.id, note_id),
            success=t("workshop.saved"),
        )
