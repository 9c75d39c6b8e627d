"""The room's screen for a projector (`/?room=<workshop id>`, opened from the workshop page):
no navigation, no sidebar, nothing private; the title, the phase and countdown, how to join, and
the board or the ranked results, in big type. app.py gives this address this page alone."""

from __future__ import annotations

import streamlit as st

from screens import _ui as ui
from screens._workshops import board as live
from screens._workshops import polling, room
from services.core import errors
from services.workshops import workshops

user = ui.page_user("workshop.read")
st.html(room.ROOM_CSS)  # style only

try:
    ws = workshops.get_workshop(user, st.query_params.get("room", ""))
except (errors.NotFound, errors.PermissionDenied):
    ui.empty("room.none")
    st.stop()

st.title(ui.md(ws.title))
link = workshops.join_link(live.base_url(), ws.code)
polling.live(
    live.Keys.BOARD + ".room",
    ws,
    lambda version: polling.facilitator_board(user, ws.id, room=True, version=version),
    lambda board: room.screen(board, link),
    status=lambda: room.status(ws),
)
