"""Every chart the app builds, drawn by Vega (vl-convert) as Streamlit lays it out: its marks
are visible, and the assumption map's axes are labelled in whole numbers.

Integration tier because it renders: vl-convert starts a JavaScript engine and draws each of
the ~40 charts of the demo (about 7 s, a fifth of the unit tier). What each chart draws, read
from its spec, is checked in tests/unit/test_charts.py on the same cases (tests/chart_cases.py).
"""

from __future__ import annotations

import re

import pytest
import vl_convert

from tests.chart_cases import CASES, assumption_map_cases, spec_views

# Streamlit 1.67's chart theme (frontend CustomTheme: sizes in px of its default theme), the
# parts that take room from the plot: that is how `st.altair_chart` lays a chart out.
STREAMLIT_THEME = {
    "autosize": {"type": "fit", "contains": "padding"},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 14,
        "ticks": False,
        "domain": False,
        "titlePadding": 16,
        "labelPadding": 16,
        "labelSeparation": 2,
        "labelLimit": 100,
    },
    "legend": {
        "labelFontSize": 14,
        "titleFontSize": 14,
        "titlePadding": 8,
        "labelPadding": 16,
        "columnPadding": 8,
        "rowPadding": 2,
        "padding": 8,
    },
    "view": {"continuousHeight": 350, "continuousWidth": 400, "strokeWidth": 0},
}
PHONE_COLUMN_PX = 320
MIN_BAR_PX = 8


def _render(spec: dict) -> str:
    themed = {**spec, "config": STREAMLIT_THEME, "width": PHONE_COLUMN_PX}
    return vl_convert.vegalite_to_svg(themed)


_BAR = re.compile(r'aria-roledescription="bar" d="M[-\d.e]+,[-\d.e]+h([-\d.e]+)v([-\d.e]+)')
_SYMBOL = re.compile(r'role="graphics-symbol"')


def _band_channel(view: dict) -> str:
    """The channel a bar's thickness runs along: y for horizontal bars (or no x category)."""
    x = view.get("encoding", {}).get("x", {})
    return "x" if x.get("type") in ("nominal", "ordinal") else "y"


@pytest.mark.parametrize("builder", sorted(CASES))
def test_each_chart_is_drawn_visibly_in_streamlits_layout(readonly_world, builder):
    cases = list(CASES[builder](readonly_world))
    assert cases, f"the demo shows no {builder}: nothing would be checked"
    for case in cases:
        spec = case.chart.to_dict()
        svg = _render(spec)
        assert _SYMBOL.search(svg), f"{case.name}: no mark drawn"
        bar_views = [v for v, _, _ in spec_views(spec) if "bar" in str(v.get("mark"))]
        for view in bar_views:
            axis = _band_channel(view)
            for width, height in _BAR.findall(svg):
                thickness = abs(float(width if axis == "x" else height))
                assert thickness >= MIN_BAR_PX, f"{case.name}: a bar {thickness:.1f} px thick"


def test_the_assumption_map_labels_its_axes_in_whole_numbers(readonly_world):
    cases = list(assumption_map_cases(readonly_world))
    assert cases
    for case in cases:
        labels = re.findall(r">(\d+(?:\.\d+)?)</text>", _render(case.chart.to_dict()))
        assert labels and not [t for t in labels if "." in t], f"{case.name}: {labels}"
