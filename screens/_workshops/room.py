"""The room's screen (the projector): big type, no controls, no navigation, nothing private.

Notes are people's text: shown as escaped Markdown (md_text), never as markup. The join code
fills the screen until someone has joined, then shrinks to a corner; results are ranked by
votes with the counts large.
"""

from __future__ import annotations

import base64
import functools
import html
import math

import streamlit as st

from screens import _ui as ui
from screens._workshops import board as live
from screens._workshops import notes_text
from services.plans.document import md_text
from services.workshops import boards, qr
from services.workshops import results as workshop_results

# Type for the back of a room: the whole page larger, captions as dark as the text (the default
# caption is 60 % grey).
ROOM_CSS = """<style>
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.7rem; line-height: 1.35; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.5rem; color: #1A1A1A; }
[data-testid="stMain"] h1 { font-size: 3.2rem; }
[data-testid="stMain"] .block-container { padding-top: 1.5rem; max-width: 100%; }
.atelier-room-code { font-size: 1.6rem; text-align: right; line-height: 1.3; }
.atelier-room-code strong { font-size: 2.4rem; letter-spacing: 0.12em; }
.atelier-room-join strong { font-size: 6rem; letter-spacing: 0.15em; }
.atelier-room-join { font-size: 2.2rem; line-height: 1.4; }
</style>"""
NOTES_PER_SCREEN_COLUMN = 8  # a single-column template spreads its notes over up to 4 columns
RESULTS_SHOWN = 15


@functools.lru_cache(maxsize=64)
def _qr_data(link: str) -> str:
    # Drawn once per link: the room screen redraws on every note, and encoding the QR code
    # each time was a fair part of that redraw (segno's masking, then the PNG).
    return base64.b64encode(qr.qr_png(link, scale=12)).decode("ascii")


def _qr_img(link: str, width: int, alt: str) -> str:
    data = _qr_data(link)
    return (
        f'<img src="data:image/png;base64,{data}" width="{width}" height="{width}" '
        f'alt="{html.escape(alt)}">'
    )


def join_panel(code: str, link: str, joined: int) -> None:
    """How to join: the whole screen while nobody has joined, a corner once people have."""
    alt = ui.t_plain("room.qr_alt", link=link)
    if joined == 0:
        text_col, qr_col = st.columns([3, 2], vertical_alignment="center")
        text_col.html(
            '<div class="atelier-room-join">'
            f"{html.escape(ui.t_plain('room.join_code'))}<br><strong>{html.escape(code)}</strong>"
            f"<br>{html.escape(ui.t_plain('workshop.join_at', link=link))}</div>"
        )
        qr_col.html(_qr_img(link, 360, alt))
        return
    _, corner = st.columns([5, 2])
    corner.html(
        '<div class="atelier-room-code">'
        f"{html.escape(ui.t_plain('room.join_code'))} <strong>{html.escape(code)}</strong>"
        f"<br>{_qr_img(link, 120, alt)}</div>"
    )


def _note_line(note: boards.BoardNote) -> str:
    body = "### " + notes_text.escaped(" ".join(note.text.split()))
    if note.author:
        body += "\n\n" + notes_text.escaped(note.author)
    if note.votes:
        body += "\n\n" + notes_text.message(ui.lang(), "workshops.votes_count", note.votes)
    return body


def notes(board: boards.Board) -> None:
    """The notes in the template's columns; a one-column template spreads them over as many
    screen columns as fill the width (up to 4)."""
    ws = board.workshop
    if board.hidden:
        st.caption(ui.t("workshop.hidden", count=board.hidden))
    if len(ws.columns) > 1:
        slots = st.columns(len(ws.columns))
        for slot, column in zip(slots, ws.columns, strict=True):
            with slot:
                st.header(ui.t(f"workshops.column.{column}"))
                lines = [_note_line(n) for n in board.notes if n.column == column]
                if lines:
                    st.markdown("\n\n".join(lines))  # one element per column: cheap to redraw
        return
    shown = board.notes
    if not shown:
        st.caption(ui.t("workshop.empty_column"))
        return
    count = min(4, max(1, math.ceil(len(shown) / NOTES_PER_SCREEN_COLUMN)))
    per = math.ceil(len(shown) / count)
    for slot, start in zip(st.columns(count), range(0, len(shown), per), strict=False):
        with slot:
            st.markdown("\n\n".join(_note_line(n) for n in shown[start : start + per]))


def ranking(board: boards.Board) -> None:
    """The results: notes by votes, most first, each count large beside its note."""
    top = workshop_results.top_notes(board, limit=RESULTS_SHOWN)
    if not top:
        st.header(ui.t("workshop.no_votes"))
        return
    for rank, note in enumerate(top, start=1):
        count_col, text_col = st.columns([1, 6], vertical_alignment="center")
        count_col.markdown(f"# {note.votes}")
        text_col.markdown(
            f"## {rank}. "
            + md_text(" ".join(note.text.split()))
            + "\n\n"
            + ui.t("workshops.votes_count", count=note.votes)
        )
    rest = sum(1 for n in board.notes if (n.votes or 0) > 0) - len(top)
    if rest > 0:
        st.caption(ui.t("room.more_voted", count=rest))


def screen(board: boards.Board, link: str) -> None:
    """What the room sees of the board at one version."""
    ws = board.workshop
    if ws.status == "open":
        join_panel(ws.code, link, board.participants)
    st.markdown("## " + ui.t("workshops.participants_count", count=board.participants))
    if ws.phase == "results":
        ranking(board)
    else:
        notes(board)


def status(ws) -> None:
    """Phase and countdown, large (redrawn by the poll every 2 s)."""
    st.markdown("# " + live.status_line(ws))
