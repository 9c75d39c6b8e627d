"""Small things seen in the field: no stray "None" on the reports page (a bare expression
statement that Streamlit's magic writes out, as the Markdown "`None`")."""

from __future__ import annotations

import ast
import pathlib

import pytest

from tests import source_code
from tests.ui.conftest import open_page, problems

REPORTS = "pages/reports.py"


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
    scripts = [root / "app.py", *sorted((root / "pages").rglob("*.py"))]
    written = [
        f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)[:60]}"
        for path in scripts
        for node in source_code.nodes(path)
        if isinstance(node, ast.Expr)
        and not isinstance(node.value, (ast.Call, ast.Await, ast.Constant, ast.Yield))
    ]
    assert len(scripts) > 30
    assert written == []
