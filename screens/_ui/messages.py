"""Messages: the one way a page runs a write (`write`), errors named by field, the conflict
view, a success line shown once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic
import streamlit as st

from screens._ui import forms
from screens._ui.reads import changed
from screens._ui.text import FLASH_KEY, Keys, t
from services.core import i18n
from services.core.errors import AtelierError, Conflict, InvalidInput, StateChanged

# --- messages ----------------------------------------------------------------------------------


def field_label(field: str) -> str:
    key = f"field.{field}"
    return t(key) if i18n.has(key) else field


def validation_messages(exc: pydantic.ValidationError) -> list[str]:
    """One translated line per error, naming the field (the path inside nested input)."""
    lines = []
    for error in exc.errors():
        path = ".".join(str(p) for p in error["loc"]) or "-"
        field = field_label(str(error["loc"][-1])) if error["loc"] else "-"
        key = f"validation.{error['type']}"
        ctx = {
            k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, (int, float, str))
        }
        detail = t(key, **ctx) if i18n.has(key) else error["msg"]
        lines.append(t("validation.line", field=field, path=path, detail=detail))
    return lines


def show_error(exc: Exception) -> None:
    """Show a domain or validation error as a clear, translated message."""
    if isinstance(exc, pydantic.ValidationError):
        st.error("\n\n".join(validation_messages(exc)), icon=":material/error:")
    elif isinstance(exc, InvalidInput):
        params = {k: v for k, v in exc.params.items() if k != "field"}
        st.error(
            t(
                "validation.line",
                field=field_label(exc.field),
                path=exc.field,
                detail=t(exc.key, **params),
            ),
            icon=":material/error:",
        )
    elif isinstance(exc, AtelierError):
        st.error(t(exc.key, **exc.params), icon=":material/error:")
    else:
        raise exc


def attempt(fn: Callable[[], Any], *, form: forms.FormState | None = None) -> tuple[bool, Any]:
    """Run a call that validates input (no write); show its error. Returns (ok, result).

    With the `form` being sent: the tail of the click burst that saved it (its last clicks on
    the new, empty form, screens/_ui/forms.py) is answered with that save's message before
    anything is validated, not with "a value is required"."""
    _answer_burst(form, one_action=True)
    try:
        return True, fn()
    except (pydantic.ValidationError, AtelierError) as exc:
        show_error(exc)
        return False, None


def show_conflict(exc: Conflict, fields: set[str] | None = None) -> None:
    """Someone saved first: say so, and show what is stored now (the form keeps the typing)."""
    st.warning(t("app.conflict"), icon=":material/sync_problem:")
    stored = exc.current.model_dump(mode="json", include=fields, exclude={"revision"})
    st.json(stored, expanded=False)


def write(
    fn: Callable[[], Any],
    *,
    success: str | None = None,
    on_conflict: Callable[[Conflict], None] | None = None,
    errors: Callable[[Exception], None] | None = None,
    form: forms.FormState | None = None,
    clears_reads: bool = True,
) -> tuple[bool, Any]:
    """The one way a page runs a write. Returns (ok, result); never shows a traceback.

    Success: cached reads are cleared, the `form` that sent the write (if any) is cleared for
    the next entry (screens/_ui/forms.py) and, with `success`, the message is flashed and the
    page reruns (so a rerun never repeats the write). `clears_reads=False` is for a write no
    cached read holds (a participant's note or vote: boards are cached by their version), so
    that thirty phones posting do not empty every screen's caches in the process.
    A validation or permission error is shown by field (or by `errors`, for nested input). A
    conflict (someone saved first) goes to `on_conflict`, or to the generic conflict view, and a
    write the stored state no longer allows (StateChanged) is explained; either way cached reads
    are cleared so the page shows the stored state, and what the person typed stays in the form.
    A send of the `form` a save has just drawn, within a moment of it, is the tail of the
    click burst that saved (screens/_ui/forms.py): answered with that save's message, unsent.
    """
    _answer_burst(form, success)
    try:
        result = fn()
    except Conflict as exc:
        changed()
        (on_conflict or show_conflict)(exc)
        return False, None
    except StateChanged as exc:
        changed()  # the page read a state that is gone: it shows the stored one from now on
        (errors or show_error)(exc)
        return False, None
    except (pydantic.ValidationError, AtelierError) as exc:
        (errors or show_error)(exc)
        return False, None
    if clears_reads:
        changed()
    if form is not None:
        forms.saved(form, success)
    if success is not None:
        flash(success)
        st.rerun()
    return True, result


def _answer_burst(
    form: forms.FormState | None, message: str | None = None, *, one_action: bool = False
) -> None:
    """When `form` is sent by the tail of the click burst that saved it (screens/_ui/forms.py):
    flash that save's message and rerun, sending nothing."""
    echo = forms.burst_echo(form, message, one_action=one_action) if form is not None else None
    if echo is not None:
        flash(echo)
        st.rerun()


def flash(message: str) -> None:
    """A success line shown once, on the next run (after st.rerun)."""
    st.session_state[Keys.FLASH] = message


def show_flash() -> None:
    """The success line of the last save, once, at the top right of the window (FLASH_CSS,
    screens/_ui/text.py): seen wherever the page is scrolled (a plan section saved far down),
    and out of the page's flow, so that nothing moves under a finger as it comes and goes."""
    message = st.session_state.pop(Keys.FLASH, None)
    if message:
        with st.container(key=FLASH_KEY):
            st.success(message, icon=":material/check_circle:")


def empty(message_key: str) -> None:
    st.info(t(message_key), icon=":material/info:")
