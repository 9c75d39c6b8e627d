"""Shared widgets, session-state keys, translation and cached reads for the pages.

Pages import this package as `ui` and use its names below; each lives in the module that says
what it is about: `text` (language, messages, typed text made safe), `session` (who is here),
`reads` (cached reads), `tables` (tables and charts with their data), `messages` (the one way a
page runs a write, errors, success lines).
"""

from __future__ import annotations

from screens._ui.forms import FormState, form_state
from screens._ui.messages import (
    attempt,
    empty,
    field_label,
    flash,
    show_conflict,
    show_error,
    show_flash,
    validation_messages,
    write,
)
from screens._ui.reads import READ_TTL, changed, cities, network, user_cities
from screens._ui.session import (
    cached_user,
    current_user,
    has_account,
    language_switch,
    login,
    logout,
    not_for_role,
    on_phone,
    page_user,
    renew_login,
    session_open,
    show_beacon,
)
from screens._ui.tables import (
    chart,
    cities_table,
    column_width,
    csv_download,
    csv_of,
    editor,
    fact,
    guarded,
    readable,
    readable_cell,
    table,
)
from screens._ui.text import (
    Keys,
    Markdown,
    date_format,
    lang,
    md,
    other_label_columns,
    page_basics,
    t,
    t_plain,
)

__all__ = [
    "FormState",
    "READ_TTL",
    "Keys",
    "Markdown",
    "attempt",
    "cached_user",
    "changed",
    "chart",
    "cities",
    "cities_table",
    "column_width",
    "csv_download",
    "csv_of",
    "current_user",
    "date_format",
    "editor",
    "empty",
    "fact",
    "field_label",
    "flash",
    "form_state",
    "guarded",
    "has_account",
    "lang",
    "language_switch",
    "login",
    "logout",
    "md",
    "network",
    "page_basics",
    "not_for_role",
    "on_phone",
    "page_user",
    "readable",
    "readable_cell",
    "renew_login",
    "session_open",
    "show_beacon",
    "show_conflict",
    "show_error",
    "show_flash",
    "t",
    "t_plain",
    "other_label_columns",
    "table",
    "user_cities",
    "validation_messages",
    "write",
]
