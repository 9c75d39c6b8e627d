"""Cached reads for the stage progress page (cleared by `ui.changed()` after a write)."""

from __future__ import annotations

import streamlit as st

from models.user import User
from screens import _ui as ui
from services.network import progress


@st.cache_data(ttl=ui.READ_TTL, show_spinner=False)
def _city_progress(_user: User, user_key: tuple, city_id: str):
    return progress.city_progress(_user, city_id)


def city_progress(user: User, city_id: str):
    """(city, network, StageProgress) for a city the user may see."""
    return _city_progress(user, (user.id, user.role, tuple(user.city_ids)), city_id)
