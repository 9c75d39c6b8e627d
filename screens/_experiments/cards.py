"""The test cards tab: outcomes by category, one card per experiment (criterion, results,
chart), result corrections, and the card forms."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.experiment import Experiment, ResultFields
from screens import _ui as ui
from screens._experiments import evidence, forms, lab
from screens._experiments.context import Lab
from services.experiments import charts as experiment_charts
from services.experiments import experiments


def correction_form(ctx: Lab, experiment: Experiment) -> None:
    """Correct one entry; the previous version stays in the entry's history."""
    entries = {e.id: e for e in experiment.results}
    prefix = f"experiments.correct.{experiment.id}"
    picked = st.selectbox(
        ui.t("experiments.correct.entry"),
        list(entries),
        format_func=lambda i: (
            f"{entries[i].date} · {lab.number(entries[i].value)} {entries[i].observation[:40]}"
        ),
        key=f"{prefix}.entry",
    )
    entry = entries[picked]
    form = ui.form_state(f"{prefix}.{picked}")
    with st.form(f"{prefix}.{picked}.form"):
        day = st.date_input(
            ui.t("experiments.f.date"),
            entry.date,
            format=ui.date_format(),
            key=f"{prefix}.{picked}.date",
        )
        value = st.number_input(
            ui.t("record.value", unit=entry.unit or "-"),
            value=entry.value,
            format="%g",
            key=f"{prefix}.{picked}.value",
        )
        observation = st.text_input(
            ui.t("experiments.f.observation"), entry.observation, key=f"{prefix}.{picked}.obs"
        )
        note = st.text_input(ui.t("experiments.f.note"), entry.note, key=f"{prefix}.{picked}.note")
        submitted = st.form_submit_button(ui.t("experiments.save"), key=f"{prefix}.{picked}.submit")
    if submitted:
        ui.write(
            lambda: experiments.correct_result(
                ctx.user,
                experiment,
                picked,
                ResultFields(date=day, value=value, observation=observation, note=note),
            ),
            success=ui.t("experiments.saved"),
            on_conflict=lab.show_conflict,
            form=form,  # the click burst answered once
        )
    if entry.history:
        st.caption(ui.t("experiments.correct.history"))
        ui.table(pd.DataFrame([h.model_dump(mode="json") for h in entry.history]), hide_index=True)


def _card(ctx: Lab, experiment: Experiment) -> None:
    outcome = ctx.outcomes[experiment.id]
    st.caption(
        ui.t(
            "experiments.card.meta",
            cycle=experiment.cycle,
            start=lab.day(experiment.start),
            end=lab.day(experiment.end),
            status=ui.t(f"experiment.status.{experiment.status}"),
            owner=experiment.owner or "-",
        )
    )
    if experiment.hypothesis:
        st.text(experiment.hypothesis)
    st.text(lab.criterion_line(experiment))
    if experiment.comparison_group:
        st.text(f"{ui.t_plain('field.comparison_group')}: {experiment.comparison_group}")
    evidence.chain_block(
        ctx.user, experiment, ctx.chains.get(experiment.id), f"experiments.card.{experiment.id}"
    )
    levels = [
        lg.evidence_level
        for lg in ctx.learnings
        if experiment.id in lg.experiment_ids and lg.evidence_level
    ]
    if levels:
        st.caption(ui.md(evidence.level_label(max(levels))))
    assumption_by_id = ctx.assumption_by_id
    for i in experiment.assumption_ids:
        if i in assumption_by_id:
            st.text(f"· {lab.statement(assumption_by_id[i], ctx.city)}")
    if outcome.deciding is not None:
        st.text(
            ui.t_plain(
                "experiments.card.latest",
                value=lab.number(outcome.deciding.value),
                unit=experiment.unit,
                date=lab.day(outcome.deciding.date),
            )
        )
    if outcome.other_unit or outcome.outside_window:
        st.caption(
            ui.t(
                "experiments.card.excluded",
                other_unit=outcome.other_unit,
                outside=outcome.outside_window,
            )
        )
    results = experiments.results_frame(experiment)
    if experiment.criterion.kind == "numeric" and results["value"].notna().any():
        # In the card's expander: the data goes in a popover (an expander cannot nest).
        ui.chart(
            *lab.results_chart(experiment), key=f"experiments.chart.{experiment.id}", nested=True
        )
    if not results.empty:
        ui.table(
            lab.entries_table(experiment),
            hide_index=True,
            width="stretch",
            key=f"experiments.entries.{experiment.id}",
        )
    # The forms are drawn when their popover is opened (a rerun), not with every card: a card
    # form lists every other city's test card it may replicate (1,500 in a network of 1,000).
    if ctx.can("experiment.result.record") and experiment.results:
        correct = _popover("experiments.correct", ":material/edit_note:", CORRECT, experiment)
        if correct.open:
            with correct:
                correction_form(ctx, experiment)
    if ctx.can("experiment.edit"):
        edit = _popover("experiments.experiment.edit", ":material/edit:", EDIT, experiment)
        if edit.open:
            with edit:
                forms.experiment_form(ctx, f"experiments.card.{experiment.id}", experiment)


CORRECT = "experiments.popover.correct."  # + the experiment's id: its correction form is open
EDIT = "experiments.popover.edit."  # + the experiment's id: its edit form is open


def _popover(label: str, icon: str, key: str, experiment: Experiment):
    """A popover whose content runs only while it is open (its `open` says so)."""
    return st.popover(ui.t(label), icon=icon, key=key + experiment.id, on_change="rerun")


def render(ctx: Lab) -> None:
    if not ctx.experiments:
        ui.empty("experiments.no_experiments")
    else:
        frame = experiments.outcomes_by_category_frame(
            ctx.assumptions, ctx.experiments, ctx.outcomes
        )
        st.subheader(ui.t("experiments.chart.summary"))
        categories = {**ctx.categories, "none": "-"}
        outcome_labels = {o: lab.outcome_label(o) for o in experiments.outcomes.OUTCOMES}
        table = pd.DataFrame(
            {
                ctx.titles["category"]: frame["category"].map(lambda k: categories.get(k, k)),
                ctx.titles["outcome"]: frame["outcome"].map(lambda k: outcome_labels.get(k, k)),
                ctx.titles["experiments"]: frame["experiments"],
            }
        )
        ui.chart(
            experiment_charts.outcomes_by_category_chart(
                frame,
                categories,
                outcome_labels,
                ctx.titles,
                ui.t("chart.desc.outcomes", count=len(ctx.experiments)),
                ui.lang(),
            ),
            table,
            key="experiments.by_category",
        )
    for experiment in ctx.experiments:
        status = ctx.outcomes[experiment.id].status
        header = f"{ui.md(experiment.title)} · {lab.outcome_label(status)}"
        with st.expander(header, icon=lab.OUTCOME_ICONS[status]):
            _card(ctx, experiment)
    if ctx.can("experiment.edit"):
        with st.expander(ui.t("experiments.experiment.new"), icon=":material/add:"):
            forms.experiment_form(ctx, "experiments.card.new")
    evidence.replicate_from_network(ctx)
