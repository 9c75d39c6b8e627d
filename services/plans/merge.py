"""The merge rule of a section saved by two people at once: three-way, against the version the
person started editing from (the base), so that nothing replaced or deleted comes back.

Per field: changed on one side only -> that side; changed on both to different values -> both
texts kept, each after its mark (other values: the person's own, listed as changed on both).
Per item of a list (matched by id): deleted on one side and untouched on the other -> stays
deleted; deleted on one side and changed on the other -> the changed item is kept, listed;
added on either side -> kept. Tree nodes are items too (their children merged the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

_MISSING: Any = object()
_LABEL_FIELDS = ("title", "name", "organisation", "label", "what", "key", "date")


@dataclass
class Merged:
    """The merged content, and where both sides changed the same thing: each place as its
    path, field names and item labels in order (`("risks", "Delay", "impact")`), for a page
    to word; `both_changed` the same joined with dots."""

    content: dict[str, Any]
    changed_paths: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def both_changed(self) -> list[str]:
        return [".".join(path) for path in self.changed_paths]


@dataclass(frozen=True)
class Marks:
    """The labels put before each side's text where both changed it."""

    theirs: str = "[theirs]"
    mine: str = "[mine]"


def merge_content(
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    mine: Mapping[str, Any],
    marks: Marks | None = None,
) -> Merged:
    """`theirs` (saved) and `mine` (typed) merged against `base` (what `mine` started from).

    All three are stored section contents (`stored(content)`), so equal values compare equal.
    """
    merger = _Merger(marks or Marks())
    content = merger.mapping(base, theirs, mine, ())
    tree = content.get("tree")
    if isinstance(tree, dict):  # a node moved on one side and edited on the other: keep one
        seen: set[str] = set()
        for side in ("causes", "effects"):
            tree[side] = _drop_repeated_ids(tree.get(side, []), seen)
    return Merged(content, merger.both_changed)


def marked_text(theirs: str, mine: str, marks: Marks) -> str:
    """Both texts, each after its mark: on one line when both are one line (table cells and
    one-line inputs hold no line breaks), else as two paragraphs."""
    if "\n" in theirs or "\n" in mine:
        return f"{marks.theirs}\n{theirs}\n\n{marks.mine}\n{mine}"
    return f"{marks.theirs} {theirs} {marks.mine} {mine}"


def item_label(item: Mapping[str, Any]) -> str:
    """What names an item for a person (its title, name ... else its id)."""
    for name in _LABEL_FIELDS:
        value = item.get(name)
        if value not in (None, ""):
            return str(value.date() if isinstance(value, dt.datetime) else value)
    return str(item.get("id", ""))


class _Merger:
    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.both_changed: list[tuple[str, ...]] = []

    def mapping(self, base: Any, theirs: Any, mine: Any, path: tuple[str, ...]) -> dict[str, Any]:
        base = base if isinstance(base, Mapping) else {}
        theirs = theirs if isinstance(theirs, Mapping) else {}
        mine = mine if isinstance(mine, Mapping) else {}
        merged: dict[str, Any] = {}
        for name in dict.fromkeys([*theirs, *mine]):
            value = self.value(
                base.get(name, _MISSING),
                theirs.get(name, _MISSING),
                mine.get(name, _MISSING),
                (*path, str(name)),
            )
            if value is not _MISSING:
                merged[name] = value
        return merged

    def value(self, base: Any, theirs: Any, mine: Any, path: tuple[str, ...]) -> Any:
        if all(isinstance(v, Mapping) for v in (theirs, mine)):
            return self.mapping(base, theirs, mine, path)
        if all(isinstance(v, list) for v in (theirs, mine)):
            base_list = base if isinstance(base, list) else []
            if _all_items(base_list + theirs + mine):
                return self.items(base_list, theirs, mine, path)
            if _all_hashable(base_list + theirs + mine):
                return _merge_set_like(base_list, theirs, mine)
        if theirs == mine:
            return theirs
        if mine == base:
            return theirs
        if theirs == base:
            return mine
        self.both_changed.append(path)
        if isinstance(theirs, str) and isinstance(mine, str):
            if not theirs.strip():
                return mine
            if not mine.strip():
                return theirs
            return marked_text(theirs, mine, self.marks)
        return mine if mine is not _MISSING else theirs

    def items(
        self, base: list, theirs: list, mine: list, path: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        base_by = {i["id"]: i for i in base}
        theirs_by = {i["id"]: i for i in theirs}
        mine_by = {i["id"]: i for i in mine}
        order = list(theirs_by) + [i for i in mine_by if i not in theirs_by]
        merged = []
        for item_id in order:
            b, t, m = base_by.get(item_id), theirs_by.get(item_id), mine_by.get(item_id)
            label = (*path, item_label(m or t or b or {}))
            if t is not None and m is not None:
                merged.append(self.mapping(b, t, m, label))
            elif b is None:  # added on one side
                merged.append(t if t is not None else m)
            else:  # deleted on one side: stays deleted unless the other side changed it
                kept = t if t is not None else m
                if kept != b:
                    self.both_changed.append(label)
                    merged.append(kept)
        return merged


def _all_items(values: list) -> bool:
    return bool(values) and all(isinstance(v, Mapping) and "id" in v for v in values)


def _all_hashable(values: list) -> bool:
    return all(isinstance(v, Hashable) and not isinstance(v, Mapping) for v in values)


def _merge_set_like(base: list, theirs: list, mine: list) -> list:
    """A list of plain values (a custom list field, attendees): what both keep, minus what
    either removed, plus what either added."""
    removed = {v for v in base if v not in theirs or v not in mine}
    merged = [v for v in theirs if v not in removed]
    merged += [v for v in mine if v not in base and v not in merged]
    return merged


def _drop_repeated_ids(nodes: list, seen: set[str]) -> list:
    kept = []
    for node in nodes:
        if not isinstance(node, dict) or node.get("id") in seen:
            continue
        seen.add(node.get("id"))
        kept.append({**node, "children": _drop_repeated_ids(node.get("children", []), seen)})
    return kept
