"""The numbers next to every chart (ui.chart): a CSV whose cells never run as formulas."""

from __future__ import annotations

import pathlib

import pandas as pd

from screens import _ui as ui

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_chart_csv_neutralises_formulas_and_keeps_numbers():
    frame = pd.DataFrame({"Stage": ["=HYPERLINK(1)", "Plan", None], "Cities": [-3, 2, 0]})
    assert ui.csv_of(frame).splitlines() == ["Stage,Cities", "'=HYPERLINK(1),-3", "Plan,2", ",0"]


DRAWER = ROOT / "screens" / "_ui" / "tables.py"  # ui.chart, the one place that draws a chart


def test_pages_draw_charts_only_through_ui_chart():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "screens").rglob("*.py")
        if path != DRAWER and "st.altair_chart" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
