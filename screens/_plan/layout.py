"""The layout tab: order and visibility of sections, the scope's preset, custom sections.

All three save against the layout revision the person saw; when someone changed the layout
meanwhile, a conflict message says so and the form keeps what was chosen or typed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models import plan as pm
from models.user import User
from screens import _ui as ui
from screens._plan import tables, view
from services.core.errors import Conflict
from services.plans import plans

t = ui.t


def conflict_message(_exc: Conflict) -> None:
    st.warning(t("plan.layout.conflict"), icon=":material/sync_problem:")


def order_form(user: User, plan: pm.Plan, seen_plan: pm.Plan, lang: str) -> None:
    st.markdown(f"**{t('plan.layout.title')}**")
    layout = pd.DataFrame(
        [
            {
                "key": k,
                "position": n + 1,
                "section": view.title(plan.sections[k], lang),
                "shown": plan.sections[k].enabled,
            }
            for n, k in enumerate(plan.order)
        ]
    )
    form = ui.form_state(f"plan.layout.{seen_plan.id}")
    with st.form("plan.layout.form", border=False):
        edited = ui.editor(
            layout,
            key=view.widget("layout", "table"),
            hide_index=True,
            disabled=["key", "section"],
            column_config={
                "key": None,
                "position": st.column_config.NumberColumn(
                    t("plan.layout.position"), min_value=1, step=1
                ),
                "section": t("plan.field.section"),
                "shown": st.column_config.CheckboxColumn(t("plan.layout.shown")),
            },
        )
        if st.form_submit_button(t("plan.layout.save"), key="plan.layout.save"):
            ordered = edited.sort_values(["position"], kind="stable")
            change = pm.LayoutUpdate(
                order=list(ordered["key"]),
                enabled={r["key"]: bool(r["shown"]) for r in edited.to_dict("records")},
            )

            def run() -> pm.Plan:
                saved = plans.set_layout(user, seen_plan, change)
                view.forget_widgets("layout")
                return saved

            ui.write(
                run,
                success=t("plan.layout.saved"),
                on_conflict=conflict_message,
                form=form,
            )


def preset_form(user: User, plan: pm.Plan, seen_plan: pm.Plan) -> None:
    form = ui.form_state(f"plan.preset.{seen_plan.id}")
    with st.form("plan.preset.form", border=True):
        scope = st.radio(
            t("plan.scope"),
            pm.SCOPES,
            index=pm.SCOPES.index(plan.scope),
            format_func=lambda s: t(f"plan.scope.{s}"),
            key="plan.preset.scope",
            horizontal=True,
        )
        st.caption(t("plan.scope.help"))
        if st.form_submit_button(t("plan.preset.apply"), key="plan.preset.apply"):

            def run() -> pm.Plan:
                saved = plans.apply_preset(user, seen_plan, scope)
                view.forget_widgets("layout")
                return saved

            ui.write(
                run,
                success=t("plan.layout.saved"),
                on_conflict=conflict_message,
                form=form,
            )


def custom_form(user: User, seen_plan: pm.Plan) -> None:
    form = ui.form_state(f"plan.custom.{seen_plan.id}")
    with st.form("plan.custom.form", border=True):
        st.markdown(f"**{t('plan.custom.title')}**")
        title = st.text_input(t("plan.field.title"), key=view.widget("custom", "title"))
        fields = ui.editor(
            pd.DataFrame({"label": pd.Series(dtype="object"), "type": pd.Series(dtype="object")}),
            key=view.widget("custom", "fields"),
            num_rows="dynamic",
            hide_index=True,
            column_config={
                "label": t("plan.field.label"),
                "type": st.column_config.SelectboxColumn(
                    t("plan.field.type"),
                    options=list(pm.FIELD_TYPES),
                    default="text",
                    format_func=lambda kind: ui.t_plain(f"plan.field_type.{kind}"),
                ),
            },
        )
        if st.form_submit_button(t("plan.custom.add"), key="plan.custom.add"):
            spec = {
                "title": title,
                "fields": [
                    {"label": r["label"], "type": r.get("type") or "text"}
                    for r in fields.to_dict("records")
                    if tables.cell(r.get("label"))
                ],
            }

            def run() -> tuple[pm.Plan, str]:
                added = plans.add_custom_section(user, seen_plan, spec)
                view.forget_widgets("custom")
                view.forget_widgets("layout")
                return added

            ui.write(
                run,
                success=t("plan.custom.added"),
                on_conflict=conflict_message,
                form=form,
            )


def layout_tab(user: User, plan: pm.Plan, lang: str) -> None:
    # Saves send the layout revision the person saw (the previous run's), not a newer read.
    seen = view.seen("layout", plan.layout_revision)
    seen_plan = plan.model_copy(update={"layout_revision": seen})
    order_form(user, plan, seen_plan, lang)
    preset_form(user, plan, seen_plan)
    custom_form(user, seen_plan)
