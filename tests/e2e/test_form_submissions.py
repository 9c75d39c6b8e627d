"""One submission, one record, in a real browser (screens/_ui/forms.py): a local action group
member records the same value on two dates and finds two entries; a double click on Send of a
check-in stores one check-in, and the form is drawn empty once it is stored."""

from __future__ import annotations

import datetime as dt

from models.experiment import Experiment, unit_range
from services.core import collections, store
from tests.e2e import helpers, serve

LAG_USER = "lag.ghent"


def stored(server, coll: str, filter: dict) -> list[dict]:
    """Documents of the running server's store (read beside it, as another process would)."""
    with serve.store_of(server.data_dir):
        return store.get().find(coll, filter)


def log_in(page, server) -> None:
    helpers.logged_in(page, server, LAG_USER)
    helpers.assert_no_error(page)


def set_date(page, key: str, day: dt.date) -> None:
    """Set the date input with this key (on a phone, the browser's own date field)."""
    helpers.by_key(page, key).locator("input[type=date]").fill(day.isoformat())
    helpers.wait_idle(page)


def test_the_same_value_on_two_dates_is_two_entries(server, phone_page):
    page = phone_page
    log_in(page, server)
    # A running test card of Ghent's whose unit takes 118 (not a share).
    cities = stored(server, collections.CITIES, {"name": "Ghent"})
    cards = [
        Experiment.from_doc(d)
        for d in stored(
            server, collections.EXPERIMENTS, {"city_id": cities[0]["_id"], "status": "running"}
        )
    ]
    card = next(c for c in cards if unit_range(c.unit) is None and c.criterion.kind == "numeric")
    helpers.select_option(page, "record.experiment", card.title)
    today = dt.datetime.now(dt.UTC).date()
    days = [today - dt.timedelta(days=2), today - dt.timedelta(days=1)]
    note = "same value, next day"
    for day in days:
        set_date(page, "record.date", day)
        helpers.by_key(page, "record.value").locator("input").fill("118")
        helpers.fill(page, "record.note", note)
        helpers.click(page, "record.save")
        helpers.assert_no_error(page)
        # Stored, then drawn empty for the next entry.
        assert helpers.by_key(page, "record.value").locator("input").input_value() == ""
        helpers.pause_before_next_entry(page)  # a person picks the next date and types
    (doc,) = stored(server, collections.EXPERIMENTS, {"_id": card.id})
    entries = [e for e in Experiment.from_doc(doc).results if e.note == note]
    assert sorted((e.date, e.value) for e in entries) == [(days[0], 118), (days[1], 118)]
    latest = page.locator("[class*='st-key-record-entry-']").all_inner_texts()
    assert sum(note in t for t in latest) == 2


def test_a_double_click_on_send_stores_one_checkin(server, page):
    ghent = stored(server, collections.CITIES, {"name": "Ghent"})[0]["_id"]
    before = len(stored(server, collections.CHECKINS, {"city_id": ghent}))
    log_in(page, server)
    helpers.open_page(page, server, "checkin")
    helpers.assert_no_error(page)
    for clicks, text in ((2, "double click on send"), (3, "triple click on send")):
        helpers.fill(page, "checkin.happened", text)
        helpers.by_key(page, "checkin.save").locator("button").click(click_count=clicks, delay=30)
        helpers.wait_idle(page)
        page.wait_for_timeout(1_000)  # let any further submission land before counting
        helpers.wait_idle(page)
        helpers.assert_no_error(page)
        assert len(stored(server, collections.CHECKINS, {"happened": text})) == 1
        # No empty check-in either (what the extra clicks of a cleared form used to store).
        assert helpers.by_key(page, "checkin.happened").locator("textarea").input_value() == ""
        helpers.pause_before_next_entry(page)
    # Five clicks, two submissions: two check-ins in all.
    assert len(stored(server, collections.CHECKINS, {"city_id": ghent})) == before + 2
