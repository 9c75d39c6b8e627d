"""Dashboard files: each chart as PNG or SVG, and the funder brief (the overview for a period as
a PDF or a Word document, charts as images, in the reader's language).

Charts are rendered with vl-convert (no browser). The brief is an outline of blocks, laid out
by services/plans/document.py (the same writers and DejaVu fonts as the plan export):
a title, the filters and period it covers, then each section's panels (title, caption with
its numbers, chart, a note when the chart shows only part of the cities), the attention list.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import vl_convert

from models.user import User
from services.core import formats, i18n
from services.dashboard import attention, catalog, indicators, methods, panels, views
from services.plans import document as plan_document
from services.plans.document import Block

IMAGE_WIDTH = 560  # pixels (a continuous axis has no width of its own outside a page)
PNG_SCALE = 2  # sharp on paper and on high-density screens
DOCX_MIME = plan_document.FORMATS["docx"][0]
ATTENTION_ROWS = 25  # the brief lists the first cities needing attention; the page has all


def _sized(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    spec.setdefault("width", IMAGE_WIDTH)
    return spec


def chart_png(chart: alt.TopLevelMixin, scale: float = PNG_SCALE) -> bytes:
    """The chart as a PNG image."""
    return vl_convert.vegalite_to_png(_sized(chart), scale=scale)


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG text."""
    return vl_convert.vegalite_to_svg(_sized(chart))


def file_stem(key: str, today: dt.date) -> str:
    """'stage_progress-2026-11-29': a chart's file name without its extension."""
    return f"{key}-{today.isoformat()}"


# --- the funder brief --------------------------------------------------------------------------


def _filters_line(ctx: panels.Context) -> str:
    chosen = ctx.filters
    parts = [ctx.t("dashboard.brief.period", period=ctx.t(f"dashboard.period.{chosen.period}"))]
    named = {
        "cluster": chosen.cluster,
        "country": formats.country(chosen.country, ctx.lang) if chosen.country else None,
        "stage": ctx.stage_label(chosen.stage) if chosen.stage else None,
    }
    for name, value in named.items():
        if value:
            label = ctx.t("export.label", label=ctx.t(f"dashboard.filter.{name}"))
            parts.append(f"{label} {value}")
    return "; ".join(parts)


def _panel_blocks(view: panels.PanelView) -> list[Block]:
    blocks = [Block("subheading", view.title), Block("text", view.caption)]
    if view.chart is not None:
        blocks.append(Block("image", view.caption, image=chart_png(view.chart)))
    if view.note:
        blocks.append(Block("text", view.note))
    return blocks


def outline(ctx: panels.Context, network_name: str) -> list[Block]:
    """The brief as blocks: what it covers, every panel of every section, the attention list."""
    blocks = [
        Block("title", ctx.t("dashboard.brief.title", network=network_name)),
        Block(
            "text",
            ctx.t(
                "dashboard.brief.covers",
                count=len(ctx.cities),
                date=formats.date(ctx.today, ctx.lang),
            ),
        ),
        Block("text", _filters_line(ctx)),
    ]
    for section in panels.SECTIONS:
        blocks.append(Block("heading", ctx.t(f"dashboard.section.{section}")))
        for view in catalog.build(ctx, section):
            blocks += _panel_blocks(view)
        if section == "experiments":  # what works where reads the same experiments
            blocks += _panel_blocks(methods.methods_panel(ctx))
            blocks += evidence_blocks(ctx)
            for view in indicators.indicator_panels(ctx):
                blocks += _panel_blocks(view)
    frame = attention.attention_frame(ctx)
    blocks.append(Block("heading", ctx.t("dashboard.panel.attention")))
    blocks.append(Block("text", attention.caption(ctx)))
    if not frame.empty:
        columns = ["city", "stage", "why"]
        header = tuple(panels.column_label(c, ctx.lang) for c in columns)
        rows = tuple(
            tuple(str(v) for v in row) for row in frame[columns].head(ATTENTION_ROWS).values
        )
        blocks.append(Block("table", rows=(header, *rows)))
        if len(frame) > ATTENTION_ROWS:
            blocks.append(
                Block(
                    "text",
                    ctx.t("dashboard.brief.attention_more", count=len(frame) - ATTENTION_ROWS),
                )
            )
    return plan_document.clean_blocks(blocks)


def evidence_blocks(ctx: panels.Context) -> list[Block]:
    """Evidence across cities: the learning cards by level, who tried each method and
    category with which outcome and level, and the unintended effects (the newest 25)."""
    blocks = [
        Block("subheading", ctx.t("dashboard.glance.title")),
        Block("text", methods.evidence_caption(ctx)),
    ]
    blocks += [
        Block("bullet", f"{group}: {line}")
        for _kind, group, line in methods.glance_lines(ctx, methods.glance_frame(ctx))
    ]
    effects = methods.unintended_frame(ctx)
    if not effects.empty:
        blocks.append(Block("subheading", ctx.t("dashboard.unintended.title")))
        columns = ["city", "learning", "unintended_effects"]
        header = tuple(panels.column_label(c, ctx.lang) for c in columns)
        rows = tuple(tuple(str(v) for v in row) for row in effects[columns].head(25).values)
        blocks.append(Block("table", rows=(header, *rows)))
    return blocks


def context(user: User, filters: views.Filters, lang: str) -> panels.Context:
    """The cities the user may see, narrowed by `filters`, read now (every summary field)."""
    overview = views.load(user)
    return panels.Context(
        overview.network, views.apply(overview.cities, filters), overview.today, lang, filters
    )


def brief(user: User, filters: views.Filters, lang: str, fmt: str) -> bytes:
    """The funder brief for the user's cities, filters and period, as "pdf" or "docx" bytes."""
    ctx = context(user, filters, lang)
    network_name = ctx.network.name
    blocks = outline(ctx, network_name)
    if fmt == "pdf":
        return plan_document.blocks_pdf(blocks, blocks[0].text, lang)
    if fmt == "docx":
        return plan_document.blocks_docx(blocks, lang)
    raise ValueError(f"unknown brief format {fmt!r}")


def brief_file_name(fmt: str, lang: str, today: dt.date) -> str:
    """'funder-brief-2026-11-29.pdf' (in the reader's language)."""
    return f"{i18n.t('dashboard.brief.file_word', lang)}-{today.isoformat()}.{fmt}"
