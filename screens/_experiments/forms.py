"""The assumption, test card and learning forms: each shows its fields in an `st.form` and, on
submit, saves through screens/_experiments/writes.py (create, or update what changed)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from models.experiment import (
    COMPARISONS,
    CONFIDENCES,
    DECISIONS,
    STATUSES,
    VERDICTS,
    Criterion,
)
from screens import _ui as ui
from screens._experiments import evidence, writes
from screens._experiments.context import Lab
from services.experiments import experiments


def _submitted(form: ui.FormState, current: Any) -> bool:
    label = "experiments.save" if current else "experiments.create"
    return st.form_submit_button(ui.t(label), key=form.key("submit"), type="primary")


def assumption_form(ctx: Lab, prefix: str, current=None) -> None:
    form = ui.form_state(prefix)  # one submission per form shown; cleared once saved
    with st.form(f"{prefix}.form"):
        belief = st.text_input(
            ui.t("experiments.we_believe"),
            current.belief if current else "",
            key=form.key("belief"),
        )
        reason = st.text_input(
            ui.t("experiments.because"), current.reason if current else "", key=form.key("reason")
        )
        keys = list(ctx.categories)
        category = st.selectbox(
            ui.t("experiments.f.category"),
            keys,
            index=keys.index(current.category) if current and current.category in keys else 0,
            format_func=ctx.categories.get,
            key=form.key("category"),
        )
        left, right = st.columns(2)
        importance = left.slider(
            ui.t("field.importance"),
            1,
            5,
            current.importance if current else 3,
            key=form.key("importance"),
        )
        evidence = right.slider(
            ui.t("field.evidence"),
            1,
            5,
            current.evidence if current else 3,
            key=form.key("evidence"),
        )
        actions = st.text_input(
            ui.t("field.action_ids"),
            ", ".join(current.action_ids) if current else "",
            help=ui.t("experiments.action_ids_help"),
            key=form.key("action_ids"),
        )
        if not _submitted(form, current):
            return
    values = dict(
        belief=belief,
        reason=reason,
        category=category,
        importance=importance,
        evidence=evidence,
        action_ids=[a.strip() for a in actions.split(",") if a.strip()],
    )
    writes.save(ctx, "assumption", current, lambda: values, form)


def experiment_form(ctx: Lab, prefix: str, current=None) -> None:
    form = ui.form_state(prefix)  # one submission per form shown; cleared once saved
    assumption_by_id = ctx.assumption_by_id
    with st.form(f"{prefix}.form"):
        title = st.text_input(
            ui.t("experiments.f.title"), current.title if current else "", key=form.key("title")
        )
        tested = st.multiselect(
            ui.t("field.assumption_ids"),
            list(assumption_by_id),
            default=[
                i for i in (current.assumption_ids if current else []) if i in assumption_by_id
            ],
            format_func=lambda i: assumption_by_id[i].belief,
            key=form.key("assumptions"),
        )
        hypothesis = st.text_area(
            ui.t("field.hypothesis"), current.hypothesis if current else "", key=form.key("hyp")
        )
        method = st.text_area(
            ui.t("experiments.f.method"), current.method if current else "", key=form.key("method")
        )
        left, right = st.columns(2)
        metric = left.text_input(
            ui.t("field.metric"), current.metric if current else "", key=form.key("metric")
        )
        unit = right.text_input(
            ui.t("experiments.f.unit"), current.unit if current else "", key=form.key("unit")
        )
        criterion = (
            current.criterion if current else Criterion(kind="numeric", comparison=">=", target=0)
        )
        kinds = ["numeric", "qualitative"]
        kind = st.radio(
            ui.t("field.criterion"),
            kinds,
            index=kinds.index(criterion.kind),
            format_func=lambda k: ui.t(f"criterion.{k}"),
            horizontal=True,
            key=form.key("kind"),
        )
        left, right = st.columns(2)
        comparison = left.selectbox(
            ui.t("experiments.f.comparison"),
            list(COMPARISONS),
            index=COMPARISONS.index(criterion.comparison or ">="),
            format_func=lambda c: ui.t(f"comparison.{c}"),
            key=form.key("comparison"),
        )
        target = right.number_input(
            ui.t("experiments.f.target"),
            value=criterion.target,
            format="%g",
            key=form.key("target"),
        )
        text = st.text_input(ui.t("experiments.f.text"), criterion.text, key=form.key("text"))
        comparison_group = st.text_input(
            ui.t("experiments.f.comparison_group"),
            current.comparison_group if current else "",
            key=form.key("comparison_group"),
        )
        audience = st.text_input(
            ui.t("experiments.f.audience"), current.audience if current else "", key=form.key("aud")
        )
        left, right = st.columns(2)
        start = left.date_input(
            ui.t("experiments.f.start"),
            current.start if current else experiments.today(),
            format=ui.date_format(),
            key=form.key("start"),
        )
        end = right.date_input(
            ui.t("experiments.f.end"),
            current.end if current else experiments.today(),
            format=ui.date_format(),
            key=form.key("end"),
        )
        left, middle, right = st.columns(3)
        cycle = left.number_input(
            ui.t("experiments.f.cycle"),
            1,
            99,
            current.cycle if current else 1,
            key=form.key("cycle"),
        )
        budget = middle.number_input(
            ui.t("experiments.f.budget"),
            min_value=0.0,
            value=current.budget if current else 0.0,
            key=form.key("budget"),
        )
        status = right.selectbox(
            ui.t("experiments.f.status"),
            list(STATUSES),
            index=STATUSES.index(current.status) if current else 0,
            format_func=lambda s: ui.t(f"experiment.status.{s}"),
            key=form.key("status"),
        )
        owner = st.text_input(
            ui.t("experiments.f.owner"), current.owner if current else "", key=form.key("owner")
        )
        replicates = evidence.replicates_field(ctx, current, form.key("replicates"))
        verdicts = [None, *VERDICTS]
        verdict = st.selectbox(
            ui.t("field.verdict"),
            verdicts,
            index=verdicts.index(current.verdict) if current else 0,
            format_func=lambda v: ui.t(f"outcome.{v}") if v else ui.t("experiments.verdict.none"),
            key=form.key("verdict"),
        )
        if not _submitted(form, current):
            return
    numeric = kind == "numeric"

    def values() -> dict[str, Any]:
        return dict(
            title=title,
            assumption_ids=tested,
            hypothesis=hypothesis,
            method=method,
            metric=metric,
            unit=unit,
            criterion=Criterion(
                kind=kind,
                comparison=comparison if numeric else None,
                target=target if numeric else None,
                text=text,
            ),
            audience=audience,
            start=start,
            end=end,
            cycle=int(cycle),
            budget=float(budget),
            status=status,
            owner=owner,
            verdict=verdict if not numeric else None,
            comparison_group=comparison_group,
            replicates=replicates,
        )

    writes.save(ctx, "experiment", current, values, form)


def learning_form(ctx: Lab, prefix: str, current=None) -> None:
    form = ui.form_state(prefix)  # one submission per form shown; cleared once saved
    by_id = ctx.experiment_by_id
    with st.form(f"{prefix}.form"):
        title = st.text_input(
            ui.t("experiments.f.title"), current.title if current else "", key=form.key("title")
        )
        fed = st.multiselect(
            ui.t("field.experiment_ids"),
            list(by_id),
            default=[i for i in (current.experiment_ids if current else []) if i in by_id],
            format_func=lambda i: by_id[i].title,
            key=form.key("experiments"),
        )
        observation = st.text_area(
            ui.t("experiments.f.observation"),
            current.observation if current else "",
            key=form.key("observation"),
        )
        insights = st.text_area(
            ui.t("field.insights"), current.insights if current else "", key=form.key("insights")
        )
        left, right = st.columns(2)
        decision = left.selectbox(
            ui.t("experiments.f.decision"),
            list(DECISIONS),
            index=DECISIONS.index(current.decision) if current else DECISIONS.index("keep_testing"),
            format_func=lambda d: ui.t(f"learning.decision.{d}"),
            key=form.key("decision"),
        )
        confidence = right.selectbox(
            ui.t("experiments.f.confidence"),
            list(CONFIDENCES),
            index=CONFIDENCES.index(current.confidence) if current else 1,
            format_func=lambda c: ui.t(f"learning.confidence.{c}"),
            key=form.key("confidence"),
        )
        unintended_effects = st.text_area(
            ui.t("experiments.f.unintended_effects"),
            current.unintended_effects if current else "",
            key=form.key("unintended_effects"),
        )
        # A level is stored only as a person sets it (the suggestion is confirmed on the card).
        levels = evidence.level_options()
        evidence_level = st.selectbox(
            ui.t("experiments.f.evidence_level"),
            levels,
            index=levels.index(current.evidence_level) if current else 0,
            format_func=evidence.level_label,
            help=ui.t("learning.evidence.scale"),
            key=form.key("evidence_level"),
        )
        if not _submitted(form, current):
            return
    values = dict(
        title=title,
        experiment_ids=fed,
        unintended_effects=unintended_effects,
        evidence_level=evidence_level,
        observation=observation,
        insights=insights,
        decision=decision,
        confidence=confidence,
    )
    writes.save(ctx, "learning", current, lambda: values, form)
