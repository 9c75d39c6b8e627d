"""On a phone (390x844): a local action group member records a result and sees it in the
latest entries and in the chart, within a minute of test time."""

from __future__ import annotations

import time

from services.core import i18n
from tests.e2e import helpers

# Ghent (city-0010) is at the experimentation stage in the demo: its "Shared evening delivery
# round" test card is running, in orders per week against a target of 120
# (services/demo/data/stories/10-ghent.json).
LAG_USER = "lag.ghent"
EXPERIMENT_TITLE = "Shared evening delivery round"
UNIT = "orders"
TARGET = 120
VALUE = "137"


def test_lag_member_records_a_result_on_a_phone(server, phone_page):
    page = phone_page
    started = time.monotonic()
    helpers.login(page, server, LAG_USER, server.demo_password)

    # A local action group member lands on the record page: no menu to open on the phone.
    helpers.assert_no_error(page)
    assert page.locator("h1").first.inner_text() == i18n.t("record.title", "en")
    # The running experiment of the member's city is chosen already (the only running one).
    picker = helpers.by_key(page, "record.experiment")
    chosen = picker.inner_text() + " ".join(
        picker.locator("input").evaluate_all("els => els.map(e => e.value)")
    )
    assert EXPERIMENT_TITLE in chosen
    # The value field shows the metric's unit; big controls, a few taps.
    value = helpers.by_key(page, "record.value")
    assert f"({UNIT})" in value.inner_text()
    value.locator("input").fill(VALUE)
    helpers.fill(page, "record.note", "rainy evening, phone test")
    save = helpers.by_key(page, "record.save").locator("button")
    box = save.bounding_box()
    assert box is not None and box["width"] >= 300  # full width on a phone
    picker_at = picker.first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    save.click()
    helpers.wait_idle(page)
    helpers.assert_no_error(page)

    saved = page.get_by_text(i18n.t("record.saved", "en"))
    saved.wait_for()
    # The success line is over the page, in the window wherever it is scrolled, and moves
    # nothing: what a finger aims at after a save is where it was.
    box = saved.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844
    assert picker.first.evaluate("e => e.getBoundingClientRect().top + window.scrollY") == picker_at
    entries = page.locator("[class*='st-key-record-entry-']")
    first = entries.first.inner_text()
    assert f"{VALUE} {UNIT}" in first
    assert "rainy evening, phone test" in first
    # The chart against the target carries the new value.
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.scroll_into_view_if_needed()
    chart.wait_for(state="visible")
    # Vega draws SVG marks with an aria-label per point: the new one is there, with its note.
    labels = chart.locator("[aria-label]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert any(f"Value: {VALUE}" in label and "phone test" in label for label in labels)
    assert any(label.startswith(f"target: {TARGET}") for label in labels)  # against the target
    helpers.screenshot(page, "record-phone")
    assert time.monotonic() - started < 60
