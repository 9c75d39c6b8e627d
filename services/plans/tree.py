"""The problem tree as flat rows (side, label, parent label) and back: how people edit it in a
table, and how the nested causes and effects are rebuilt from that table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.base import new_id

SIDES = ("causes", "effects")


def tree_rows(tree: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per node, depth first: id, side, label, parent label ("" for a top-level node)."""
    rows: list[dict[str, Any]] = []

    def walk(nodes: list, side: str, parent: str) -> None:
        for node in nodes:
            rows.append({"id": node["id"], "side": side, "label": node["label"], "parent": parent})
            walk(node.get("children", []), side, node["label"])

    for side in SIDES:
        walk(tree.get(side, []), side, "")
    return rows


def build_tree(rows: list[Mapping[str, Any]]) -> tuple[list[dict], list[dict]]:
    """(causes, effects) from rows (blank cells as None): a row whose parent names another row's
    label hangs under it (the first row of that label); others are top-level on their side.
    Rows without a label are dropped, new rows get ids, and cycles are broken."""
    nodes_rows = [
        {
            "id": row.get("id") or new_id(),
            "label": str(row["label"]),
            "side": row.get("side") or "causes",
            "parent": row.get("parent"),
        }
        for row in rows
        if row.get("label") is not None
    ]
    by_label: dict[str, dict] = {}
    for row in nodes_rows:
        by_label.setdefault(row["label"], row)
    nodes = {r["id"]: {"id": r["id"], "label": r["label"], "children": []} for r in nodes_rows}
    parent_of = {}
    for row in nodes_rows:
        parent = by_label.get(row["parent"]) if row["parent"] else None
        if parent is not None and parent["id"] != row["id"]:
            parent_of[row["id"]] = parent["id"]
    # A node whose chain of parents comes back to it becomes top-level.
    for node_id in list(parent_of):
        seen, current = {node_id}, parent_of.get(node_id)
        while current is not None:
            if current in seen:
                parent_of.pop(node_id, None)
                break
            seen.add(current)
            current = parent_of.get(current)
    causes, effects = [], []
    for row in nodes_rows:
        node = nodes[row["id"]]
        if row["id"] in parent_of:
            nodes[parent_of[row["id"]]]["children"].append(node)
        else:
            (effects if row["side"] == "effects" else causes).append(node)
    return causes, effects
