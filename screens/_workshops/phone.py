"""A participant's phone: the newest notes only while people write, and a line for a busy room
(what was sent is kept and will go through)."""

from __future__ import annotations

import html

import streamlit as st

from screens import _ui as ui
from services.workshops import boards

# A phone shows the newest notes while people write (every note again while voting, or on
# asking): a room's screens redraw on every note, and 300 notes on each of 30 phones is what
# made a note slow to arrive (the bytes sent and each phone's redraw grow with the board).
PHONE_NOTES = 20

BUSY_S = 3  # a run (a post, a vote, a redraw) slower than this: the room is busy, say so
# Drawn by the browser itself, so it shows even when the server is too busy to send anything:
# Streamlit marks the app `running` (or `rerunRequested`) until a run ends; a line that fades in
# after BUSY_S of that, and goes with the run's end, needs no message from the server.
_BUSY_CSS = f"""<style>
.atelier-busy {{ display: none; }}
[data-testid=stApp]:is([data-test-script-state=running],
  [data-test-script-state=rerunRequested]) .atelier-busy {{
  display: block; position: fixed; left: 0.75rem; right: 0.75rem; bottom: 0.75rem;
  z-index: 1000; padding: 0.75rem 1rem; border-radius: 0.5rem; font-size: 1.05rem;
  background: #fff3cd; color: #5c4400; border: 1px solid #e0b000;
  opacity: 0; animation: atelier-busy-in 0.2s linear {BUSY_S}s forwards;
}}
@keyframes atelier-busy-in {{ to {{ opacity: 1; }} }}
</style>"""


def busy_notice() -> None:
    """A line for a busy room: when a run takes longer than BUSY_S seconds, the phone says that
    what was sent is kept and will go through (the form keeps its text until the save is
    confirmed), instead of silence."""
    text = html.escape(ui.t_plain("join.busy"))
    st.html(f'{_BUSY_CSS}<div class="atelier-busy" role="status">{text}</div>')


def newest(notes: list[boards.BoardNote], count: int) -> list[boards.BoardNote]:
    """The `count` notes written last, in board order, said in a caption when some are left
    out. The board's order is the listed options (a dot vote's), then every note in the order
    it was written, so they are its tail."""
    if len(notes) <= count:
        return list(notes)
    st.caption(ui.t("join.newest", shown=count, count=len(notes)))
    return list(notes)[-count:]
