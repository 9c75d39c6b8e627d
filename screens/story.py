"""A city's story, for a coordinator with five minutes: problem -> assumptions -> experiments
-> results -> learnings -> plan changes, in that order, each part in time order."""

import streamlit as st

from screens import _ui as ui
from screens._experiments import evidence
from screens._experiments import lab as ex
from screens._plan import parts as plan_parts
from screens._reporting import followups
from services.core import permissions
from services.experiments import charts as experiment_charts
from services.plans import labels as plan_labels
from services.workshops import trail

user = ui.page_user("experiment.read")
network = ui.network(user.network_id)

city = ex.city_picker(user, "experiment.read", "story.city")
if city is None:
    st.stop()
story = ex.city_story(user, city.id)
categories = ex.category_labels(network)
titles = ex.chart_titles()

st.title(ui.t("story.title", city=city.name))
st.caption(ui.t("story.intro"))
st.text(
    ui.t_plain(
        "story.counts",
        assumptions=len(story.assumptions),
        riskiest=story.riskiest.get("riskiest", 0),
        experiments=len(story.experiments),
        learnings=len(story.learnings),
        changes=len(story.changes),
    )
)

followups.city_followups(user, city.id, "story")

st.subheader(ui.t("story.problem"))
if story.problem:
    st.text(story.problem)
else:
    ui.empty("story.none")

st.subheader(ui.t("story.assumptions"))
if not story.assumptions:
    ui.empty("story.none")
else:
    for a in story.assumptions:
        marker = "!" if a.riskiest else "·"
        st.text(f"{marker} [{categories.get(a.category, a.category)}] {ex.statement(a, city)}")
    st.caption(ui.t("experiments.riskiest_share", **story.riskiest))
    if story.riskiest.get("riskiest"):
        ui.chart(
            experiment_charts.riskiest_tested_chart(
                story.riskiest,
                titles,
                ui.t("chart.desc.riskiest_tested", **story.riskiest),
                ui.lang(),
            ),
            ex.riskiest_table(story.riskiest, titles),
            key="story.riskiest",
        )

# What the city's workshops decided, each with its workshop and a link back.
if permissions.allowed(user, "workshop.read", city.id):
    decided = trail.promoted_items(user, city.id)
    if decided:
        st.subheader(ui.t("story.workshops"))
        seen: dict[str, str] = {}
        for row in decided:
            st.text(
                ui.t_plain(
                    "story.workshop_line",
                    item=row.label or row.note_text,
                    target=ui.t_plain(f"trail.target.{row.target}"),
                    title=row.workshop_title,
                )
                + " · "
                + trail.status_text(row, ui.lang())
            )
            seen[row.workshop_id] = row.workshop_title
        st.markdown(
            " · ".join(
                f"[{ui.md(title)}]({plan_parts.workshop_url(wid)})" for wid, title in seen.items()
            )
        )

st.subheader(ui.t("story.experiments"))
if not story.experiments:
    ui.empty("story.none")
for experiment in story.experiments:
    outcome = story.outcomes[experiment.id]
    st.text(
        ui.t_plain(
            "story.experiment_line",
            title=experiment.title,
            cycle=experiment.cycle,
            start=ex.day(experiment.start),
            end=ex.day(experiment.end),
            outcome=ex.outcome_label(outcome.status),
        )
    )
    st.text(ex.criterion_line(experiment))
    evidence.chain_block(
        user, experiment, story.chains.get(experiment.id), f"story.{experiment.id}"
    )
    evidence.replication_form(user, experiment, f"story.{experiment.id}")

st.subheader(ui.t("story.results"))
measured = [
    e
    for e in story.experiments
    if e.criterion.kind == "numeric" and any(r.value is not None for r in e.results)
]
if not measured:
    ui.empty("story.none")
for experiment in measured:
    st.text(experiment.title)
    ui.chart(*ex.results_chart(experiment, height=180), key=f"story.chart.{experiment.id}")

st.subheader(ui.t("story.learnings"))
if not story.learnings:
    ui.empty("story.none")
for learning in story.learnings:
    with st.container(border=True, key=f"story.learning.{learning.id}"):
        st.text(f"{ex.day(learning.created_at)} · {learning.title}")
        st.caption(
            ui.t(
                "experiments.learning.meta",
                decision=ui.t(f"learning.decision.{learning.decision}"),
                confidence=ui.t(f"learning.confidence.{learning.confidence}"),
            )
        )
        if learning.insights:
            st.text(learning.insights)
        st.text(evidence.level_label(learning.evidence_level))
        evidence.unintended(learning)

st.subheader(ui.t("story.changes"))
if not story.changes:
    ui.empty("story.none")
for change in story.changes:
    when = change.version or (ex.day(change.at) if change.at else "")
    line = ui.t_plain(
        "story.change_line",
        when=when,
        kind=ui.t(f"experiments.propose.kind.{change.kind}"),
        section=plan_labels.section_label(change.section, ui.lang()),
        summary=plan_labels.change_summary(change.summary, change.fields, ui.lang()) or "-",
    )
    st.text(line)
    details = [change.reason] if change.reason else []
    if change.learning_title:
        details.append(ui.t_plain("story.because_learning", learning=change.learning_title))
    if details:
        st.text(" · ".join(details))
