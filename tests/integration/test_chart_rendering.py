"""Every chart the app builds, drawn by Vega (vl-convert) as Streamlit lays it out: its marks
are visible, and the assumption map's axes are labelled in whole numbers.

Integration tier because it renders: vl-convert starts a JavaScript engine and draws each of
the ~40 charts of the demo (about 7 s, a fifth of the unit tier). What each chart draws, read
from its spec, is checked in tests/unit/test_charts.py on the same cases (tests/chart_cases.py).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
import vl_convert

from services.dashboard import charts as dashboard_charts
from services.network import networks
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


# --- every category named, at a desktop's width and a phone's, nothing cut ---------------------

DESKTOP_COLUMN_PX = 1200
_AXIS = re.compile(
    r'aria-roledescription="axis" aria-label="([^"]*)">(.*?)'
    r'<g class="mark-text role-axis-title"[^>]*>(.*?)</g>',
    re.S,
)
_DISCRETE = re.compile(r"for a discrete scale with (\d+) value")
_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)
_TEXT = re.compile(
    r'<text[^>]*transform="translate\(([-\d.e]+),[-\d.e]+\)[^"]*"[^>]*font-size="([\d.]+)px"'
    r"[^>]*>(.*?)</text>"
)
_TAG = re.compile(r"<[^>]+>")
_CHAR_EM = 0.53  # a sans-serif character's width, in ems, on average (accents included)


def _merged(theme: dict, config: dict) -> dict:
    """Streamlit's theme under the chart's own config (the chart's settings win)."""
    out = dict(theme)
    for key, value in config.items():
        out[key] = _merged(out[key], value) if isinstance(out.get(key), dict) else value
    return out


def _render_at(spec: dict, width: int) -> str:
    themed = {**spec, "config": _merged(STREAMLIT_THEME, spec.get("config", {})), "width": width}
    return vl_convert.vegalite_to_svg(themed)


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"')


def label_problems(svg: str) -> list[str]:
    """What a reader would miss on the drawn chart: a category of a discrete axis without its
    label, a label or axis title cut ("…"), labels side by side drawn over each other."""
    found = []
    for aria, body, title in _AXIS.findall(svg):
        axis = _unescape(aria).split(" for ")[0]
        if "…" in _TAG.sub("", title):
            found.append(f"{axis}: title cut: {_TAG.sub('', title)!r}")
        labels_group = _LABELS.search(body)
        texts = _TEXT.findall(labels_group.group(1)) if labels_group else []
        for _x, _size, text in texts:
            if "…" in text:
                found.append(f"{axis}: label cut: {_TAG.sub(' ', text)!r}")
        wanted = _DISCRETE.search(aria)
        if wanted and len(texts) != int(wanted.group(1)):
            found.append(f"{axis}: {len(texts)} of {wanted.group(1)} categories labelled")
        upright = "rotate" not in (labels_group.group(1) if labels_group else body)
        if aria.startswith("X-axis") and wanted and upright:
            spans = []
            for x, size, text in texts:
                lines = [_TAG.sub("", line) for line in text.split("</tspan>")] or [text]
                half = max(len(_unescape(line)) for line in lines) * _CHAR_EM * float(size) / 2
                spans.append((float(x) - half, float(x) + half))
            spans.sort()
            for (_a, end), (start, _b) in zip(spans, spans[1:], strict=False):
                if start < end - 2:
                    found.append(f"{axis}: labels drawn over each other")
                    break
    return found


@pytest.mark.parametrize("builder", sorted(CASES))
def test_every_category_is_labelled_and_nothing_is_cut_at_both_widths(readonly_world, builder):
    failures = []
    for case in CASES[builder](readonly_world):
        spec = case.chart.to_dict()
        for width in (PHONE_COLUMN_PX, DESKTOP_COLUMN_PX):
            failures += [
                f"{case.name} at {width}px: {p}" for p in label_problems(_render_at(spec, width))
            ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_stage_heatmap_names_every_stage_at_both_widths(readonly_world, lang):
    """The dashboard's heatmap (its cases live elsewhere: tests/unit/test_chart_accessibility)
    on the demo's stages and cities: on a phone the four stage names were two."""
    network = networks.get_network(readonly_world["admin"].network_id)
    stages = [s.label.get(lang) for s in network.stages]
    cities = [c.name for c in networks.list_cities(readonly_world["admin"])]
    cells = pd.DataFrame(
        [
            {"city": c, "city_id": c, "stage": s, "share": i / len(stages)}
            for c in cities
            for i, s in enumerate(stages)
        ]
    )
    titles = {"stage": "Étape" if lang == "fr" else "Stage", "city": "Ville", "share": "Part"}
    chart = dashboard_charts.heatmap_chart(
        cells, city_order=cities, stage_order=stages, titles=titles, description="d", lang=lang
    )
    for width in (PHONE_COLUMN_PX, DESKTOP_COLUMN_PX):
        svg = _render_at(chart.to_dict(), width)
        assert label_problems(svg) == [], width
        assert f"{len(stages)} values" in svg and len(stages) == 4
