"""The dashboard's files: every chart as PNG and SVG, and the funder brief as PDF and DOCX, read
back (titles, captions with their numbers, the French text in French, the images).
Integration tier: the files are made by vl-convert, fpdf2 and python-docx."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from services.core import i18n
from services.dashboard import attention, brief, catalog, indicators, methods, panels, views
from services.plans import document as plan_document

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def every_view(ctx: panels.Context) -> list[panels.PanelView]:
    # The panels, what works where, and one panel per shared network indicator.
    return [*catalog.build(ctx), methods.methods_panel(ctx), *indicators.indicator_panels(ctx)]


def test_every_panel_chart_converts_to_svg_and_png(world):
    ctx = brief.context(world["coordinator"], views.Filters(), "fr")
    found = every_view(ctx)
    assert len(found) == len(catalog.PANELS) + 1 + len(ctx.network.indicators)
    for view in found:
        assert view.chart is not None, view.key
        svg = brief.chart_svg(view.chart)
        assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>"), view.key
        assert len(svg) > 2000, view.key  # axes, marks and labels, not an empty frame
        png = brief.chart_png(view.chart)
        assert png.startswith(PNG_MAGIC), view.key
        width, height = plan_document.png_size(png)
        assert width >= brief.IMAGE_WIDTH and height > 100, (view.key, width, height)
    # French axes: the stage labels of the heatmap are drawn in French.
    heatmap = brief.chart_svg(found[0].chart)
    assert ctx.stage_label(ctx.network.stages[0].key) in heatmap


def test_file_stems_name_the_chart_and_the_day(world):
    ctx = brief.context(world["coordinator"], views.Filters(), "en")
    assert brief.file_stem("stage_progress", ctx.today) == f"stage_progress-{ctx.today}"
    assert brief.brief_file_name("pdf", "fr", ctx.today) == f"note-financeurs-{ctx.today}.pdf"


def expected_text(world, lang: str, **filters) -> tuple[panels.Context, list[str]]:
    """What the brief must say: its title, every panel's title and caption, the attention
    caption and the first city in need."""
    ctx = brief.context(world["coordinator"], views.Filters(**filters), lang)
    lines = [i18n.t("dashboard.brief.title", lang, network=ctx.network.name)]
    for view in every_view(ctx):
        lines += [view.title, view.caption]
    frame = attention.attention_frame(ctx)
    lines.append(attention.caption(ctx))
    lines.append(frame.iloc[0]["city"])
    return ctx, lines


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return " ".join(text.split()), images


def docx_text(data: bytes) -> tuple[str, int]:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split()), len(document.inline_shapes)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_funder_brief_reads_back(world, fmt, lang):
    ctx, lines = expected_text(world, lang)
    data = brief.brief(world["coordinator"], views.Filters(), lang, fmt)
    text, images = (pdf_text if fmt == "pdf" else docx_text)(data)
    for line in lines:
        assert " ".join(line.split()) in text, (fmt, lang, line)
    assert images == len(every_view(ctx))  # one image per chart
    period = i18n.t("dashboard.brief.period", lang, period=i18n.t("dashboard.period.all", lang))
    assert period in text
    other = "en" if lang == "fr" else "fr"
    assert i18n.t("dashboard.panel.stage_progress", other) not in text  # one language only
    if lang == "fr":
        assert "Avancement par ville" in text and "note aux financeurs" in text


def test_the_brief_follows_the_filters_and_the_period(world):
    ctx, lines = expected_text(world, "fr", cluster="Open data", period="6m")
    assert len(ctx.cities) == 3
    data = brief.brief(world["coordinator"], ctx.filters, "fr", "docx")
    text, _images = docx_text(data)
    for line in lines:
        assert " ".join(line.split()) in text, line
    assert "Thématique : Open data" in text
    assert i18n.t("dashboard.period.6m", "fr") in text
    assert i18n.t("dashboard.brief.covers", "fr", count=3, date="").split(",")[0] in text


def test_the_brief_is_refused_to_those_who_may_not_read_the_dashboard(world):
    from services.core.errors import PermissionDenied

    stranger = world["viewer"].model_copy(update={"role": "nobody"})
    with pytest.raises(PermissionDenied):
        brief.brief(stranger, views.Filters(), "en", "pdf")
    with pytest.raises(ValueError):
        brief.brief(world["coordinator"], views.Filters(), "en", "odt")
