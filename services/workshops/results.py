"""A workshop's results: top-voted notes, the 2x2 grid as a chart, CSV and Markdown exports."""

from __future__ import annotations

import altair as alt
import pandas as pd

from services.core import charts, i18n
from services.transfer import cells
from services.transfer.plan_document import md_text
from services.workshops import workshops

COLUMNS = ["rank", "column", "text", "votes", "group", "x", "y", "sector", "author"]


def results_frame(board: workshops.Board, lang: str = "en") -> pd.DataFrame:
    """One row per note on the board, most votes first (ties in posting order); a grouped
    note names its group's note. Hidden vote counts are left empty."""
    texts = {n.id: n.text for n in board.notes}
    ordered = sorted(enumerate(board.notes), key=lambda pair: (-(pair[1].votes or 0), pair[0]))
    rows = [
        {
            "rank": rank,
            "column": i18n.t(f"workshops.column.{note.column}", lang),
            "text": note.text,
            "votes": note.votes,
            "group": texts.get(note.group_id, "") if note.group_id else "",
            "x": note.x,
            "y": note.y,
            "sector": i18n.t(f"plan.sector.{note.sector}", lang) if note.sector else "",
            "author": note.author,
        }
        for rank, (_, note) in enumerate(ordered, start=1)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def top_notes(board: workshops.Board, column: str | None = None, limit: int = 5) -> list:
    """The most-voted notes (of one column), at least one vote each."""
    notes = [n for n in board.notes if column is None or n.column == column]
    voted = [n for n in notes if (n.votes or 0) > 0]
    return sorted(voted, key=lambda n: -(n.votes or 0))[:limit]


def grid_chart(board: workshops.Board, lang: str = "en") -> alt.Chart | None:
    """The notes placed on the template's 2x2 grid (x, y from 1 to 5, quadrant lines at 3);
    None for templates without a grid."""
    grid = board.workshop.grid
    if grid is None:
        return None
    x_name, y_name = grid
    placed = [n for n in board.notes if n.x is not None and n.y is not None]
    data = pd.DataFrame(
        [
            {
                "x": n.x,
                "y": n.y,
                "text": n.text[:60],
                "votes": n.votes or 0,
            }
            for n in placed
        ],
        columns=["x", "y", "text", "votes"],
    )
    x_title = i18n.t(f"workshops.axis.{x_name}", lang)
    y_title = i18n.t(f"workshops.axis.{y_name}", lang)
    domain = [0.5, 5.5]
    x = alt.X(
        "x:Q",
        title=x_title,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
    )
    y = alt.Y(
        "y:Q",
        title=y_title,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
    )
    points = (
        alt.Chart(data)
        .mark_circle(color=charts.PALETTE[0], opacity=0.8)
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                "votes:Q", title=i18n.t("workshops.votes", lang), scale=alt.Scale(range=[80, 800])
            ),
            tooltip=[
                alt.Tooltip("text:N", title=i18n.t("workshops.note", lang)),
                alt.Tooltip("votes:Q", title=i18n.t("workshops.votes", lang)),
            ],
        )
    )
    labels = (
        alt.Chart(data).mark_text(align="left", dx=10, fontSize=13).encode(x=x, y=y, text="text:N")
    )
    lines = pd.DataFrame({"at": [3]})
    rule_x = alt.Chart(lines).mark_rule(color="#888", strokeDash=[4, 4]).encode(x="at:Q")
    rule_y = alt.Chart(lines).mark_rule(color="#888", strokeDash=[4, 4]).encode(y="at:Q")
    return alt.layer(rule_x, rule_y, points, labels).properties(height=420)


def results_csv(board: workshops.Board, lang: str = "en") -> str:
    """The results as CSV; every cell through cells.safe (no spreadsheet formulas)."""
    frame = results_frame(board, lang)
    return cells.csv_text(
        COLUMNS, frame.astype(object).where(frame.notna(), None).to_dict("records")
    )


def results_markdown(board: workshops.Board, city_name: str, lang: str = "en") -> str:
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
