"""No "None" on screen: an empty table cell is drawn empty, and the check that every page walk
makes (tests/ui/conftest.every_page reads each page's text) sees a "None" where one shows."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import visible_texts


def _tables(through_ui: bool) -> None:
    import pandas as pd
    import streamlit as st

    from screens import _ui as ui

    frame = pd.DataFrame({"label": ["a cause", None], "parent": [None, "a cause"]})
    if through_ui:
        ui.table(frame, key="t")
        ui.editor(frame, key="e", num_rows="dynamic")
    else:
        st.dataframe(frame, key="t")
        st.markdown(f"Owner: {None}")


def test_empty_cells_of_every_table_and_editor_show_empty():
    at = AppTest.from_function(_tables, args=(True,)).run()
    assert not at.exception
    texts = visible_texts(at)
    assert texts.count("a cause") == 4  # both tables read
    assert "None" not in texts
    assert [table.proto.placeholder for table in at.dataframe] == ["", ""]


def test_the_page_walk_sees_a_none_in_a_table_or_a_sentence():
    at = AppTest.from_function(_tables, args=(False,)).run()
    texts = visible_texts(at)
    assert texts.count("None") == 2  # the table's two empty cells
    assert "Owner: None" in texts
