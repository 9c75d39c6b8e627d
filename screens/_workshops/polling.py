"""The live workshop board: every screen (phones, facilitator, projector) costs almost nothing
while nothing changes.

Each screen has two fragments. A tiny one runs every POLL: it reads the board version (shared by
all screens of this process for SHARE_S) and redraws the phase and countdown; when the version
moved it asks Streamlit to rerun the other fragment, the board, which is never rerun on a timer:
while nothing changes the drawn board stays in the browser and nothing is sent again. The board
is read from the store once per version for every screen of the process (`snapshot`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils import script_requests
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from models import workshops as wm
from models.user import User
from services.workshops import boards, facilitation, workshops

POLL = "1s"  # a note is on every screen within about this (plus a redraw)
SHARE_S = 0.5  # screens of one process share one read of the board version for this long

T = TypeVar("T")
Version = tuple[int, int, int]  # (workshop revision, board revision, people revision)

_versions: dict[str, tuple[float, Version | None]] = {}
_versions_lock = threading.Lock()


def shared_version(workshop_id: str, *, fresh: bool = False) -> Version | None:
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


def posted(workshop_id: str, written: T) -> T:
    """After a write of this session to the board: the screens of this process see the new
    version at their next poll, without waiting for the shared number to age (SHARE_S)."""
    shared_version(workshop_id, fresh=True)
    return written


@st.cache_resource(max_entries=64, ttl=600, show_spinner=False)
def _snapshot_at(workshop_id: str, version: Version) -> boards.Snapshot:
    # One read per board version for every screen of the process; a snapshot is never changed
    # after it is built, so sessions (threads) may share the object itself.
    return boards.board_snapshot(workshop_id)


def snapshot(workshop_id: str, version: Version | None = None) -> boards.Snapshot:
    """The workshop's shared board data at `version` (now, when not given)."""
    version = version or shared_version(workshop_id, fresh=True)
    if version is None:
        return boards.board_snapshot(workshop_id)  # gone: NotFound from the service
    return _snapshot_at(workshop_id, version)


@st.cache_data(max_entries=64, ttl=600, show_spinner=False)
def _board_at(
    user_id: str, workshop_id: str, version: Version, room: bool, _user: User
) -> boards.Board:
    return boards.facilitator_board(
        _user, workshop_id, room=room, snapshot=snapshot(workshop_id, version)
    )


def facilitator_board(
    user: User, workshop_id: str, *, room: bool = False, version: Version | None = None
) -> boards.Board:
    """The facilitator's (or, `room`, the projector's) board at `version` (now, when not given),
    built once per board version: the live fragment, the rest of the page and a repeat view
    share one read."""
    version = version or shared_version(workshop_id, fresh=True)
    return _board_at(user.id, workshop_id, version, room, user)


@st.cache_data(max_entries=64, ttl=600, show_spinner=False)
def _readiness_at(
    user_key: tuple, workshop_id: str, version: Version, _user: User
) -> facilitation.Readiness:
    return facilitation.readiness(_user, workshop_id)


def readiness(user: User, workshop_id: str) -> facilitation.Readiness:
    """Who has acted in this phase, counted once per board version (a join, a note, a vote
    and a phase change each move it) for every screen of the process: the facilitator's board
    redraws it with every note, and counting read every participant, note and vote."""
    version = shared_version(workshop_id)
    if version is None:
        return facilitation.readiness(user, workshop_id)  # gone: NotFound from the service
    key = (user.id, user.role, tuple(user.city_ids))
    return _readiness_at(key, workshop_id, version, user)


def participant_board(workshop_id: str, token: str, version: Version | None = None) -> boards.Board:
    """A participant's board at `version`: the shared snapshot plus their own votes."""
    return boards.participant_board(workshop_id, token, snapshot(workshop_id, version))


def _fragment_run() -> bool:
    """Whether this run is a fragment's own rerun (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


_FRESH = "workshop.session.fresh_version"  # the next board run reads the version anew


def redraw() -> None:
    """After a write from inside the board (a vote): draw the board again, only the board when
    this run is the board fragment's own (reading the version anew: the write moved it)."""
    st.session_state[_FRESH] = True
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
    load: Callable[[Version], boards.Board],
    render: Callable[[boards.Board], None],
    *,
    status: Callable[[], None] | None = None,
    counts_people: bool = True,
) -> None:
    """The live board: `status` (the phase and countdown, redrawn by the poll), then the board
    as `load(version)` gives it, drawn by `render` only when the version moved (a join moves
    only the people revision, which a board that does not show how many joined,
    `counts_people=False`, leaves alone). A change of the workshop itself (phase, settings,
    timer) reruns the whole page."""
    drawn = key + ".drawn"

    def shown(version: Version | None) -> tuple | None:
        return version if counts_people or version is None else version[:2]

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
        if _fragment_run() and shown(version) != shown(st.session_state.get(drawn)):
            _rerun_board(key)

    @st.fragment(key=key)
    def board() -> None:
        # A board run the poll asked for takes the shared number it saw (one read for all
        # screens); a whole page's run, or one after this screen's own write, reads it anew.
        fresh = not _fragment_run() or st.session_state.pop(_FRESH, False)
        version = shared_version(ws.id, fresh=fresh)
        if version is None or version[0] != ws.revision:
            st.session_state.pop(key, None)
            st.rerun()
        cached = st.session_state.get(key)
        if cached is None or shown(cached[0]) != shown(version):
            cached = (version, load(version))
            st.session_state[key] = cached
        render(cached[1])
        # Only a board drawn to the end counts as drawn: a run cut short is asked for again.
        st.session_state[drawn] = version

    poll()
    board()
