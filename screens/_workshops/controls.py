"""The facilitator's controls of a workshop: timer, phases, pause, lock, reveal, close (asked
first) and reopen."""

from __future__ import annotations

import streamlit as st

from models import workshops as wm
from models.user import User
from screens import _ui as ui
from screens._workshops.board import Keys
from services.core import permissions
from services.workshops import workshops

t = ui.t


def _do(fn) -> None:
    ui.write(fn, success=t("workshop.saved"))


def controls(user: User, ws: wm.Workshop, can_run: bool) -> None:
    """What the facilitator runs the room with (`can_run`), or the way to reopen a closed
    workshop (for those who may run it)."""
    if can_run:
        timer_col, start_col, stop_col = st.columns([2, 1, 1], vertical_alignment="bottom")
        minutes = timer_col.number_input(
            t("workshop.timer_minutes"), 1, workshops.TIMER_MAX_MIN, 5, key="workshop.timer_minutes"
        )
        if start_col.button(t("workshop.timer_start"), key="workshop.timer_start"):
            _do(lambda: workshops.start_timer(user, ws, float(minutes)))
        if stop_col.button(t("workshop.timer_stop"), key="workshop.timer_stop"):
            _do(lambda: workshops.stop_timer(user, ws))
        # Each phase has its own timer: moving on ends the last one, and (ticked) starts a new one.
        each_phase = st.checkbox(t("workshop.timer_each_phase"), key="workshop.timer_each_phase")
        phase_cols = st.columns(len(ws.phases))  # the phases of the workshop's template
        for col, phase in zip(phase_cols, ws.phases, strict=True):
            if col.button(
                t(f"workshops.phase.{phase}"),
                key=f"workshop.phase.{phase}",
                type="primary" if ws.phase == phase else "secondary",
                width="stretch",
            ):
                timed = float(minutes) if each_phase else None
                _do(lambda phase=phase, timed=timed: workshops.set_phase(user, ws, phase, timed))
        pause_col, lock_col, reveal_col, close_col = st.columns(4)
        if pause_col.button(
            t("workshop.resume" if ws.paused else "workshop.pause"), key="workshop.pause"
        ):
            _do(lambda: workshops.set_paused(user, ws, not ws.paused))
        if lock_col.button(
            t("workshop.unlock" if ws.locked else "workshop.lock"), key="workshop.lock"
        ):
            _do(lambda: workshops.set_locked(user, ws, not ws.locked))
        if reveal_col.button(t("workshop.reveal"), key="workshop.reveal", disabled=ws.revealed):
            _do(lambda: workshops.reveal(user, ws))
        # Closing asks first (a flag, not a dialog: a click inside a dialog can be lost on rerun).
        if close_col.button(t("workshop.close"), key="workshop.close"):
            st.session_state[Keys.CONFIRM_CLOSE] = ws.id
        if st.session_state.get(Keys.CONFIRM_CLOSE) == ws.id:
            st.warning(t("workshop.close_confirm"), icon=":material/lock:")
            yes_col, no_col = st.columns(2)
            if yes_col.button(t("workshop.close_yes"), key="workshop.close.yes", type="primary"):
                st.session_state.pop(Keys.CONFIRM_CLOSE, None)
                _do(lambda: workshops.close_workshop(user, ws))
            if no_col.button(t("workshop.close_no"), key="workshop.close.no"):
                st.session_state.pop(Keys.CONFIRM_CLOSE, None)
                st.rerun()
    elif (
        ws.status == "closed"
        and permissions.allowed(user, "workshop.run", ws.city_id)
        and st.button(t("workshop.reopen"), key="workshop.reopen")
    ):
        _do(lambda: workshops.reopen_workshop(user, ws))
