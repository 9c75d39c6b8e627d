"""The pieces section views and forms share: tables, texts, the problem tree and the
power/interest chart (each rendered by one function), column types, and the `Form` context."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydantic
import streamlit as st

from models import plan as pm
from screens import _ui as ui
from screens._plan import tables, view
from services.plans import charts as plan_charts
from services.plans import labels

t = ui.t
ORIGIN = "workshop"  # the column naming a promoted item's workshop (never saved)


def show_table(list_name: str, items: list, caption_key: str) -> None:
    if items:
        st.markdown(f"**{t(caption_key)}**")
        ui.table(tables.display_frame(list_name, items), hide_index=True, width="stretch")
        show_origins(items)


def workshop_url(workshop_id: str) -> str:
    """The workshop page opened on one workshop (screens/workshop.py reads `open`)."""
    return "workshop?" + urllib.parse.urlencode({"open": workshop_id})


def show_origins(items: list) -> None:
    """A link back to each workshop some of `items` were promoted from."""
    found = dict.fromkeys(
        origin
        for item in items
        if (origin := tables.cells().origins.get(str(item.get("id") or ""))) is not None
    )
    if found:
        links = " · ".join(f"[{ui.md(title)}]({workshop_url(wid)})" for wid, title in found)
        st.markdown(f":material/groups: {t('plan.origins')} {links}")


def show_text(label_key: str, text: str) -> None:
    if text:
        st.markdown(f"**{t(label_key)}**")
        st.markdown(ui.md(text))


def show_tree(tree: dict[str, Any]) -> None:
    """The problem tree: the core problem, then causes and effects as nested lists."""
    st.markdown(f"**{t('plan.field.core')}:** {ui.md(tree.get('core', ''))}")
    for side in ("causes", "effects"):
        st.markdown(f"*{t(f'plan.field.{side}')}*")
        st.markdown(tables.tree_markdown(tree.get(side, [])) or "-")
    show_origins(tree_nodes(tree.get("causes", []) + tree.get("effects", [])))


def tree_nodes(nodes: list) -> list:
    return [n for node in nodes for n in (node, *tree_nodes(node.get("children") or []))]


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
    # The stakeholders' table (or its editor) next to the chart holds the same numbers, and a
    # section may be drawn twice on a page (a conflict's two sides): no key, no second table.
    ui.chart(
        plan_charts.power_interest_chart(
            section,
            ui.lang(),
            t("chart.desc.power_interest", count=len(section.stakeholders)),
        ),
        key=None,
    )


def select(label: str, options: tuple | list, required: bool = True, names=None):
    """A picker column that stores codes and shows their labels (an objective: its title)."""
    how = tables.cells()
    return st.column_config.SelectboxColumn(
        t(f"plan.field.{label}"),
        options=list(options),
        required=required,
        format_func=lambda code: (
            (names or {}).get(code) or labels.cell_text(label, code, how) or code
        ),
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
        columns = tables.COLUMNS[list_name]
        config = {c: t(f"plan.field.{c}") for c in columns if c not in tables.HIDDEN_COLUMNS}
        config.update({c: None for c in tables.HIDDEN_COLUMNS}, **column_config)
        st.markdown(f"**{t(f'plan.field.{list_name}')}**")
        frame = tables.items_frame(list_name, items)
        how = tables.cells()
        if any(how.origin(item) for item in items):  # read-only: where a promoted item came from
            frame[ORIGIN] = [how.origin(item) for item in items]
            config[ORIGIN] = st.column_config.TextColumn(t("plan.field.workshop"), disabled=True)
        edited = ui.editor(
            frame,
            key=self.w(list_name),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config=config,
        )
        show_origins(items)
        return edited

    def item_list(self, name: str, **column_config: Any) -> list[dict[str, Any]]:
        """The section's list `name` in a data editor, read back as items."""
        return tables.frame_items(
            name, self.editor(name, self.content.get(name, []), **column_config)
        )
