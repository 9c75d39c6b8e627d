"""Follow-ups of coordination sessions: a city's open ones, on its progress and story pages
(what, who, by when, status), and the word asked before a session gets the same follow-up
twice (services/reporting/coordination.py refuses it unless confirmed)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.coordination import CoordinationSession
from models.user import User
from screens import _ui as ui
from services.core import permissions
from services.reporting import coordination

COLUMNS = ("text", "owner", "due", "status")


def confirm_duplicate(user: User, session: CoordinationSession, pending: str) -> None:
    """The follow-up just refused as one the session already has: add it anyway, or not."""
    data = st.session_state.get(pending)
    if data is None:
        return
    sid = session.id
    with st.container(border=True, key=f"coordination.fu_duplicate.{sid}"):
        st.warning(
            ui.t("coordination.followup_duplicate", text=data["text"]),
            icon=":material/content_copy:",
        )
        left, right = st.columns(2)
        if left.button(
            ui.t("coordination.followup_add_anyway"), key=f"coordination.fu_dup_add.{sid}"
        ):
            st.session_state.pop(pending, None)
            ui.write(
                lambda: coordination.add_followup(user, session, data, confirmed=True),
                success=ui.t_plain("coordination.saved"),
            )
        if right.button(
            ui.t("coordination.followup_keep_one"), key=f"coordination.fu_dup_drop.{sid}"
        ):
            st.session_state.pop(pending, None)
            st.rerun()


def city_followups(user: User, city_id: str, key: str) -> None:
    """The city's open follow-ups of coordination sessions (what, who, by when, status), for
    the city's pages; nothing for a user who may not read them."""
    if not permissions.allowed(user, "followup.read", city_id):
        return
    found = coordination.city_followups(user, city_id)
    with st.container(key=f"{key}.followups"):
        # Bold, not a heading: the story's headings are its numbered steps.
        st.markdown(f"**{ui.t('coordination.city_followups')}**")
        if not found:
            st.caption(ui.t("coordination.city_followups_none"))
            return
        rows = [
            {
                "text": f.text,
                "owner": f.owner,
                "due": f.due,
                "status": ui.t_plain(f"followup.{f.status}"),
            }
            for f in found
        ]
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        ui.table(
            ui.readable(frame).rename(columns=lambda c: ui.t_plain(f"coordination.column.{c}")),
            hide_index=True,
            width="stretch",
            key=f"{key}.followups.table",
        )
