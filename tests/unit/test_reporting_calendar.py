"""The reporting calendar has a start and an end: an imported network with years of history is
not a chronic non-reporter, a programme that has ended accrues nothing, and reminders only say
what a person can act on, the most recent first.

Networks here come in through the import format (a file written by the test, not the demo's),
and every figure is checked against the test's own quarter arithmetic, never against the
calendar's or compliance's functions."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from models.base import stored, today
from models.city import City, StageEntry
from models.reporting import Report, ReportCycle, ReportingSettings, ReportingSettingsUpdate
from models.user import User
from services.core import collections, i18n, store
from services.network import networks
from services.reporting import compliance, reminders, settings
from services.transfer import archive

TODAY = today()
GRACE = 14  # the default grace days (a file without reporting settings)
NETWORK = "net-imported"
CITY = "city-oldtown"
# The first day of last month: "reporting starts last month".
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
FOUR_YEARS_AGO = TODAY - dt.timedelta(days=4 * 365)


def quarters(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(key, start, end) of every calendar quarter from the one holding `first` to the one
    holding `last`: the test's own arithmetic."""
    found = []
    year, q = first.year, (first.month - 1) // 3
    while (year, q) <= (last.year, (last.month - 1) // 3):
        start = dt.date(year, 3 * q + 1, 1)
        following = dt.date(year + 1, 1, 1) if q == 3 else dt.date(year, 3 * q + 4, 1)
        found.append((f"{year}-Q{q + 1}", start, following - dt.timedelta(days=1)))
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return found


def expected_states(
    joined: dt.date,
    filed: dict[str, str],
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> dict[str, str]:
    """What compliance must say, by cycle: a filed report's state wherever its cycle lies; a
    quarter that neither ends before the start nor starts after the end, and has started, is
    missing once its due date has passed, open before."""
    found = {}
    for key, start, end in quarters(joined, TODAY):
        if key in filed:
            found[key] = filed[key]
        elif (starts_on is None or end >= starts_on) and (ends_on is None or start <= ends_on):
            found[key] = "missing" if end + dt.timedelta(days=GRACE) < TODAY else "open"
    return found


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


def history_file(
    joined: dt.date,
    reports: dict[str, str],
    reporting: dict | None = None,
) -> str:
    """An export file of one quarterly network whose city joined on `joined`: a coordinator, a
    city lead and a local action group member; a report in the state given for each cycle of
    `reports` (submitted two days after the period ends); reporting settings with the fields of
    `reporting` (none at all when None)."""
    created = _at(joined)
    network = networks.new_network("Imported network", id=NETWORK, reporting_rhythm="quarterly")
    network = network.model_copy(update={"created_at": created, "updated_at": created})
    city = City(
        id=CITY,
        network_id=NETWORK,
        name="Oldtown",
        country="Portugal",
        stage=network.stages[0].key,
        stage_history=[StageEntry(stage=network.stages[0].key, entered_at=created)],
        created_at=created,
        updated_at=created,
    )
    people = [
        User(
            id=f"u-{name}",
            network_id=NETWORK,
            username=name,
            display_name=name.title(),
            role=role,
            city_ids=[] if role == "coordinator" else [CITY],
        )
        for name, role in (("coord", "coordinator"), ("lead", "city_lead"), ("lag", "lag_member"))
    ]
    periods = {key: (start, end) for key, start, end in quarters(joined, TODAY)}
    cycle_docs, report_docs = [], []
    for key, status in reports.items():
        start, end = periods[key]
        due = end + dt.timedelta(days=GRACE)
        cycle = ReportCycle(
            id=f"cycle-{key}",
            network_id=NETWORK,
            city_id=CITY,
            key=key,
            kind="quarter",
            start=start,
            end=end,
            due=due,
        )
        submitted = _at(end + dt.timedelta(days=2))
        report = Report(
            id=f"report-{key}",
            network_id=NETWORK,
            city_id=CITY,
            cycle_id=cycle.id,
            cycle_key=key,
            start=start,
            end=end,
            due=due,
            status=status,
            snapshot={},
            submitted_at=submitted,
            submitted_by="u-lead",
            decided_at=submitted + dt.timedelta(days=3),
            decided_by="u-coord",
        )
        cycle_docs.append(cycle.to_doc())
        report_docs.append(report.to_doc())
    docs = {
        collections.NETWORKS: [network.to_doc()],
        collections.CITIES: [city.to_doc()],
        collections.USERS: [u.to_doc() for u in people],
        collections.REPORT_CYCLES: cycle_docs,
        collections.REPORTS: report_docs,
    }
    if reporting is not None:
        doc = ReportingSettings(id=NETWORK, network_id=NETWORK).to_doc()
        doc = {
            k: v for k, v in doc.items() if k not in ("reporting_starts_on", "programme_ends_on")
        }
        docs[collections.REPORTING_SETTINGS] = [{**doc, **stored(reporting)}]
    return archive.dumps(docs)


def imported(db: store.Store, text: str) -> None:
    archive.import_text(db, text)


def compliance_states() -> dict[str, str]:
    network = networks.get_network(NETWORK)
    city = City.from_doc(store.get().find_one(collections.CITIES, {"_id": CITY}))
    frame = compliance.compliance_frame(network, [city], TODAY)
    return dict(zip(frame["cycle"], frame["state"], strict=True))


def summary_states() -> dict[str, str]:
    """The cycles the city's stored summary (the dashboard's source) holds."""
    city = store.get().find_one(collections.CITIES, {"_id": CITY})
    return {c["cycle"]: c["state"] for c in city["summary"]["cycles"]}


def user(user_id: str) -> User:
    return User.from_doc(store.get().find_one(collections.USERS, {"_id": user_id}))


OLDEST = quarters(FOUR_YEARS_AGO, TODAY)[0][0]


# --- the start ---------------------------------------------------------------------------------


def test_an_import_without_a_start_starts_reporting_on_the_import_day(db):
    """Four years of history, one report filed: not "1 of 17 submitted, 16 missing"."""
    imported(db, history_file(FOUR_YEARS_AGO, {OLDEST: "accepted"}))
    config = settings.get_settings(NETWORK)
    assert config.reporting_starts_on == TODAY
    expected = expected_states(FOUR_YEARS_AGO, {OLDEST: "accepted"}, starts_on=TODAY)
    assert "missing" not in expected.values()
    assert compliance_states() == expected
    assert summary_states() == expected
    # Reminders: nothing to submit (the only quarter the calendar covers has not ended).
    assert not [i for i in reminders.due_items(user("u-lead"), TODAY) if "cycle" in i.values]


def test_settings_written_before_the_dates_existed_start_on_the_import_day(db):
    text = history_file(FOUR_YEARS_AGO, {}, reporting={"report_grace_days": GRACE})
    imported(db, text)
    assert settings.get_settings(NETWORK).reporting_starts_on == TODAY
    assert "missing" not in compliance_states().values()


def test_a_start_last_month_leaves_nothing_missing_before_it(db):
    imported(
        db, history_file(FOUR_YEARS_AGO, {OLDEST: "accepted"}, {"reporting_starts_on": LAST_MONTH})
    )
    assert settings.get_settings(NETWORK).reporting_starts_on == LAST_MONTH  # the file's, kept
    expected = expected_states(FOUR_YEARS_AGO, {OLDEST: "accepted"}, starts_on=LAST_MONTH)
    found = compliance_states()
    assert found == expected
    assert summary_states() == expected
    periods = {key: (start, end) for key, start, end in quarters(FOUR_YEARS_AGO, TODAY)}
    before = [
        k for k, s in found.items() if periods[k][1] < LAST_MONTH and s in ("missing", "open")
    ]
    assert before == []
    # The only rows before the start are the filed history; the rest all reach the start.
    assert {k for k in found if periods[k][1] < LAST_MONTH} == {OLDEST}


def test_a_file_that_says_there_is_no_start_keeps_every_quarter(db):
    """The old behaviour, when asked for: null in the file is kept (a round trip of a network
    that never set a start changes nothing)."""
    imported(db, history_file(FOUR_YEARS_AGO, {OLDEST: "accepted"}, {"reporting_starts_on": None}))
    assert settings.get_settings(NETWORK).reporting_starts_on is None
    expected = expected_states(FOUR_YEARS_AGO, {OLDEST: "accepted"})
    assert list(expected.values()).count("missing") >= 14  # four years of quarters
    assert compliance_states() == expected


# --- the end -----------------------------------------------------------------------------------

JOINED_2020 = dt.date(2020, 2, 10)
ENDED = dt.date(2022, 6, 30)


def test_a_programme_that_ended_in_2022_accrues_nothing_after_its_end(db):
    filed = {"2020-Q1": "accepted", "2021-Q3": "submitted"}
    imported(
        db,
        history_file(JOINED_2020, filed, {"reporting_starts_on": None, "programme_ends_on": ENDED}),
    )
    expected = expected_states(JOINED_2020, filed, ends_on=ENDED)
    assert compliance_states() == expected == summary_states()
    assert max(expected) == "2022-Q2"  # the quarter holding the end is the last
    assert list(expected.values()).count("missing") == 10 - 2
    # Nothing changes with the calendar any more: the summary is not recomputed every read.
    held = store.get().find_one(collections.CITIES, {"_id": CITY})["summary"]["valid_until"]
    assert held is None or held.date() >= TODAY
    # Reopening the programme (clearing its end) refreshes every city: the quarters since
    # 2022 count again.
    coordinator = user("u-coord")
    settings.update_settings(
        coordinator, settings.get_settings(NETWORK), {"programme_ends_on": None}
    )
    reopened = expected_states(JOINED_2020, filed)
    assert max(reopened) > "2022-Q2"
    assert summary_states() == reopened == compliance_states()


def test_an_end_before_the_start_is_refused_naming_the_field(db):
    imported(db, history_file(FOUR_YEARS_AGO, {}, {"reporting_starts_on": LAST_MONTH}))
    coordinator = user("u-coord")
    read = settings.get_settings(NETWORK)
    with pytest.raises(pydantic.ValidationError) as caught:
        settings.update_settings(
            coordinator, read, {"programme_ends_on": LAST_MONTH - dt.timedelta(days=1)}
        )
    assert [e["loc"] for e in caught.value.errors()] == [("programme_ends_on",)]
    assert caught.value.errors()[0]["type"] == "reporting_programme_ends_before_start"
    assert settings.get_settings(NETWORK) == read  # nothing saved
    with pytest.raises(pydantic.ValidationError):
        ReportingSettingsUpdate(reporting_starts_on=TODAY, programme_ends_on=TODAY)
    for lang, words in (("en", "after the day reporting starts"), ("fr", "postérieure")):
        assert words in i18n.t("validation.reporting_programme_ends_before_start", lang)
    saved = settings.update_settings(
        coordinator, read, {"programme_ends_on": TODAY + dt.timedelta(days=1)}
    )
    assert saved.programme_ends_on == TODAY + dt.timedelta(days=1)


def test_an_export_import_round_trip_keeps_the_dates(db):
    dates = {"reporting_starts_on": LAST_MONTH, "programme_ends_on": dt.date(2030, 12, 31)}
    imported(db, history_file(FOUR_YEARS_AGO, {}, dates))
    text, _ = archive.export(db)
    again = store.Store.memory()
    archive.import_text(again, text, on=TODAY + dt.timedelta(days=400))  # a later day: unused
    with store.using(again):
        config = settings.get_settings(NETWORK)
    assert (config.reporting_starts_on, config.programme_ends_on) == tuple(dates.values())
    assert (
        archive.snapshot(again)[collections.REPORTING_SETTINGS]
        == archive.snapshot(db)[collections.REPORTING_SETTINGS]
    )


# --- reminders ---------------------------------------------------------------------------------


def _ended_quarters(joined: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    return [q for q in quarters(joined, TODAY) if q[2] < TODAY]


def test_reminders_list_the_latest_reports_first_and_only_to_who_can_write_them(db):
    ended = _ended_quarters(FOUR_YEARS_AGO)
    returned = ended[-3][0]  # sent back, two quarters before the latest ended one
    filed = {OLDEST: "accepted", returned: "returned"}
    imported(db, history_file(FOUR_YEARS_AGO, filed, {"reporting_starts_on": None}))
    lines = [i for i in reminders.due_items(user("u-lead"), TODAY) if "cycle" in i.values]
    # Every ended quarter without a submitted report, the most recent first.
    expected = [key for key, _, _ in reversed(ended) if filed.get(key) != "accepted"]
    assert [i.values["cycle"] for i in lines] == expected
    dues = [i.values["due"] for i in lines]
    assert dues == sorted(dues, reverse=True)
    # The sidebar's first lines are the latest, not the oldest.
    sidebar = [i for i in reminders.city_items(user("u-lead"), TODAY) if "cycle" in i.values]
    assert sidebar[0].values["cycle"] == ended[-1][0]
    # A local action group member cannot write reports: told of none (the check-in still).
    lag_items = reminders.due_items(user("u-lag"), TODAY)
    assert lag_items and not [i for i in lag_items if i.key.startswith("reminder.report")]
    # The network team is not a city's voice.
    assert reminders.due_items(user("u-coord"), TODAY) == []


@pytest.mark.parametrize(("lang", "words"), [("en", "was sent back"), ("fr", "a été renvoyé")])
def test_a_report_sent_back_says_so(db, lang, words):
    ended = _ended_quarters(FOUR_YEARS_AGO)
    returned = ended[-3][0]
    imported(
        db, history_file(FOUR_YEARS_AGO, {returned: "returned"}, {"reporting_starts_on": None})
    )
    line = next(
        i for i in reminders.due_items(user("u-lead"), TODAY) if i.values.get("cycle") == returned
    )
    assert line.key == "reminder.report_returned"
    text = line.text(lang)
    assert words in text and "Oldtown" in text
    assert "was due" not in text and "était attendu" not in text


def test_no_reminder_for_a_cycle_before_the_start_even_sent_back(db):
    ended = _ended_quarters(FOUR_YEARS_AGO)
    returned = ended[-3][0]
    imported(
        db,
        history_file(FOUR_YEARS_AGO, {returned: "returned"}, {"reporting_starts_on": LAST_MONTH}),
    )
    periods = {key: end for key, _, end in quarters(FOUR_YEARS_AGO, TODAY)}
    lines = [i for i in reminders.due_items(user("u-lead"), TODAY) if "cycle" in i.values]
    assert all(periods[i.values["cycle"]] >= LAST_MONTH for i in lines)
    assert returned not in {i.values["cycle"] for i in lines}
    # Compliance still shows the fact: the report was sent back.
    assert compliance_states()[returned] == "returned"


def test_an_older_store_without_the_dates_reads_no_start_and_no_end(db):
    """A network whose settings were saved before the fields existed (the demo's, an old
    store): the calendar reads them as open at both ends."""
    imported(db, history_file(FOUR_YEARS_AGO, {}, {"reporting_starts_on": None}))
    store.get().update_one(
        collections.REPORTING_SETTINGS,
        {"_id": NETWORK},
        {"$unset": {"reporting_starts_on": "", "programme_ends_on": ""}},
    )
    config = settings.get_settings(NETWORK)
    assert (config.reporting_starts_on, config.programme_ends_on) == (None, None)
    assert compliance_states() == expected_states(FOUR_YEARS_AGO, {})


def test_a_start_set_ahead_refreshes_every_summary_and_holds_them_until_the_quarter_ends(db):
    imported(db, history_file(FOUR_YEARS_AGO, {}, {"reporting_starts_on": None}))
    assert "missing" in summary_states().values()
    this_quarter_end = quarters(TODAY, TODAY)[0][2]
    ahead = this_quarter_end + dt.timedelta(days=10)  # the current quarter ends before it
    coordinator = user("u-coord")
    settings.update_settings(
        coordinator, settings.get_settings(NETWORK), {"reporting_starts_on": ahead}
    )
    assert (
        summary_states() == compliance_states() == expected_states(FOUR_YEARS_AGO, {}, ahead) == {}
    )
    # The next quarter may start counting: the summary is recomputed by then, not left as is.
    held = store.get().find_one(collections.CITIES, {"_id": CITY})["summary"]["valid_until"]
    assert held is not None and TODAY <= held.date() <= this_quarter_end
