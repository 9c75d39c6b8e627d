"""The plan as a document: its enabled sections, in order, in one language, as Markdown, DOCX
or PDF.

A plan (or a frozen version) is first turned into an outline of blocks (headings, labelled
values, paragraphs, bullets with depth, tables); each format then only lays out blocks. Field
names become labels through the translation catalogue, so a French export reads French
headings. The PDF embeds DejaVu Sans (assets/fonts), which covers French and typographic
characters (« » ’ — ✓) that the PDF core fonts cannot print.
"""

from __future__ import annotations

import dataclasses
import html
import io
import pathlib
import re
from collections.abc import Iterator, Mapping
from typing import Any

import docx
import docx.shared
import fpdf
from pydantic import BaseModel

from models.base import clean_text, utcnow
from services.core import formats, i18n
from services.plans import labels as cell_labels

FONT_DIR = pathlib.Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("text/markdown", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}

# Item fields that say what an item is, not what it holds: never printed.
_HIDDEN = {"id", "kind", "children"}


# --- the outline -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Block:
    """One element of the document: kind is title, heading, subheading, field, text, bullet
    (with `depth`), table (`rows`, the first row being the header) or image (`image`, PNG
    bytes; `text` is its text alternative)."""

    kind: str
    text: str = ""
    label: str = ""
    depth: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    image: bytes = b""


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True)
    return value


def label(name: str, lang: str) -> str:
    """A field's printed label: the plan's own label if it has one, else ours, else the name."""
    for key in (f"plan.field.{name}", f"export.field.{name}"):
        if i18n.has(key):
            return i18n.t(key, lang)
    return name.replace("_", " ").capitalize()


def section_title(key: str, content: Mapping[str, Any], lang: str) -> str:
    kind = content.get("kind", key)
    if kind == "custom":
        return str(content.get("title") or key)
    if i18n.has(f"plan.section.{kind}"):  # the plan's own titles, defined once
        return i18n.t(f"plan.section.{kind}", lang)
    return kind.replace("_", " ").capitalize()


def _value(name: str, value: Any, cells: cell_labels.Cells) -> str:
    # The plan page's tables read the same (labels, dates, money in the network's currency).
    return cell_labels.cell_text(name, value, cells)


def origin_text(item: Mapping[str, Any], fmt: cell_labels.Cells) -> str:
    """ "From workshop «title»" for an item promoted from a workshop, "" otherwise."""
    title = fmt.origin(item)
    return i18n.t("export.from_workshop", fmt.lang, title=title) if title else ""


def _tree(
    nodes: list[Mapping[str, Any]], fmt: cell_labels.Cells, depth: int = 0
) -> Iterator[Block]:
    for node in nodes:
        text = str(node.get("label", ""))
        origin = origin_text(node, fmt)
        yield Block("bullet", f"{text} ({origin})" if origin else text, depth=depth)
        yield from _tree(node.get("children") or [], fmt, depth + 1)


# The column a table gains when some of its items came from a workshop.
ORIGIN = "workshop"


def _table(name: str, items: list[Mapping[str, Any]], fmt: cell_labels.Cells) -> Block:
    lang = fmt.lang
    columns = [k for k in items[0] if k not in _HIDDEN]
    cells = {c: [_compact(c, item.get(c), fmt) for item in items] for c in columns}
    if any(fmt.origin(item) for item in items):
        columns.append(ORIGIN)
        cells[ORIGIN] = [fmt.origin(item) for item in items]
    # Columns nobody filled in only make the table wider (a PDF page has little room).
    columns = [c for c in columns if any(cells[c])] or columns[:1]
    header = tuple(label(c, lang) for c in columns)
    rows = [tuple(cells[c][i] for c in columns) for i in range(len(items))]
    return Block("table", label=label(name, lang), rows=(header, *rows))


def _compact(name: str, value: Any, fmt: cell_labels.Cells) -> str:
    # Nested lists in a table cell (measurements over time): their latest value is enough.
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        latest = value[-1]
        return ", ".join(_value(k, v, fmt) for k, v in latest.items() if k not in _HIDDEN)
    return _value(name, value, fmt)


def _custom_field(field: Mapping[str, Any], fmt: cell_labels.Cells) -> Iterator[Block]:
    name, kind, value = str(field.get("label", "")), field.get("type"), field.get("value")
    if value in (None, "", []):
        return
    if kind == "list":
        yield Block("subheading", name)
        for entry in value:
            yield Block("bullet", str(entry))
    elif kind == "table" and value:
        columns = list(dict.fromkeys(k for row in value for k in row))
        rows = [tuple(_value(c, row.get(c), fmt) for c in columns) for row in value]
        yield Block("table", label=name, rows=(tuple(columns), *rows))
    else:
        yield Block("field", _value("", value, fmt), label=name)


def _content(content: Mapping[str, Any], fmt: cell_labels.Cells) -> Iterator[Block]:
    lang = fmt.lang
    if content.get("kind") == "custom":
        for field in content.get("fields") or []:
            yield from _custom_field(field, fmt)
        return
    for name, value in content.items():
        if name in _HIDDEN or value in (None, "", [], {}):
            continue
        if isinstance(value, Mapping):
            inner = list(_content(value, fmt))
            if inner:
                yield Block("subheading", label(name, lang))
                yield from inner
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            if any("children" in v for v in value):  # a tree: causes or effects
                yield Block("subheading", label(name, lang))
                yield from _tree(value, fmt)
            elif any(k not in _HIDDEN for k in value[0]):
                yield _table(name, value, fmt)
        elif isinstance(value, list):
            yield Block("subheading", label(name, lang))
            for entry in value:
                yield Block("bullet", _value(name, entry, fmt))
        elif isinstance(value, str) and ("\n" in value or len(value) > 120):
            yield Block("subheading", label(name, lang))
            yield Block("text", value)
        else:
            yield Block("field", _value(name, value, fmt), label=label(name, lang))


def outline(
    plan: Any,
    city_name: str,
    lang: str = "en",
    currency: str | None = None,
    origins: Mapping[str, tuple[str, str]] | None = None,
) -> list[Block]:
    """The enabled sections of `plan` (a Plan or PlanVersion, or their stored dicts) as blocks;
    costs in `currency` (the network's, ISO 4217); an item promoted from a workshop
    (`origins`: item id -> (workshop id, title)) names its workshop."""
    plan = _plain(plan)
    fmt = cell_labels.Cells(lang, currency, cell_labels.objective_titles(plan), origins or {})
    sections = plan.get("sections") or {}
    number = plan.get("number") or plan.get("version") or 0
    blocks = [Block("title", i18n.t("export.title", lang, city=city_name))]
    version = (
        i18n.t("export.version", lang, number=number)
        if "number" in plan
        else i18n.t("export.working", lang, number=number)
        if number
        else i18n.t("export.working_new", lang)
    )
    blocks.append(
        Block(
            "text",
            i18n.t("export.generated", lang, version=version, date=formats.date(utcnow(), lang)),
        )
    )
    for key in plan.get("order") or list(sections):
        section = _plain(sections.get(key)) or {}
        if not section.get("enabled", True):
            continue
        content = _plain(section.get("content")) or {}
        blocks.append(Block("heading", section_title(key, content, lang)))
        title = blocks[-1].text
        # A section holding one table (Actions) needs no second heading with the same name.
        inner = [
            dataclasses.replace(b, label="") if b.kind == "table" and b.label == title else b
            for b in _content(content, fmt)
        ]
        blocks.extend(inner or [Block("text", i18n.t("export.empty_section", lang))])
    # Stored text may predate the input filter (or come from an import): no control character
    # (a vertical tab from Word, NUL, ESC) reaches a format that cannot hold it (DOCX's XML).
    return [_clean_block(b) for b in blocks]


def _clean_block(block: Block) -> Block:
    return dataclasses.replace(
        block,
        text=clean_text(block.text),
        label=clean_text(block.label),
        rows=tuple(tuple(clean_text(c) for c in row) for row in block.rows),
    )


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks without control characters (what every writer below expects)."""
    return [_clean_block(b) for b in blocks]


def _label_text(text: str, lang: str) -> str:
    # French puts a space before the colon.
    return i18n.t("export.label", lang, label=text)


# --- Markdown ----------------------------------------------------------------------------------


# Inline Markdown syntax a person's text must not trigger: emphasis, code, links and images,
# strikethrough, table pipes, maths, and the backslash itself.
_MD_INLINE = re.compile(r"([\\`*_\[\]~|$])")
# What makes a line a heading, quote, list item or rule when it starts the line.
_MD_LINE_START = re.compile(r"^(\s*\d*)([#>+=-]|(?<=\d)[.)])")


def md_text(text: str) -> str:
    """User text as Markdown that renders as that text: raw HTML escaped (shown, never run),
    Markdown syntax backslash-escaped, each line kept from starting a block."""
    escaped = _MD_INLINE.sub(r"\\\1", html.escape(text, quote=False))
    return "\n".join(
        _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        for line in escaped.split("\n")
    )


def _md_line(text: str) -> str:
    # A heading, a field or a bullet is one line.
    return md_text(" ".join(text.split("\n")))


def plan_markdown(
    plan: Any,
    city_name: str,
    lang: str = "en",
    currency: str | None = None,
    origins: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """The plan as Markdown text; what people wrote reads as text (md_text), never as HTML or
    Markdown syntax."""
    return blocks_markdown(outline(plan, city_name, lang, currency, origins), lang)


def blocks_markdown(blocks: list[Block], lang: str = "en") -> str:
    """Blocks (of a plan, or of any other document built the same way) as Markdown."""
    lines: list[str] = []
    for block in _md_blocks(blocks):
        if block.kind != "bullet" and lines and lines[-1].lstrip().startswith("- "):
            lines.append("")  # a list ends with a blank line
        if block.kind == "title":
            lines += [f"# {block.text}", ""]
        elif block.kind == "heading":
            lines += [f"## {block.text}", ""]
        elif block.kind == "subheading":
            lines += [f"### {block.text}", ""]
        elif block.kind == "field":
            lines += [f"**{_label_text(block.label, lang)}** {block.text}", ""]
        elif block.kind == "text":
            lines += [block.text, ""]
        elif block.kind == "bullet":
            lines.append(f"{'  ' * block.depth}- {block.text}")
        elif block.kind == "image":
            continue  # a text format: the image's text alternative is the caption before it
        elif block.kind == "table":
            header, *rows = block.rows
            if block.label:
                lines += [f"### {block.label}", ""]
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(row) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_blocks(blocks: list[Block]) -> list[Block]:
    # Headings, labels, values and cells, escaped once here (the layout below adds the syntax).
    return [
        dataclasses.replace(
            b,
            text=md_text(b.text) if b.kind == "text" else _md_line(b.text),
            label=_md_line(b.label),
            rows=tuple(tuple(_md_line(c) for c in row) for row in b.rows),
        )
        for b in blocks
    ]


# --- DOCX --------------------------------------------------------------------------------------

# The largest an image is laid out, in millimetres (an A4 page within its margins).
IMAGE_MAX_MM = (155.0, 210.0)


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels (from its header)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def image_mm(data: bytes) -> tuple[float, float]:
    """The width and height an image is laid out at: the page's width, or less when it is tall."""
    width, height = png_size(data)
    most_w, most_h = IMAGE_MAX_MM
    scale = min(most_w / width, most_h / height)
    return width * scale, height * scale


def plan_docx(
    plan: Any,
    city_name: str,
    lang: str = "en",
    currency: str | None = None,
    origins: Mapping[str, tuple[str, str]] | None = None,
) -> bytes:
    """The plan as a Word document."""
    return blocks_docx(outline(plan, city_name, lang, currency, origins), lang)


def blocks_docx(blocks: list[Block], lang: str = "en") -> bytes:
    """Blocks as a Word document."""
    document = docx.Document()
    for block in blocks:
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "subheading":
            document.add_heading(block.text, level=2)
        elif block.kind == "field":
            paragraph = document.add_paragraph()
            paragraph.add_run(_label_text(block.label, lang) + " ").bold = True
            paragraph.add_run(block.text)
        elif block.kind == "text":
            document.add_paragraph(block.text)
        elif block.kind == "bullet":
            style = "List Bullet" if block.depth == 0 else f"List Bullet {min(block.depth + 1, 3)}"
            document.add_paragraph(block.text, style=style)
        elif block.kind == "image":
            width, _height = image_mm(block.image)
            shape = document.add_picture(io.BytesIO(block.image), width=docx.shared.Mm(width))
            shape._inline.docPr.set("descr", block.text)  # the text alternative
        elif block.kind == "table":
            if block.label:
                document.add_heading(block.label, level=2)
            header, *rows = block.rows
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------

_FONT = "DejaVu"


def plan_pdf(
    plan: Any,
    city_name: str,
    lang: str = "en",
    currency: str | None = None,
    origins: Mapping[str, tuple[str, str]] | None = None,
) -> bytes:
    """The plan as a PDF, in DejaVu Sans (French and typographic characters included)."""
    title = i18n.t("export.title", lang, city=city_name)
    return blocks_pdf(outline(plan, city_name, lang, currency, origins), title, lang)


def blocks_pdf(blocks: list[Block], title: str, lang: str = "en") -> bytes:
    """Blocks as a PDF, in DejaVu Sans."""
    pdf = fpdf.FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(_FONT, "", str(FONT_REGULAR))
    pdf.add_font(_FONT, "B", str(FONT_BOLD))
    pdf.set_title(title)
    pdf.add_page()
    width = pdf.epw

    def write(text: str, size: float, style: str = "", gap: float = 1.5, indent: float = 0):
        pdf.set_font(_FONT, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    for block in blocks:
        if block.kind == "title":
            write(block.text, 18, "B", gap=3)
        elif block.kind == "heading":
            pdf.ln(3)
            write(block.text, 14, "B", gap=2)
        elif block.kind == "subheading":
            write(block.text, 11, "B", gap=1)
        elif block.kind == "field":
            pdf.set_font(_FONT, "B", 10)
            pdf.write(5, _label_text(block.label, lang) + " ")
            pdf.set_font(_FONT, "", 10)
            pdf.write(5, block.text)
            pdf.ln(6.5)
        elif block.kind == "text":
            write(block.text, 10)
        elif block.kind == "bullet":
            write(f"• {block.text}", 10, gap=0.5, indent=4 + 5 * block.depth)
        elif block.kind == "image":
            w, h = image_mm(block.image)
            pdf.image(io.BytesIO(block.image), w=w, h=h, alt_text=block.text)
            pdf.ln(3)
        elif block.kind == "table":
            if block.label:
                write(block.label, 11, "B", gap=1)
            pdf.set_font(_FONT, "", 8)
            with pdf.table(
                line_height=4,
                headings_style=fpdf.FontFace(emphasis="BOLD"),
                text_align="LEFT",
            ) as table:
                for row in block.rows:
                    cells = table.row()
                    for text in row:
                        cells.cell(text)
            pdf.ln(3)
    return bytes(pdf.output())


def render(
    fmt: str,
    plan: Any,
    city_name: str,
    lang: str = "en",
    currency: str | None = None,
    origins: Mapping[str, tuple[str, str]] | None = None,
) -> bytes:
    """The plan in `fmt` ("md", "docx" or "pdf") as bytes; costs in `currency`; items promoted
    from a workshop name it (`origins`)."""
    if fmt == "md":
        return plan_markdown(plan, city_name, lang, currency, origins).encode("utf-8")
    if fmt == "docx":
        return plan_docx(plan, city_name, lang, currency, origins)
    if fmt == "pdf":
        return plan_pdf(plan, city_name, lang, currency, origins)
    raise ValueError(f"unknown export format {fmt!r}")


def file_name(city_name: str, fmt: str, lang: str = "en") -> str:
    """A file name for the download: the city, the word "plan", the date."""
    safe = "".join(c if c.isalnum() else "-" for c in city_name).strip("-") or "city"
    return f"{safe}-{i18n.t('export.file_word', lang)}-{utcnow().date()}.{FORMATS[fmt][1]}"
