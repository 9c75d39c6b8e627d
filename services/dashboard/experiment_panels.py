"""The dashboard's experiment panels: outcomes by city, category and cluster, the decisions the
learning cards took and the riskiest assumptions tested, from the city summaries (and, for a
reader of every city, the network rollup's experiment tallies)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from models.experiment import DECISIONS
from models.network import Network
from services.core import formats, i18n
from services.dashboard import charts, panels, views
from services.experiments import outcomes
from services.network import tallies

# --- experiments -------------------------------------------------------------------------------


def outcome_rows(ctx: panels.Context, groups: list[tuple[str, dict[str, int]]], group: str):
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


def _outcome_chart(ctx: panels.Context, frame: pd.DataFrame, group: str, caption: str, order=None):
    return charts.stacked_bar_chart(
        frame,
        category=group,
        value="experiments",
        colour="outcome",
        colour_order=[ctx.t(f"outcome.{s}") for s in outcomes.OUTCOMES],
        colours=[charts.OUTCOME_COLOURS[s] for s in outcomes.OUTCOMES],
        titles=panels.titles(ctx, group, "experiments", "outcome"),
        description=caption,
        lang=ctx.lang,
        category_order=order,
    )


def network_outcomes(cities: list[views.CityRow]) -> dict[str, int]:
    total: dict[str, int] = dict.fromkeys(outcomes.OUTCOMES, 0)
    for c in cities:
        _add(total, c.summary.experiments_by_outcome)
    return total


def outcomes_by_city_panel(ctx: panels.Context) -> panels.PanelView:
    summed = ctx.tally(tallies.EXPERIMENTS).all
    tried = summed.get("tried", 0)
    cities = ctx.most_experiments(panels.BARS_MAX)
    listed = sorted(cities, key=lambda c: (-c.summary.experiments_total, c.name))
    frame = outcome_rows(ctx, [(c.name, c.summary.experiments_by_outcome) for c in listed], "city")
    if frame.empty or not tried:
        return panels.empty(ctx, "outcomes_by_city", list(frame.columns))
    total = {s: summed.get("outcome", {}).get(s, 0) for s in outcomes.OUTCOMES}
    finished = sum(total[s] for s in panels.FINISHED)
    caption = ctx.t(
        "dashboard.caption.outcomes_by_city",
        cities=tried,
        total=summed.get("cities", 0),
        validated=total[outcomes.VALIDATED],
        finished=finished,
        running=total[outcomes.IN_PROGRESS],
    )
    drawn = sorted(cities[: panels.BARS_MAX], key=lambda c: (-c.summary.experiments_total, c.name))
    shown_names = [c.name for c in drawn]
    shown = frame[frame["city"].isin(shown_names)]
    note = (
        ctx.t("dashboard.note.most_experiments", shown=panels.BARS_MAX, total=tried)
        if tried > panels.BARS_MAX
        else ""
    )
    chart = _outcome_chart(ctx, shown, "city", caption, shown_names)
    if ctx.most is not None:  # the cities read are those drawn; the CSV reads every one
        frame = shown
    view = panels.view(ctx, "outcomes_by_city", caption, chart, frame.drop(columns=["order"]), note)
    complete = ctx.most is None or tried <= panels.BARS_MAX
    return dataclasses.replace(view, complete=complete, rows=tried)


def _groups(counts: dict[str, dict[str, int]]) -> list[tuple[str, dict[str, int]]]:
    return sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))


def category_label(network: Network, key: str, lang: str) -> str:
    found = next((c for c in network.assumption_categories if c.key == key), None)
    if found is not None:
        return found.label.get(lang)
    return i18n.t("dashboard.none", lang) if key == "none" else key


def outcomes_by_category_panel(ctx: panels.Context) -> panels.PanelView:
    groups = _groups(ctx.tally(tallies.EXPERIMENTS).all.get("category", {}))
    labelled = [(category_label(ctx.network, k, ctx.lang), v) for k, v in groups]
    frame = outcome_rows(ctx, labelled, "category")
    if frame.empty:
        return panels.empty(ctx, "outcomes_by_category", list(frame.columns))
    best, tested = panels.leaders((name, sum(counts.values())) for name, counts in labelled)
    if len(best) == 1:
        counts = labelled[0][1]
        caption = ctx.t(
            "dashboard.caption.outcomes_by_category",
            category=best[0],
            experiments=tested,
            validated=counts.get(outcomes.VALIDATED, 0),
            finished=sum(counts.get(s, 0) for s in panels.FINISHED),
        )
    else:  # categories that tie are named together
        caption = ctx.t(
            "dashboard.caption.outcomes_by_category_tie",
            categories=formats.names(best, ctx.lang),
            experiments=tested,
        )
    chart = _outcome_chart(ctx, frame, "category", caption, [n for n, _ in labelled])
    return panels.view(ctx, "outcomes_by_category", caption, chart, frame.drop(columns=["order"]))


def _by_cluster(ctx: panels.Context, name: str) -> dict[str, dict]:
    # A section's counts `name` by cluster, cities without a cluster under "none".
    none = ctx.t("dashboard.none")
    found: dict[str, dict] = {}
    for cluster, counts in ctx.tally(tallies.EXPERIMENTS).by_cluster.items():
        if counts.get(name):
            _add(found.setdefault(cluster or none, {}), counts[name])
    return found


def outcomes_by_cluster_panel(ctx: panels.Context) -> panels.PanelView:
    groups = [(k, v) for k, v in _groups(_by_cluster(ctx, "outcome")) if sum(v.values())]
    frame = outcome_rows(ctx, groups, "cluster")
    if frame.empty:
        return panels.empty(ctx, "outcomes_by_cluster", list(frame.columns))
    best, validated = panels.leaders((k, v.get(outcomes.VALIDATED, 0)) for k, v in groups)
    key = "outcomes_by_cluster" if len(best) == 1 else "outcomes_by_cluster_tie"
    caption = ctx.t(
        f"dashboard.caption.{key if validated else 'outcomes_by_cluster_none'}",
        cluster=formats.names(best, ctx.lang),
        validated=validated,
        clusters=len(groups),
    )
    chart = _outcome_chart(ctx, frame, "cluster", caption, [k for k, _ in groups])
    return panels.view(ctx, "outcomes_by_cluster", caption, chart, frame.drop(columns=["order"]))


def decisions_panel(ctx: panels.Context) -> panels.PanelView:
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
        return panels.empty(ctx, "decisions", list(frame.columns))
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
        titles=panels.titles(ctx, "decision", "cards"),
        description=caption,
        lang=ctx.lang,
        category_order=list(frame["decision"]),
    )
    return panels.view(ctx, "decisions", caption, chart, frame)


def riskiest_panel(ctx: panels.Context) -> panels.PanelView:
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
        return panels.empty(ctx, "riskiest", list(frame.columns))
    total, tested = int(frame["riskiest"].sum()), int(frame["tested"].sum())
    caption = ctx.t(
        "dashboard.caption.riskiest", tested=tested, total=total, share=ctx.pct(tested / total)
    )
    chart = charts.bar_chart(
        frame,
        category="cluster",
        value="share",
        titles=panels.titles(ctx, "cluster", "share"),
        description=caption,
        lang=ctx.lang,
        percent=True,
    )
    return panels.view(ctx, "riskiest", caption, chart, frame)
