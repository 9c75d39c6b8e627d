"""The dashboard's listening panels (listed in services/dashboard/catalog.py): mood over
time and by city, top blockers over time, help requested, report compliance per cycle, open
follow-ups; and the reasons "mood falling" and "report overdue" for cities needing attention, as
the summaries store them (services/dashboard/attention_facts.py).

The check-in panels read no check-in: each city's summary keeps its check-ins summed by month
over the whole programme (`checkins_by_month`, services/dashboard/summary.py), so their windows
are whole months: the dashboard's period (every month for "Whole programme", the last 3, 6 or
12 months, the current one included, otherwise). The funder summary of a cycle
(services/dashboard/cycle_summary.py) reads the check-ins of its period instead
(`checkins_between`) and hands them to the same panels. The compliance panel counts the report
cycles each summary keeps, summed (services/network/tally_plans.py). The dashboard caches every
built panel by the network's data revision, which every check-in and report write moves.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from models.base import as_utc, date_only
from services.core import collections, formats, store
from services.dashboard import attention_facts, city_facts, panels
from services.dashboard import charts as dashboard_charts
from services.network import tally_plans
from services.reporting import charts, compliance, coordination, settings

# "Mood falling" (services/dashboard/attention_facts.py): this month and the last against the
# months before them, by at least MOOD_DROP on the 1-5 scale.
MOOD_RECENT_MONTHS = attention_facts.MOOD_RECENT_MONTHS
MOOD_BEFORE_MONTHS = attention_facts.MOOD_BEFORE_MONTHS
MOOD_DROP = attention_facts.MOOD_DROP
TOP_BLOCKERS = 5
FIELDS = {"city_id": 1, "date": 1, "mood": 1, "blockers": 1, "help_needed": 1}
PULSE_COLUMNS = ["city_id", "month", "checkins", "mood_sum", "help", "blockers"]


def months_frame(ctx: panels.Context, months: int | None = None) -> pd.DataFrame:
    """The filtered cities' check-ins summed by city and month, from their summaries, over the
    dashboard's period (`ctx.filters`; every month for the whole programme) or over the `months`
    months that end with today's; never a month after today's: city_id, month ('2026-07'),
    checkins, mood_sum, help (check-ins asking for it), blockers ({tag: times named}). The
    panels of one build share the rows of every month."""
    if "months" not in ctx.shared:
        now = city_facts.month_key(ctx.today)
        ctx.shared["months"] = pd.DataFrame(
            [
                {"city_id": c.id, "month": key, **pulse}
                for c in ctx.cities
                for key, pulse in (c.summary.checkins_by_month or {}).items()
                if key <= now
            ],
            columns=PULSE_COLUMNS,
        )
    frame = ctx.shared["months"]
    if months is not None:
        first = city_facts.first_month(ctx.today, months)
    else:
        start = ctx.filters.start(ctx.today)
        first = city_facts.month_key(start) if start else ""
    return frame[frame["month"] >= first].reset_index(drop=True)


def summed(ctx: panels.Context, found: pd.DataFrame) -> pd.DataFrame:
    """Check-ins as `checkins_between` gives them, summed by city and month as `months_frame`."""
    rows = []
    for city_id, docs in found.groupby("city_id"):
        docs = docs.rename(columns={"help": "help_needed"}).to_dict("records")
        for key, pulse in city_facts.checkin_months(docs, ctx.today, months=None).items():
            rows.append({"city_id": city_id, "month": key, **pulse.model_dump()})
    return pd.DataFrame(rows, columns=PULSE_COLUMNS)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def checkins_between(
    ctx: panels.Context, since: dt.date, until: dt.date | None = None
) -> pd.DataFrame:
    """The filtered cities' check-ins dated from `since` to `until` (both included; None: no
    end): city_id, date, mood, blockers, help."""
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


def _months_said(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A frame grouped by month key ('2026-07', in time order) with its months as people say
    them ('Jul 2026' / 'juil. 2026'): what its chart's axis and its table show."""
    return frame.assign(month=frame["month"].map(lambda key: formats.month(key, lang, "LLL y")))


def _mood(pulses: pd.DataFrame, by: str) -> pd.DataFrame:
    """Mean mood and check-ins per `by` (month or city_id)."""
    frame = pulses.groupby(by, as_index=False).agg(
        mood_sum=("mood_sum", "sum"), checkins=("checkins", "sum")
    )
    mood = (frame["mood_sum"] / frame["checkins"]).round(2)
    return frame.assign(mood=mood, checkins=frame["checkins"].astype(int))[[by, "mood", "checkins"]]


def mood_panel(ctx: panels.Context, found: pd.DataFrame | None = None) -> panels.PanelView:
    """Mean mood per month with check-ins, over the dashboard's period or the check-ins given
    (`found`)."""
    pulses = months_frame(ctx) if found is None else summed(ctx, found)
    frame = _mood(pulses, "month").reset_index(drop=True)
    if frame.empty:
        return panels.empty(ctx, "mood", ["month", "mood", "checkins"])
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
    chart = charts.mood_chart(frame, panels.titles(ctx, "month", "mood"), caption, ctx.lang)
    return panels.view(ctx, "mood", caption, chart, frame)


def mood_by_city_panel(ctx: panels.Context) -> panels.PanelView:
    """Mean mood per city over the dashboard's period, lowest first."""
    frame = _mood(months_frame(ctx), "city_id")
    if frame.empty:
        return panels.empty(ctx, "mood_by_city", ["city", "mood", "checkins"])
    names = {c.id: c.name for c in ctx.cities}
    frame = frame.assign(city=frame["city_id"].map(names))
    frame = frame.sort_values(["mood", "city"], kind="stable")[["city", "mood", "checkins"]]
    frame = frame.reset_index(drop=True)
    low = frame.iloc[0]
    caption = ctx.t(
        "dashboard.caption.mood_by_city",
        cities=len(frame),
        total=len(ctx.cities),
        city=low["city"],
        mood=ctx.n(low["mood"]),
        during=panels.during(ctx),
    )
    chart = dashboard_charts.bar_chart(
        frame.head(panels.BARS_MAX),
        category="city",
        value="mood",
        titles=panels.titles(ctx, "city", "mood"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame.head(panels.BARS_MAX)["city"]),
    )
    return panels.view(ctx, "mood_by_city", caption, chart, frame)


def _quarter(month: str) -> str:
    """'2026-Q3' for the month '2026-08'."""
    return f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"


def blockers_panel(ctx: panels.Context, found: pd.DataFrame | None = None) -> panels.PanelView:
    """The most named blockers per quarter, over the dashboard's period or the check-ins given;
    the caption names the first, how often and by how many cities."""
    pulses = months_frame(ctx) if found is None else summed(ctx, found)
    named = pd.DataFrame(
        [
            {"city_id": city_id, "month": month, "tag": tag, "count": count}
            for city_id, month, blockers in pulses[["city_id", "month", "blockers"]].itertuples(
                index=False
            )
            for tag, count in blockers.items()
            if count
        ],
        columns=["city_id", "month", "tag", "count"],
    )
    if named.empty:
        return panels.empty(ctx, "blockers", ["quarter", "blocker", "count"])
    config = settings.get_settings(ctx.network.id)
    totals = named.groupby("tag")["count"].sum().reset_index()
    totals = totals.sort_values(["count", "tag"], ascending=[False, True], kind="stable")
    top = list(totals["tag"].head(TOP_BLOCKERS))
    named = named[named["tag"].isin(top)]
    named = named.assign(
        quarter=named["month"].map(_quarter),
        blocker=named["tag"].map(lambda k: config.tag_label(k, ctx.lang)),
    )
    frame = named.groupby(["quarter", "blocker"], as_index=False).agg(count=("count", "sum"))
    labels = [config.tag_label(k, ctx.lang) for k in top]
    # Every quarter of the period drawn: one without a blocker named shows at zero.
    if found is None:
        keys = panels.quarter_span(ctx, {_quarter(m) for m in pulses["month"]})
    else:  # the period's quarters that had check-ins, and those between them
        months = panels.months_between(min(pulses["month"]), max(pulses["month"]))
        keys = list(dict.fromkeys(_quarter(m) for m in months))
    present = set(frame["quarter"])
    empty = [{"quarter": q, "blocker": labels[0], "count": 0} for q in keys if q not in present]
    frame = pd.concat([frame, pd.DataFrame(empty, columns=frame.columns)], ignore_index=True)
    frame = frame.sort_values(["quarter", "blocker"], kind="stable").reset_index(drop=True)
    quarters = [formats.cycle(q, ctx.lang) for q in sorted(frame["quarter"].unique())]
    frame = frame.assign(quarter=frame["quarter"].map(lambda q: formats.cycle(q, ctx.lang)))
    frame = frame.assign(order=frame["blocker"].map(labels.index))
    first = named[named["tag"] == top[0]]
    caption = ctx.t(
        "dashboard.caption.blockers",
        blocker=labels[0],
        count=int(first["count"].sum()),
        cities=first["city_id"].nunique(),
    )
    chart = dashboard_charts.stacked_bar_chart(
        frame,
        category="quarter",
        value="count",
        colour="blocker",
        colour_order=labels,
        titles=panels.titles(ctx, "quarter", "count", "blocker"),
        description=caption,
        lang=ctx.lang,
        category_order=quarters,  # in time order ("Q4 2025" before "Q1 2026")
    )
    return panels.view(ctx, "blockers", caption, chart, frame.drop(columns="order"))


def help_panel(ctx: panels.Context, found: pd.DataFrame | None = None) -> panels.PanelView:
    """Requests for help per month, over the dashboard's period or the check-ins given (a
    period: the caption then says "in the period"); every month of it drawn, a month without a
    request at zero."""
    pulses = months_frame(ctx) if found is None else summed(ctx, found)
    asked = pulses[pulses["help"] > 0]
    if pulses.empty:  # no check-in in the period: no data (check-ins without a request: zero)
        return panels.empty(ctx, "help", ["month", "requests", "cities"])
    by_month = asked.groupby("month").agg(requests=("help", "sum"), cities=("city_id", "nunique"))
    if found is None:
        months = panels.month_span(ctx, pulses["month"])
    else:  # the period's months that had check-ins, and those between them
        months = panels.months_between(min(pulses["month"]), max(pulses["month"]))
    frame = pd.DataFrame(
        [
            {
                "month": m,
                "requests": int(by_month["requests"].get(m, 0)),
                "cities": int(by_month["cities"].get(m, 0)),
            }
            for m in months
        ],
        columns=["month", "requests", "cities"],
    )
    values = {
        "requests": int(asked["help"].sum()),
        "cities": asked["city_id"].nunique(),
        "total": len(ctx.cities),
    }
    if found is None:
        caption = ctx.t("dashboard.caption.help", during=panels.during(ctx), **values)
    else:
        caption = ctx.t("dashboard.caption.help_period", **values)
    frame = _months_said(frame, ctx.lang)
    chart = dashboard_charts.column_chart(
        frame,
        x="month",
        y="requests",
        titles=panels.titles(ctx, "month", "requests"),
        description=caption,
        lang=ctx.lang,
    )
    return panels.view(ctx, "help", caption, chart, frame)


def compliance_rows(ctx: panels.Context) -> pd.DataFrame:
    """The filtered cities' compliance frame (services/reporting/compliance.py's columns), from
    the cycles each city's summary keeps (kept by its one writer, refreshed when a due date
    passes): nothing else is read."""
    rows = [
        {
            "city_id": c.id,
            "city": c.name,
            "cycle": s["cycle"],
            "start": date_only(s["start"]),
            "end": date_only(s["end"]),
            "due": date_only(s["due"]),
            "state": s["state"],
            "submitted_at": as_utc(s["submitted_at"]) if s.get("submitted_at") else None,
            "report_id": s.get("report_id"),
        }
        for c in ctx.cities
        for s in c.summary.cycles
    ]
    return compliance.as_frame(rows)


def compliance_counts(ctx: panels.Context) -> pd.DataFrame:
    """The filtered cities' cycles counted by cycle and state, as
    compliance.state_counts_frame counts the compliance frame (cycle, end: the latest end of
    the cycle, state, count), from the section's counts summed (services/network/tally_plans.py)."""
    summed = ctx.tally(tally_plans.PLANS).all
    ends = {
        name: max(day for day, n in days.items() if n)
        for name, days in (summed.get("ends") or {}).items()
    }
    rows = [
        {
            "cycle": tally_plans.cycle_key(name),
            "end": dt.date.fromisoformat(ends[name]),
            "state": state,
            "count": int(n),
        }
        for name, states in (summed.get("cycles") or {}).items()
        for state, n in states.items()
        if n
    ]
    frame = pd.DataFrame(rows, columns=["cycle", "end", "state", "count"])
    return frame.sort_values(["cycle", "state"], kind="stable").reset_index(drop=True)


def compliance_panel(ctx: panels.Context) -> panels.PanelView:
    """Reports by cycle and state; the caption counts every state once."""
    frame = compliance_counts(ctx)
    if frame.empty:
        return panels.empty(ctx, "compliance", ["cycle", "state", "count"])
    # Every state counted once: submitted (accepted, on time or late), sent back and missing add
    # up to the reports due; those still open (not yet due) are said apart.
    counts = {s: int(n) for s, n in frame.groupby("state")["count"].sum().items()}
    done = sum(counts.get(s, 0) for s in ("accepted", "submitted", "late"))
    due = int(frame["count"].sum()) - counts.get("open", 0)
    caption = ctx.t(
        "dashboard.caption.compliance",
        done=done,
        due=due,
        accepted=counts.get("accepted", 0),
        late=counts.get("late", 0),
        returned=counts.get("returned", 0),
        missing=counts.get("missing", 0),
    )
    if counts.get("open"):
        caption += " " + ctx.t("dashboard.caption.compliance_open", open=counts["open"])
    labels = {s: ctx.t(f"compliance.state.{s}") for s in compliance.STATES}
    titles = {"cycle": panels.column_label("cycle", ctx.lang), "count": ctx.t("compliance.count")}
    titles["state"] = panels.column_label("state", ctx.lang)
    chart = charts.compliance_chart(frame, labels, titles, caption, ctx.lang)
    table = frame.drop(columns="end")
    table = table.assign(
        cycle=table["cycle"].map(lambda key: formats.cycle(key, ctx.lang)),
        state=table["state"].map(labels),
    )
    return panels.view(ctx, "compliance", caption, chart, table)


def followups_panel(ctx: panels.Context) -> panels.PanelView:
    """The open follow-ups of the network and of the cities shown (only the cities they name
    are read), by owner."""
    every = coordination.open_followups(ctx.network.id)
    names = ctx.names(sorted({f.city_id for _s, f in every if f.city_id}))
    # The network's own follow-ups, and those of the cities shown.
    found = [(s, f) for s, f in every if f.city_id is None or f.city_id in names]
    columns = ["text", "owner", "due", "city", "overdue"]
    if not found:
        return panels.empty(ctx, "followups", columns)
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
        titles=panels.titles(ctx, "owner", "followups"),
        description=caption,
        lang=ctx.lang,
    )
    return panels.view(ctx, "followups", caption, chart, frame)


# --- reasons for attention -----------------------------------------------------------------------


def attention_reasons(ctx: panels.Context) -> dict[str, list[tuple[str, dict]]]:
    """{city id: [(reason, values)]} of the cities shown: "mood_falling" and "report_overdue"
    as each city's summary stores them (services/dashboard/attention_facts.py, which says when
    they hold), the cycle as the reader says it."""
    found: dict[str, list[tuple[str, dict]]] = {}
    for city in ctx.cities:
        for flag in city.summary.attention:
            flag = flag if isinstance(flag, dict) else flag.model_dump()
            values = dict(flag.get("values") or {})
            if flag["reason"] == "report_overdue":
                values["cycle"] = formats.cycle(values["cycle"], ctx.lang)
            elif flag["reason"] != "mood_falling":
                continue
            found.setdefault(city.id, []).append((flag["reason"], values))
    return found
