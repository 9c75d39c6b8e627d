"""Gentle reminders for a city's members: no check-in for a while, a report due, overdue or
sent back (the most recent first, to those who may write it), an open follow-up of a
coordination session that concerns the city.

Shown in the sidebar, so they follow the member on every page of their city; computed when
read (services/reporting/reminders.py, which also e-mails them), cached for a minute here.
"""

from __future__ import annotations

import streamlit as st

from models.user import User
from screens import _ui as ui
from services.core import permissions
from services.reporting import reminders


@st.cache_data(ttl=60, show_spinner=False)
def _due(_user: User, user_key: tuple) -> list[reminders.Due]:
    """Every reminder for the user's own cities."""
    return reminders.city_items(_user, reminders.today())


def sidebar(user: User) -> None:
    """The reminders of a city member (nothing for other roles), in the sidebar."""
    if permissions.scope(user, "checkin.create") != permissions.OWN:
        return
    shown = _due(user, (user.id, user.role, tuple(user.city_ids)))
    if not shown:
        return
    with st.sidebar:
        for item in shown[:4]:
            # ui.t escapes the values (city names and follow-ups come from people).
            st.caption(ui.t(item.key, **item.shown_values(ui.lang())))
