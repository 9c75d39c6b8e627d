"""A report as a document: Markdown, DOCX or PDF, in one language.

The report is laid out as the plan export's blocks (services/plans/document.py), so the
same writers (DejaVu fonts in the PDF, escaped user text in Markdown, control characters
removed) serve both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.base import utcnow
from models.network import Network
from models.reporting import RAG_AREAS, Report, ReportingSettings
from services.core import formats, i18n
from services.plans import document as doc
from services.plans.document import Block
from services.reporting import drafting

FORMATS = doc.FORMATS

# (part, columns shown): the lists of a drafted report, as tables.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("stage_changes", ("date", "stage")),
    ("plan_changes", ("date", "who", "action", "sections")),
    ("versions", ("date", "number", "note")),
    ("experiments_started", ("date", "title", "status")),
    ("experiments_concluded", ("date", "title", "outcome")),
    ("results", ("date", "experiment", "value", "unit", "observation")),
    ("learnings", ("date", "title", "decision", "insights")),
    ("meetings", ("date", "attendees", "decisions")),
)


def cell(part: str, column: str, value: Any, network: Network, lang: str) -> str:
    """One value of a drafted report as text (stage keys as the network's labels)."""
    if value is None:
        return ""
    if column == "stage":
        stage = network.stage(str(value))
        return stage.label.get(lang) if stage else str(value)
    if column == "date" and isinstance(value, str):  # drafted dates are ISO strings
        return formats.date(dt.date.fromisoformat(value[:10]), lang)
    if column == "action":  # an action name of the activity log, never shown as such
        return i18n.activity_label(str(value), lang)
    if column == "sections" and isinstance(value, list):  # section keys: the known ones named
        return ", ".join(
            i18n.t(f"plan.section.{v}", lang) if i18n.has(f"plan.section.{v}") else str(v)
            for v in value
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def item_label(part: str, item: dict[str, Any], network: Network, lang: str) -> str:
    """One drafted item in a line ("June 20, 2026 · Pilot the night market"): its date and
    what it is, each as `cell` words it (no action name, no stage key)."""
    if part == "versions":
        name = f"V{item.get('number')}"
    elif part == "plan_changes":
        name = cell(part, "action", item.get("action"), network, lang)
    elif part == "stage_changes":
        name = cell(part, "stage", item.get("stage"), network, lang)
    else:
        name = item.get("title") or item.get("experiment") or item.get("decisions") or ""
    day = item.get("date")
    when = formats.date(dt.date.fromisoformat(day[:10]), lang) if day else ""
    return " · ".join(str(p) for p in (when, name) if p)


def table_rows(
    part: str, items: list[dict[str, Any]], network: Network, lang: str
) -> tuple[tuple[str, ...], ...]:
    """A part's items as a table: its header (in `lang`), then one row per item."""
    columns = dict(TABLES)[part]
    header = tuple(i18n.t(f"column.{c}", lang) for c in columns)
    rows = tuple(
        tuple(cell(part, c, item.get(c), network, lang) for c in columns) for item in items
    )
    return (header, *rows)


def outline(
    report: Report,
    content: dict[str, Any],
    city_name: str,
    network: Network,
    config: ReportingSettings,
    lang: str = "en",
) -> list[Block]:
    """The report as blocks: period and status, the city's words, ratings, then the data."""

    def t(key: str, **values: Any) -> str:
        return i18n.t(key, lang, **values)

    status = t(f"reports.status.{report.status}")
    blocks = [
        Block(
            "title",
            t("reports.export.title", city=city_name, cycle=formats.cycle(report.cycle_key, lang)),
        ),
        Block(
            "text",
            t(
                "reports.export.period",
                start=formats.date(report.start, lang),
                end=formats.date(report.end, lang),
                due=formats.date(report.due, lang),
                status=status,
            ),
        ),
        Block("heading", t("reports.narrative")),
    ]
    for name in ("highlights", "blockers", "asks"):
        text = getattr(report.narrative, name)
        if text:
            blocks += [Block("subheading", t(f"field.{name}")), Block("text", text)]
    blocks.append(Block("heading", t("reports.rag")))
    for area in RAG_AREAS:
        value = getattr(report.rag, area)
        shown = t(f"reports.rag.{value}") if value else t("reports.rag.none")
        blocks.append(Block("field", shown, label=t(f"reports.rag.{area}")))
    for part, _columns in TABLES:
        blocks.append(Block("heading", t(f"reports.part.{part}")))
        items = content.get(part) or []
        if not items:
            blocks.append(Block("text", t("reports.part.none")))
            continue
        blocks.append(Block("table", rows=table_rows(part, items, network, lang)))
    planned = drafting.planned_items(content)
    if planned:
        blocks.append(Block("heading", t("reports.planned")))
        blocks.append(Block("text", t("reports.planned.help")))
        for part, items in planned.items():
            blocks.append(Block("subheading", t(f"reports.part.{part}")))
            blocks.append(Block("table", rows=table_rows(part, items, network, lang)))
    pulses = content.get("checkins") or {}
    blocks.append(Block("heading", t("reports.part.checkins")))
    mood = pulses.get("mood_mean")
    blocks.append(
        Block(
            "text",
            t("reports.checkins.summary", count=pulses.get("count", 0), mood=mood or "-"),
        )
    )
    tags = [f"{config.tag_label(k, lang)} ({n})" for k, n in pulses.get("blockers") or []]
    if tags:
        blocks.append(Block("text", t("reports.checkins.blockers", tags=", ".join(tags))))
    for note in pulses.get("notes") or []:
        blocks.append(Block("bullet", note))
    if pulses.get("help"):
        blocks.append(Block("subheading", t("reports.checkins.help")))
        blocks += [Block("bullet", text) for text in pulses["help"]]
    if report.comments:
        blocks.append(Block("heading", t("reports.comments")))
        for comment in report.comments:
            line = t(
                "reports.comment_line",
                date=formats.date(comment.at, lang),
                who=comment.by_name or comment.by,
                decision=t(f"reports.review.{comment.decision}"),
            )
            blocks += [Block("subheading", line), Block("text", comment.text)]
    return doc.clean_blocks(blocks)


def render(fmt: str, blocks: list[Block], lang: str = "en") -> bytes:
    """The report's blocks in `fmt` ("md", "docx" or "pdf")."""
    if fmt == "md":
        return doc.blocks_markdown(blocks, lang).encode("utf-8")
    if fmt == "docx":
        return doc.blocks_docx(blocks, lang)
    if fmt == "pdf":
        return doc.blocks_pdf(blocks, blocks[0].text, lang)
    raise ValueError(f"unknown export format {fmt!r}")


def file_name(city_name: str, cycle_key: str, fmt: str, lang: str = "en") -> str:
    safe = "".join(c if c.isalnum() else "-" for c in city_name).strip("-") or "city"
    word = i18n.t("reports.export.file_word", lang)
    return f"{safe}-{word}-{cycle_key}-{utcnow().date()}.{FORMATS[fmt][1]}"
