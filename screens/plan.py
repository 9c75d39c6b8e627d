"""The plan: sections saved one by one, conflicts shown side by side, versions, history."""

from __future__ import annotations

import streamlit as st

from models import plan as pm
from screens import _ui as ui
from screens._plan import editing, layout, tables, versions
from screens._plan import export as _export
from screens._plan import view as plan_ui
from services.core import errors, formats, i18n, permissions
from services.plans import labels, plans
from services.plans import presence as plan_presence
from services.workshops import promote

user = ui.page_user("plan.read")
lang = ui.lang()
t = ui.t

# --- which city ----------------------------------------------------------------------------------

readable = [c for c in ui.user_cities(user) if permissions.allowed(user, "plan.read", c.id)]
wanted = st.query_params.get("city")
ids = [c.id for c in readable]
if wanted is not None and wanted not in ids:
    st.error(t("error.not_found"), icon=":material/error:")
    st.stop()
if not readable:
    ui.empty("plan.no_city")
    st.stop()


def _city_changed() -> None:
    st.query_params["city"] = st.session_state["plan.city"]


city_id = st.selectbox(
    t("plan.city"),
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=lambda cid: next(c.name for c in readable if c.id == cid),
    key="plan.city",
    on_change=_city_changed,
)
city = next(c for c in readable if c.id == city_id)
plan_ui.use_city(city_id)
try:
    plan = plan_ui.plan(user, city_id)
except errors.NotFound:
    st.error(t("error.not_found"), icon=":material/error:")
    st.stop()

can_edit = permissions.allowed(user, "plan.edit", city_id)
can_freeze = permissions.allowed(user, "plan.freeze", city_id)
can_meet = permissions.allowed(user, "plan.meeting.record", city_id)
network = ui.network(user.network_id)
stage = network.stage(city.stage)

st.title(t("plan.title", city=city.name))
ui.show_flash()

if plan is None:
    ui.empty("plan.none")
    if can_edit:
        form = ui.form_state(f"plan.create.{city_id}", keys="plan.create")
        with st.form("plan.create"):
            scope = st.radio(
                t("plan.scope"),
                pm.SCOPES,
                format_func=lambda s: t(f"plan.scope.{s}"),
                key="plan.create.scope",
                horizontal=True,
            )
            st.caption(t("plan.scope.help"))
            if st.form_submit_button(t("plan.create"), key="plan.create.submit", type="primary"):
                ui.write(
                    lambda: plans.create_plan(user, city_id, scope, submission=form.submission),
                    success=t("plan.created"),
                    form=form,
                )
    st.stop()

summary = plans.plan_summary(plan)
# How the plan's table cells read on this page: labels, dates, money in the network's currency.
# Items promoted from a workshop carry its name and a link back (when the user sees workshops).
origins = (
    promote.workshop_links(user, city_id)
    if permissions.allowed(user, "workshop.read", city_id)
    else {}
)
tables.set_cells(labels.Cells(lang, network.currency, labels.objective_titles(plan), origins))
st.caption(
    " · ".join(
        part
        for part in (
            ui.md(formats.country(city.country, lang)),
            ui.md(stage.label.get(lang) if stage else city.stage),
            t(f"plan.scope.{plan.scope}"),
            t("plan.version_label", label=summary["label"])
            if summary["label"]
            else t("plan.draft"),
            t("plan.filled", filled=summary["filled"], total=summary["sections"]),
        )
        if part
    )
)


@st.fragment(run_every="15s")
def presence() -> None:
    """Who else has the plan open, or saved it, in the last minutes (cheap, polled)."""
    plan_presence.record_presence(user, plan)
    others = plan_presence.present_users(plan.id, exclude=user.id)
    if not others:
        return
    parts = []
    for person in others:
        sections = ", ".join(
            plan_ui.title(plan.sections[k], lang) for k in person["sections"] if k in plan.sections
        )
        parts.append(
            t("plan.presence.edited", name=person["name"], sections=sections)
            if sections
            else t("plan.presence.open", name=person["name"])
        )
    st.caption(":material/group: " + " · ".join(parts))  # each part escaped by t


presence()


def action_label(action: str) -> str:
    return i18n.activity_label(action, lang)


# --- the page ------------------------------------------------------------------------------------

tab_names = ["sections", "versions", "history", "export"] + (["layout"] if can_edit else [])
tabs = dict(zip(tab_names, st.tabs([t(f"plan.tab.{n}") for n in tab_names]), strict=True))

with tabs["sections"]:
    if not can_edit:
        st.caption(t("plan.read_only"))
    for key, section in plan.visible():
        conflict = plan_ui.Keys.conflict(key) in st.session_state
        label = ui.md(plan_ui.title(section, lang)) + (
            " — " + t("plan.conflict.badge") if conflict else ""
        )
        # A merge comes back with a new label: keep that section open for the user to edit.
        merging = plan_ui.Keys.prefill(key) in st.session_state
        with st.expander(
            label,
            expanded=conflict or merging,
            icon=":material/edit_note:" if can_edit else None,
        ):
            editing.section_block(user, plan, key, section, can_edit, can_meet)

with tabs["versions"]:
    versions.versions_tab(user, plan, city.id, can_freeze, lang)

with tabs["history"]:
    options = [None, *plan.order]
    section_filter = st.selectbox(
        t("plan.history.section"),
        options,
        format_func=lambda k: (
            t("plan.history.all") if k is None else plan_ui.title(plan.sections[k], lang)
        ),
        key="plan.history.section",
    )
    lines = plan_ui.history(user, plan, section_filter)
    if not lines:
        ui.empty("plan.history.none")
    else:
        ui.table(
            [
                {
                    t("plan.field.when"): formats.datetime(line["at"], lang),
                    t("plan.field.who"): line["actor"],
                    t("plan.field.what"): action_label(line["action"]),
                    t("plan.field.sections"): ", ".join(
                        plan_ui.title(plan.sections[k], lang)
                        for k in line["sections"]
                        if k in plan.sections
                    ),
                    t("plan.field.note"): line["note"],
                }
                for line in lines
            ],
            hide_index=True,
            width="stretch",
        )

with tabs["export"]:
    _export.export_buttons(plan, city, lang, network.currency, origins)

if can_edit:
    with tabs["layout"]:
        layout.layout_tab(user, plan, lang)
