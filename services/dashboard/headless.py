"""Dashboard panels without a page: the tables the dashboard's CSV downloads hold, built on the
server for scripts and cron (`python -m services.cli panel NAME`). No reader is involved: like
an export, it sees every city of the network; the calendar is brought up to date first, as the
page does, so the tables say what the page would say today."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from models.base import utcnow
from services.dashboard import attention, catalog, methods, panels, views

# Names that are views of the dashboard rather than one panel: each gives its panels' tables.
VIEWS: tuple[str, ...] = (*panels.SECTIONS, "methods", "attention")


@dataclasses.dataclass(frozen=True)
class Table:
    """One panel's table as its CSV download holds it (columns named for the reader)."""

    key: str
    caption: str
    frame: pd.DataFrame


def names() -> list[str]:
    """Every name `tables` takes: the dashboard's views, then each panel by its key."""
    return [*VIEWS, *(p.key for p in catalog.PANELS if p.key not in VIEWS)]


def context(network_id: str, lang: str, today: dt.date | None = None) -> panels.Context:
    """Every city of the network, with every summary field, as the panels see them today."""
    today = today or utcnow().date()
    views.refresh_calendar(network_id, today)
    found = views.load_network(network_id, today)
    return panels.Context(found.network, list(found.cities), today, lang)


def _table(view: panels.PanelView) -> Table:
    return Table(view.key, view.caption, view.table())


def tables(network_id: str, name: str, lang: str, today: dt.date | None = None) -> list[Table]:
    """The tables of a view (`VIEWS`) or of one panel (its key), in the page's order
    (KeyError for an unknown name)."""
    if name not in names():
        raise KeyError(name)
    ctx = context(network_id, lang, today)
    if name == "attention":
        frame = attention.attention_frame(ctx)
        labelled = frame.rename(columns=lambda c: panels.column_label(c, lang))
        return [Table("attention", attention.caption(ctx), labelled)]
    if name == "methods":
        return [_table(methods.methods_panel(ctx))]
    chosen = [p for p in catalog.PANELS if name in (p.key, p.section)]
    return [_table(p.build(ctx)) for p in chosen]
