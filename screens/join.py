"""A participant's page (no account): join with the code and a name, post notes, vote, see the
countdown. The browser session holds a token for that one workshop and nothing else, and the
browser keeps another in the workshop's HttpOnly cookie, so a reload is the same participant
(name, notes, votes left) while the workshop is open."""

from __future__ import annotations

import streamlit as st

from models import workshops as wm
from screens import _ui as ui
from screens._workshops import board as live
from screens._workshops import notes_text, phone, polling
from services.core import errors
from services.workshops import boards, workshops

t = ui.t
Keys = live.Keys


def _leave() -> None:
    live.forget()


st.title(t("join.title"))
ui.show_flash()
# Kept until the person joins again: this session stays on the join page meanwhile (app.py).
if (closed := live.closed_notice()) and not live.joined():
    st.info(t("join.closed_now", title=closed), icon=":material/lock:")

if not live.joined():
    live.show_beacon()
    with st.form("join.form"):
        code = st.text_input(
            t("join.code"), st.query_params.get("join", ""), max_chars=20, key="join.code"
        )
        name = st.text_input(t("join.name"), max_chars=60, key="join.name")
        if st.form_submit_button(t("join.submit"), key="join.submit", type="primary"):
            ok, got = ui.write(
                lambda: workshops.join(code, name, live.client_key(), live.client_address())
            )
            if ok:
                live.keep(got)
                st.rerun()
    st.stop()

token = st.session_state[Keys.P_TOKEN]
workshop_id = st.session_state[Keys.P_WORKSHOP]
try:
    ws, me = workshops.participant_workshop(workshop_id, token)
except (errors.PermissionDenied, errors.NotFound):
    _leave()
    st.rerun()
live.show_beacon()
phone.busy_notice()

st.header(ui.md(ws.title))
st.caption(t("join.welcome", name=me.name) + " · " + live.settings_line(ws))

if ws.phase in wm.WRITING_PHASES and workshops.accepting(ws):
    # Cleared once the note is stored, not on submit (a tap lost in a stall keeps the text);
    # a double tap posts once (the form's submission id).
    form = ui.form_state("join.note", keys="join")
    with st.form("join.note.form"):
        text, column = notes_text.note_fields(ws, form, "join.note", text_key="note")
        if st.form_submit_button(
            t("join.post"), key=form.key("post"), type="primary", width="stretch"
        ):
            ui.write(
                lambda: polling.posted(
                    workshop_id,
                    workshops.post_note(
                        workshop_id,
                        token,
                        wm.NoteCreate(text=text, column=column),
                        submission=form.submission,
                    ),
                ),
                success=t("join.posted"),
                form=form,
                clears_reads=False,
            )


def _vote_buttons(note: boards.BoardNote) -> None:
    board_ws = st.session_state[Keys.P_BOARD][1].workshop
    if board_ws.phase != "voting" or not workshops.accepting(board_ws):
        return
    if note.my_votes:
        st.caption(t("join.your_votes", count=note.my_votes))
    # Each button is named after its note: a screen reader hears which note it votes for.
    short = live.short_text(note.text)
    vote_col, back_col = st.columns(2)
    if vote_col.button(t("join.vote_for", note=short), key=f"join.vote.{note.id}", width="stretch"):
        ok, _ = ui.write(lambda: workshops.vote(workshop_id, token, note.id), clears_reads=False)
        if ok:
            polling.redraw()
    if note.my_votes and back_col.button(
        t("join.unvote_from", note=short), key=f"join.unvote.{note.id}", width="stretch"
    ):
        ok, _ = ui.write(lambda: workshops.unvote(workshop_id, token, note.id), clears_reads=False)
        if ok:
            polling.redraw()


def _show_all(every: bool) -> None:
    st.session_state[Keys.P_ALL] = every


def _board(board: boards.Board) -> None:
    if board.workshop.phase == "voting":
        st.caption(t("join.votes_left", count=board.votes_left))
    if board.workshop.phase in ("grouping",) and board.workshop.status == "open":
        st.caption(t("join.wait"))
    # Vote buttons only while votes are taken: otherwise each note is one light element, and
    # only the newest notes unless the participant asks for all (every note while voting).
    voting = board.workshop.phase == "voting" and workshops.accepting(board.workshop)
    pageable = not voting and board.workshop.phase != "results"
    everything = not pageable or st.session_state.get(Keys.P_ALL)
    live.columns(
        board,
        actions=_vote_buttons if voting else None,
        newest=None if everything else phone.PHONE_NOTES,
    )
    if pageable and len(board.notes) > phone.PHONE_NOTES:
        shown_all = bool(st.session_state.get(Keys.P_ALL))
        label = t("join.newest_only" if shown_all else "join.all_notes")
        st.button(label, key="join.all_notes", on_click=_show_all, args=(not shown_all,))


polling.live(
    Keys.P_BOARD,
    ws,
    lambda version: polling.participant_board(workshop_id, token, version),
    _board,
    status=lambda: st.markdown("#### " + live.status_line(ws)),
    counts_people=False,  # a phone does not show how many joined: joins do not redraw it
)

st.button(t("join.leave"), key="join.leave", on_click=_leave)
