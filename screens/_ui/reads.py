"""Cached reads. Caching lives here (never in services/): reads others edit get short TTLs, and
a page clears them after its own writes with `changed()`."""

from __future__ import annotations

import streamlit as st

from models.user import User
from services.network import networks

READ_TTL = 10


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def network(network_id: str):
    return networks.get_network(network_id)


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def cities(_user: User, user_key: tuple) -> list:
    return networks.list_cities(_user)


def user_cities(user: User) -> list:
    """The cities this user may see (cached per user and role)."""
    return cities(user, (user.id, user.role, tuple(user.city_ids)))


def changed() -> None:
    """Forget cached reads after a write of our own."""
    st.cache_data.clear()
