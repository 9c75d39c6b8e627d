"""The dashboard's cached reads, keyed by the network's data revision.

A repeat view costs one read by `_id` (the revision) and cache hits on small results (the
filter choices, each section's built panels); the cities themselves are read again only when
the revision moved (someone wrote) or the day changed, and then only the summary fields the
section shows (`panels.FIELDS`). Calendar facts are brought up to date once per day and process
(`calendar`: one read by `_id` unless some city's day has passed), before the revision is read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from models.base import utcnow
from models.network import Network
from models.user import User
from services.dashboard import attention, catalog, indicators, methods, panels, views
from services.network import networks

TTL = 600  # bounds memory, and staleness after a bulk reload by another process (CLI)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=16)
def calendar(network_id: str, today: dt.date) -> int:
    """Refresh the summaries whose day passed (once per network, day and process)."""
    return views.refresh_calendar(network_id, today)


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """Who reads, and the state of the data read: what every cache key is made of."""

    user: User
    network_id: str
    revision: int
    today: dt.date
    who: tuple  # the role and the own cities decide which cities are visible

    @property
    def key(self) -> tuple:
        return (self.network_id, self.revision, self.today, self.who)


def snapshot(user: User) -> Snapshot:
    """Where the user's network stands now (calendar refreshed, revision read)."""
    today = utcnow().date()
    calendar(user.network_id, today)
    who = (user.role, tuple(sorted(user.city_ids)))
    return Snapshot(user, user.network_id, views.data_revision(user.network_id), today, who)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def _overview(_snap: Snapshot, key: tuple, section: str) -> views.Overview:
    return views.load(_snap.user, _snap.today, panels.FIELDS.get(section))


def overview(snap: Snapshot, section: str) -> views.Overview:
    """Every visible city's row, with the summary fields `section` reads (read only when the
    revision moved)."""
    return _overview(snap, snap.key, section)


@dataclasses.dataclass(frozen=True)
class Head:
    """What the page needs before any panel: the network, the filter choices, the count."""

    network: Network
    choices: dict[str, list[str]]
    cities: int


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _head(_snap: Snapshot, key: tuple, section: str) -> Head:
    if views.sees_all(_snap.user):
        network = networks.get_network(_snap.network_id)
        summed = totals(_snap, views.Filters())
        return Head(
            network, views.choices_of(network, summed.clusters, summed.countries), summed.cities
        )
    found = overview(_snap, section)
    return Head(found.network, views.choices(found), len(found.cities))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _totals(_snap: Snapshot, _filters: views.Filters, key: tuple) -> views.Totals:
    return views.totals(_snap.user, _filters, _snap.today)


def totals(snap: Snapshot, filters: views.Filters) -> views.Totals:
    """The stage facts summed for a reader of every city through `filters` (the head's count
    and a view's panels share one read per revision)."""
    return _totals(snap, filters, (*snap.key, *sorted(filters.to_query().items())))


def head(snap: Snapshot, section: str) -> Head:
    """The network, filter choices and city count: from the network's rollup for a reader of
    every city, else from their cities (read with `section`'s fields, so that the section's
    panels find them already read)."""
    return _head(snap, snap.key, section)


def context(snap: Snapshot, filters: views.Filters, lang: str, section: str) -> panels.Context:
    """The filtered cities as `section`'s panels see them."""
    found = overview(snap, section)
    cities = views.apply(found.cities, filters)
    return panels.Context(found.network, cities, found.today, lang, filters)


# The sections a reader of every city sees from the rollups alone (and the few cities drawn).
ROLLED_UP = ("stages", "experiments", "engagement", "plans", "attention", "methods")


def _rolled_up(snap: Snapshot, filters: views.Filters, lang: str) -> panels.Context:
    # The panels of a reader of every city: the rollups and the cities they draw, no more.
    user = snap.user
    return panels.Context(
        networks.get_network(snap.network_id),
        [],
        snap.today,
        lang,
        filters,
        totals=totals(snap, filters),
        fetch=lambda ranks: views.ranked(user, filters, ranks),
        tallies=lambda part: views.tally(user, filters, part, snap.today),
        most=lambda counts: views.most_experiments(user, filters, counts),
        flagged=lambda keys: views.needing_attention(user, filters, keys),
        named=lambda ids: views.named(user, filters, ids),
        tagged=lambda tags: views.tagged(user, filters, tags, TAGGED_FIELDS),
        moods=lambda values: views.lowest_mood(user, filters, values),
    )


# What the first cities of the glance, the newest unintended effects and the indicators' lines
# read of a city's summary.
TAGGED_FIELDS = tuple(f for f in panels.FIELDS["methods"] if f != "rollup")


@dataclasses.dataclass(frozen=True)
class WhatWorks:
    """The methods view as built: the methods panel, the glance (its rows, lines, the evidence
    caption), the newest unintended effects (and how many in all), the shared indicators."""

    methods: panels.PanelView
    glance: pd.DataFrame
    lines: list[tuple[str, str, str]]
    evidence: str
    effects: pd.DataFrame
    effects_total: int
    indicators: list[panels.PanelView]
    complete: bool  # False: the glance's rows are those shown (its CSV reads every city)


def what_works(ctx: panels.Context) -> WhatWorks:
    """Everything the methods view shows, from one context."""
    glance = methods.glance_frame(ctx)
    return WhatWorks(
        methods.methods_panel(ctx),
        glance,
        methods.glance_lines(ctx, glance),
        methods.evidence_caption(ctx),
        methods.unintended_frame(ctx),
        methods.unintended_count(ctx),
        indicators.indicator_panels(ctx),
        ctx.tagged is None,
    )


def _section_context(snap: Snapshot, filters: views.Filters, lang: str, what: str):
    if what in ROLLED_UP and views.sees_all(snap.user):
        return _rolled_up(snap, filters, lang)
    return context(snap, filters, lang, what)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def _built(_snap: Snapshot, _filters: views.Filters, what: str, key: tuple):
    ctx = _section_context(_snap, _filters, key[-1], what)
    if what == "attention":
        frame = attention.attention_frame(ctx, attention.SHOWN)
        return ctx.count, (frame, attention.caption(ctx), attention.flagged_count(ctx))
    if what == "methods":
        return ctx.count, what_works(ctx)
    return ctx.count, catalog.build(ctx, what)


def built(snap: Snapshot, filters: views.Filters, lang: str, what: str):
    """(cities shown, result) for a section: its panels ("stages" ...), or "attention"
    (its first rows, caption, how many cities in all), or "methods" (`WhatWorks`); cached under
    the snapshot's revision."""
    query = tuple(sorted(filters.to_query().items()))
    return _built(snap, filters, what, (*snap.key, what, query, lang))


# The section whose fields a panel's CSV reads.
FULL = {"outcomes_by_city": "experiments", "mood_by_city": "engagement"}


def full_table(snap: Snapshot, filters: views.Filters, lang: str, key: str):
    """Every row of a panel that shows some (its CSV, built on click: every city read)."""
    section = "methods" if key.startswith("indicator_") else FULL.get(key, "stages")
    return catalog.full_table(context(snap, filters, lang, section), key)


def attention_table(snap: Snapshot, filters: views.Filters, lang: str):
    """Every city needing attention (the list's CSV, built on click)."""
    return attention.attention_frame(_section_context(snap, filters, lang, "attention"))


def full_glance(snap: Snapshot, filters: views.Filters, lang: str) -> pd.DataFrame:
    """Every row of the glance (its CSV, built on click: every city read)."""
    ctx = context(snap, filters, lang, "methods")
    return methods.glance_frame(ctx).rename(columns=lambda c: panels.column_label(c, lang))
