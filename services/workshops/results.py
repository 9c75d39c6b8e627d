"""A workshop's results: top-voted notes, the 2x2 grid as a chart, CSV and Markdown exports."""

from __future__ import annotations

import pandas as pd

from models import workshops as wm
from services.core import i18n
from services.plans.document import md_text
from services.transfer import cells
from services.workshops import boards

# "votes" counts every vote; "proxy_votes" says how many of them the facilitator entered for
# people in the room without a phone.
COLUMNS = ["rank", "column", "text", "votes", "proxy_votes", "group", "x", "y", "sector", "author"]


def results_frame(board: boards.Board, lang: str = "en") -> pd.DataFrame:
    """One row per note on the board, most votes first (ties in posting order); a grouped
    note names its group's note. Hidden vote counts are left empty."""
    texts = {n.id: n.text for n in board.notes}
    # Each column's and sector's name once (a board holds hundreds of notes, a few columns).
    columns = {c: i18n.t(f"workshops.column.{c}", lang) for c in {n.column for n in board.notes}}
    sectors = {s: i18n.t(f"plan.sector.{s}", lang) for s in {n.sector for n in board.notes} if s}
    ordered = sorted(enumerate(board.notes), key=lambda pair: (-(pair[1].votes or 0), pair[0]))
    rows = [
        {
            "rank": rank,
            "column": columns[note.column],
            "text": note.text,
            "votes": note.votes,
            "proxy_votes": None if note.votes is None else note.proxy_votes,
            "group": texts.get(note.group_id, "") if note.group_id else "",
            "x": note.x,
            "y": note.y,
            "sector": sectors[note.sector] if note.sector else "",
            "author": note.author,
        }
        for rank, (_, note) in enumerate(ordered, start=1)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def top_notes(board: boards.Board, column: str | None = None, limit: int = 5) -> list:
    """The most-voted notes (of one column), at least one vote each."""
    notes = [n for n in board.notes if column is None or n.column == column]
    voted = [n for n in notes if (n.votes or 0) > 0]
    return sorted(voted, key=lambda n: -(n.votes or 0))[:limit]


def results_csv(board: boards.Board, lang: str = "en") -> str:
    """The results as CSV; every cell through cells.safe (no spreadsheet formulas)."""
    frame = results_frame(board, lang)
    return cells.csv_text(
        COLUMNS, frame.astype(object).where(frame.notna(), None).to_dict("records")
    )


def results_markdown(board: boards.Board, city_name: str, lang: str = "en") -> str:
    """The results as Markdown: what people wrote reads as text (escaped), never as markup."""
    ws = board.workshop
    lines = [
        f"# {md_text(ws.title)}",
        "",
        f"{md_text(city_name)} · {i18n.t(f'workshops.template.{ws.template}', lang)} · "
        + i18n.t("workshops.participants_count", lang, count=board.participants),
        "",
    ]
    for column in ws.columns:
        notes = [n for n in board.notes if n.column == column]
        if not notes:
            continue
        lines += [f"## {i18n.t(f'workshops.column.{column}', lang)}", ""]
        for note in sorted(notes, key=lambda n: -(n.votes or 0)):
            votes = "" if note.votes is None else f" ({note.votes})"
            lines.append(f"- {md_text(' '.join(note.text.split()))}{votes}")
        lines.append("")
    return "\n".join(lines)


def file_name(workshop: wm.Workshop, ext: str) -> str:
    """A download's name: the workshop's title (letters and digits kept, the rest dashes) and
    the day it was held, e.g. `Mobility-night-2026-12-06.csv`."""
    safe = "-".join("".join(c if c.isalnum() else " " for c in workshop.title).split())
    return f"{safe[:60].strip('-') or 'workshop'}-{workshop.created_at.date()}.{ext}"
