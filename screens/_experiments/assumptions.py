"""The assumptions tab: the assumption map, the riskiest share, the table, and the forms."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from screens import _ui as ui
from screens._experiments import forms, lab
from screens._experiments.context import Lab
from services.experiments import charts as experiment_charts
from services.experiments import experiments


def render(ctx: Lab) -> None:
    assumptions = ctx.assumptions
    if not assumptions:
        ui.empty("experiments.no_assumptions")
    else:
        frame = experiments.assumptions_frame(assumptions, ctx.experiments, ctx.outcomes)
        left, right = st.columns([3, 2])
        with left:
            st.subheader(ui.t("experiments.map.title"))
            st.caption(ui.t("experiments.map.help"))
            # The numbers are in the assumptions table below the two charts.
            ui.chart(
                experiment_charts.assumption_map_chart(
                    frame,
                    ctx.titles,
                    ui.t(
                        "chart.desc.assumption_map",
                        count=len(frame),
                        riskiest=int(frame["riskiest"].sum()),
                    ),
                    ui.lang(),
                ),
                key="experiments.map",
            )
        with right:
            share = experiments.riskiest_tested(assumptions, ctx.experiments)
            st.subheader(ui.t("experiments.chart.riskiest_tested"))
            st.caption(ui.t("experiments.riskiest_share", **share))
            if share["riskiest"]:
                ui.chart(
                    experiment_charts.riskiest_tested_chart(
                        share, ctx.titles, ui.t("chart.desc.riskiest_tested", **share), ui.lang()
                    ),
                    lab.riskiest_table(share, ctx.titles),
                    key="experiments.riskiest_chart",
                )
        table = pd.DataFrame(
            {
                ui.t("chart.assumption"): [lab.statement(a, ctx.city) for a in assumptions],
                ui.t("chart.category"): [
                    ctx.categories.get(a.category, a.category) for a in assumptions
                ],
                ui.t("chart.importance"): frame["importance"],
                ui.t("chart.evidence"): frame["evidence"],
                ui.t("experiments.map.riskiest"): [
                    ui.t_plain("export.yes" if r else "export.no") for r in frame["riskiest"]
                ],
                ui.t("chart.experiments"): frame["experiments"],
                ui.t("chart.outcome"): [lab.outcome_label(o) for o in frame["outcome"]],
            }
        )
        ui.table(table, hide_index=True, width="stretch", key="experiments.assumptions")
    if not ctx.can("experiment.edit"):
        return
    with st.expander(ui.t("experiments.assumption.new"), icon=":material/add:"):
        forms.assumption_form(ctx, "experiments.assumption.new")
    if assumptions:
        by_id = ctx.assumption_by_id
        with st.expander(ui.t("experiments.assumption.edit"), icon=":material/edit:"):
            picked = st.selectbox(
                ui.t("chart.assumption"),
                list(by_id),
                format_func=lambda i: by_id[i].belief,
                key="experiments.assumption.pick",
            )
            forms.assumption_form(ctx, f"experiments.assumption.{picked}", by_id[picked])
