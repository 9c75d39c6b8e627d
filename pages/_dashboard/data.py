"""The dashboard's cached reads, keyed by the network's data revision.

A repeat view costs one indexed query (the revision) and cache hits; a write anywhere in the
network changes the revision, so the next view reads afresh. Calendar facts are brought up to
date once per day and process (`calendar`), before the revision is read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from models.base import utcnow
from models.user import User
from services.dashboard import attention, methods, panels, views

TTL = 3600  # a bound on memory, not on freshness: the revision is in every key


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def calendar(network_id: str, today: dt.date) -> int:
    """Refresh the summaries whose day passed (once per network, day and process)."""
    return views.refresh_calendar(network_id, today)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _overview(_user: User, network_id: str, revision: str, today: dt.date, who: tuple):
    return views.load(_user, today)


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """The overview read for this run, and what its cache key was made of."""

    overview: views.Overview
    revision: str
    who: tuple


def snapshot(user: User) -> Snapshot:
    """The user's overview, current as of the network's last write and today's date."""
    today = utcnow().date()
    calendar(user.network_id, today)
    revision = views.data_revision(user.network_id)
    # Who decides which cities are visible: the role and the own cities.
    who = (user.role, tuple(sorted(user.city_ids)))
    return Snapshot(_overview(user, user.network_id, revision, today, who), revision, who)


def context(overview: views.Overview, filters: views.Filters, lang: str) -> panels.Context:
    cities = views.apply(overview.cities, filters)
    return panels.Context(overview.network, cities, overview.today, lang, filters)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def _built(_snap: Snapshot, _filters: views.Filters, what: str, key: tuple):
    ctx = context(_snap.overview, _filters, key[-1])
    if what == "attention":
        frame = attention.attention_frame(ctx)
        return frame, attention.caption(ctx, frame)
    if what == "methods":
        return methods.methods_panel(ctx)
    return panels.build(ctx, what)


def built(snap: Snapshot, filters: views.Filters, lang: str, what: str):
    """A section's panels ("stages" ...), or "attention" (frame, caption), or "methods" (a
    panel), for these filters and language: cached under the snapshot's revision."""
    ov = snap.overview
    query = tuple(sorted(filters.to_query().items()))
    key = (ov.network.id, snap.revision, ov.today, snap.who, query, lang)
    return _built(snap, filters, what, key)
