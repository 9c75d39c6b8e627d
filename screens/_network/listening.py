"""The "Listening and reporting" tab of the network settings page: days before a city is
reminded to check in, days of grace before a report is late, the day reporting starts and the
day the programme ends (both optional), and the blocker list (add, rename in English and
French, reorder, retire, remove). The reporting rhythm stays in the General tab.

The form starts from the settings as read when it was first shown, kept in the session: the
widgets keep what a person typed across reruns, and a save sends only what changed, at the
revision that was read. When someone saved meanwhile, the conflict view shows what is stored
and the form keeps the typing; the next save, made knowing, goes through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pydantic
import streamlit as st

from models.reporting import ReportingSettings
from models.user import User
from screens import _ui as ui
from services.core import errors
from services.network import settings as network_settings
from services.reporting import settings

READ = "network.listening.read"  # the settings as read when the form was first shown
RESET = "network.listening.reset"  # set by a successful save: start again from what is stored
DAYS = "network.listening.reminder_days"
GRACE = "network.listening.grace_days"
STARTS = "network.listening.starts_on"
ENDS = "network.listening.ends_on"
# The calendar's dates as the form offers them (an imported history may start years back).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
TAGS = "network.listening.tags"


def _as_read(user: User) -> ReportingSettings:
    """The settings the form was built from (read again when the form is shown afresh)."""
    state = st.session_state
    if state.pop(RESET, False):
        for key in (READ, DAYS, GRACE, STARTS, ENDS, TAGS):
            state.pop(key, None)
    if READ not in state or DAYS not in state:  # widget values go when the page is left
        config = settings.get_settings(user.network_id)
        state[READ] = config
        state[DAYS] = config.checkin_reminder_days
        state[GRACE] = config.report_grace_days
        state[STARTS] = config.reporting_starts_on
        state[ENDS] = config.programme_ends_on
        state.pop(TAGS, None)
    return state[READ]


def _changes(read: ReportingSettings, tags: list[dict[str, Any]]) -> dict[str, Any]:
    """What the form changed, compared with what it was built from."""
    state = st.session_state
    changes: dict[str, Any] = {}
    if state[DAYS] != read.checkin_reminder_days:
        changes["checkin_reminder_days"] = state[DAYS]
    if state[GRACE] != read.report_grace_days:
        changes["report_grace_days"] = state[GRACE]
    for key, field in ((STARTS, "reporting_starts_on"), (ENDS, "programme_ends_on")):
        if state.get(key) != getattr(read, field):
            changes[field] = state.get(key)  # None: the date was cleared
    if tags != [t.model_dump() for t in read.blocker_tags]:
        changes["blocker_tags"] = tags
    return changes


def _saved(result: ReportingSettings) -> ReportingSettings:
    st.session_state[RESET] = True
    return result


def _conflict(exc: errors.Conflict, fields: set[str]) -> None:
    """Show what is stored; keep the form (and its table's edits) as typed, and take the
    stored revision so that saving again, knowingly, goes through."""
    ui.show_conflict(exc, fields)
    current = exc.current
    st.session_state[READ] = st.session_state[READ].model_copy(
        update={"revision": current.revision, "created_at": current.created_at}
    )


def _errors(exc: Exception) -> None:
    # The blocker list is nested: say which tag and which label, not only "label".
    if isinstance(exc, (pydantic.ValidationError, errors.InvalidInput)):
        lines = network_settings.error_lines(exc, ui.lang())
        st.error("\n\n".join(ui.md(line) for line in lines), icon=":material/error:")
    else:
        ui.show_error(exc)


def render(user: User, can_edit: bool) -> None:
    """The tab's form; saving needs `network.edit` (checked by the service)."""
    read = _as_read(user)
    st.caption(ui.t("listening.help"))
    form = ui.form_state("network.listening")
    with st.form("network.listening.form", enter_to_submit=False):
        for key, field, low, high in (
            (DAYS, "checkin_reminder_days", 1, 365),
            (GRACE, "report_grace_days", 0, 120),
        ):
            st.number_input(
                ui.t(f"settings.loc.{field}"),
                min_value=low,
                max_value=high,  # the model's bounds (models/reporting.py)
                step=1,
                help=ui.t(f"listening.help.{field}"),
                disabled=not can_edit,
                key=key,
            )
        for key, field in ((STARTS, "reporting_starts_on"), (ENDS, "programme_ends_on")):
            st.date_input(
                ui.t(f"settings.loc.{field}"),
                value=None,  # optional: may be left empty or cleared (the session holds it)
                min_value=FIRST_DAY,
                max_value=LAST_DAY,
                format=ui.date_format(),
                help=ui.t(f"listening.help.{field}"),
                disabled=not can_edit,
                key=key,
            )
        st.markdown(f"**{ui.t('settings.loc.blocker_tags')}**")
        st.caption(ui.t("listening.tags_help"))
        text_column = st.column_config.TextColumn
        edited = ui.editor(
            settings.tags_frame(read),
            column_config={
                "order": st.column_config.NumberColumn(
                    ui.t("listening.column.order"), min_value=1, step=1
                ),
                "key": text_column(
                    ui.t("settings.column.key"), disabled=True, help=ui.t("listening.key_help")
                ),
                "label_en": text_column(ui.t("settings.column.label_en"), required=True),
                "label_fr": text_column(ui.t("settings.column.label_fr"), required=True),
                **ui.other_label_columns(),
                "retired": st.column_config.CheckboxColumn(
                    ui.t("listening.column.retired"), help=ui.t("listening.retired_help")
                ),
            },
            num_rows="dynamic",
            hide_index=True,
            disabled=not can_edit,
            key=TAGS,
        )
        if st.form_submit_button(
            ui.t("settings.save"), key="network.listening.save", disabled=not can_edit
        ):
            changes = _changes(read, settings.tags_from_frame(edited, read))
            ui.write(
                lambda: _saved(
                    settings.update_settings(user, read, changes, submission=form.submission)
                ),
                success=ui.t("settings.saved"),
                on_conflict=lambda exc: _conflict(exc, set(changes)),
                errors=_errors,
                form=form,
            )
