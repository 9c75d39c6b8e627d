"""What works where: per method of the network's list, how many cities tried it and with which
outcomes (from the city summaries), and, on demand for one method, its experiments and the
learning cards they fed (the only read of experiments the dashboard makes, one method's)."""

from __future__ import annotations

import pandas as pd

from models.experiment import Experiment, Learning
from models.user import User
from services.core import collections, formats, store
from services.dashboard import charts, panels, views
from services.experiments import outcomes

EXPERIMENTS = collections.EXPERIMENTS
LEARNINGS = collections.LEARNINGS
METHOD_COLUMNS = ["method_key", "method", "cities", "experiments", *outcomes.OUTCOMES]


def methods_frame(ctx: panels.Context) -> pd.DataFrame:
    """One row per method of the network (tried or not): cities that tried it, experiments,
    and experiments per outcome; most tried first."""
    rows = []
    for method in ctx.network.methods:
        counts = dict.fromkeys(outcomes.OUTCOMES, 0)
        cities = 0
        for c in ctx.cities:
            found = c.summary.experiments_by_method.get(method.key)
            if found:
                cities += 1
                for status, n in found.items():
                    counts[status] = counts.get(status, 0) + n
        rows.append(
            {
                "method_key": method.key,
                "method": method.label.get(ctx.lang),
                "cities": cities,
                "experiments": sum(counts.values()),
                **counts,
            }
        )
    frame = pd.DataFrame(rows, columns=METHOD_COLUMNS)
    return frame.sort_values(
        ["cities", "experiments", "method"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def methods_panel(ctx: panels.Context) -> panels.PanelView:
    """The table above and a chart of experiments per method, stacked by outcome."""
    frame = methods_frame(ctx)
    tried = frame[frame["experiments"] > 0]
    if tried.empty:
        return panels.PanelView(
            "methods",
            ctx.t("dashboard.panel.methods"),
            ctx.t("dashboard.caption.no_data"),
            None,
            frame,
            ctx.lang,
        )
    # The method with the most validated experiments; methods that tie are named together.
    best, validated = panels.leaders(zip(tried["method"], tried["validated"], strict=True))
    top = tried[tried["method"] == best[0]].iloc[0]
    key = "methods" if len(best) == 1 else "methods_tie"
    caption = ctx.t(
        f"dashboard.caption.{key if validated else 'methods_none'}",
        tried=len(tried),
        methods=len(frame),
        method=formats.names(best, ctx.lang),
        validated=validated,
        finished=int(top[list(panels.FINISHED)].sum()),
        cities=int(top["cities"]),
    )
    long = []
    for row in tried.itertuples():
        for i, status in enumerate(outcomes.OUTCOMES):
            if getattr(row, status):
                long.append(
                    {
                        "method": row.method,
                        "outcome": ctx.t(f"outcome.{status}"),
                        "experiments": getattr(row, status),
                        "order": i,
                    }
                )
    chart = charts.stacked_bar_chart(
        pd.DataFrame(long),
        category="method",
        value="experiments",
        colour="outcome",
        colour_order=[ctx.t(f"outcome.{s}") for s in outcomes.OUTCOMES],
        colours=[charts.OUTCOME_COLOURS[s] for s in outcomes.OUTCOMES],
        titles={
            "method": panels.column_label("method", ctx.lang),
            "experiments": panels.column_label("experiments", ctx.lang),
            "outcome": panels.column_label("outcome", ctx.lang),
        },
        description=caption,
        lang=ctx.lang,
        category_order=list(tried["method"]),
    )
    return panels.PanelView(
        "methods", ctx.t("dashboard.panel.methods"), caption, chart, frame, ctx.lang
    )


CARD_COLUMNS = [
    "city_id",
    "city",
    "experiment",
    "outcome",
    "learning",
    "decision",
    "confidence",
    "observation",
    "insights",
]


def method_cards(user: User, ctx: panels.Context, method_key: str) -> pd.DataFrame:
    """The experiments of the filtered cities that used `method_key`, each with the learning
    cards it fed (a row without a card when none yet): read now, for this method only."""
    views.require_reader(user)
    names = {c.id: c.name for c in ctx.cities}
    if not names or ctx.network.method(method_key) is None:
        return pd.DataFrame(columns=CARD_COLUMNS)
    db = store.get()
    where = {
        "network_id": ctx.network.id,
        "method_key": method_key,
        "city_id": {"$in": list(names)},
    }
    tests = [Experiment.from_doc(d) for d in db.find(EXPERIMENTS, where)]
    ids = [e.id for e in tests]
    cards = [
        Learning.from_doc(d)
        for d in db.find(LEARNINGS, {"experiment_ids": {"$in": ids}})
        if d.get("city_id") in names
    ]
    rows = []
    for e in sorted(tests, key=lambda e: (names[e.city_id], e.start)):
        fed = [lg for lg in cards if e.id in lg.experiment_ids]
        status = outcomes.outcome(e, ctx.today, fed).status
        base = {
            "city_id": e.city_id,
            "city": names[e.city_id],
            "experiment": e.title,
            "outcome": ctx.t(f"outcome.{status}"),
        }
        if not fed:
            rows.append({**base, **dict.fromkeys(CARD_COLUMNS[4:], "")})
        for lg in fed:
            rows.append(
                {
                    **base,
                    "learning": lg.title,
                    "decision": ctx.t(f"learning.decision.{lg.decision}"),
                    "confidence": ctx.t(f"learning.confidence.{lg.confidence}"),
                    "observation": lg.observation,
                    "insights": lg.insights,
                }
            )
    return pd.DataFrame(rows, columns=CARD_COLUMNS)
