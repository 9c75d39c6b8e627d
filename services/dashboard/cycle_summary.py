"""The funder summary of one reporting cycle: every city in one document (DOCX or PDF), charts
as images, in the reader's language.

One cycle across cities is one cycle key, as reports and the compliance chart are keyed: in a
quarterly network a quarter ("2026-Q3") is the same three months for every city; in a network
reporting by experiment cycle, "cycle-2" is each city's own second cycle (its own dates), and a
quarter key covers the cities that reported by quarter then (before their first cycle, after
their last). A city without a cycle of that key is still listed, with its cycles that overlap
the period. The period of the summary runs from the earliest start to the latest end of the
cities' cycles of that key.

The document holds: the compliance of the cycle (chart, counts by state, one row per city);
the network's check-ins over the period (mood, top blockers, help requested: the dashboard's
listening panels, services/dashboard/listening.py); then each city's report in short, read from
its frozen snapshot (`Report.snapshot`), never from the data as it stands now: ratings, the
city's words, experiments concluded with their outcome, how much else happened (plan
changes, results ...), check-ins. It is an outline of blocks laid out by
services/plans/document.py, which writes what people typed as text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import altair as alt
import pandas as pd

from models.base import utcnow
from models.city import City
from models.network import Network
from models.reporting import RAG_AREAS, Report
from models.user import User
from services.core import collections, formats, i18n, permissions, records, store
from services.core.errors import NotFound
from services.dashboard import brief, listening, panels, views
from services.dashboard import charts as dashboard_charts
from services.network import networks
from services.plans import document as plan_document
from services.plans.document import Block
from services.reporting import charts, compliance

ACTION = "compliance.read"
FORMATS = ("pdf", "docx")
MIMES = {fmt: plan_document.FORMATS[fmt][0] for fmt in FORMATS}
# The listening panels drawn over the period (the same builders as the dashboard's).
FIGURES = (listening.mood_panel, listening.blockers_panel, listening.help_panel)

# The other parts of a drafted report, counted in one line per city.
ACTIVITY = ("stage_changes", "plan_changes", "versions", "results", "learnings", "meetings")

Render = Callable[[alt.TopLevelMixin], bytes]


@dataclasses.dataclass(frozen=True)
class CityPart:
    """One city in the summary: its compliance row for the cycle (None when it has no cycle of
    that key), its report (with the frozen snapshot; None when never opened) and, without a
    cycle of that key, its cycles that overlap the period (compliance rows)."""

    city: City
    row: dict | None
    report: Report | None
    overlapping: tuple[dict, ...] = ()


@dataclasses.dataclass(frozen=True)
class CycleSummary:
    """What the summary of one cycle reads: every figure of the document comes from here."""

    network: Network
    cycle: str
    start: dt.date
    end: dt.date
    today: dt.date
    rows: pd.DataFrame  # the compliance rows of the cycle (services/reporting/compliance.py)
    cities: tuple[CityPart, ...]  # every city the reader may see, by name


def cycle_keys(frame: pd.DataFrame) -> list[str]:
    """The cycle keys of a compliance frame, the latest ending first."""
    if frame.empty:
        return []
    ends = frame.groupby("cycle")["end"].max()
    return sorted(ends.index, key=lambda key: (ends[key], key), reverse=True)


def default_key(frame: pd.DataFrame, today: dt.date) -> str | None:
    """The cycle a summary is first offered for: the latest one every city of it has ended."""
    keys = cycle_keys(frame)
    if not keys:
        return None
    ends = frame.groupby("cycle")["end"].max()
    return next((k for k in keys if ends[k] < today), keys[0])


def _cities(user: User) -> list[City]:
    where: dict = {"network_id": user.network_id}
    visible = permissions.visible_city_ids(user, ACTION)
    if visible is not None:
        where["_id"] = {"$in": sorted(visible)}
    found = records.find(collections.CITIES, City, where)
    return sorted(found, key=lambda c: (c.name, c.id))


def summary(user: User, cycle_key: str, today: dt.date | None = None) -> CycleSummary:
    """The cycle `cycle_key` across the cities the user may see (PermissionDenied without
    `compliance.read`; NotFound when no city has a cycle of that key)."""
    permissions.require(user, "compliance.read")  # ACTION, spelled out for the matrix test
    today = today or utcnow().date()
    network = networks.get_network(user.network_id)
    cities = _cities(user)
    frame = compliance.compliance_frame(network, cities, today)
    rows = frame[frame["cycle"] == cycle_key].reset_index(drop=True)
    if rows.empty:
        raise NotFound(entity=collections.REPORT_CYCLES, id=cycle_key)
    start, end = rows["start"].min(), rows["end"].max()
    where = {"network_id": network.id, "cycle_key": cycle_key}
    reports = {
        r.city_id: r
        for r in (Report.from_doc(d) for d in store.get().find(collections.REPORTS, where))
    }
    by_city = {row["city_id"]: row for row in rows.to_dict("records")}
    parts = []
    for city in cities:
        row = by_city.get(city.id)
        overlapping: tuple[dict, ...] = ()
        if row is None:
            mine = frame[(frame["city_id"] == city.id) & (frame["start"] <= end)]
            overlapping = tuple(mine[mine["end"] >= start].to_dict("records"))
        parts.append(CityPart(city, row, reports.get(city.id) if row else None, overlapping))
    return CycleSummary(
        network,
        cycle_key,
        start,
        end,
        today,
        rows,
        tuple(parts),
    )


def state_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Cities of the cycle in each compliance state (every state, zeros included)."""
    counts = rows["state"].value_counts()
    return {state: int(counts.get(state, 0)) for state in compliance.STATES}


# --- the outline -------------------------------------------------------------------------------


class _Words:
    """The reader's language: messages, dates and numbers."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, key: str, **values) -> str:
        """The message `key`; a `cycle` key among the values is said as people say it."""
        if "cycle" in values:
            values["cycle"] = formats.cycle(values["cycle"], self.lang)
        return i18n.t(key, self.lang, **values)

    def date(self, value) -> str:
        # A frame's missing datetime is NaT, which is no date to print.
        return "" if value is None or pd.isna(value) else formats.date(value, self.lang)

    def state(self, key: str) -> str:
        return self.t(f"compliance.state.{key}")


def _compliance_blocks(found: CycleSummary, w: _Words, image: Render) -> list[Block]:
    counts = state_counts(found.rows)
    caption = w.t("summary.compliance.caption", cities=len(found.rows), cycle=found.cycle, **counts)
    labels = {s: w.state(s) for s in compliance.STATES}
    # One cycle: one horizontal bar, stacked by state in the compliance chart's colours.
    counted = compliance.state_counts_frame(found.rows).drop(columns="end")
    chart = dashboard_charts.stacked_bar_chart(
        counted.assign(
            cycle=counted["cycle"].map(lambda key: formats.cycle(key, w.lang)),
            label=counted["state"].map(labels),
            order=counted["state"].map(compliance.STATES.index),
        ),
        category="cycle",
        value="count",
        colour="label",
        colour_order=list(labels.values()),
        colours=[charts.COLORS[s] for s in compliance.STATES],
        titles={
            "cycle": w.t("column.cycle"),
            "count": w.t("compliance.count"),
            "label": w.t("column.state"),
        },
        description=caption,
        lang=w.lang,
    )
    header = (w.t("summary.column.state"), w.t("summary.column.cities"))
    by_state = tuple((labels[s], str(n)) for s, n in counts.items())
    cities_header = (
        w.t("summary.column.city"),
        w.t("summary.column.state"),
        w.t("summary.column.submitted"),
    )
    by_city = tuple(
        (row["city"], labels[row["state"]], w.date(row["submitted_at"]))
        for row in found.rows.sort_values("city", kind="stable").to_dict("records")
    )
    return [
        Block("heading", w.t("summary.compliance")),
        Block("text", caption),
        Block("image", caption, image=image(chart)),
        Block("table", rows=(header, *by_state)),
        Block("table", rows=(cities_header, *by_city)),
    ]


def _cell(value, lang: str) -> str:
    if isinstance(value, float):
        return formats.number(value, lang)
    if isinstance(value, dt.date):
        return formats.date(value, lang)
    return str(value)


def _figure_blocks(found: CycleSummary, w: _Words, image: Render) -> list[Block]:
    until = min(found.end, found.today)
    ctx = panels.Context(
        found.network, [views.city_row(part.city) for part in found.cities], until, w.lang
    )
    pulses = listening.checkins_between(ctx, found.start, until)
    blocks = [
        Block("heading", w.t("summary.network")),
        Block(
            "text",
            w.t("summary.network.period", start=w.date(found.start), end=w.date(until)),
        ),
    ]
    for build in FIGURES:
        view = build(ctx, pulses)
        blocks += [Block("subheading", view.title), Block("text", view.caption)]
        if view.chart is not None:
            blocks.append(Block("image", view.caption, image=image(view.chart)))
            table = view.table()
            rows = tuple(tuple(_cell(v, w.lang) for v in row) for row in table.values)
            blocks.append(Block("table", rows=(tuple(table.columns), *rows)))
    return blocks


def _overlapping_text(found: CycleSummary, part: CityPart, w: _Words) -> str:
    if not part.overlapping:
        return w.t("summary.city.no_cycle_none", cycle=found.cycle)
    cycles = "; ".join(
        w.t(
            "summary.city.other_cycle",
            cycle=row["cycle"],
            start=w.date(row["start"]),
            end=w.date(row["end"]),
            state=w.state(row["state"]),
        )
        for row in part.overlapping
    )
    return w.t("summary.city.no_cycle", cycle=found.cycle, cycles=cycles)


def _report_blocks(report: Report, w: _Words) -> list[Block]:
    """A submitted report in short, from its snapshot (what the city submitted)."""
    snapshot = report.snapshot or {}
    blocks = [
        Block(
            "text",
            w.t(
                "summary.city.submitted",
                date=w.date(report.submitted_at),
                who=report.submitted_by_name or report.submitted_by or "",
            ),
        )
    ]
    if report.status == "returned":
        blocks.append(Block("text", w.t("summary.city.returned")))
    for area in RAG_AREAS:
        value = getattr(report.rag, area)
        shown = w.t(f"reports.rag.{value}") if value else w.t("reports.rag.none")
        blocks.append(Block("field", shown, label=w.t(f"reports.rag.{area}")))
    for name in ("highlights", "blockers", "asks"):
        text = getattr(report.narrative, name)
        if text:
            blocks += [Block("subheading", w.t(f"field.{name}")), Block("text", text)]
    concluded = snapshot.get("experiments_concluded") or []
    blocks.append(Block("subheading", w.t("summary.city.experiments")))
    if concluded:
        header = (w.t("column.date"), w.t("column.title"), w.t("column.outcome"))
        rows = tuple(
            (
                w.date(dt.date.fromisoformat(item["date"])),
                str(item.get("title", "")),
                w.t(f"outcome.{item.get('outcome')}"),
            )
            for item in concluded
        )
        blocks.append(Block("table", rows=(header, *rows)))
    else:
        blocks.append(Block("text", w.t("summary.city.experiments_none")))
    blocks.append(
        Block(
            "text",
            w.t(
                "summary.city.activity",
                **{part: len(snapshot.get(part) or []) for part in ACTIVITY},
            ),
        )
    )
    pulses = snapshot.get("checkins") or {}
    if pulses.get("count"):
        mood = formats.number(pulses.get("mood_mean"), w.lang)
        blocks.append(Block("text", w.t("summary.city.checkins", count=pulses["count"], mood=mood)))
    else:
        blocks.append(Block("text", w.t("summary.city.checkins_none")))
    return blocks


def _city_blocks(found: CycleSummary, part: CityPart, w: _Words) -> list[Block]:
    blocks = [Block("heading", part.city.name)]
    if part.row is None:
        return [*blocks, Block("text", _overlapping_text(found, part, w))]
    row = part.row
    blocks.append(
        Block(
            "text",
            w.t(
                "summary.city.period",
                cycle=found.cycle,
                start=w.date(row["start"]),
                end=w.date(row["end"]),
                due=w.date(row["due"]),
                state=w.state(row["state"]),
            ),
        )
    )
    report = part.report
    if report is None or report.snapshot is None:
        draft = report is not None and report.status == "draft"
        key = "summary.city.draft" if draft else "summary.city.no_report"
        return [*blocks, Block("text", w.t(key))]
    return blocks + _report_blocks(report, w)


def outline(found: CycleSummary, lang: str, image: Render = brief.chart_png) -> list[Block]:
    """The summary as blocks: what it covers, compliance, the network's figures, each city.
    `image` turns a chart into PNG bytes (a test may pass a stand-in and skip rendering)."""
    w = _Words(lang)
    blocks = [
        Block("title", w.t("summary.title", network=found.network.name, cycle=found.cycle)),
        Block(
            "text",
            w.t(
                "summary.covers",
                cities=len(found.cities),
                start=w.date(found.start),
                end=w.date(found.end),
                date=w.date(found.today),
            ),
        ),
        Block("text", w.t("summary.which_cycle", cycle=found.cycle)),
    ]
    blocks += _compliance_blocks(found, w, image)
    blocks += _figure_blocks(found, w, image)
    for part in found.cities:
        blocks += _city_blocks(found, part, w)
    return plan_document.clean_blocks(blocks)


def document(
    user: User, cycle_key: str, lang: str, fmt: str, today: dt.date | None = None
) -> bytes:
    """The summary of the cycle for the user's cities, as "pdf" or "docx" bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown summary format {fmt!r}")
    blocks = outline(summary(user, cycle_key, today), lang)
    if fmt == "pdf":
        return plan_document.blocks_pdf(blocks, blocks[0].text, lang)
    return plan_document.blocks_docx(blocks, lang)


def file_name(cycle_key: str, fmt: str, lang: str, today: dt.date) -> str:
    """'funder-summary-2026-Q3-2026-11-29.pdf' (in the reader's language)."""
    return f"{i18n.t('summary.file_word', lang)}-{cycle_key}-{today.isoformat()}.{fmt}"
