"""Section kinds, rendered and edited through one registry: `KINDS[kind]` holds its read-only
view, its form and (for some kinds) a figure shown above the form. The problem tree and the
power/interest chart each have one renderer, used by the view and by the form alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydantic
import streamlit as st

from models import plan as pm
from pages import _ui as ui
from pages._plan import view
from services.plans import charts as plan_charts
from services.plans import measurements

t = ui.t


# --- the pieces both views and forms use -------------------------------------------------------


def show_table(list_name: str, items: list, caption_key: str) -> None:
    if items:
        st.markdown(f"**{t(caption_key)}**")
        frame = view.items_frame(list_name, items)
        frame = frame.drop(columns=[c for c in view.HIDDEN_COLUMNS if c in frame])
        frame = frame.astype(object).where(frame.notna(), "")  # blank, not "None"
        st.dataframe(
            frame.rename(columns=lambda c: t(f"plan.field.{c}")), hide_index=True, width="stretch"
        )


def show_text(label_key: str, text: str) -> None:
    if text:
        st.markdown(f"**{t(label_key)}**")
        st.markdown(view.md(text))


def show_tree(tree: dict[str, Any]) -> None:
    """The problem tree: the core problem, then causes and effects as nested lists."""
    st.markdown(f"**{t('plan.field.core')}:** {view.md(tree.get('core', ''))}")
    for side in ("causes", "effects"):
        st.markdown(f"*{t(f'plan.field.{side}')}*")
        st.markdown(view.tree_markdown(tree.get(side, [])) or "-")


def has_tree(content: dict[str, Any]) -> bool:
    tree = content.get("tree", {})
    return bool(tree.get("causes") or tree.get("effects"))


def show_chart(content: dict[str, Any]) -> None:
    """The power/interest chart of the stakeholders (nothing while the table is invalid: the
    form says what is wrong)."""
    if not content.get("stakeholders"):
        return
    try:
        section = pm.StakeholdersSection.model_validate(content)
    except pydantic.ValidationError:
        return
    st.altair_chart(plan_charts.power_interest_chart(section, ui.lang()), width="stretch")


def select(label: str, options: tuple | list, required: bool = True):
    return st.column_config.SelectboxColumn(
        t(f"plan.field.{label}"), options=list(options), required=required
    )


def score(label: str):
    return st.column_config.NumberColumn(t(f"plan.field.{label}"), step=1, format="%d")


def date_col(label: str):
    return st.column_config.DateColumn(t(f"plan.field.{label}"))


@dataclass
class Form:
    """What a section form needs: its key, the content it starts from, the plan around it."""

    key: str
    content: dict[str, Any]
    plan: pm.Plan

    def w(self, field: str) -> str:
        return view.widget(self.key, field)

    def text(self, field: str, label_key: str, area: bool = True) -> str:
        widget = st.text_area if area else st.text_input
        return widget(t(label_key), self.content.get(field, ""), key=self.w(field))

    def editor(self, list_name: str, items: list, **column_config: Any) -> pd.DataFrame:
        """A data_editor over a list of items (ids hidden, rows can be added and removed)."""
        columns = view.COLUMNS[list_name]
        config = {c: t(f"plan.field.{c}") for c in columns if c not in view.HIDDEN_COLUMNS}
        config.update({c: None for c in view.HIDDEN_COLUMNS}, **column_config)
        st.markdown(f"**{t(f'plan.field.{list_name}')}**")
        return st.data_editor(
            view.items_frame(list_name, items),
            key=self.w(list_name),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config=config,
        )

    def item_list(self, name: str, **column_config: Any) -> list[dict[str, Any]]:
        """The section's list `name` in a data editor, read back as items."""
        return view.frame_items(
            name, self.editor(name, self.content.get(name, []), **column_config)
        )


# --- one view and one form per kind ------------------------------------------------------------


def context_view(content: dict[str, Any]) -> None:
    show_text("plan.field.narrative", content.get("narrative", ""))
    for name in pm.IPESTLE:
        show_text(f"plan.field.{name}", content.get("ipestle", {}).get(name, ""))
    for name in ("partners", "previous_attempts", "sources"):
        show_table(name, content.get(name, []), f"plan.field.{name}")


def context_form(form: Form) -> dict[str, Any]:
    out: dict[str, Any] = {"narrative": form.text("narrative", "plan.field.narrative")}
    ipestle = form.content.get("ipestle", {})
    columns = st.columns(2)
    out["ipestle"] = {
        name: columns[n % 2].text_area(
            t(f"plan.field.{name}"), ipestle.get(name, ""), key=form.w(f"ipestle.{name}")
        )
        for n, name in enumerate(pm.IPESTLE)
    }
    for name in ("partners", "previous_attempts", "sources"):
        out[name] = form.item_list(name)
    return out


def problem_view(content: dict[str, Any]) -> None:
    show_text("plan.field.statement", content.get("statement", ""))
    tree = content.get("tree", {})
    if tree.get("core") or has_tree(content):
        st.markdown(f"**{t('plan.field.tree')}**")
        show_tree(tree)


def problem_figure(content: dict[str, Any]) -> None:
    if has_tree(content):
        with st.popover(t("plan.tree.show"), icon=":material/account_tree:"):
            show_tree(content["tree"])


def problem_form(form: Form) -> dict[str, Any]:
    statement = form.text("statement", "plan.field.statement")
    tree = form.content.get("tree", {})
    core = st.text_input(t("plan.field.core"), tree.get("core", ""), key=form.w("core"))
    st.markdown(f"**{t('plan.field.tree')}**")
    st.caption(t("plan.tree.help", max=pm.TREE_DEPTH_MAX))
    rows = view.tree_frame(tree)
    edited = st.data_editor(
        rows,
        key=form.w("tree"),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "id": None,
            "side": st.column_config.SelectboxColumn(
                t("plan.field.side"), options=["causes", "effects"], required=True, default="causes"
            ),
            "label": t("plan.field.label"),
            "parent": st.column_config.SelectboxColumn(
                t("plan.field.parent"), options=["", *rows["label"]]
            ),
        },
    )
    causes, effects = view.frame_tree(edited)
    return {"statement": statement, "tree": {"core": core, "causes": causes, "effects": effects}}


def stakeholders_view(content: dict[str, Any]) -> None:
    for name in ("stakeholders", "lag_members", "meetings"):
        show_table(name, content.get(name, []), f"plan.field.{name}")
    show_chart(content)


def stakeholders_form(form: Form) -> dict[str, Any]:
    return {
        "stakeholders": form.item_list(
            "stakeholders",
            sector=select("sector", pm.SECTORS),
            power=score("power"),
            interest=score("interest"),
        ),
        "lag_members": form.item_list("lag_members", group=select("group", pm.LAG_GROUPS)),
        "meetings": form.item_list("meetings", date=date_col("date")),
    }


def vision_view(content: dict[str, Any]) -> None:
    show_text("plan.field.vision_statement", content.get("statement", ""))
    show_text("plan.field.headline", content.get("headline", ""))
    show_table("objectives", content.get("objectives", []), "plan.field.objectives")


def vision_form(form: Form) -> dict[str, Any]:
    return {
        "statement": form.text("statement", "plan.field.vision_statement"),
        "headline": form.text("headline", "plan.field.headline", area=False),
        "objectives": form.item_list("objectives"),
    }


def list_view(kind: str) -> Callable[[dict[str, Any]], None]:
    return lambda content: show_table(kind, content.get(kind, []), f"plan.field.{kind}")


def actions_form(form: Form) -> dict[str, Any]:
    vision = form.plan.sections.get("vision")
    objectives = [o.key for o in vision.content.objectives] if vision else []
    actions = form.item_list(
        "actions",
        objective=select("objective", objectives, required=False),
        start=date_col("start"),
        end=date_col("end"),
        cost=st.column_config.NumberColumn(t("plan.field.cost")),
        funding_status=select("funding_status", pm.FUNDING_STATUSES),
        status=select("status", pm.ACTION_STATUSES),
        progress=score("progress"),
    )
    return {"actions": actions}


def indicators_view(content: dict[str, Any]) -> None:
    indicators = content.get("indicators", [])
    show_table("indicators", indicators, "plan.field.indicators")
    rows = measurements.measurement_rows(indicators)
    show_table("measurements", rows, "plan.field.measurements")


def indicators_form(form: Form) -> dict[str, Any]:
    loaded = form.content.get("indicators", [])
    indicators = form.item_list("indicators")
    names = [i["name"] for i in indicators if i.get("name")]
    edited = form.editor(
        "measurements",
        measurements.measurement_rows(loaded),
        indicator=select("indicator", names),
        date=date_col("date"),
    )
    rows = view.frame_items("measurements", edited)
    return {"indicators": measurements.attach_measurements(indicators, rows, loaded)}


def risks_form(form: Form) -> dict[str, Any]:
    risks = form.item_list(
        "risks",
        likelihood=score("likelihood"),
        impact=score("impact"),
        status=select("status", pm.RISK_STATUSES),
    )
    return {"risks": risks}


def custom_view(content: dict[str, Any]) -> None:
    for custom in content.get("fields", []):
        value = custom.get("value")
        st.markdown(f"**{view.md(custom['label'])}**")
        if custom["type"] == "table" and value:
            st.dataframe(value, hide_index=True)
        elif custom["type"] == "list" and value:
            st.markdown("\n".join(f"- {view.md(v)}" for v in value))
        elif value not in (None, ""):
            st.markdown(view.md(value.date() if isinstance(value, dt.datetime) else value))


def custom_form(form: Form) -> dict[str, Any]:
    title = form.text("title", "plan.field.title", area=False)
    return {
        "title": title,
        "fields": [custom_field(form, f) for f in form.content.get("fields", [])],
    }


def custom_field(form: Form, field: dict[str, Any]) -> dict[str, Any]:
    """The input of one typed field of a custom section."""
    value, kind, label = field.get("value"), field["type"], field["label"]
    wkey = form.w(f"field.{field['id']}")
    if kind == "number":
        value = st.number_input(label, value=value, key=wkey)
    elif kind == "date":
        value = st.date_input(
            label, value=value.date() if isinstance(value, dt.datetime) else value, key=wkey
        )
    elif kind == "list":
        text = st.text_area(label, "\n".join(value or []), key=wkey, help=t("plan.list.help"))
        value = [line.strip() for line in text.splitlines() if line.strip()]
    elif kind == "table":
        columns = list(dict.fromkeys(k for row in value or [] for k in row))
        frame = pd.DataFrame(value or [], columns=columns or list(view.TABLE_COLUMNS))
        st.markdown(f"**{view.md(label)}**")
        edited = st.data_editor(frame, key=wkey, num_rows="dynamic", width="stretch")
        value = [{k: view.cell(v) for k, v in row.items()} for row in edited.to_dict("records")]
        value = [row for row in value if any(v is not None for v in row.values())]
    else:
        value = st.text_area(label, value or "", key=wkey)
    return {**field, "value": value}


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    view: Callable[[dict[str, Any]], None]
    form: Callable[[Form], dict[str, Any]]
    figure: Callable[[dict[str, Any]], None] | None = None  # above the form, while editing


KINDS: dict[str, Kind] = {
    "context": Kind(context_view, context_form),
    "problem": Kind(problem_view, problem_form, problem_figure),
    "stakeholders": Kind(stakeholders_view, stakeholders_form, show_chart),
    "vision": Kind(vision_view, vision_form),
    "actions": Kind(list_view("actions"), actions_form),
    "indicators": Kind(indicators_view, indicators_form),
    "risks": Kind(list_view("risks"), risks_form),
    "custom": Kind(custom_view, custom_form),
}


def show_content(content: dict[str, Any], kind: str) -> None:
    """A section's content as read-only text and tables (user text escaped)."""
    KINDS[kind].view(content)


def edit_form(key: str, kind: str, content: dict[str, Any], plan: pm.Plan) -> dict | None:
    """The figure and the form of one section; returns the typed content when saved."""
    if KINDS[kind].figure is not None:
        KINDS[kind].figure(content)
    with st.form(f"plan.{key}.form", border=False):
        out = {"kind": kind, **KINDS[kind].form(Form(key, content, plan))}
        submitted = st.form_submit_button(
            t("plan.save"), key=f"plan.{key}.save", type="primary", icon=":material/save:"
        )
    return out if submitted else None
