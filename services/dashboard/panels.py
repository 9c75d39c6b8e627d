"""The dashboard's panels: each turns the filtered city rows into a tidy frame, a chart and a
one-line caption that states what the chart shows with its numbers, in the reader's language.

A `Panel` names its section and its builder `(Context) -> PanelView`; the dashboard's list of
panels, in display order, is services/dashboard/catalog.py.
Every figure comes from the stored city summaries (see services/dashboard/summary.py) and the
cities' stage histories; nothing here reads the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import statistics
from collections.abc import Callable, Iterable
from typing import Any

import altair as alt
import pandas as pd

from models.experiment import DECISIONS
from models.network import Network
from models.plan import SECTORS
from services.core import formats, i18n
from services.dashboard import charts, summary, views
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
    "engagement": (
        "lag_size",
        "stakeholders_by_sector",
        "meetings_by_quarter",
        "meeting_attendees",
        "checkins_by_month",
    ),
    "plans": ("actions_total", "actions_with", "cycles"),
    "methods": (
        "experiments_by_method",
        # what works where at a glance, the evidence and the unintended effects (methods.py)
        "experiments_by_category",
        "evidence_by_method",
        "evidence_by_category",
        "learnings_by_evidence",
        "unintended_effects",
        "indicators",  # the shared network indicators (services/dashboard/indicators.py)
    ),
    "attention": (
        "last_activity_at",
        "experiments_by_outcome",
        "experiments_awaiting_close",
        "checkins_by_month",
        "cycles",
    ),
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


def _titles(ctx: Context, *columns: str) -> dict[str, str]:
    return {c: column_label(c, ctx.lang) for c in columns}


def _view(ctx: Context, key: str, caption: str, chart, frame: pd.DataFrame, note: str = ""):
    return PanelView(key, ctx.t(f"dashboard.panel.{key}"), caption, chart, frame, ctx.lang, note)


def _empty(ctx: Context, key: str, columns: list[str]) -> PanelView:
    return _view(ctx, key, ctx.t("dashboard.caption.no_data"), None, pd.DataFrame(columns=columns))


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
    now = summary.month_key(ctx.today)
    keys = sorted(k for k in keys if k <= now)
    start = ctx.filters.start(ctx.today)
    if start is not None:
        first, last = summary.month_key(start), now
    elif keys:
        ends = [p.end for p in ctx.network.timeline]
        end = min(max(ends), ctx.today) if ends else ctx.today
        first, last = keys[0], max(summary.month_key(end), keys[-1])
    else:
        return []
    return months_between(first, last)


def quarter_span(ctx: Context, keys: Iterable[str]) -> list[str]:
    """Every quarter ('2026-Q3') a chart over time shows, gaps included (see `month_span`)."""
    firsts = [f"{k[:4]}-{(int(k[6:]) - 1) * 3 + 1:02d}" for k in keys]
    found = [summary.quarter(dt.date.fromisoformat(f"{m}-01")) for m in month_span(ctx, firsts)]
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


# --- stages ------------------------------------------------------------------------------------


def stage_table(ctx: Context, cities: list[views.CityRow] | None = None) -> pd.DataFrame:
    """One row per city (`cities`, else every city shown): stage, share of its gate met, days
    in stage, expected stage, behind; most advanced first (stage, then share of the gate met)."""
    cities = ctx.cities if cities is None else cities
    expected = views.expected_stage(ctx.network, ctx.today)
    at = {s.key: i for i, s in enumerate(ctx.network.stages)}
    labels = {s.key: ctx.stage_label(s.key) for s in ctx.network.stages}
    countries = {name: formats.country(name, ctx.lang) for name in {c.country for c in cities}}
    goal = at.get(expected, -1) if expected else -1
    rows = [
        {
            "city_id": c.id,
            "city": c.name,
            "country": countries[c.country],
            "cluster": c.cluster,
            "stage": labels.get(c.stage, c.stage),
            "stage_index": at.get(c.stage, 0),
            "progress": c.summary.stage_progress,
            "days_in_stage": c.days_in_stage(ctx.today),
            "expected_stage": labels.get(expected, "") if expected else "",
            "behind": at.get(c.stage, 0) < goal,
        }
        for c in cities
    ]
    frame = pd.DataFrame(rows, columns=list(STAGE_COLUMNS))
    return frame.sort_values(
        ["stage_index", "progress", "city"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


STAGE_COLUMNS = (
    "city_id",
    "city",
    "country",
    "cluster",
    "stage",
    "stage_index",
    "progress",
    "days_in_stage",
    "expected_stage",
    "behind",
)


def least_advanced(ctx: Context, count: int) -> pd.DataFrame:
    """The `count` least advanced cities shown, as `stage_table` rows (in its order): the cities
    of the lowest ranks, read alone."""
    chosen, covered = [], 0
    for value, n in sorted(ctx.summed.ranks.items()):
        if covered >= count:
            break
        chosen.append(value)
        covered += n
    return stage_table(ctx, ctx.ranked(chosen)).tail(count).reset_index(drop=True)


def stage_progress_panel(ctx: Context) -> PanelView:
    summed = ctx.summed
    if not summed.cities:
        return _empty(ctx, "stage_progress", list(STAGE_COLUMNS))
    limit = ctx.network.attention.stuck_days
    expected = views.expected_stage(ctx.network, ctx.today)
    goal = ctx.network.stage_index(expected) if expected else -1
    stuck = sum(
        n
        for day, n in summed.entered.items()
        if (ctx.today - dt.date.fromisoformat(day)).days > limit
    )
    behind = sum(n for stage, n in summed.stages.items() if ctx.network.stage_index(stage) < goal)
    caption = ctx.t(
        "dashboard.caption.stage_progress",
        stuck=stuck,
        total=summed.cities,
        days=limit,
        behind=behind,
    )
    shown = least_advanced(ctx, HEATMAP_MAX)
    note = (
        ctx.t("dashboard.note.least_advanced", shown=len(shown), total=summed.cities)
        if summed.cities > len(shown)
        else ""
    )
    cells = []
    for row in shown.itertuples():
        for i, stage in enumerate(ctx.network.stages):
            share = 1.0 if i < row.stage_index else row.progress if i == row.stage_index else 0.0
            cells.append(
                {
                    "city_id": row.city_id,
                    "city": row.city,
                    "stage": stage.label.get(ctx.lang),
                    "share": share,
                }
            )
    chart = charts.heatmap_chart(
        pd.DataFrame(cells),
        city_order=list(shown["city"]),
        stage_order=[s.label.get(ctx.lang) for s in ctx.network.stages],
        titles=_titles(ctx, "city", "stage", "share"),
        description=caption,
        lang=ctx.lang,
    )
    view = _view(ctx, "stage_progress", caption, chart, shown.drop(columns=["stage_index"]), note)
    complete = summed.cities <= len(shown)
    return dataclasses.replace(view, opens_city=True, complete=complete, rows=summed.cities)


def full_table(ctx: Context, key: str) -> pd.DataFrame:
    """Every row of a panel whose view holds only the rows shown (`PanelView.complete` False),
    its columns named for the reader; `ctx` has every city shown."""
    if key == "stage_progress":
        frame = stage_table(ctx).drop(columns=["stage_index"])
    elif key == "outcomes_by_city":
        cities = dataclasses.replace(ctx, most=None).most_experiments(0)
        cities = sorted(cities, key=lambda c: (-c.summary.experiments_total, c.name))
        rows = [(c.name, c.summary.experiments_by_outcome) for c in cities]
        frame = _outcome_rows(ctx, rows, "city").drop(columns=["order"])
    else:
        raise KeyError(key)
    return frame.rename(columns=lambda c: column_label(c, ctx.lang))


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def stages_over_time_frame(ctx: Context) -> pd.DataFrame:
    """Cities per stage at the end of each month (today for the current month), from the stage
    histories summed (`Context.summed`), over the period (or since the first entry)."""
    summed = ctx.summed
    columns = ["month", "stage", "cities", "order"]
    if not summed.first:
        return pd.DataFrame(columns=columns)
    year, month = (int(part) for part in min(summed.first).split("-"))
    first = dt.date(year, month, 1)
    start = ctx.filters.start(ctx.today) or first
    months = _month_starts(max(start, first), ctx.today)
    if not months:
        return pd.DataFrame(columns=columns)
    # A city is in an entry's stage from the month the entry is dated (a month counts where it
    # ends) until the month of its next entry: the rollup holds +1 and -1 at those months, so a
    # running sum gives the cities in each stage.
    keys = [s.key for s in ctx.network.stages]
    keys += sorted(k for k in summed.delta if k not in keys)
    opening = f"{months[0].year}-{months[0].month:02d}"
    running = {k: sum(n for m, n in summed.delta.get(k, {}).items() if m < opening) for k in keys}
    rows = []
    for month_start in months:
        key = f"{month_start.year}-{month_start.month:02d}"
        for i, stage in enumerate(keys):
            running[stage] += summed.delta.get(stage, {}).get(key, 0)
            rows.append(
                {
                    "month": month_start,
                    "stage": ctx.stage_label(stage),
                    "cities": running[stage],
                    "order": i,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def stages_over_time_panel(ctx: Context) -> PanelView:
    frame = stages_over_time_frame(ctx)
    if frame.empty:
        return _empty(ctx, "stages_over_time", list(frame.columns))
    start = frame["month"].min()
    opening = f"{start.year}-{start.month:02d}"
    # A city counts by its latest change of stage in the period: up, or back (never both).
    moved = sum(n for m, n in ctx.summed.moved.items() if m >= opening)
    back = sum(n for m, n in ctx.summed.back.items() if m >= opening)
    caption = ctx.t(
        "dashboard.caption.stages_over_time",
        start=formats.date(start, ctx.lang, "MMMM y"),
        moved=moved,
        back=back,
        total=ctx.summed.cities,
    )
    labels = [s.label.get(ctx.lang) for s in ctx.network.stages]
    chart = charts.stacked_area_chart(
        frame.assign(month=pd.to_datetime(frame["month"])),
        x="month",
        y="cities",
        colour="stage",
        colour_order=labels,
        titles=_titles(ctx, "month", "cities", "stage"),
        description=caption,
        lang=ctx.lang,
    )
    return _view(ctx, "stages_over_time", caption, chart, frame.drop(columns=["order"]))


# --- experiments -------------------------------------------------------------------------------


def _outcome_rows(ctx: Context, groups: list[tuple[str, dict[str, int]]], group: str):
    rows = []
    for name, counts in groups:
        for i, status in enumerate(outcomes.OUTCOMES):
            if counts.get(status):
                rows.append(
                    {
                        group: name,
                        "outcome": ctx.t(f"outcome.{status}"),
                        "outcome_key": status,
                        "experiments": counts[status],
                        "order": i,
                    }
                )
    return pd.DataFrame(rows, columns=[group, "outcome", "outcome_key", "experiments", "order"])


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for status, n in counts.items():
        total[status] = total.get(status, 0) + n


def _outcome_chart(ctx: Context, frame: pd.DataFrame, group: str, caption: str, order=None):
    return charts.stacked_bar_chart(
        frame,
        category=group,
        value="experiments",
        colour="outcome",
        colour_order=[ctx.t(f"outcome.{s}") for s in outcomes.OUTCOMES],
        colours=[charts.OUTCOME_COLOURS[s] for s in outcomes.OUTCOMES],
        titles=_titles(ctx, group, "experiments", "outcome"),
        description=caption,
        lang=ctx.lang,
        category_order=order,
    )


def network_outcomes(cities: list[views.CityRow]) -> dict[str, int]:
    total: dict[str, int] = dict.fromkeys(outcomes.OUTCOMES, 0)
    for c in cities:
        _add(total, c.summary.experiments_by_outcome)
    return total


def outcomes_by_city_panel(ctx: Context) -> PanelView:
    summed = ctx.tally(tallies.EXPERIMENTS).all
    tried = summed.get("tried", 0)
    cities = ctx.most_experiments(BARS_MAX)
    listed = sorted(cities, key=lambda c: (-c.summary.experiments_total, c.name))
    frame = _outcome_rows(ctx, [(c.name, c.summary.experiments_by_outcome) for c in listed], "city")
    if frame.empty or not tried:
        return _empty(ctx, "outcomes_by_city", list(frame.columns))
    total = {s: summed.get("outcome", {}).get(s, 0) for s in outcomes.OUTCOMES}
    finished = sum(total[s] for s in FINISHED)
    caption = ctx.t(
        "dashboard.caption.outcomes_by_city",
        cities=tried,
        total=summed.get("cities", 0),
        validated=total[outcomes.VALIDATED],
        finished=finished,
        running=total[outcomes.IN_PROGRESS],
    )
    drawn = sorted(cities[:BARS_MAX], key=lambda c: (-c.summary.experiments_total, c.name))
    shown_names = [c.name for c in drawn]
    shown = frame[frame["city"].isin(shown_names)]
    note = (
        ctx.t("dashboard.note.most_experiments", shown=BARS_MAX, total=tried)
        if tried > BARS_MAX
        else ""
    )
    chart = _outcome_chart(ctx, shown, "city", caption, shown_names)
    if ctx.most is not None:  # the cities read are those drawn; the CSV reads every one
        frame = shown
    view = _view(ctx, "outcomes_by_city", caption, chart, frame.drop(columns=["order"]), note)
    complete = ctx.most is None or tried <= BARS_MAX
    return dataclasses.replace(view, complete=complete, rows=tried)


def _groups(counts: dict[str, dict[str, int]]) -> list[tuple[str, dict[str, int]]]:
    return sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))


def category_label(network: Network, key: str, lang: str) -> str:
    found = next((c for c in network.assumption_categories if c.key == key), None)
    if found is not None:
        return found.label.get(lang)
    return i18n.t("dashboard.none", lang) if key == "none" else key


def outcomes_by_category_panel(ctx: Context) -> PanelView:
    groups = _groups(ctx.tally(tallies.EXPERIMENTS).all.get("category", {}))
    labelled = [(category_label(ctx.network, k, ctx.lang), v) for k, v in groups]
    frame = _outcome_rows(ctx, labelled, "category")
    if frame.empty:
        return _empty(ctx, "outcomes_by_category", list(frame.columns))
    best, tested = leaders((name, sum(counts.values())) for name, counts in labelled)
    if len(best) == 1:
        counts = labelled[0][1]
        caption = ctx.t(
            "dashboard.caption.outcomes_by_category",
            category=best[0],
            experiments=tested,
            validated=counts.get(outcomes.VALIDATED, 0),
            finished=sum(counts.get(s, 0) for s in FINISHED),
        )
    else:  # categories that tie are named together
        caption = ctx.t(
            "dashboard.caption.outcomes_by_category_tie",
            categories=formats.names(best, ctx.lang),
            experiments=tested,
        )
    chart = _outcome_chart(ctx, frame, "category", caption, [n for n, _ in labelled])
    return _view(ctx, "outcomes_by_category", caption, chart, frame.drop(columns=["order"]))


def _by_cluster(ctx: Context, name: str) -> dict[str, dict]:
    # A section's counts `name` by cluster, cities without a cluster under "none".
    none = ctx.t("dashboard.none")
    found: dict[str, dict] = {}
    for cluster, counts in ctx.tally(tallies.EXPERIMENTS).by_cluster.items():
        if counts.get(name):
            _add(found.setdefault(cluster or none, {}), counts[name])
    return found


def outcomes_by_cluster_panel(ctx: Context) -> PanelView:
    groups = [(k, v) for k, v in _groups(_by_cluster(ctx, "outcome")) if sum(v.values())]
    frame = _outcome_rows(ctx, groups, "cluster")
    if frame.empty:
        return _empty(ctx, "outcomes_by_cluster", list(frame.columns))
    best, validated = leaders((k, v.get(outcomes.VALIDATED, 0)) for k, v in groups)
    key = "outcomes_by_cluster" if len(best) == 1 else "outcomes_by_cluster_tie"
    caption = ctx.t(
        f"dashboard.caption.{key if validated else 'outcomes_by_cluster_none'}",
        cluster=formats.names(best, ctx.lang),
        validated=validated,
        clusters=len(groups),
    )
    chart = _outcome_chart(ctx, frame, "cluster", caption, [k for k, _ in groups])
    return _view(ctx, "outcomes_by_cluster", caption, chart, frame.drop(columns=["order"]))


def decisions_panel(ctx: Context) -> PanelView:
    counts = dict.fromkeys(DECISIONS, 0)
    _add(counts, ctx.tally(tallies.EXPERIMENTS).all.get("decision", {}))
    frame = pd.DataFrame(
        [
            {"decision": ctx.t(f"learning.decision.{d}"), "decision_key": d, "cards": counts[d]}
            for d in DECISIONS
        ],
        columns=["decision", "decision_key", "cards"],
    )
    total = sum(counts.values())
    if not total:
        return _empty(ctx, "decisions", list(frame.columns))
    caption = ctx.t(
        "dashboard.caption.decisions",
        total=total,
        persevere=counts["persevere"],
        pivot=counts["pivot"],
        retire=counts["retire"],
        keep_testing=counts["keep_testing"],
    )
    chart = charts.bar_chart(
        frame,
        category="decision",
        value="cards",
        titles=_titles(ctx, "decision", "cards"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame["decision"]),
    )
    return _view(ctx, "decisions", caption, chart, frame)


def riskiest_panel(ctx: Context) -> PanelView:
    grouped = _by_cluster(ctx, "riskiest")
    rows = [
        {
            "cluster": k,
            "riskiest": pair.get("total", 0),
            "tested": pair.get("tested", 0),
            "share": pair.get("tested", 0) / pair["total"],
        }
        for k, pair in sorted(grouped.items())
        if pair.get("total")
    ]
    frame = pd.DataFrame(rows, columns=["cluster", "riskiest", "tested", "share"])
    if frame.empty:
        return _empty(ctx, "riskiest", list(frame.columns))
    total, tested = int(frame["riskiest"].sum()), int(frame["tested"].sum())
    caption = ctx.t(
        "dashboard.caption.riskiest", tested=tested, total=total, share=ctx.pct(tested / total)
    )
    chart = charts.bar_chart(
        frame,
        category="cluster",
        value="share",
        titles=_titles(ctx, "cluster", "share"),
        description=caption,
        lang=ctx.lang,
        percent=True,
    )
    return _view(ctx, "riskiest", caption, chart, frame)


# --- engagement --------------------------------------------------------------------------------

LAG_BUCKETS = ((0, 0, "0"), (1, 4, "1-4"), (5, 9, "5-9"), (10, 10**9, "10+"))


def lag_panel(ctx: Context) -> PanelView:
    """Cities by the number of members their plan lists in its local action group; the caption
    says how many list members, and, of the others, how many met all the same (with the mean
    attendance of their meetings: attendees are not members)."""
    sizes = [c.summary.lag_size for c in ctx.cities]
    frame = pd.DataFrame(
        [
            {"lag_size": label, "cities": sum(1 for s in sizes if low <= s <= high)}
            for low, high, label in LAG_BUCKETS
        ],
        columns=["lag_size", "cities"],
    )
    if not sizes:
        return _empty(ctx, "lag", list(frame.columns))
    with_lag = [s for s in sizes if s]
    met = [c for c in ctx.cities if not c.summary.lag_size and c.summary.meeting_attendees]
    if with_lag:
        caption = ctx.t(
            "dashboard.caption.lag",
            cities=len(with_lag),
            total=len(sizes),
            median=ctx.n(statistics.median(with_lag)),
        )
    else:
        caption = ctx.t("dashboard.caption.lag_none", total=len(sizes))
    if met:
        held = sum(sum(c.summary.meetings_by_quarter.values()) for c in met)
        attendees = sum(c.summary.meeting_attendees for c in met)
        caption += " " + ctx.t(
            "dashboard.caption.lag_attendance",
            cities=len(met),
            meetings=held,
            attendees=ctx.n(attendees / held),
        )
    chart = charts.column_chart(
        frame,
        x="lag_size",
        y="cities",
        titles=_titles(ctx, "lag_size", "cities"),
        description=caption,
        lang=ctx.lang,
    )
    return _view(ctx, "lag", caption, chart, frame)


def sectors_panel(ctx: Context) -> PanelView:
    counts = dict.fromkeys(SECTORS, 0)
    mapped = 0
    for c in ctx.cities:
        mapped += bool(c.summary.stakeholders_by_sector)
        for sector, n in c.summary.stakeholders_by_sector.items():
            counts[sector] = counts.get(sector, 0) + n
    total = sum(counts.values())
    frame = pd.DataFrame(
        [
            {
                "sector": ctx.t(f"plan.sector.{s}"),
                "stakeholders": n,
                "share": n / total if total else 0.0,
            }
            for s, n in counts.items()
        ],
        columns=["sector", "stakeholders", "share"],
    )
    if not total:
        return _empty(ctx, "sectors", list(frame.columns))
    top = frame.sort_values(["stakeholders", "sector"], ascending=[False, True]).iloc[0]
    caption = ctx.t(
        "dashboard.caption.sectors",
        stakeholders=total,
        cities=mapped,
        sector=top["sector"],
        share=ctx.pct(top["share"]),
    )
    chart = charts.bar_chart(
        frame,
        category="sector",
        value="stakeholders",
        titles=_titles(ctx, "sector", "stakeholders"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame["sector"]),
    )
    return _view(ctx, "sectors", caption, chart, frame)


def meetings_panel(ctx: Context) -> PanelView:
    start = ctx.filters.start(ctx.today)
    first = summary.quarter(start) if start else ""
    meetings: dict[str, int] = {}
    cities: dict[str, int] = {}
    for c in ctx.cities:
        for q, n in c.summary.meetings_by_quarter.items():
            if q >= first:
                meetings[q] = meetings.get(q, 0) + n
                cities[q] = cities.get(q, 0) + 1
    # Every quarter of the period, those without a meeting at zero (a drop shows).
    frame = pd.DataFrame(
        [
            {"quarter": q, "meetings": meetings.get(q, 0), "cities": cities.get(q, 0)}
            for q in quarter_span(ctx, meetings)
        ],
        columns=["quarter", "meetings", "cities"],
    )
    if frame.empty or not any(c.summary.meetings_by_quarter for c in ctx.cities):
        return _empty(ctx, "meetings", list(frame.columns))  # none ever: no data, not zero
    last = frame.iloc[-1]
    caption = ctx.t(
        "dashboard.caption.meetings",
        meetings=int(last["meetings"]),
        quarter=formats.cycle(last["quarter"], ctx.lang),
        cities=int(last["cities"]),
        total=len(ctx.cities),
    )
    frame = frame.assign(quarter=frame["quarter"].map(lambda q: formats.cycle(q, ctx.lang)))
    chart = charts.column_chart(
        frame,
        x="quarter",
        y="meetings",
        titles=_titles(ctx, "quarter", "meetings"),
        description=caption,
        lang=ctx.lang,
    )
    return _view(ctx, "meetings", caption, chart, frame)


# --- plans -------------------------------------------------------------------------------------


def completeness_panel(ctx: Context) -> PanelView:
    actions = sum(c.summary.actions_total for c in ctx.cities)
    planned = sum(1 for c in ctx.cities if c.summary.actions_total)
    parts = list(summary.ACTION_PARTS)
    with_part = {p: sum(c.summary.actions_with.get(p, 0) for c in ctx.cities) for p in parts}
    frame = pd.DataFrame(
        [
            {
                "part": ctx.t(f"dashboard.part.{p}"),
                "actions": with_part[p],
                "share": with_part[p] / actions if actions else 0.0,
            }
            for p in parts
        ],
        columns=["part", "actions", "share"],
    )
    if not actions:
        return _empty(ctx, "completeness", list(frame.columns))
    weakest = frame.sort_values(["share", "part"], kind="stable").iloc[0]
    caption = ctx.t(
        "dashboard.caption.completeness",
        actions=actions,
        cities=planned,
        part=weakest["part"],
        share=ctx.pct(weakest["share"]),
    )
    chart = charts.bar_chart(
        frame,
        category="part",
        value="share",
        titles=_titles(ctx, "part", "share"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame["part"]),
        percent=True,
    )
    return _view(ctx, "completeness", caption, chart, frame)
