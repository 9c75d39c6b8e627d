"""The facilitator's tools around the board (readiness, votes entered for the room), the
new-workshop form's anonymity per phase and collection window, and a member's written input
while a workshop collects it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from models import workshops as wm
from models.network import Network
from models.user import User
from screens import _ui as ui
from screens._workshops import notes_text, polling
from services.core import formats, permissions
from services.workshops import boards, facilitation, templates, workshops

t = ui.t


def proxy_suffix(note: boards.BoardNote) -> str:
    """ " (2 in the room)": of a note's votes, those entered for people without a phone."""
    return f" ({ui.t('workshop.proxy_votes', count=note.proxy_votes)})" if note.proxy_votes else ""


@dataclass
class NewSettings:
    """What the new-workshop form chose: the settings and the collection deadline (or None)."""

    settings: wm.WorkshopSettings
    collect_until: dt.datetime | None


def new_form_settings(form: ui.FormState, network: Network, kind: str) -> NewSettings:
    """Inside the new-workshop form, starting from the network's template of `kind`: the
    phases in which names are hidden, what is hidden until the reveal, the vote budget, and
    whether (and until when, UTC) written input is collected first. Widget keys carry the
    kind, so choosing another template starts from its defaults."""
    base = templates.network_templates(network)[kind].settings()
    anonymous_in = st.pills(
        t("workshop.anonymous_phases"),
        list(wm.ALL_PHASES),
        selection_mode="multi",
        default=[p for p in wm.ALL_PHASES if base.anonymous_in(p)],
        format_func=lambda p: ui.t_plain(f"workshops.phase.{p}"),
        key=form.key(f"anonymous_in.{kind}"),
    )
    hide = st.checkbox(t("workshop.hide"), base.hide_until_reveal, key=form.key(f"hide.{kind}"))
    budget = st.number_input(
        t("workshop.votes_per_person"),
        1,
        wm.VOTES_MAX,
        base.votes_per_person,
        key=form.key(f"votes.{kind}"),
    )
    several = st.checkbox(
        t("workshop.several"), base.several_votes_per_note, key=form.key(f"several.{kind}")
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
    chosen = list(anonymous_in or [])
    settings = wm.WorkshopSettings(
        anonymous=len(chosen) == len(wm.ALL_PHASES),
        anonymity={p: p in chosen for p in wm.ALL_PHASES},
        hide_until_reveal=hide,
        votes_per_person=int(budget),
        several_votes_per_note=several,
    )
    until = dt.datetime.combine(day, at, tzinfo=dt.UTC) if collect else None
    return NewSettings(settings, until)


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
        text, column = notes_text.note_fields(ws, form, "join.note")
        if st.form_submit_button(t("join.post"), key=form.key("submit"), type="primary"):
            ui.write(
                lambda: facilitation.post_member_note(
                    user, ws.id, wm.NoteCreate(text=text, column=column), form.submission
                ),
                success=t("workshop.contributed"),
                form=form,
            )


def readiness_line(user: User, ws: wm.Workshop) -> None:
    """How many participants have posted or voted in this phase (names in named phases)."""
    if ws.status != "open" or ws.phase == "results":
        return
    ready = polling.readiness(user, ws.id)
    key = "workshop.ready_voted" if ready.phase == "voting" else "workshop.ready_posted"
    line = t(key, done=ready.done, total=ready.participants)
    if ready.names:
        line += " · " + ui.md(", ".join(ready.names))
    elif ready.anonymous:
        line += " · " + t("workshop.ready_anonymous")
    if ready.proxy_votes:
        line += " · " + t("workshop.ready_proxies", count=ready.proxy_votes)
    st.caption(line)


def proxy_votes(user: User, ws: wm.Workshop, board: boards.Board) -> None:
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
