"""Double submit: a local action group member double-clicks (then triple-clicks) "Save" on the
record page, as a hurried thumb does: each submission of the form records exactly one entry."""

from __future__ import annotations

from models.experiment import Experiment
from services.core import collections, store
from tests.e2e import helpers, serve

LAG_USER = "lag.ghent"  # Ghent's "Weekly SMS reminders" is running in the demo


def entries_noted(server, note: str) -> list:
    """The entries stored by the running server whose note is `note`."""
    with serve.store_of(server.data_dir):
        docs = store.get().find(collections.EXPERIMENTS, {"results.note": note})
        experiments = [Experiment.from_doc(d) for d in docs]
    return [e for x in experiments for e in x.results if e.note == note]


def submit(page, value: str, note: str, clicks: int) -> None:
    helpers.by_key(page, "record.value").locator("input").fill(value)
    helpers.fill(page, "record.note", note)
    helpers.by_key(page, "record.save").locator("button").click(click_count=clicks, delay=30)
    helpers.wait_idle(page)
    page.wait_for_timeout(1_000)  # let any second submission land before counting
    helpers.wait_idle(page)


def test_double_and_triple_click_record_one_entry_each(server, phone_page):
    page = phone_page
    helpers.logged_in(page, server, LAG_USER)
    helpers.assert_no_error(page)

    submit(page, "211", "double click on save", clicks=2)
    helpers.assert_no_error(page)
    (entry,) = entries_noted(server, "double click on save")
    assert entry.value == 211
    # The form is cleared and ready for the next measurement.
    assert helpers.by_key(page, "record.value").locator("input").input_value() == ""

    helpers.pause_before_next_entry(page)
    submit(page, "212", "triple click on save", clicks=3)
    helpers.assert_no_error(page)
    (entry,) = entries_noted(server, "triple click on save")
    assert entry.value == 212
    # The latest entries list each submission once.
    latest = page.locator("[class*='st-key-record-entry-']").all_inner_texts()
    assert sum("double click on save" in t for t in latest) == 1
    assert sum("triple click on save" in t for t in latest) == 1
