"""Workshops for the facilitator: start one, project its code, run the phases, edit the live
board, see the results and put them into the plan.

The parts are modules of screens/_workshops/ (imported once per process, not read again with
every run of the page)."""

from __future__ import annotations

import streamlit as st

from screens import _ui as ui
from screens._workshops import board as live
from screens._workshops import controls, editing, listing, polling
from screens._workshops import facilitation as wf
from screens._workshops import results as results_view
from services.core import errors, permissions
from services.workshops import boards, workshops

user = ui.page_user("workshop.read")
t = ui.t
lang = ui.lang()
Keys = live.Keys

st.title(t("workshop.title"))
ui.show_flash()

cities = [c for c in ui.user_cities(user) if permissions.allowed(user, "workshop.read", c.id)]
if not cities:
    ui.empty("workshop.none")
    st.stop()

# A link from the plan opens one workshop (`?open=<id>`); the service checks it may be read.
if st.query_params.get("open"):
    listing.open_workshop(st.query_params.pop("open"))

current_id = st.session_state.get(Keys.WORKSHOP)
if not current_id:
    listing.choose(user, cities)
    st.stop()

try:
    ws = workshops.get_workshop(user, current_id)
except (errors.NotFound, errors.PermissionDenied):
    listing.open_workshop(None)
    st.rerun()
can_run = permissions.allowed(user, "workshop.run", ws.city_id) and ws.status == "open"
listing.header(user, ws)
controls.controls(user, ws, can_run)


def _board(board: boards.Board) -> None:
    st.caption(t("workshops.participants_count", count=board.participants))
    wf.readiness_line(user, board.workshop)  # redrawn with the board: who has acted this phase
    live.columns(board)


polling.live(
    Keys.BOARD,
    ws,
    lambda version: polling.facilitator_board(user, ws.id, version=version),
    _board,
    status=lambda: st.markdown("#### " + live.status_line(ws)),
)

# The rest reads the board once per full run (after a write, or a change of the workshop).
board = polling.facilitator_board(user, ws.id)
by_id = {n.id: n for n in board.notes}
wf.proxy_votes(user, ws, board)
if can_run:
    editing.edit_board(user, ws, board, by_id)
results_view.show_results(user, ws, board, cities, lang)
results_view.show_trail(user, ws, lang)
results_view.into_the_plan(user, ws, board, by_id)
