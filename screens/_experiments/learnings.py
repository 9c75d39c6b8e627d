"""The learnings tab: the learning cards, their forms, and plan changes proposed from them."""

from __future__ import annotations

import streamlit as st

from models.experiment import CHANGE_KINDS, Learning, PlanChangeProposal
from screens import _ui as ui
from screens._experiments import evidence, forms, lab
from screens._experiments.context import Lab
from services.experiments import proposals


def propose_form(ctx: Lab, learning: Learning, read: proposals.Targets | None) -> None:
    """Edit, add or drop one item of a plan section, citing this learning."""
    prefix = f"experiments.propose.{learning.id}"
    if read is None:
        ui.empty("experiments.propose.no_plan")
        return
    if not read.lists:
        ui.empty("experiments.propose.no_items")
        return
    choice = st.selectbox(
        ui.t("experiments.propose.section"),
        range(len(read.lists)),
        format_func=lambda i: f"{read.lists[i].title} · {read.lists[i].list_name}",
        key=f"{prefix}.section",
    )
    target = read.lists[choice]
    kinds = list(CHANGE_KINDS) if target.items else ["add"]
    kind = st.radio(
        ui.t("experiments.propose.kind"),
        kinds,
        format_func=lambda k: ui.t(f"experiments.propose.kind.{k}"),
        horizontal=True,
        key=f"{prefix}.kind",
    )
    items = {i.id: i for i in target.items}
    form = ui.form_state(prefix)  # one submission per form shown; cleared once applied
    with st.form(f"{prefix}.form"):
        item_id = None
        if kind != "add":
            item_id = st.selectbox(
                ui.t("experiments.propose.item"),
                list(items),
                format_func=lambda i: target.label(items[i]),
                key=form.key("item"),
            )
        text = ""
        if kind != "drop" and target.label_field:
            text = st.text_input(ui.t("experiments.propose.new_title"), key=form.key("text"))
        reason = st.text_input(
            ui.t("experiments.propose.reason"), learning.title, key=form.key("reason")
        )
        if not st.form_submit_button(ui.t("experiments.propose.submit"), key=form.key("submit")):
            return
    ui.write(
        lambda: proposals.propose_change(
            ctx.user,
            learning.id,
            read,
            PlanChangeProposal(
                section=target.section,
                list_name=target.list_name,
                kind=kind,
                item_id=item_id,
                text=text,
                reason=reason,
            ),
            form.submission,
        ),
        success=ui.t("experiments.propose.done"),
        on_conflict=lab.show_conflict,
        form=form,
    )


def render(ctx: Lab) -> None:
    if not ctx.learnings:
        ui.empty("experiments.no_learnings")
    can_learn = ctx.can("learning.edit")
    # Read once for every learning: the plan lists a learning may change (plan.edit only).
    can_propose = ctx.can("plan.edit")
    read = None
    if can_propose and ctx.learnings:
        read = proposals.change_targets(ctx.user, ctx.city.id, ui.lang())
    by_id = ctx.experiment_by_id
    suggested = evidence.suggestions(ctx.learnings, by_id, ctx.outcomes, ctx.chains)
    if ctx.learnings:
        evidence.scale_expander("experiments.learnings")
    for learning in ctx.learnings:
        with st.container(border=True, key=f"experiments.learning.{learning.id}"):
            st.text(learning.title)
            st.caption(
                ui.t(
                    "experiments.learning.meta",
                    decision=ui.t(f"learning.decision.{learning.decision}"),
                    confidence=ui.t(f"learning.confidence.{learning.confidence}"),
                )
            )
            fed_titles = [by_id[i].title for i in learning.experiment_ids if i in by_id]
            if fed_titles:
                st.text(ui.t_plain("experiments.learning.fed_by", titles=", ".join(fed_titles)))
            if learning.observation:
                st.text(learning.observation)
            if learning.insights:
                st.text(learning.insights)
            evidence.unintended(learning)
            evidence.learning_evidence(
                ctx.user,
                learning,
                suggested[learning.id],
                can_learn,
                f"experiments.learning.{learning.id}",
            )
            for i in learning.experiment_ids:
                if i in by_id and i in ctx.chains:
                    evidence.chain_block(
                        ctx.user, by_id[i], ctx.chains[i], f"experiments.learning.{learning.id}.{i}"
                    )
            if can_learn:
                with st.popover(ui.t("experiments.learning.edit"), icon=":material/edit:"):
                    forms.learning_form(ctx, f"experiments.learning.{learning.id}", learning)
            if can_propose:
                with st.popover(ui.t("experiments.propose.title"), icon=":material/difference:"):
                    propose_form(ctx, learning, read)
    if can_learn:
        with st.expander(ui.t("experiments.learning.new"), icon=":material/add:"):
            forms.learning_form(ctx, "experiments.learning.new")
