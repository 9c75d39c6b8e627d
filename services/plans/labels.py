"""What a plan's table cell reads as, in one language: labels for codes (sectors, groups,
statuses), an objective's title for its key, dates as "20 juin 2026", costs in the network's
currency, numbers with the language's decimal mark, yes/no for booleans.

The plan page's tables and the plan's exports (services/plans/document.py) both show
cells through `cell_text`, so a French reader sees the same words in both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from services.core import formats, i18n

# Columns whose values are codes from a list (models/plan.py), shown by their label.
CHOICES = ("sector", "group", "funding_status", "status", "side")


@dataclasses.dataclass(frozen=True)
class Cells:
    """How cells read: the language, the network's currency (ISO 4217), objective titles by
    key (an action's `objective` column), and the workshop each promoted item came from
    (`origins`: item id -> (workshop id, workshop title))."""

    lang: str = "en"
    currency: str | None = None
    objectives: Mapping[str, str] = dataclasses.field(default_factory=dict)
    origins: Mapping[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    def origin(self, item: Mapping[str, Any]) -> str:
        """The title of the workshop `item` was promoted from ("" when none)."""
        found = self.origins.get(str(item.get("id") or ""))
        return found[1] if found else ""


def choice_label(name: str, code: str, lang: str) -> str:
    """The label of a coded value of column `name` (a sector, group, status, tree side)."""
    if name == "side" and code in ("causes", "effects"):
        return i18n.t(f"plan.field.{code}", lang)
    if name == "sector" and i18n.has(f"plan.sector.{code}"):
        return i18n.t(f"plan.sector.{code}", lang)
    if i18n.has(f"plan.value.{code}"):
        return i18n.t(f"plan.value.{code}", lang)
    return code


def section_label(key: str, lang: str, titles: Mapping[str, str] | None = None) -> str:
    """A plan section named for the reader: its own title (`titles`, a custom section's), else
    its kind's label, else the key itself (a section since removed)."""
    if titles and key in titles:
        return titles[key]
    return i18n.t(f"plan.section.{key}", lang) if i18n.has(f"plan.section.{key}") else key


def change_summary(summary: str, fields: list[str] | tuple[str, ...], lang: str) -> str:
    """What a recorded change says: its own summary (an item's label), else the fields edited,
    by their labels. Versions frozen before `fields` existed kept the field names in the
    summary ("narrative, ipestle"): those are labelled too."""
    names = list(fields)
    if not names and summary:
        parts = [part.strip() for part in summary.split(",")]
        if all(i18n.has(f"plan.field.{part}") for part in parts):
            names = parts
    if not names:
        return summary
    return ", ".join(
        i18n.t(f"plan.field.{name}", lang) if i18n.has(f"plan.field.{name}") else name
        for name in names
    )


def objective_titles(plan: Any) -> dict[str, str]:
    """Objective key -> title, from the plan's vision section (a Plan or its stored dict)."""
    sections = plan.get("sections") if isinstance(plan, Mapping) else plan.sections
    vision = (sections or {}).get("vision")
    if vision is None:
        return {}
    content = vision.get("content") if isinstance(vision, Mapping) else vision.content
    objectives = content.get("objectives") if isinstance(content, Mapping) else content.objectives
    found = {}
    for objective in objectives or []:
        key = objective.get("key") if isinstance(objective, Mapping) else objective.key
        title = objective.get("title") if isinstance(objective, Mapping) else objective.title
        found[key] = title or key
    return found


def cell_text(name: str, value: Any, cells: Cells) -> str:
    """The cell of column `name` as the reader reads it ("" for nothing)."""
    lang = cells.lang
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return i18n.t("export.yes" if value else "export.no", lang)
    if isinstance(value, (dt.date, dt.datetime)):
        return formats.date(value, lang)
    if name == "cost" and isinstance(value, (int, float)):
        return formats.money(value, cells.currency, lang)
    if isinstance(value, (int, float)):
        return formats.number(value, lang)
    if isinstance(value, list):
        return ", ".join(cell_text(name, v, cells) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {cell_text(k, v, cells)}" for k, v in value.items())
    text = str(value)
    if name == "objective":
        return cells.objectives.get(text, text)
    if name in CHOICES:
        return choice_label(name, text, lang)
    return text
