"""The workshop pages' shared parts: session keys, the live board fragment, notes, timer.

Notes are people's text: shown with st.text, or (big type on the projector) as escaped
Markdown (ui.md), never as markup.
"""

from __future__ import annotations

import secrets
import urllib.parse
from collections.abc import Callable

import streamlit as st

from models import workshops as wm
from screens import _ui as ui
from screens._workshops import facilitation as wf
from screens._workshops import notes_text, phone, routes
from services.workshops import boards, workshops


class Keys:
    """Session-state keys of the workshop pages (not widget keys)."""

    WORKSHOP = "workshop.session.current"  # the facilitator's open workshop
    BOARD = "workshop.session.board"  # (version, Board) last read by the facilitator's board
    PLAN_READ = "workshop.session.plan_read"  # the plan as read when promotion was offered
    OFFER = "workshop.session.offer"  # the notes last offered for promotion
    CONFIRM_CLOSE = "workshop.session.confirm_close"  # the workshop whose closing is being asked
    P_WORKSHOP = "join.session.workshop"  # the participant's workshop
    P_TOKEN = "join.session.token"  # noqa: S105 - a key, not a token
    P_BOARD = "join.session.board"
    CLIENT = "join.session.client"  # a random key per browser session (join throttle)
    P_BEACON = "join.session.beacon"  # a cookie route for the browser to call (show_beacon)
    P_CHECKED = "join.session.cookies_checked"  # workshop cookies already tried here
    P_CLOSED = "join.session.closed"  # the title of the workshop that closed since the last visit
    P_ALL = "join.session.all_notes"  # the participant asked for every note, not the newest


def _cookies() -> dict[str, str]:
    try:
        return dict(st.context.cookies)
    except (AttributeError, RuntimeError):  # no browser behind this run (AppTest)
        return {}


def joined() -> bool:
    """Whether this browser session holds a participant's token; after a reload, the one the
    browser kept in the workshop's cookie (while that workshop is open)."""
    if not st.session_state.get(Keys.P_TOKEN):
        _restore_from_cookies()
    return bool(st.session_state.get(Keys.P_TOKEN))


def _restore_from_cookies() -> None:
    """Take the participant back from a workshop cookie. A link with another workshop's code
    (`?join=`) wins over the cookie; a cookie the server refuses is cleared."""
    checked = st.session_state.setdefault(Keys.P_CHECKED, set())
    asked = workshops.normalise_code(st.query_params.get("join", ""))
    for name, token in _cookies().items():
        workshop_id = workshops.cookie_workshop(name)
        if workshop_id is None or (name, token) in checked:
            continue
        checked.add((name, token))
        found = workshops.restore_participant(workshop_id, token)
        if found is None:
            st.session_state[Keys.P_BEACON] = routes.forget_url(workshop_id)
            title = workshops.closed_title(workshop_id, token)
            if title is not None:  # say so on the join page, rather than show a login form
                st.session_state[Keys.P_CLOSED] = title
            continue
        if asked and asked != found[0].code:
            continue
        st.session_state[Keys.P_TOKEN] = token
        st.session_state[Keys.P_WORKSHOP] = workshop_id
        return


def closed_notice() -> str | None:
    """The title of the participant's workshop that has closed since their last visit (the join
    page says so until they join again); None otherwise."""
    return st.session_state.get(Keys.P_CLOSED)


def keep(joined_: workshops.Joined) -> None:
    """A participant just joined: hold their token here, and have the browser take the cookie
    that keeps them across reloads (the one-time code, until the route has used it)."""
    st.session_state[Keys.P_TOKEN] = joined_.token
    st.session_state[Keys.P_WORKSHOP] = joined_.workshop.id
    st.session_state.pop(Keys.P_CLOSED, None)
    if workshops.cookie_name(joined_.workshop.id) is not None:
        url = routes.bind_url(joined_.workshop.id, joined_.handoff_code)
        st.session_state[Keys.P_BEACON] = url


def forget() -> None:
    """The participant leaves on this device: their cookie stops working and is cleared."""
    token = st.session_state.pop(Keys.P_TOKEN, None)
    workshop_id = st.session_state.pop(Keys.P_WORKSHOP, None)
    st.session_state.pop(Keys.P_BOARD, None)
    if token and workshop_id:
        workshops.forget_cookie(workshop_id, token)
        if workshops.cookie_name(workshop_id) is not None:
            st.session_state[Keys.P_BEACON] = routes.forget_url(workshop_id)


def show_beacon() -> None:
    """Have the browser call a cookie route as an invisible same-origin image (no JavaScript).
    The bind code is offered until the route has taken it; a forget is asked for once."""
    url = st.session_state.get(Keys.P_BEACON)
    if not url:
        return
    if url.startswith(routes.BIND):
        token = st.session_state.get(Keys.P_TOKEN, "")
        workshop_id = st.session_state.get(Keys.P_WORKSHOP, "")
        if not (token and workshops.cookie_pending(workshop_id, token)):
            st.session_state.pop(Keys.P_BEACON, None)
            return
    else:
        st.session_state.pop(Keys.P_BEACON, None)
    st.html(f'<img src="{url}" alt="" width="1" height="1" style="opacity:0;position:absolute">')


def client_key() -> str:
    if Keys.CLIENT not in st.session_state:
        st.session_state[Keys.CLIENT] = secrets.token_hex(8)
    return st.session_state[Keys.CLIENT]


def client_address() -> str | None:
    """The connection's IP address, when Streamlit knows it (None on localhost and in tests):
    wrong codes from one address are answered slowly past a limit (throttle.py)."""
    try:
        return st.context.ip_address
    except (AttributeError, RuntimeError):
        return None


def base_url() -> str:
    """The app's root URL as the browser sees it (for the join link)."""
    url = getattr(st.context, "url", None) or "http://localhost:8501/"
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def settings_line(ws: wm.Workshop) -> str:
    s, anonymous = ws.settings, "workshop.anonymous_short"
    return ui.t(
        "workshop.settings_line",
        anonymous=ui.t("workshop.named" if not s.anonymous_in(ws.phase) else anonymous),
        hidden=ui.t("workshop.hidden_short" if s.hide_until_reveal else "workshop.visible_short"),
        votes=s.votes_per_person,
        several=ui.t(
            "workshop.several_short" if s.several_votes_per_note else "workshop.one_short"
        ),
    )


def status_line(ws: wm.Workshop) -> str:
    """Phase, then the countdown or why the board is still."""
    parts = [ui.t(f"workshops.phase.{ws.phase}")]
    if ws.status == "closed":
        parts.append(ui.t("workshop.closed"))
    if ws.paused:
        parts.append(ui.t("workshop.paused"))
    if ws.locked:
        parts.append(ui.t("workshop.locked"))
    left = workshops.remaining_seconds(ws)
    if left is not None:
        if left > 0:
            parts.append(ui.t("workshop.left", minutes=left // 60, seconds=f"{left % 60:02d}"))
        else:
            parts.append(ui.t("workshop.time_up"))
    return " · ".join(parts)


def short_text(text: str, limit: int = 30) -> str:
    """A note's first words, for a button's name."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def note_caption(note: boards.BoardNote) -> ui.Markdown:
    """The note's author (escaped), votes, "mine" and grid place: Markdown, safe to show."""
    bits = []
    if note.author:
        bits.append(ui.md(note.author))
    if note.votes is not None:
        bits.append(ui.t("workshops.votes_count", count=note.votes) + wf.proxy_suffix(note))
    if note.mine:
        bits.append(ui.t("join.mine"))
    if note.x is not None and note.y is not None:
        bits.append(f"({note.x}, {note.y})")
    return ui.Markdown(" · ".join(bits))


def columns(
    board: boards.Board,
    *,
    big: bool = False,
    actions: Callable[[boards.BoardNote], None] | None = None,
    newest: int | None = None,
) -> None:
    """The notes in the template's columns, grouped under their group's note (`newest`: so many).

    Without `actions` (the facilitator's board, a phone outside voting) a column is one Markdown
    element, so a board of hundreds of notes costs little to build, send and draw on every
    screen; with them (a phone while voting) each note is a card with its vote buttons."""
    ws = board.workshop
    if board.hidden:
        st.caption(ui.t("workshop.hidden", count=board.hidden))
    shown = board.notes if newest is None else phone.newest(board.notes, newest)
    slots = st.columns(len(ws.columns)) if len(ws.columns) > 1 else [st.container()]
    for slot, column in zip(slots, ws.columns, strict=True):
        with slot:
            st.subheader(ui.t(f"workshops.column.{column}"))
            notes = [n for n in shown if n.column == column]
            ids = {n.id for n in notes}
            children: dict[str, list[boards.BoardNote]] = {}
            for n in notes:
                if n.group_id in ids:
                    children.setdefault(n.group_id, []).append(n)
            if not notes:
                st.caption(ui.t("workshop.empty_column"))
            ordered = [
                (note, child)
                for head in (n for n in notes if n.group_id not in ids)
                for note, child in [(head, False)] + [(c, True) for c in children.get(head.id, [])]
            ]
            if actions is None:
                if ordered:
                    lang = ui.lang()
                    st.markdown(
                        "\n\n".join(note_markdown(n, big, child=c, lang=lang) for n, c in ordered)
                    )
                continue
            for note, child in ordered:
                if child:
                    with st.container(border=False):
                        st.caption("↳")
                        _card(note, big, actions)
                else:
                    _card(note, big, actions)


def note_markdown(
    note: boards.BoardNote, big: bool = False, *, child: bool = False, lang: str | None = None
) -> str:
    """A note as Markdown: its text (escaped: shown as typed, never as markup), then its caption
    in grey; one paragraph, so notes join into one element. Built on every redraw of every
    screen, so the escaping of texts and messages is remembered (notes_text); `lang`: the
    reader's language, when the caller has it already."""
    if big:
        text = notes_text.escaped(" ".join(note.text.split()))
    else:
        text = "  \n".join(
            line for line in notes_text.escaped(note.text).split("\n") if line.strip()
        )
    body = ("### " if big else "") + ("↳ " if child else "") + text
    caption = _caption_markdown(note, lang or ui.lang())
    if caption:
        body += ("\n\n" if big else "  \n") + ":gray[" + caption + "]"
    return body


def _caption_markdown(note: boards.BoardNote, lang: str) -> str:
    """note_caption, escaped for Markdown (the same text, from remembered pieces)."""
    bits = []
    if note.author:
        bits.append(notes_text.escaped(note.author))
    if note.votes is not None:
        bits.append(
            notes_text.message(lang, "workshops.votes_count", note.votes) + wf.proxy_suffix(note)
        )
    if note.mine:
        bits.append(notes_text.message(lang, "join.mine"))
    if note.x is not None and note.y is not None:
        bits.append(notes_text.escaped(f"({note.x}, {note.y})"))
    return " · ".join(bits)


def _card(
    note: boards.BoardNote,
    big: bool,
    actions: Callable[[boards.BoardNote], None],
) -> None:
    caption = note_caption(note)
    with st.container(border=True):
        if big:
            st.markdown("### " + ui.md(" ".join(note.text.split())))
        else:
            st.text(note.text)
        if caption:
            st.caption(ui.md(caption))
        actions(note)
