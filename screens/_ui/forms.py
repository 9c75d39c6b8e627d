"""One submission per form on screen: the one way a form that creates something is drawn,
sent and cleared.

A form on screen has a submission id (drawn when it is first shown) and a version. The id goes
with the write to the service, which stores it with what it writes (`submission_id`,
services/core/records.py): the same submission sent again (a double or triple click, a click
that reached the server twice) writes nothing more and gets the first result, whatever the
values; two submissions are two writes, even of equal values. Nothing here compares values.

The form is cleared only once its save is confirmed (`saved`): the version moves on, so every
widget of the form gets a fresh key and the browser draws it empty, and a new id is drawn. A
click on the old form that reaches the server afterwards belongs to widgets that are gone and
does nothing. On an error nothing moves: the typing stays. The browser keeps a draft of the
form's text until the save is confirmed, for a connection or a session lost meanwhile
(screens/_ui/drafts.py). (`st.form(clear_on_submit=True)`
clears in the browser before the server has the values: a submit lost in a stall is lost.)

The last clicks of a fast triple click can land on the new form, drawn empty by the first
click's save: a send of the form a save drew, within BURST_S of the run that first drew it
(no one fills in a form that fast), is the tail of the same burst (`burst_echo`): the page
answers it with that save's message, neither an error ("a value is required") nor an empty
record. The moment counts from the draw, not from the save: on a busy server the run that
draws the new form can itself take seconds, and the burst's tail comes after it. The draw is
the end of that run (`run_ended`, app.py, once the page is drawn: when the browser has the
form), or the moment the run reached the form if it was cut short; each click answered so
draws the form again, and the next click of the burst counts from there.
So a form takes its state (`form_state`) where it is drawn, on every run, not only once sent.

    form = ui.form_state("checkin")
    with st.form("checkin.form"):
        st.text_area(..., key=form.key("happened"))
        st.form_submit_button(..., key=form.key("save"), on_click=save, args=(form,))

    def save(form):
        ok, _ = ui.write(lambda: service(..., submission=form.submission), form=form)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from models.base import new_id
from screens._ui import drafts
from screens._ui.text import Keys

# The session-state key holding a form's submission id and version: the form's name (page-
# namespaced: "checkin", "reports.review.<report id>") after this prefix.
PREFIX = Keys.FORM
# The forms this run draws since their save (or draws again for a burst's click): their draw
# is stamped again when the run ends.
RUN_DRAWN = PREFIX + "_drawn_this_run"
# Seconds after a save during which a send of the form it drew is the same click burst. A
# double tap is 0.1-0.3 s apart; choosing a date and typing a value takes seconds.
BURST_S = 1.5


@dataclass(frozen=True)
class FormState:
    """The form on screen: its name, the id its submission carries, and its version."""

    name: str
    submission: str
    version: int
    keys: str  # what its widget keys start with

    def key(self, field: str) -> str:
        """The widget key of `field` in this version of the form: `<keys>.<field>` for the
        first form shown (what tests find), `<keys>.<field>.v<n>` after the n-th save."""
        base = f"{self.keys}.{field}"
        return base if self.version == 0 else f"{base}.v{self.version}"


def form_state(name: str, *, keys: str | None = None) -> FormState:
    """The form `name` as it is on screen now (a submission id drawn when first shown).

    `keys` starts its widget keys when they are not named after the form (one form per
    report, "reports.review.<id>", whose fields are "reports.review.text" ...).
    """
    state = st.session_state.setdefault(PREFIX + name, {"submission": new_id(), "version": 0})
    if "saved_at" in state and state.get("drawn_at") is None:
        _drawn(name, state)  # the first run since the save: it draws the form
    drafts.watch(keys or name)  # its text kept in the browser until the save is confirmed
    return FormState(name, state["submission"], state["version"], keys or name)


def saved(form: FormState, message: str | None = None) -> None:
    """The save of `form` is confirmed (and said with `message`): the next run draws it empty
    (new keys) with a new id.

    Once only: a repeated submission of a form already saved (its id no longer the one on
    screen) changes nothing, so a newer form being filled in is never cleared by it.
    """
    key = PREFIX + form.name
    if st.session_state.get(key, {}).get("submission") != form.submission:
        return
    st.session_state[key] = {
        "submission": new_id(),
        "version": form.version + 1,
        "saved_at": time.monotonic(),
        "message": message or "",
    }


def burst_echo(
    form: FormState, message: str | None = None, *, one_action: bool = False
) -> str | None:
    """The message of the save that drew `form`, when `form` is sent within BURST_S of that
    save for the same action (said with the same `message`: a report's Submit right after its
    Save is no burst; `one_action`: the form has a single action, whatever its message says,
    e.g. the name of the account it created): the last clicks of the burst that saved. None: a
    send to act on."""
    state = st.session_state.get(PREFIX + form.name, {})
    if state.get("submission") != form.submission or "saved_at" not in state:
        return None
    if time.monotonic() - (state.get("drawn_at") or state["saved_at"]) > BURST_S:
        return None
    if not one_action and state["message"] != (message or ""):
        return None
    _drawn(form.name, state)  # this run draws the form again: the burst goes on
    return state["message"]


def _drawn(name: str, state: dict) -> None:
    """The form `name` is drawn by this run: its burst counts from now, and again from the
    run's end (`run_ended`)."""
    state["drawn_at"] = time.monotonic()
    drawn = st.session_state.setdefault(RUN_DRAWN, [])
    if name not in drawn:
        drawn.append(name)


def run_ended() -> None:
    """The page is drawn (app.py, after it ran): the browser has the forms this run drew since
    their save only from now, so their burst counts from now. A run cut short by a click does
    not get here: its forms count from when it reached them."""
    for name in st.session_state.pop(RUN_DRAWN, []):
        state = st.session_state.get(PREFIX + name)
        if state is not None and "saved_at" in state:
            state["drawn_at"] = time.monotonic()
