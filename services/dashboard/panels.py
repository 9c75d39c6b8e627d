"""What every dashboard panel is built on: each panel turns the filtered city rows into a tidy
frame, a chart and a one-line caption that states what the chart shows with its numbers, in the
reader's language. Here: the `Context` a panel reads, the `PanelView` it builds, and the
periods and wording they share; the builders live by section (stage_panels, experiment_panels,
engagement_panels, plan_panels, listening).

A `Panel` names its section and its builder `(Context) -> PanelView`; the dashboard's list of
panels, in display order, is services/dashboard/catalog.py.
Every figure comes from the stored city summaries (see services/dashboard/summary.py) and the
cities' stage histories; nothing here reads the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

import altair as alt
import pandas as pd

from models.network import Network
from services.core import formats, i18n
from services.dashboard import city_facts, views
from services.experiments import outcomes
from services.network import rollup, tallies

HEATMAP_MAX = 40  # cities drawn in the stage heatmap (the table has them all)
BARS_MAX = 30  # cities drawn in per-city bar charts
FINISHED = (outcomes.VALIDATED, outcomes.INVALIDATED, outcomes.INCONCLUSIVE)
SECTIONS = ("stages", "experiments", "engagement", "plans")
# The summary fields each section reads (what `views.load` projects for it; a panel added to a
# section adds what it reads here).
FIELDS: dict[str, tuple[str, ...]] = {
    "stages": ("stage_progress",),
    # The section's counts summed (services/network/tallies.py) come from the cities' shares of
    # the rollup for a reader of some cities only; the cities with the most experiments are
    # read alone for a reader of every city.
    "experiments": ("rollup", "experiments_total", "experiments_by_outcome", "most"),
    # The section's counts come from the cities' shares of the rollup (tally_eng) for a reader
    # of some cities only; the cities with the lowest mood are read alone for one of every city.
    "engagement": ("rollup", "mood_by_period"),
    # The section's counts summed (services/network/tally_plans.py), from the cities' shares
    # of the rollup for a reader of some cities; the follow-ups name their cities.
    "plans": ("rollup",),
    "methods": (
        "rollup",  # the methods' counts summed (services/network/tally_methods.py)
        "experiments_by_method",
        # what works where at a glance, the evidence and the unintended effects (methods.py)
        "experiments_by_category",
        "evidence_by_method",
        "evidence_by_category",
        "learnings_by_evidence",
        "unintended_effects",
        "indicators",  # the shared network indicators (services/dashboard/indicators.py)
    ),
    # The reasons stored by the summary's writer (services/dashboard/attention_facts.py) and
    # their counts summed; a reader of every city reads the first few cities alone.
    "attention": ("rollup", *views.ATTENTION_FIELDS),
}


@dataclasses.dataclass(frozen=True)
class Context:
    """What a panel builds from: the network, the filtered cities, the day, the language."""

    network: Network
    cities: list[views.CityRow]
    today: dt.date
    lang: str
    filters: views.Filters = dataclasses.field(default_factory=views.Filters)
    # The stage facts summed (the network's rollup) and the cities of some ranks, read from the
    # store (views.totals, views.ranked): a reader of every city builds the stage panels from
    # them, without reading every city. None: computed from `cities`.
    totals: views.Totals | None = None
    fetch: Callable[[list[int]], list[views.CityRow]] | None = None
    # A section's counts summed (views.tally) and the cities with some numbers of experiments
    # (views.most_experiments), read from the store for a reader of every city. None: computed
    # from `cities`.
    tallies: Callable[[str], views.Tally] | None = None
    most: Callable[[list[int]], list[views.CityRow]] | None = None
    # The cities with some attention keys (views.needing_attention) and the cities of some ids
    # (views.named), read from the store for a reader of every city. None: from `cities`.
    flagged: Callable[[list[str]], list[views.CityRow]] | None = None
    named: Callable[[list[str]], list[views.CityRow]] | None = None
    # The cities whose summary carries one of some tags (views.tagged: the first cities of the
    # glance's groups, the newest unintended effects), for a reader of every city. None: the
    # cities are `cities`.
    tagged: Callable[[list[str]], list[views.CityRow]] | None = None
    # The cities whose mean mood over the period ranks one of some values (views.lowest_mood),
    # read from the store for a reader of every city. None: from `cities`.
    moods: Callable[[list[int]], list[views.CityRow]] | None = None
    # What several panels of one build compute alike (the check-ins of the cities shown by
    # month), once: by name, filled by the first panel that asks.
    shared: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def summed(self) -> views.Totals:
        """The stage facts of the cities shown, summed."""
        if self.totals is not None:
            return self.totals
        return views.totals_of_rows(self.network, self.cities, self.today)

    @property
    def count(self) -> int:
        """How many cities the view shows."""
        return self.totals.cities if self.totals is not None else len(self.cities)

    def ranked(self, ranks: list[int]) -> list[views.CityRow]:
        """The cities shown whose rank is one of `ranks`."""
        if self.fetch is not None:
            return self.fetch(ranks)
        wanted = set(ranks)
        return [c for c in self.cities if views.rank_of(self.network, c) in wanted]

    def tally(self, part: str) -> views.Tally:
        """A section's counts of the cities shown, summed (once per build)."""
        key = f"tally.{part}"
        if key not in self.shared:
            found = self.tallies(part) if self.tallies is not None else None
            self.shared[key] = found or views.tally_of_rows(self.cities, part)
        return self.shared[key]

    def most_experiments(self, count: int) -> list[views.CityRow]:
        """The cities shown with experiments, the `count` with the most first (ties in the
        fixed order of `tallies.most`, then by name), then the others when the cities are in
        memory (a reader of every city reads those `count` and a few more)."""
        if self.most is None:
            found = [c for c in self.cities if c.summary.experiments_total]
        else:
            chosen, covered = [], 0
            tops = self.tally(tallies.EXPERIMENTS).all.get("top", {})
            for value, n in sorted(((int(b[1:]), n) for b, n in tops.items()), reverse=True):
                if covered >= count:
                    break
                chosen.append(value)
                covered += n
            found = self.most(chosen) if chosen else []
        return sorted(found, key=lambda c: (-c.summary.most, c.name))

    def needing_attention(self, keys: list[str]) -> list[views.CityRow]:
        """The cities shown whose attention key is one of `keys`."""
        if self.flagged is not None:
            return self.flagged(keys)
        wanted = set(keys)
        return [c for c in self.cities if c.summary.attention_key in wanted]

    def names(self, city_ids: list[str]) -> dict[str, str]:
        """The names of the cities shown among `city_ids`, by id."""
        if self.named is not None:
            return {c.id: c.name for c in self.named(city_ids)} if city_ids else {}
        wanted = set(city_ids)
        return {c.id: c.name for c in self.cities if c.id in wanted}

    def t(self, key: str, **values) -> str:
        return i18n.t(key, self.lang, **values)

    def n(self, value: float | int) -> str:
        return formats.number(value, self.lang, decimals=1)

    def pct(self, share: float) -> str:
        return formats.percent(share, self.lang)

    def stage_label(self, key: str) -> str:
        stage = self.network.stage(key)
        return stage.label.get(self.lang) if stage else key


@dataclasses.dataclass(frozen=True)
class PanelView:
    """A built panel: title, caption (with the numbers), chart (None when there is no data),
    the data behind it (`frame`, columns named by key; `table()` names them for the reader)."""

    key: str
    title: str
    caption: str
    chart: alt.Chart | None
    frame: pd.DataFrame
    lang: str = "en"
    note: str = ""
    opens_city: bool = False  # the chart selects a city (charts.CITY_SELECTION) to open
    # False: `frame` holds the rows shown, of `rows` in all; `full_table` builds every row.
    complete: bool = True
    rows: int = 0

    def table(self) -> pd.DataFrame:
        return self.frame.rename(columns=lambda c: column_label(c, self.lang))


@dataclasses.dataclass(frozen=True)
class Panel:
    key: str
    section: str
    build: Callable[[Context], PanelView]


def column_label(column: str, lang: str) -> str:
    key = f"dashboard.column.{column}"
    return i18n.t(key, lang) if i18n.has(key) else column


def titles(ctx: Context, *columns: str) -> dict[str, str]:
    return {c: column_label(c, ctx.lang) for c in columns}


def view(ctx: Context, key: str, caption: str, chart, frame: pd.DataFrame, note: str = ""):
    return PanelView(key, ctx.t(f"dashboard.panel.{key}"), caption, chart, frame, ctx.lang, note)


def empty(ctx: Context, key: str, columns: list[str]) -> PanelView:
    return view(ctx, key, ctx.t("dashboard.caption.no_data"), None, pd.DataFrame(columns=columns))


# --- periods -----------------------------------------------------------------------------------


def months_between(first: str, last: str) -> list[str]:
    """Every month key from `first` to `last` ('2026-07'), both included."""

    def index(key: str) -> int:
        year, month = key.split("-")
        return int(year) * 12 + int(month) - 1

    return [rollup.month_of(i) for i in range(index(first), index(last) + 1)]


def month_span(ctx: Context, keys: Iterable[str]) -> list[str]:
    """Every month ('2026-07') a chart over time shows, gaps included: the period's months up
    to today's; for the whole programme, from the first month of `keys` (the months with data)
    to the last of the programme (today's, or its timeline's end when that passed, or the last
    month with data if later). Nothing after today's month: it has not happened."""
    now = city_facts.month_key(ctx.today)
    keys = sorted(k for k in keys if k <= now)
    start = ctx.filters.start(ctx.today)
    if start is not None:
        first, last = city_facts.month_key(start), now
    elif keys:
        ends = [p.end for p in ctx.network.timeline]
        end = min(max(ends), ctx.today) if ends else ctx.today
        first, last = keys[0], max(city_facts.month_key(end), keys[-1])
    else:
        return []
    return months_between(first, last)


def quarter_span(ctx: Context, keys: Iterable[str]) -> list[str]:
    """Every quarter ('2026-Q3') a chart over time shows, gaps included (see `month_span`)."""
    firsts = [f"{k[:4]}-{(int(k[6:]) - 1) * 3 + 1:02d}" for k in keys]
    found = [city_facts.quarter(dt.date.fromisoformat(f"{m}-01")) for m in month_span(ctx, firsts)]
    return list(dict.fromkeys(found))


def during(ctx: Context) -> str:
    """The period shown, as a caption says it ("over the whole programme", "in the last 3
    months")."""
    return ctx.t(f"dashboard.during.{ctx.filters.period}")


def leaders(counts: Iterable[tuple[str, int]]) -> tuple[list[str], int]:
    """The names with the highest count (every one of them when they tie, in the order given)
    and that count."""
    counts = [(name, int(n)) for name, n in counts]
    best = max((n for _, n in counts), default=0)
    return [name for name, n in counts if n == best], best


def validated_said(counts: dict[str, int], total: int, lang: str) -> str:
    """A city's experiments validated, as its header says it: of all its experiments (with how
    many finished), "none of N finished yet", or "no experiments yet"."""
    finished = sum(counts.get(s, 0) for s in FINISHED)
    if not total:
        return i18n.t("dashboard.header.outcomes_empty", lang)
    if not finished:
        return i18n.t("dashboard.header.outcomes_unfinished", lang, total=total)
    validated = counts.get(outcomes.VALIDATED, 0)
    values = {"validated": validated, "total": total, "finished": finished}
    return i18n.t("dashboard.header.outcomes_value", lang, **values)
