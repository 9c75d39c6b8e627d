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


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def _city_choices(_user: User, user_key: tuple) -> list[networks.CityChoice]:
    return networks.city_choices(_user)


def city_choices(user: User) -> list[networks.CityChoice]:
    """The names (and experiment counts) of the cities this user may see, by name (cached per
    user and role): what a city picker needs, without reading every city whole."""
    return _city_choices(user, (user.id, user.role, tuple(user.city_ids)))


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def _city(_user: User, user_key: tuple, city_id: str):
    return networks.get_city(_user, city_id)


def city(user: User, city_id: str):
    """One city the user may see, whole (cached per user and role)."""
    return _city(user, (user.id, user.role, tuple(user.city_ids)), city_id)


def changed() -> None:
    """Forget cached reads after a write of our own."""
    st.cache_data.clear()
