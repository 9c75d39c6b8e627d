"""Gentle reminders for a city's members: no check-in for a while, a report due or overdue,
an open follow-up of a coordination session that concerns the city.

Shown in the sidebar, so they follow the member on every page of their city; computed when
read (services), cached for a minute here.
"""

from __future__ import annotations

import streamlit as st

from models.user import User
from pages import _ui as ui
from services.core import formats, permissions
from services.network import networks
from services.reporting import checkins, coordination, reports


@st.cache_data(ttl=60, show_spinner=False)
def _due(_user: User, user_key: tuple) -> list[tuple[str, dict]]:
    """(message key, values) of every reminder for the user's own cities."""
    found: list[tuple[str, dict]] = []
    today = reports.today()
    for city in networks.list_cities(_user):
        if not permissions.allowed(_user, "checkin.create", city.id):
            continue
        reminder = checkins.checkin_reminder(city, today)
        if reminder is not None:
            key = "reminder.checkin_never" if reminder.days is None else "reminder.checkin_days"
            found.append((key, {"city": city.name, "days": reminder.days}))
        done = {
            r.cycle_key
            for r in reports.list_reports(_user, city.id)
            if r.status in ("submitted", "accepted")
        }
        for cycle in reports.city_cycles(_user, city.id, today):
            if cycle.end < today and cycle.key not in done:
                key = "reminder.report_overdue" if cycle.due < today else "reminder.report_due"
                values = {"city": city.name, "cycle": cycle.key, "due": cycle.due}
                found.append((key, values))
        # A follow-up of a coordination session that concerns the city, until it is done.
        for followup in coordination.city_followups(_user, city.id):
            values = {"city": city.name, "text": followup.text, "due": followup.due}
            found.insert(0, ("reminder.followup", values))
    return found


def sidebar(user: User) -> None:
    """The reminders of a city member (nothing for other roles), in the sidebar."""
    if permissions.scope(user, "checkin.create") != permissions.OWN:
        return
    shown = _due(user, (user.id, user.role, tuple(user.city_ids)))
    if not shown:
        return
    with st.sidebar:
        for key, values in shown[:4]:
            # Plain text: city names come from people (never Markdown).
            if "due" in values:  # a date, in the reader's language
                values = {**values, "due": formats.date(values["due"], ui.lang())}
            st.caption(ui.t(key, **values))
