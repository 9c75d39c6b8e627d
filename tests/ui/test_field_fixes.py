"""Small things seen in the field: no stray "None" on the reports page (a bare expression
statement that Streamlit's magic writes out, as the Markdown "`None`"); dates typed in the
language's order; decimals written the language's way in sentences."""

from __future__ import annotations

import ast
import pathlib

import pytest

from services.core import i18n
from tests import source_code
from tests.ui.conftest import open_page, problems
from tests.ui.test_experiment_pages import running_experiment

REPORTS = "screens/reports.py"


def shown_texts(at) -> list[str]:
    """What the page's Markdown, text and caption elements read, without code marks."""
    elements = [*at.markdown, *at.text, *at.caption, *at.code]
    return [str(element.value).strip().strip("`").strip() for element in elements]


@pytest.mark.parametrize("role", ["admin", "coordinator", "viewer"])
def test_the_reports_page_prints_no_stray_none(world, role):
    at = open_page(world[role].id, REPORTS)
    assert not problems(at)
    texts = shown_texts(at)
    assert texts  # the page does show texts (the compliance list, the sidebar's name)
    assert "None" not in texts


def test_no_page_leaves_a_value_for_streamlits_magic_to_write():
    """A bare expression that is not a call (`a() if x else b()`, a name, a comparison) in a
    script Streamlit runs is written out on the page; docstrings and calls are not."""
    root = pathlib.Path(__file__).resolve().parents[2]
    scripts = [root / "app.py", *sorted((root / "screens").rglob("*.py"))]
    written = [
        f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)[:60]}"
        for path in scripts
        for node in source_code.nodes(path)
        if isinstance(node, ast.Expr)
        and not isinstance(node.value, (ast.Call, ast.Await, ast.Constant, ast.Yield))
    ]
    assert len(scripts) > 30
    assert written == []


@pytest.mark.parametrize(("lang", "shape"), [("fr", "DD/MM/YYYY"), ("en", "YYYY-MM-DD")])
def test_a_result_s_date_is_typed_in_the_language_s_order(world, lang, shape):
    running_experiment(world, world.city)
    at = open_page(world["lag_member"].id, "screens/record.py", state={"session.lang": lang})
    assert not problems(at)
    assert at.date_input(key="record.date").proto.format == shape


def test_the_date_fields_of_the_pages_i_own_take_the_language_s_format():
    """Every st.date_input of these page modules passes `format=ui.date_format()`."""
    root = pathlib.Path(__file__).resolve().parents[2]
    modules = [
        "screens/record.py",
        "screens/_plan/sections.py",
        "screens/_plan/editing.py",
        "screens/_experiments/cards.py",
        "screens/_experiments/forms.py",
        "screens/_reporting/coordination.py",
    ]
    calls = [
        node
        for module in modules
        for node in source_code.nodes(root / module)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "date_input"
    ]
    assert len(calls) >= 7
    for call in calls:
        formats = [k.value for k in call.keywords if k.arg == "format"]
        assert [ast.unparse(f) for f in formats] == ["ui.date_format()"], ast.unparse(call)


@pytest.mark.parametrize(
    ("lang", "written"), [("fr", "3,8 · 3,8 · 1\u202f234,5 · 7"), ("en", "3.8 · 3.8 · 1,234.5 · 7")]
)
def test_decimals_in_sentences_are_written_the_language_s_way(lang, written):
    words = i18n._Words(lang)
    text = words.format("{a} · {b:.1f} · {c} · {d}", a=3.8, b=3.84, c=1234.5, d=7)
    # Babel's French group separator is a narrow no-break space (or a no-break space)
    assert text.replace("\u00a0", "\u202f") == written
