"""Experiments of a city: the assumption map, the test cards with their results, the learning
cards (and plan changes proposed from them), and bulk updates of results by CSV."""

import pandas as pd
import streamlit as st

from models import plan as plan_model
from models.experiment import (
    COMPARISONS,
    CONFIDENCES,
    DECISIONS,
    STATUSES,
    VERDICTS,
    AssumptionCreate,
    Criterion,
    ExperimentCreate,
    LearningCreate,
    ResultInput,
)
from pages import _ui as ui
from pages._experiments import lab as ex
from services.core import permissions
from services.core.errors import Conflict
from services.experiments import charts as experiment_charts
from services.experiments import experiments
from services.plans import plans
from services.transfer import results_csv

user = ui.page_user("experiment.read")
network = ui.network(user.network_id)
lang = ui.lang()

st.title(ui.t("experiments.title"))
ui.show_flash()
city = ex.city_picker(user, "experiment.read", "experiments.city")
if city is None:
    st.stop()

data = ex.bundle(user, city.id)
assumptions, items, learnings, found = (
    data["assumptions"],
    data["experiments"],
    data["learnings"],
    data["outcomes"],
)
can_design = permissions.allowed(user, "experiment.edit", city.id)
can_record = permissions.allowed(user, "experiment.result.record", city.id)
can_learn = permissions.allowed(user, "learning.edit", city.id)
categories = ex.category_labels(network)
titles = ex.chart_titles()
by_id = {e.id: e for e in items}
assumption_by_id = {a.id: a for a in assumptions}


def saved(message_key: str = "experiments.saved") -> None:
    ui.changed()
    ui.flash(ui.t(message_key))
    st.rerun()


def write(fn) -> None:
    """Run a write; on success rerun with a flash, on conflict show both versions."""
    try:
        ok, _ = ui.attempt(fn)
    except Conflict as exc:
        ex.show_conflict(exc)
        return
    if ok:
        saved()


ex.rule_expander()
tab_assumptions, tab_cards, tab_learnings, tab_csv = st.tabs(
    [
        ui.t("experiments.tab.assumptions"),
        ui.t("experiments.tab.cards"),
        ui.t("experiments.tab.learnings"),
        ui.t("experiments.tab.csv"),
    ]
)

# --- assumptions -------------------------------------------------------------------------------


def assumption_form(prefix: str, current=None) -> None:
    with st.form(f"{prefix}.form"):
        belief = st.text_input(
            ui.t("experiments.we_believe"),
            current.belief if current else "",
            key=f"{prefix}.belief",
        )
        reason = st.text_input(
            ui.t("experiments.because"), current.reason if current else "", key=f"{prefix}.reason"
        )
        keys = list(categories)
        category = st.selectbox(
            ui.t("experiments.f.category"),
            keys,
            index=keys.index(current.category) if current and current.category in keys else 0,
            format_func=categories.get,
            key=f"{prefix}.category",
        )
        left, right = st.columns(2)
        importance = left.slider(
            ui.t("field.importance"),
            1,
            5,
            current.importance if current else 3,
            key=f"{prefix}.importance",
        )
        evidence = right.slider(
            ui.t("field.evidence"),
            1,
            5,
            current.evidence if current else 3,
            key=f"{prefix}.evidence",
        )
        actions = st.text_input(
            ui.t("field.action_ids"),
            ", ".join(current.action_ids) if current else "",
            help=ui.t("experiments.action_ids_help"),
            key=f"{prefix}.action_ids",
        )
        label = "experiments.save" if current else "experiments.create"
        if not st.form_submit_button(ui.t(label), key=f"{prefix}.submit", type="primary"):
            return

    def run():
        data = AssumptionCreate(
            belief=belief,
            reason=reason,
            category=category,
            importance=importance,
            evidence=evidence,
            action_ids=[a.strip() for a in actions.split(",") if a.strip()],
        )
        if current is None:
            return experiments.create_assumption(user, city.id, data)
        return experiments.update_assumption(user, current, data)

    write(run)


with tab_assumptions:
    if not assumptions:
        ui.empty("experiments.no_assumptions")
    else:
        frame = experiments.assumptions_frame(assumptions, items, found)
        left, right = st.columns([3, 2])
        with left:
            st.subheader(ui.t("experiments.map.title"))
            st.caption(ui.t("experiments.map.help"))
            st.altair_chart(
                experiment_charts.assumption_map_chart(frame, titles),
                width="stretch",
                key="experiments.map",
            )
        with right:
            share = experiments.riskiest_tested(assumptions, items)
            st.subheader(ui.t("experiments.chart.riskiest_tested"))
            st.caption(ui.t("experiments.riskiest_share", **share))
            if share["riskiest"]:
                st.altair_chart(
                    experiment_charts.riskiest_tested_chart(share, titles),
                    width="stretch",
                    key="experiments.riskiest_chart",
                )
        table = pd.DataFrame(
            {
                ui.t("chart.assumption"): [ex.statement(a) for a in assumptions],
                ui.t("chart.category"): [
                    categories.get(a.category, a.category) for a in assumptions
                ],
                ui.t("chart.importance"): frame["importance"],
                ui.t("chart.evidence"): frame["evidence"],
                ui.t("experiments.map.riskiest"): frame["riskiest"],
                ui.t("chart.experiments"): frame["experiments"],
                ui.t("chart.outcome"): [ex.outcome_label(o) for o in frame["outcome"]],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", key="experiments.assumptions")
    if can_design:
        with st.expander(ui.t("experiments.assumption.new"), icon=":material/add:"):
            assumption_form("experiments.assumption.new")
        if assumptions:
            with st.expander(ui.t("experiments.assumption.edit"), icon=":material/edit:"):
                picked = st.selectbox(
                    ui.t("chart.assumption"),
                    [a.id for a in assumptions],
                    format_func=lambda i: assumption_by_id[i].belief,
                    key="experiments.assumption.pick",
                )
                assumption_form(f"experiments.assumption.{picked}", assumption_by_id[picked])

# --- test cards --------------------------------------------------------------------------------


def experiment_form(prefix: str, current=None) -> None:
    with st.form(f"{prefix}.form"):
        title = st.text_input(
            ui.t("experiments.f.title"), current.title if current else "", key=f"{prefix}.title"
        )
        tested = st.multiselect(
            ui.t("field.assumption_ids"),
            [a.id for a in assumptions],
            default=[
                i for i in (current.assumption_ids if current else []) if i in assumption_by_id
            ],
            format_func=lambda i: assumption_by_id[i].belief,
            key=f"{prefix}.assumptions",
        )
        hypothesis = st.text_area(
            ui.t("field.hypothesis"), current.hypothesis if current else "", key=f"{prefix}.hyp"
        )
        method = st.text_area(
            ui.t("experiments.f.method"), current.method if current else "", key=f"{prefix}.method"
        )
        left, right = st.columns(2)
        metric = left.text_input(
            ui.t("field.metric"), current.metric if current else "", key=f"{prefix}.metric"
        )
        unit = right.text_input(
            ui.t("experiments.f.unit"), current.unit if current else "", key=f"{prefix}.unit"
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
            key=f"{prefix}.kind",
        )
        left, right = st.columns(2)
        comparison = left.selectbox(
            ui.t("experiments.f.comparison"),
            list(COMPARISONS),
            index=COMPARISONS.index(criterion.comparison or ">="),
            format_func=lambda c: ui.t(f"comparison.{c}"),
            key=f"{prefix}.comparison",
        )
        target = right.number_input(
            ui.t("experiments.f.target"),
            value=criterion.target,
            format="%g",
            key=f"{prefix}.target",
        )
        text = st.text_input(ui.t("experiments.f.text"), criterion.text, key=f"{prefix}.text")
        audience = st.text_input(
            ui.t("experiments.f.audience"), current.audience if current else "", key=f"{prefix}.aud"
        )
        left, right = st.columns(2)
        start = left.date_input(
            ui.t("experiments.f.start"),
            current.start if current else experiments.today(),
            key=f"{prefix}.start",
        )
        end = right.date_input(
            ui.t("experiments.f.end"),
            current.end if current else experiments.today(),
            key=f"{prefix}.end",
        )
        left, middle, right = st.columns(3)
        cycle = left.number_input(
            ui.t("experiments.f.cycle"),
            1,
            99,
            current.cycle if current else 1,
            key=f"{prefix}.cycle",
        )
        budget = middle.number_input(
            ui.t("experiments.f.budget"),
            min_value=0.0,
            value=current.budget if current else 0.0,
            key=f"{prefix}.budget",
        )
        status = right.selectbox(
            ui.t("experiments.f.status"),
            list(STATUSES),
            index=STATUSES.index(current.status) if current else 0,
            format_func=lambda s: ui.t(f"experiment.status.{s}"),
            key=f"{prefix}.status",
        )
        owner = st.text_input(
            ui.t("experiments.f.owner"), current.owner if current else "", key=f"{prefix}.owner"
        )
        verdicts = [None, *VERDICTS]
        verdict = st.selectbox(
            ui.t("field.verdict"),
            verdicts,
            index=verdicts.index(current.verdict) if current else 0,
            format_func=lambda v: ui.t(f"outcome.{v}") if v else ui.t("experiments.verdict.none"),
            key=f"{prefix}.verdict",
        )
        label = "experiments.save" if current else "experiments.create"
        if not st.form_submit_button(ui.t(label), key=f"{prefix}.submit", type="primary"):
            return

    def run():
        data = ExperimentCreate(
            title=title,
            assumption_ids=tested,
            hypothesis=hypothesis,
            method=method,
            metric=metric,
            unit=unit,
            criterion=Criterion(
                kind=kind,
                comparison=comparison if kind == "numeric" else None,
                target=target if kind == "numeric" else None,
                text=text,
            ),
            audience=audience,
            start=start,
            end=end,
            cycle=int(cycle),
            budget=float(budget),
            status=status,
            owner=owner,
            verdict=verdict if kind == "qualitative" else None,
        )
        if current is None:
            return experiments.create_experiment(user, city.id, data)
        return experiments.update_experiment(user, current, data)

    write(run)


def correction_form(experiment) -> None:
    entries = {e.id: e for e in experiment.results}
    prefix = f"experiments.correct.{experiment.id}"
    picked = st.selectbox(
        ui.t("experiments.correct.entry"),
        list(entries),
        format_func=lambda i: (
            f"{entries[i].date} · {ex.number(entries[i].value)} {entries[i].observation[:40]}"
        ),
        key=f"{prefix}.entry",
    )
    entry = entries[picked]
    with st.form(f"{prefix}.{picked}.form"):
        day = st.date_input(ui.t("experiments.f.date"), entry.date, key=f"{prefix}.{picked}.date")
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
        if not st.form_submit_button(ui.t("experiments.save"), key=f"{prefix}.{picked}.submit"):
            return
    write(
        lambda: experiments.correct_result(
            user,
            experiment,
            picked,
            ResultInput(date=day, value=value, observation=observation, note=note),
        )
    )
    if entry.history:
        st.caption(ui.t("experiments.correct.history"))
        st.dataframe(
            pd.DataFrame([h.model_dump(mode="json") for h in entry.history]), hide_index=True
        )


with tab_cards:
    if not items:
        ui.empty("experiments.no_experiments")
    else:
        frame = experiments.outcomes_by_category_frame(assumptions, items, found)
        st.subheader(ui.t("experiments.chart.summary"))
        st.altair_chart(
            experiment_charts.outcomes_by_category_chart(
                frame,
                {**categories, "none": "-"},
                {o: ex.outcome_label(o) for o in experiments.outcomes.OUTCOMES},
                titles,
            ),
            width="stretch",
            key="experiments.by_category",
        )
    for experiment in items:
        outcome = found[experiment.id]
        header = f"{experiment.title} · {ex.outcome_label(outcome.status)}"
        with st.expander(header, icon=ex.OUTCOME_ICONS[outcome.status]):
            st.caption(
                ui.t(
                    "experiments.card.meta",
                    cycle=experiment.cycle,
                    start=experiment.start.isoformat(),
                    end=experiment.end.isoformat(),
                    status=ui.t(f"experiment.status.{experiment.status}"),
                    owner=experiment.owner or "-",
                )
            )
            if experiment.hypothesis:
                st.text(experiment.hypothesis)
            st.text(ex.criterion_line(experiment))
            tested = [
                assumption_by_id[i] for i in experiment.assumption_ids if i in assumption_by_id
            ]
            for a in tested:
                st.text(f"· {ex.statement(a)}")
            if outcome.deciding is not None:
                st.text(
                    ui.t(
                        "experiments.card.latest",
                        value=ex.number(outcome.deciding.value),
                        unit=experiment.unit,
                        date=outcome.deciding.date.isoformat(),
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
                st.altair_chart(
                    experiment_charts.results_chart(experiment, results, titles),
                    width="stretch",
                    key=f"experiments.chart.{experiment.id}",
                )
            if not results.empty:
                st.dataframe(
                    results.drop(columns=["id"]),
                    hide_index=True,
                    width="stretch",
                    key=f"experiments.entries.{experiment.id}",
                )
            if can_record and experiment.results:
                with st.popover(ui.t("experiments.correct"), icon=":material/edit_note:"):
                    correction_form(experiment)
            if can_design:
                with st.popover(ui.t("experiments.experiment.edit"), icon=":material/edit:"):
                    experiment_form(f"experiments.card.{experiment.id}", experiment)
    if can_design:
        with st.expander(ui.t("experiments.experiment.new"), icon=":material/add:"):
            experiment_form("experiments.card.new")

# --- learnings ---------------------------------------------------------------------------------


def learning_form(prefix: str, current=None) -> None:
    with st.form(f"{prefix}.form"):
        title = st.text_input(
            ui.t("experiments.f.title"), current.title if current else "", key=f"{prefix}.title"
        )
        fed = st.multiselect(
            ui.t("field.experiment_ids"),
            list(by_id),
            default=[i for i in (current.experiment_ids if current else []) if i in by_id],
            format_func=lambda i: by_id[i].title,
            key=f"{prefix}.experiments",
        )
        observation = st.text_area(
            ui.t("experiments.f.observation"),
            current.observation if current else "",
            key=f"{prefix}.observation",
        )
        insights = st.text_area(
            ui.t("field.insights"), current.insights if current else "", key=f"{prefix}.insights"
        )
        left, right = st.columns(2)
        decision = left.selectbox(
            ui.t("experiments.f.decision"),
            list(DECISIONS),
            index=DECISIONS.index(current.decision) if current else DECISIONS.index("keep_testing"),
            format_func=lambda d: ui.t(f"learning.decision.{d}"),
            key=f"{prefix}.decision",
        )
        confidence = right.selectbox(
            ui.t("experiments.f.confidence"),
            list(CONFIDENCES),
            index=CONFIDENCES.index(current.confidence) if current else 1,
            format_func=lambda c: ui.t(f"learning.confidence.{c}"),
            key=f"{prefix}.confidence",
        )
        label = "experiments.save" if current else "experiments.create"
        if not st.form_submit_button(ui.t(label), key=f"{prefix}.submit", type="primary"):
            return

    def run():
        data = LearningCreate(
            title=title,
            experiment_ids=fed,
            observation=observation,
            insights=insights,
            decision=decision,
            confidence=confidence,
        )
        if current is None:
            return experiments.create_learning(user, city.id, data)
        return experiments.update_learning(user, current, data)

    write(run)


LABEL_FIELDS = ("title", "name", "label", "what", "organisation")


def propose_form(learning) -> None:
    """Edit, add or drop one item of a plan section, citing this learning."""
    prefix = f"experiments.propose.{learning.id}"
    plan = plans.find_plan(city.id)
    if plan is None:
        ui.empty("experiments.propose.no_plan")
        return
    lists = [
        (key, list_name)
        for key, section in plan.visible()
        for list_name in plan_model.ITEM_LISTS.get(section.kind, ())
        if list_name != "fields"
    ]
    if not lists:
        ui.empty("experiments.propose.no_items")
        return
    choice = st.selectbox(
        ui.t("experiments.propose.section"),
        range(len(lists)),
        format_func=lambda i: f"{plans.section_title(plan, lists[i][0], lang)} · {lists[i][1]}",
        key=f"{prefix}.section",
    )
    key, list_name = lists[choice]
    section = plan.sections[key]
    item_model = plan_model.ITEM_MODELS[(section.kind, list_name)]
    label_field = next((f for f in LABEL_FIELDS if f in item_model.model_fields), None)
    current_items = getattr(section.content, list_name)
    kinds = ["edit", "add", "drop"] if current_items else ["add"]
    kind = st.radio(
        ui.t("experiments.propose.kind"),
        kinds,
        format_func=lambda k: ui.t(f"experiments.propose.kind.{k}"),
        horizontal=True,
        key=f"{prefix}.kind",
    )
    items_by_id = {i.id: i for i in current_items}
    with st.form(f"{prefix}.form"):
        item_id = None
        if kind != "add":
            item_id = st.selectbox(
                ui.t("experiments.propose.item"),
                list(items_by_id),
                format_func=lambda i: str(getattr(items_by_id[i], label_field or "id", i)),
                key=f"{prefix}.item",
            )
        new_text = ""
        if kind != "drop" and label_field:
            new_text = st.text_input(ui.t("experiments.propose.new_title"), key=f"{prefix}.text")
        reason = st.text_input(
            ui.t("experiments.propose.reason"), learning.title, key=f"{prefix}.reason"
        )
        if not st.form_submit_button(ui.t("experiments.propose.submit"), key=f"{prefix}.submit"):
            return

    def run():
        if kind == "add":
            change = plans.ItemChange(
                list_name, "add", {label_field: new_text} if label_field else {}
            )
        elif kind == "edit":
            original = items_by_id[item_id]
            item = original.model_dump()
            if label_field and new_text:
                item[label_field] = new_text
            change = plans.ItemChange(list_name, "edit", item, item_id, original)
        else:
            change = plans.ItemChange(list_name, "drop", None, item_id, items_by_id[item_id])
        return plans.propose_change(user, plan, key, change, learning.id, reason)

    try:
        ok, _ = ui.attempt(run)
    except Conflict:
        st.warning(ui.t("experiments.conflict"), icon=":material/sync_problem:")
        return
    if ok:
        saved("experiments.propose.done")


with tab_learnings:
    if not learnings:
        ui.empty("experiments.no_learnings")
    can_propose = permissions.allowed(user, "plan.edit", city.id)
    for learning in learnings:
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
                st.text(ui.t("experiments.learning.fed_by", titles=", ".join(fed_titles)))
            if learning.observation:
                st.text(learning.observation)
            if learning.insights:
                st.text(learning.insights)
            if can_learn:
                with st.popover(ui.t("experiments.learning.edit"), icon=":material/edit:"):
                    learning_form(f"experiments.learning.{learning.id}", learning)
            if can_propose:
                with st.popover(ui.t("experiments.propose.title"), icon=":material/difference:"):
                    propose_form(learning)
    if can_learn:
        with st.expander(ui.t("experiments.learning.new"), icon=":material/add:"):
            learning_form("experiments.learning.new")

# --- CSV ---------------------------------------------------------------------------------------

with tab_csv:
    st.caption(ui.t("csv.help"))
    st.download_button(
        ui.t("csv.export"),
        data=lambda: results_csv.export_city(user, city.id),
        file_name=f"results-{city.id}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="experiments.csv.export",
    )
    if can_record:
        uploaded = st.file_uploader(ui.t("csv.upload"), type=["csv"], key="experiments.csv.upload")
        if uploaded is not None:
            preview = results_csv.preview(user, uploaded.getvalue())
            counts = preview.counts()
            st.text(ui.t("csv.preview", **counts))
            for line in results_csv.error_lines(preview, lang):
                st.error(line, icon=":material/error:")
            if preview.rows:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                ui.t("csv.row"): r.row,
                                ui.t("csv.state"): ui.t(f"csv.state.{r.state}"),
                                **r.cells,
                                ui.t("csv.errors"): "; ".join(
                                    f"{e.field}: {ui.t(e.key, **e.params)}" for e in r.errors
                                ),
                            }
                            for r in preview.rows
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                    key="experiments.csv.preview",
                )
            to_write = counts["new"] + counts["changed"]
            if not preview.valid:
                st.warning(ui.t("csv.blocked"), icon=":material/block:")
            elif not to_write:
                ui.empty("csv.nothing")
            left, right = st.columns(2)
            if left.button(
                ui.t("csv.import_all"),
                disabled=not preview.valid or not to_write,
                type="primary",
                key="experiments.csv.import_all",
            ):
                ok, written = ui.attempt(lambda: results_csv.apply(user, preview))
                if ok:
                    ui.changed()
                    st.success(ui.t("csv.imported", **written))
            if right.button(
                ui.t("csv.import_valid"),
                disabled=preview.valid or not to_write or bool(preview.file_errors),
                key="experiments.csv.import_valid",
            ):
                ok, written = ui.attempt(lambda: results_csv.apply(user, preview, only_valid=True))
                if ok:
                    ui.changed()
                    st.success(ui.t("csv.imported", **written))
