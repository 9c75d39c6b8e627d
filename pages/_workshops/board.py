"""The workshop pages' shared parts: session keys, the live board fragment, notes, timer.

Notes are people's text: shown with st.text, or (big type on the projector) as escaped
Markdown (md_text), never as markup.
"""

from __future__ import annotations

import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils import script_requests
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from models import workshops as wm
from models.user import User
from pages import _ui as ui
from pages._workshops import routes
from services.transfer.plan_document import md_text
from services.workshops import workshops

POLL = "2s"  # a participant's note is on every screen within about this
SHARE_S = 0.5  # screens of one process share one read of the board version for this long


class Keys:
    """Session-state keys of the workshop pages (not widget keys)."""

    WORKSHOP = "workshop.session.current"  # the facilitator's open workshop
    BOARD = "workshop.session.board"  # (version, Board) last read by the facilitator's board
    PLAN_READ = "workshop.session.plan_read"  # the plan as read when promotion was offered
    OFFER = "workshop.session.offer"  # the notes last offered for promotion
    P_WORKSHOP = "join.session.workshop"  # the participant's workshop
    P_TOKEN = "join.session.token"  # noqa: S105 - a key, not a token
    P_BOARD = "join.session.board"
    CLIENT = "join.session.client"  # a random key per browser session (join throttle)
    P_BEACON = "join.session.beacon"  # a cookie route for the browser to call (show_beacon)
    P_CHECKED = "join.session.cookies_checked"  # workshop cookies already tried here


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
            continue
        if asked and asked != found[0].code:
            continue
        st.session_state[Keys.P_TOKEN] = token
        st.session_state[Keys.P_WORKSHOP] = workshop_id
        return


def keep(joined_: workshops.Joined) -> None:
    """A participant just joined: hold their token here, and have the browser take the cookie
    that keeps them across reloads (the one-time code, until the route has used it)."""
    st.session_state[Keys.P_TOKEN] = joined_.token
    st.session_state[Keys.P_WORKSHOP] = joined_.workshop.id
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
    s = ws.settings
    return ui.t(
        "workshop.settings_line",
        anonymous=ui.t("workshop.anonymous_short" if s.anonymous else "workshop.named"),
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


# --- the live board: a poll that costs nothing while nothing changes -----------------------------
#
# Each screen has two fragments. A tiny one runs every POLL: it reads the board version (shared by
# all screens of this process for SHARE_S) and the countdown, and when the version moved it asks
# Streamlit to rerun the other fragment, the board, which is never rerun on a timer: while nothing
# changes the drawn board stays in the browser and nothing is sent again. The board is read from
# the store once per version for every screen of the process (snapshot below).

_versions: dict[str, tuple[float, tuple[int, int] | None]] = {}
_versions_lock = threading.Lock()


def shared_version(workshop_id: str, *, fresh: bool = False) -> tuple[int, int] | None:
    """The board version, read from the store at most once per SHARE_S for all screens of this
    process (`fresh`: read it now, as a screen does after its own write)."""
    now = time.monotonic()
    with _versions_lock:
        seen = _versions.get(workshop_id)
    if not fresh and seen is not None and now - seen[0] < SHARE_S:
        return seen[1]
    version = workshops.board_version(workshop_id)
    with _versions_lock:
        if len(_versions) > 256:  # workshops long closed: start over
            _versions.clear()
        kept = _versions.get(workshop_id)
        # Two screens reading at once: the newer number stays (versions only grow).
        if kept is None or kept[1] is None or version is None or version >= kept[1]:
            _versions[workshop_id] = (now, version)
    return version


@st.cache_resource(max_entries=64, ttl=600, show_spinner=False)
def _snapshot_at(workshop_id: str, version: tuple[int, int]) -> workshops.Snapshot:
    # One read per board version for every screen of the process; a snapshot is never changed
    # after it is built, so sessions (threads) may share the object itself.
    return workshops.board_snapshot(workshop_id)


def snapshot(workshop_id: str, version: tuple[int, int] | None = None) -> workshops.Snapshot:
    """The workshop's shared board data at `version` (now, when not given)."""
    version = version or shared_version(workshop_id, fresh=True)
    if version is None:
        return workshops.board_snapshot(workshop_id)  # gone: NotFound from the service
    return _snapshot_at(workshop_id, version)


@st.cache_data(max_entries=64, ttl=600, show_spinner=False)
def _board_at(
    user_id: str, workshop_id: str, version: tuple[int, int], room: bool, _user: User
) -> workshops.Board:
    return workshops.facilitator_board(
        _user, workshop_id, room=room, snapshot=snapshot(workshop_id, version)
    )


def facilitator_board(
    user: User, workshop_id: str, *, room: bool = False, version: tuple[int, int] | None = None
) -> workshops.Board:
    """The facilitator's (or, `room`, the projector's) board at `version` (now, when not given),
    built once per board version: the live fragment, the rest of the page and a repeat view
    share one read."""
    version = version or shared_version(workshop_id, fresh=True)
    return _board_at(user.id, workshop_id, version, room, user)


def participant_board(
    workshop_id: str, token: str, version: tuple[int, int] | None = None
) -> workshops.Board:
    """A participant's board at `version`: the shared snapshot plus their own votes."""
    return workshops.participant_board(workshop_id, token, snapshot(workshop_id, version))


def _fragment_run() -> bool:
    """Whether this run is a fragment's own rerun (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def redraw() -> None:
    """After a write from inside the board (a vote): draw the board again, only the board when
    this run is the board fragment's own."""
    if _fragment_run():
        st.rerun(scope="fragment")
    st.rerun()


def _rerun_board(key: str) -> None:
    """Have Streamlit rerun the board fragment `key` next (not the page). Streamlit's public
    `st.rerun(scope=key)` is for widget callbacks only; a poll asks the same of the script
    runner directly. Should that ever fail, the whole page reruns (slower, still right)."""
    try:
        ctx = get_script_run_ctx()
        ids = ctx.fragment_storage.resolve_target(key)
        asked = ctx.script_requests.request_rerun(
            script_requests.RerunData(
                query_string=ctx.query_string,
                page_script_hash=ctx.page_script_hash,
                fragment_id_queue=ids,
                is_fragment_scoped_rerun=True,
                cached_message_hashes=ctx.cached_message_hashes,
                context_info=ctx.context_info,
            )
        )
    except Exception:  # noqa: BLE001 - any change of Streamlit's internals: the plain way
        asked = False
    if not asked:
        st.rerun()


def live(
    key: str,
    ws: wm.Workshop,
    load: Callable[[tuple[int, int]], workshops.Board],
    render: Callable[[workshops.Board], None],
    *,
    status: Callable[[], None] | None = None,
) -> None:
    """The live board: `status` (the phase and countdown, redrawn by the poll), then the board
    as `load(version)` gives it, drawn by `render` only when the version moved. A change of the
    workshop itself (phase, settings, timer) reruns the whole page."""
    drawn = key + ".drawn"

    @st.fragment(run_every=POLL)
    def poll() -> None:
        version = shared_version(ws.id)
        if version is not None and version[0] < ws.revision:  # shared number older than the page
            version = shared_version(ws.id, fresh=True)
        if version is None or version[0] != ws.revision:
            st.session_state.pop(key, None)
            st.rerun()
        if status is not None:
            status()
        if _fragment_run() and version != st.session_state.get(drawn):
            _rerun_board(key)

    @st.fragment(key=key)
    def board() -> None:
        version = shared_version(ws.id, fresh=True)
        if version is None or version[0] != ws.revision:
            st.session_state.pop(key, None)
            st.rerun()
        cached = st.session_state.get(key)
        if cached is None or cached[0] != version:
            cached = (version, load(version))
            st.session_state[key] = cached
        st.session_state[drawn] = version
        render(cached[1])

    poll()
    board()


def note_caption(note: workshops.BoardNote) -> str:
    bits = []
    if note.author:
        bits.append(note.author)
    if note.votes is not None:
        bits.append(ui.t("workshops.votes_count", count=note.votes))
    if note.mine:
        bits.append(ui.t("join.mine"))
    if note.x is not None and note.y is not None:
        bits.append(f"({note.x}, {note.y})")
    return " · ".join(bits)


def columns(
    board: workshops.Board,
    *,
    big: bool = False,
    actions: Callable[[workshops.BoardNote], None] | None = None,
) -> None:
    """The notes in the template's columns; grouped notes indented under their group's note.

    Without `actions` (the facilitator's board, the projector) each note is one element, so a
    board of hundreds of notes stays quick to draw; a participant's notes are cards with their
    vote buttons."""
    ws = board.workshop
    if board.hidden:
        st.caption(ui.t("workshop.hidden", count=board.hidden))
    slots = st.columns(len(ws.columns)) if len(ws.columns) > 1 else [st.container()]
    for slot, column in zip(slots, ws.columns, strict=True):
        with slot:
            st.subheader(ui.t(f"workshops.column.{column}"))
            notes = [n for n in board.notes if n.column == column]
            ids = {n.id for n in notes}
            children: dict[str, list[workshops.BoardNote]] = {}
            for n in notes:
                if n.group_id in ids:
                    children.setdefault(n.group_id, []).append(n)
            if not notes:
                st.caption(ui.t("workshop.empty_column"))
            for note in (n for n in notes if n.group_id not in ids):
                _note(note, big, actions)
                for child in children.get(note.id, []):
                    if actions is None:
                        _note(child, big, None, child=True)
                        continue
                    with st.container(border=False):
                        st.caption("↳")
                        _note(child, big, actions)


def _note(
    note: workshops.BoardNote,
    big: bool,
    actions: Callable[[workshops.BoardNote], None] | None,
    *,
    child: bool = False,
) -> None:
    caption = note_caption(note)
    if actions is None:
        # One element: the text (escaped: shown as typed, never as markup), then its caption.
        text = (
            md_text(" ".join(note.text.split()))
            if big
            else "  \n".join(md_text(note.text).split("\n"))
        )
        body = ("### " if big else "") + ("↳ " if child else "") + text
        if caption:
            body += ("\n\n" if big else "  \n") + ":gray[" + md_text(caption) + "]"
        st.markdown(body)
        return
    with st.container(border=True):
        if big:
            st.markdown("### " + md_text(" ".join(note.text.split())))
        else:
            st.text(note.text)
        if caption:
            st.caption(md_text(caption))
        actions(note)
