"""Section kinds, rendered and edited through one registry: `KINDS[kind]` holds its read-only
view, its form and (for some kinds) a figure shown above the form. The problem tree and the
power/interest chart each have one renderer, used by the view and by the form alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from models import plan as pm
from screens import _ui as ui
from screens._plan import parts, tables
from services.core import formats
from services.plans import measurements

t = ui.t


# --- one view and one form per kind ------------------------------------------------------------


def context_view(content: dict[str, Any]) -> None:
    parts.show_text("plan.field.narrative", content.get("narrative", ""))
    for name in pm.IPESTLE:
        parts.show_text(f"plan.field.{name}", content.get("ipestle", {}).get(name, ""))
    for name in ("partners", "previous_attempts", "sources"):
        parts.show_table(name, content.get(name, []), f"plan.field.{name}")


def context_form(form: parts.Form) -> dict[str, Any]:
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
    parts.show_text("plan.field.statement", content.get("statement", ""))
    tree = content.get("tree", {})
    if tree.get("core") or parts.has_tree(content):
        st.markdown(f"**{t('plan.field.tree')}**")
        parts.show_tree(tree)


def problem_figure(content: dict[str, Any]) -> None:
    if parts.has_tree(content):
        with st.popover(t("plan.tree.show"), icon=":material/account_tree:"):
            parts.show_tree(content["tree"])


def problem_form(form: parts.Form) -> dict[str, Any]:
    statement = form.text("statement", "plan.field.statement")
    tree = form.content.get("tree", {})
    core = st.text_input(t("plan.field.core"), tree.get("core", ""), key=form.w("core"))
    st.markdown(f"**{t('plan.field.tree')}**")
    st.caption(t("plan.tree.help", max=pm.TREE_DEPTH_MAX))
    rows = tables.tree_frame(tree)
    edited = ui.editor(
        rows,
        key=form.w("tree"),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "id": None,
            "side": st.column_config.SelectboxColumn(
                t("plan.field.side"),
                options=["causes", "effects"],
                required=True,
                default="causes",
                format_func=lambda side: t(f"plan.field.{side}"),
            ),
            "label": t("plan.field.label"),
            "parent": st.column_config.SelectboxColumn(
                t("plan.field.parent"), options=["", *rows["label"]]
            ),
        },
    )
    parts.show_origins(parts.tree_nodes(tree.get("causes", []) + tree.get("effects", [])))
    causes, effects = tables.frame_tree(edited)
    return {"statement": statement, "tree": {"core": core, "causes": causes, "effects": effects}}


def stakeholders_view(content: dict[str, Any]) -> None:
    for name in ("stakeholders", "lag_members", "meetings"):
        parts.show_table(name, content.get(name, []), f"plan.field.{name}")
    parts.show_chart(content)


def stakeholders_form(form: parts.Form) -> dict[str, Any]:
    return {
        "stakeholders": form.item_list(
            "stakeholders",
            sector=parts.select("sector", pm.SECTORS),
            power=parts.score("power"),
            interest=parts.score("interest"),
        ),
        "lag_members": form.item_list("lag_members", group=parts.select("group", pm.LAG_GROUPS)),
        "meetings": form.item_list("meetings", date=parts.date_col("date")),
    }


def vision_view(content: dict[str, Any]) -> None:
    parts.show_text("plan.field.vision_statement", content.get("statement", ""))
    parts.show_text("plan.field.headline", content.get("headline", ""))
    parts.show_table("objectives", content.get("objectives", []), "plan.field.objectives")


def vision_form(form: parts.Form) -> dict[str, Any]:
    return {
        "statement": form.text("statement", "plan.field.vision_statement"),
        "headline": form.text("headline", "plan.field.headline", area=False),
        "objectives": form.item_list("objectives"),
    }


def list_view(kind: str) -> Callable[[dict[str, Any]], None]:
    return lambda content: parts.show_table(kind, content.get(kind, []), f"plan.field.{kind}")


def actions_form(form: parts.Form) -> dict[str, Any]:
    vision = form.plan.sections.get("vision")
    objectives = {o.key: o.title or o.key for o in vision.content.objectives} if vision else {}
    currency = tables.cells().currency or formats.DEFAULT_CURRENCY
    actions = form.item_list(
        "actions",
        objective=parts.select("objective", list(objectives), required=False, names=objectives),
        start=parts.date_col("start"),
        end=parts.date_col("end"),
        cost=st.column_config.NumberColumn(
            t("plan.field.cost_in", currency=currency),
            format="localized",
        ),
        funding_status=parts.select("funding_status", pm.FUNDING_STATUSES),
        status=parts.select("status", pm.ACTION_STATUSES),
        progress=parts.score("progress"),
    )
    return {"actions": actions}


def indicators_view(content: dict[str, Any]) -> None:
    indicators = content.get("indicators", [])
    parts.show_table("indicators", indicators, "plan.field.indicators")
    rows = measurements.measurement_rows(indicators)
    parts.show_table("measurements", rows, "plan.field.measurements")


def indicators_form(form: parts.Form) -> dict[str, Any]:
    loaded = form.content.get("indicators", [])
    indicators = form.item_list("indicators")
    names = [i["name"] for i in indicators if i.get("name")]
    edited = form.editor(
        "measurements",
        measurements.measurement_rows(loaded),
        indicator=parts.select("indicator", names),
        date=parts.date_col("date"),
    )
    rows = tables.frame_items("measurements", edited)
    return {"indicators": measurements.attach_measurements(indicators, rows, loaded)}


def risks_form(form: parts.Form) -> dict[str, Any]:
    risks = form.item_list(
        "risks",
        likelihood=parts.score("likelihood"),
        impact=parts.score("impact"),
        status=parts.select("status", pm.RISK_STATUSES),
    )
    return {"risks": risks}


def custom_view(content: dict[str, Any]) -> None:
    for custom in content.get("fields", []):
        value = custom.get("value")
        st.markdown(f"**{ui.md(custom['label'])}**")
        if custom["type"] == "table" and value:
            ui.table(value, hide_index=True)
        elif custom["type"] == "list" and value:
            st.markdown("\n".join(f"- {ui.md(v)}" for v in value))
        elif value not in (None, ""):
            st.markdown(ui.md(value.date() if isinstance(value, dt.datetime) else value))


def custom_form(form: parts.Form) -> dict[str, Any]:
    title = form.text("title", "plan.field.title", area=False)
    return {
        "title": title,
        "fields": [custom_field(form, f) for f in form.content.get("fields", [])],
    }


def custom_field(form: parts.Form, field: dict[str, Any]) -> dict[str, Any]:
    """The input of one typed field of a custom section."""
    value, kind, label = field.get("value"), field["type"], ui.md(field["label"])
    wkey = form.w(f"field.{field['id']}")
    if kind == "number":
        value = st.number_input(label, value=value, key=wkey)
    elif kind == "date":
        value = st.date_input(
            label,
            value=value.date() if isinstance(value, dt.datetime) else value,
            format=ui.date_format(),
            key=wkey,
        )
    elif kind == "list":
        text = st.text_area(label, "\n".join(value or []), key=wkey, help=t("plan.list.help"))
        value = [line.strip() for line in text.splitlines() if line.strip()]
    elif kind == "table":
        columns = list(dict.fromkeys(k for row in value or [] for k in row))
        frame = pd.DataFrame(value or [], columns=columns or list(tables.TABLE_COLUMNS))
        st.markdown(f"**{label}**")
        edited = ui.editor(frame, key=wkey, num_rows="dynamic", width="stretch")
        value = [{k: tables.cell(v) for k, v in row.items()} for row in edited.to_dict("records")]
        value = [row for row in value if any(v is not None for v in row.values())]
    else:
        value = st.text_area(label, value or "", key=wkey)
    return {**field, "value": value}


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    view: Callable[[dict[str, Any]], None]
    form: Callable[[parts.Form], dict[str, Any]]
    figure: Callable[[dict[str, Any]], None] | None = None  # above the form, while editing


KINDS: dict[str, Kind] = {
    "context": Kind(context_view, context_form),
    "problem": Kind(problem_view, problem_form, problem_figure),
    "stakeholders": Kind(stakeholders_view, stakeholders_form, parts.show_chart),
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
        out = {"kind": kind, **KINDS[kind].form(parts.Form(key, content, plan))}
        submitted = st.form_submit_button(
            t("plan.save"), key=f"plan.{key}.save", type="primary", icon=":material/save:"
        )
    return out if submitted else None
