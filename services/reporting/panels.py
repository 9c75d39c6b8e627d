"""The dashboard's listening panels (appended to services.dashboard.panels.PANELS): mood over
time and by city, top blockers over time, help requested, report compliance per cycle, open
follow-ups; and the reasons "mood falling" and "report overdue" for cities needing attention.

Unlike the other panels these read documents beyond the city summaries: the check-ins of the
filtered cities (projected to date, mood, blockers and help: a few small fields) and their
report cycles. The dashboard caches every built panel by the network's data revision, which
every check-in and report write moves, so a repeat view reads nothing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from models.city import City
from services.core import collections, formats, store
from services.dashboard import charts as dashboard_charts
from services.dashboard import panels
from services.reporting import charts, compliance, coordination, settings

MONTHS = 18  # the mood history drawn
MOOD_RECENT_DAYS = 60  # "mood falling": the recent window ...
MOOD_BEFORE_DAYS = 120  # ... against the window before it
MOOD_DROP = 0.75  # by at least this much on the 1-5 scale
TOP_BLOCKERS = 5
FIELDS = {"city_id": 1, "date": 1, "mood": 1, "blockers": 1, "help_needed": 1}


def checkins_frame(ctx: panels.Context, days: int = MONTHS * 31) -> pd.DataFrame:
    """The filtered cities' check-ins since `days` ago: city_id, date, mood, blockers, help.
    The panels of one build share the reads: a window already read as long or longer is
    narrowed in memory (the panels of a section ask for the longest one first)."""
    read = ctx.shared.setdefault("checkins", {})
    longer = [d for d in read if d >= days]
    if not longer:
        read[days] = checkins_between(ctx, ctx.today - dt.timedelta(days=days))
        return read[days]
    frame = read[min(longer)]
    since = ctx.today - dt.timedelta(days=days)
    return frame[frame["date"] >= since].reset_index(drop=True)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def checkins_between(
    ctx: panels.Context, since: dt.date, until: dt.date | None = None
) -> pd.DataFrame:
    """The filtered cities' check-ins dated from `since` to `until` (both included; None: no
    end), as `checkins_frame`."""
    dated: dict = {"$gte": _moment(since)}
    if until is not None:
        dated["$lt"] = _moment(until + dt.timedelta(days=1))
    where = {"city_id": {"$in": sorted(c.id for c in ctx.cities)}, "date": dated}
    docs = store.get().find(collections.CHECKINS, where, projection=FIELDS)
    rows = [
        {
            "city_id": d["city_id"],
            "date": d["date"].date(),
            "mood": d["mood"],
            "blockers": d.get("blockers") or [],
            "help": d.get("help_needed") or "",
        }
        for d in docs
    ]
    return pd.DataFrame(rows, columns=["city_id", "date", "mood", "blockers", "help"])


def _month(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def _months_said(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A frame grouped by month key ('2026-07', in time order) with its months as people say
    them ('Jul 2026' / 'juil. 2026'): what its chart's axis and its table show."""
    return frame.assign(month=frame["month"].map(lambda key: formats.month(key, lang, "LLL y")))


def mood_panel(ctx: panels.Context, found: pd.DataFrame | None = None) -> panels.PanelView:
    """Mean mood per month, over the last MONTHS months or the check-ins given (`found`)."""
    found = checkins_frame(ctx) if found is None else found
    if found.empty:
        return panels._empty(ctx, "mood", ["month", "mood", "checkins"])
    found = found.assign(month=found["date"].map(_month))
    frame = found.groupby("month", as_index=False).agg(
        mood=("mood", "mean"), checkins=("mood", "size")
    )
    frame["mood"] = frame["mood"].round(2)
    last = frame.iloc[-1]
    caption = ctx.t(
        "dashboard.caption.mood",
        mood=ctx.n(last["mood"]),
        month=formats.month(last["month"], ctx.lang),
        checkins=int(last["checkins"]),
        low=ctx.n(frame["mood"].min()),
        low_month=formats.month(frame.loc[frame["mood"].idxmin(), "month"], ctx.lang),
    )
    frame = _months_said(frame, ctx.lang)
    chart = charts.mood_chart(frame, panels._titles(ctx, "month", "mood"), caption, ctx.lang)
    return panels._view(ctx, "mood", caption, chart, frame)


def mood_by_city_panel(ctx: panels.Context) -> panels.PanelView:
    found = checkins_frame(ctx, MOOD_RECENT_DAYS + MOOD_BEFORE_DAYS)
    if found.empty:
        return panels._empty(ctx, "mood_by_city", ["city", "mood", "checkins"])
    names = {c.id: c.name for c in ctx.cities}
    frame = found.groupby("city_id", as_index=False).agg(
        mood=("mood", "mean"), checkins=("mood", "size")
    )
    frame = frame.assign(city=frame["city_id"].map(names), mood=frame["mood"].round(2))
    frame = frame.sort_values(["mood", "city"], kind="stable")[["city", "mood", "checkins"]]
    frame = frame.reset_index(drop=True)
    low = frame.iloc[0]
    caption = ctx.t(
        "dashboard.caption.mood_by_city",
        cities=len(frame),
        total=len(ctx.cities),
        city=low["city"],
        mood=ctx.n(low["mood"]),
    )
    chart = dashboard_charts.bar_chart(
        frame.head(panels.BARS_MAX),
        category="city",
        value="mood",
        titles=panels._titles(ctx, "city", "mood"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame.head(panels.BARS_MAX)["city"]),
    )
    return panels._view(ctx, "mood_by_city", caption, chart, frame)


def blockers_panel(ctx: panels.Context, found: pd.DataFrame | None = None) -> panels.PanelView:
    """The most named blockers per quarter, over the last MONTHS months or the check-ins given."""
    found = checkins_frame(ctx) if found is None else found
    found = found.explode("blockers").dropna(subset=["blockers"])
    if found.empty:
        return panels._empty(ctx, "blockers", ["quarter", "blocker", "count"])
    config = settings.get_settings(ctx.network.id)
    top = list(found["blockers"].value_counts().head(TOP_BLOCKERS).index)
    found = found[found["blockers"].isin(top)]
    found = found.assign(
        quarter=found["date"].map(lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}"),
        blocker=found["blockers"].map(lambda k: config.tag_label(k, ctx.lang)),
    )
    frame = found.groupby(["quarter", "blocker"], as_index=False).agg(count=("city_id", "size"))
    quarters = [formats.cycle(q, ctx.lang) for q in sorted(frame["quarter"].unique())]
    frame = frame.assign(quarter=frame["quarter"].map(lambda q: formats.cycle(q, ctx.lang)))
    labels = [config.tag_label(k, ctx.lang) for k in top]
    frame = frame.assign(order=frame["blocker"].map(labels.index))
    totals = frame.groupby("blocker")["count"].sum()
    caption = ctx.t(
        "dashboard.caption.blockers",
        blocker=labels[0],
        count=int(totals[labels[0]]),
        cities=found[found["blocker"] == labels[0]]["city_id"].nunique(),
    )
    chart = dashboard_charts.stacked_bar_chart(
        frame,
        category="quarter",
        value="count",
        colour="blocker",
        colour_order=labels,
        titles=panels._titles(ctx, "quarter", "count", "blocker"),
        description=caption,
        lang=ctx.lang,
        category_order=quarters,  # in time order ("Q4 2025" before "Q1 2026")
    )
    return panels._view(ctx, "blockers", caption, chart, frame.drop(columns="order"))


def help_panel(ctx: panels.Context, found: pd.DataFrame | None = None) -> panels.PanelView:
    """Requests for help per month, over the last year or the check-ins given (a period: the
    caption then says "in the period")."""
    caption_key = "dashboard.caption.help" if found is None else "dashboard.caption.help_period"
    found = checkins_frame(ctx, 365) if found is None else found
    found = found[found["help"] != ""]
    if found.empty:
        return panels._empty(ctx, "help", ["month", "requests", "cities"])
    found = found.assign(month=found["date"].map(_month))
    frame = found.groupby("month", as_index=False).agg(
        requests=("help", "size"), cities=("city_id", "nunique")
    )
    caption = ctx.t(
        caption_key,
        requests=len(found),
        cities=found["city_id"].nunique(),
        total=len(ctx.cities),
    )
    frame = _months_said(frame, ctx.lang)
    chart = dashboard_charts.column_chart(
        frame,
        x="month",
        y="requests",
        titles=panels._titles(ctx, "month", "requests"),
        description=caption,
        lang=ctx.lang,
    )
    return panels._view(ctx, "help", caption, chart, frame)


def compliance_rows(ctx: panels.Context) -> pd.DataFrame:
    """The filtered cities' compliance frame (services/reporting/compliance.py)."""
    ids = sorted(c.id for c in ctx.cities)
    cities = [City.from_doc(d) for d in store.get().find(collections.CITIES, {"_id": {"$in": ids}})]
    return compliance.compliance_frame(ctx.network, cities, ctx.today)


def compliance_panel(ctx: panels.Context) -> panels.PanelView:
    frame = compliance_rows(ctx)
    if frame.empty:
        return panels._empty(ctx, "compliance", ["cycle", "state", "count"])
    counts = frame["state"].value_counts()
    done = int(counts.get("accepted", 0) + counts.get("submitted", 0) + counts.get("late", 0))
    due = int(len(frame) - counts.get("open", 0))
    caption = ctx.t(
        "dashboard.caption.compliance",
        done=done,
        due=due,
        missing=int(counts.get("missing", 0)),
        late=int(counts.get("late", 0)),
    )
    labels = {s: ctx.t(f"compliance.state.{s}") for s in compliance.STATES}
    titles = {"cycle": panels.column_label("cycle", ctx.lang), "count": ctx.t("compliance.count")}
    titles["state"] = panels.column_label("state", ctx.lang)
    chart = charts.compliance_chart(frame, labels, titles, caption, ctx.lang)
    table = compliance.state_counts_frame(frame).drop(columns="end")
    table = table.assign(
        cycle=table["cycle"].map(lambda key: formats.cycle(key, ctx.lang)),
        state=table["state"].map(labels),
    )
    return panels._view(ctx, "compliance", caption, chart, table)


def followups_panel(ctx: panels.Context) -> panels.PanelView:
    names = {c.id: c.name for c in ctx.cities}
    # The network's own follow-ups, and those of the cities shown.
    found = [
        (s, f)
        for s, f in coordination.open_followups(ctx.network.id)
        if f.city_id is None or f.city_id in names
    ]
    columns = ["text", "owner", "due", "city", "overdue"]
    if not found:
        return panels._empty(ctx, "followups", columns)
    frame = pd.DataFrame(
        [
            {
                "text": f.text,
                "owner": f.owner,
                "due": f.due,
                "city": names.get(f.city_id, ""),
                "overdue": f.due < ctx.today,
            }
            for _s, f in found
        ],
        columns=columns,
    )
    overdue = int(frame["overdue"].sum())
    caption = ctx.t("dashboard.caption.followups", count=len(frame), overdue=overdue)
    by_owner = frame.groupby("owner", as_index=False).agg(followups=("text", "size"))
    chart = dashboard_charts.bar_chart(
        by_owner,
        category="owner",
        value="followups",
        titles=panels._titles(ctx, "owner", "followups"),
        description=caption,
        lang=ctx.lang,
    )
    return panels._view(ctx, "followups", caption, chart, frame)


PANELS: list[panels.Panel] = [
    panels.Panel("mood", "engagement", mood_panel),
    panels.Panel("mood_by_city", "engagement", mood_by_city_panel),
    panels.Panel("blockers", "engagement", blockers_panel),
    panels.Panel("help", "engagement", help_panel),
    panels.Panel("compliance", "plans", compliance_panel),
    panels.Panel("followups", "plans", followups_panel),
]
panels.PANELS.extend(p for p in PANELS if p.key not in {q.key for q in panels.PANELS})


# --- reasons for attention -----------------------------------------------------------------------


def attention_reasons(ctx: panels.Context) -> dict[str, list[tuple[str, dict]]]:
    """{city id: [(reason, values)]}: "mood_falling" (the mean mood of the last
    MOOD_RECENT_DAYS fell by MOOD_DROP or more against the MOOD_BEFORE_DAYS before) and
    "report_overdue" (a report whose due date passed is not submitted)."""
    found: dict[str, list[tuple[str, dict]]] = {}
    pulses = checkins_frame(ctx, MOOD_RECENT_DAYS + MOOD_BEFORE_DAYS)
    cut = ctx.today - dt.timedelta(days=MOOD_RECENT_DAYS)
    for city_id, rows in pulses.groupby("city_id"):
        recent, before = rows[rows["date"] > cut]["mood"], rows[rows["date"] <= cut]["mood"]
        if len(recent) >= 1 and len(before) >= 2 and before.mean() - recent.mean() >= MOOD_DROP:
            values = {"before": round(before.mean(), 1), "now": round(recent.mean(), 1)}
            found.setdefault(city_id, []).append(("mood_falling", values))
    rows = compliance_rows(ctx)
    for city_id, late in rows[rows["state"] == "missing"].groupby("city_id"):
        cycle = formats.cycle(late["cycle"].iloc[-1], ctx.lang)
        found.setdefault(city_id, []).append(("report_overdue", {"cycle": cycle}))
    return found
