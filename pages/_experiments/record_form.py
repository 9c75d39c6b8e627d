"""One entry per submission of the record form (pages/record.py): a hurried thumb's double or
triple click on Save records what it typed once, and the form is cleared for the next entry.

The form draws an id when it is shown; a save uses it up (it becomes the entry's id, so the
service records a submission once) and draws a new one, with a new Save button. A click that
reaches the server after the save belongs to a button that is gone, or sends an empty form or
the values just saved: `repeats_last_save` tells it apart from a new measurement.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from models.base import new_id

# Session-state keys (not widget keys) of the record form: the id of the submission on screen,
# and what the last save recorded.
RECORD_SUBMISSION = "record.submission"
RECORD_SAVED = "record.saved_values"
RECORD_SAVED_AT = "record.saved_at"
# Within this many seconds of a save, a click that sends an empty form or the values just saved
# is the same hurried thumb, however slow the server was to answer the first click.
REPEAT_CLICK_S = 10.0
# The widget keys of what one entry says (cleared after each save).
RECORD_FIELDS = ("record.value", "record.observation", "record.note")


def record_submission() -> str:
    """The id of the record form on screen, drawn when it is first shown and used up by its
    save: the id of the entry it records, so a second click of the same form records nothing."""
    return st.session_state.setdefault(RECORD_SUBMISSION, new_id())


def record_save_key(submission: str) -> str:
    """The save button's key: a new button per submission, so a click that reaches the server
    after the save (a double click) belongs to a button that is gone."""
    return f"record.save.{submission}"


def _entry_values() -> dict[str, Any]:
    values = {key: st.session_state.get(key) for key in RECORD_FIELDS}
    return {key: None if value == "" else value for key, value in values.items()}


def record_saved() -> None:
    """The form's submission is used: the next form on screen is a new submission, empty."""
    state = st.session_state
    state[RECORD_SUBMISSION] = new_id()
    state[RECORD_SAVED] = _entry_values()
    state[RECORD_SAVED_AT] = time.monotonic()
    clear_record_form()


def repeats_last_save() -> bool:
    """True when a save happened a moment ago and the form holds either nothing (a click that
    reached the server once the form was cleared) or again what that save recorded (a click on
    the new form sent before the browser saw it cleared): a repeated click, nothing to record."""
    saved_at = st.session_state.get(RECORD_SAVED_AT)
    if saved_at is None or time.monotonic() - saved_at >= REPEAT_CLICK_S:
        return False
    values = _entry_values()
    return all(v is None for v in values.values()) or values == st.session_state.get(RECORD_SAVED)


def clear_record_form() -> None:
    # Assigned, not removed: only a value set by the script is sent back to the browser.
    for key in RECORD_FIELDS:
        st.session_state[key] = None if key == "record.value" else ""


def forget_resubmitted_entry() -> bool:
    """True (and the form cleared) when the form holds again what the last save recorded: a
    second click that reached the server after the save brings its values back with it."""
    saved = st.session_state.get(RECORD_SAVED)
    if saved is None or _entry_values() != saved:
        return False
    clear_record_form()
    return True
