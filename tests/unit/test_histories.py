"""Signals on networks the demo never was (tests/histories.py: a programme that ended in 2022,
one that began a month ago, a city that went back a stage, check-ins but no activity log),
loaded through the import format. What each test expects is recomputed here from the file's
own documents, sharing no code with what it checks."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout

import pytest

from models.base import utcnow
from services import cli
from services.core import i18n, store
from services.dashboard import attention, brief, headless, views
from services.dashboard import listening as reporting_panels
from tests import histories

INACTIVE_DAYS = 45  # the network's default (models.network.Attention), restated
STUCK_DAYS = 180
LAST_STAGE = histories.STAGES[-1]


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def expected_idle(docs: dict, city: dict, today: dt.date) -> tuple[int | None, int]:
    """(days since the city's latest dated record up to today, None if it has none; days since
    it joined), read from the file's documents."""
    cid = city["_id"]
    done = [_day(c["date"]) for c in docs.get("checkins", []) if c["city_id"] == cid]
    for plan in docs.get("plans", []):
        if plan["city_id"] == cid:
            for section in plan["sections"].values():
                done.append(_day(section.get("updated_at")))
                done += [_day(m["date"]) for m in section["content"].get("meetings", [])]
    for e in docs.get("experiments", []):
        if e["city_id"] == cid:
            done += [_day(r[k]) for r in e["results"] for k in ("date", "recorded_at")]
    done += [_day(r.get("submitted_at")) for r in docs.get("reports", []) if r["city_id"] == cid]
    done = [d for d in done if d is not None and d <= today]
    joined = min(_day(m["entered_at"]) for m in city["stage_history"])
    return ((today - max(done)).days if done else None), (today - joined).days


def expected_stuck(city: dict, today: dt.date) -> int | None:
    entries = [_day(m["entered_at"]) for m in city["stage_history"] if m["stage"] == city["stage"]]
    days = (today - max(entries)).days
    return days if days > STUCK_DAYS and city["stage"] != LAST_STAGE else None


@pytest.fixture
def imported(db: store.Store) -> tuple[histories.History, dt.date]:
    today = utcnow().date()
    history = histories.combined(histories.ended(), histories.started(today))
    history.load(db)
    return history, today


def _attention(network_id: str, today: dt.date) -> dict[str, str]:
    ctx = headless.context(network_id, "en", today)
    frame = attention.attention_frame(ctx)
    return dict(zip(frame["city_id"], frame["reason_keys"], strict=True)), frame


@pytest.mark.parametrize("network_id", ["net-ended", "net-started"])
def test_inactive_and_stuck_are_facts_of_the_imported_records(imported, network_id):
    history, today = imported
    docs = history.docs
    keys, frame = _attention(network_id, today)
    why = dict(zip(frame["city_id"], frame["why"], strict=True))
    cities = [c for c in docs["cities"] if c["network_id"] == network_id]
    assert cities
    for city in cities:
        cid = city["_id"]
        reasons = keys.get(cid, "").split(",")
        idle, joined = expected_idle(docs, city, today)
        inactive = idle > INACTIVE_DAYS if idle is not None else joined > INACTIVE_DAYS
        assert ("inactive" in reasons) == inactive, (cid, idle, joined, why.get(cid))
        if inactive:
            days = idle if idle is not None else joined
            assert f"{days:,} days" in why[cid]
            assert "—" not in why[cid]
        stuck = expected_stuck(city, today)
        assert ("stuck" in reasons) == (stuck is not None), (cid, why.get(cid))
        if stuck is not None:
            assert f"{stuck:,} days in" in why[cid]


def test_a_new_programme_calls_no_active_city_inactive(imported):
    _history, today = imported
    keys, _frame = _attention("net-started", today)
    assert not [cid for cid, reasons in keys.items() if "inactive" in reasons]


def test_the_last_activity_is_the_latest_record_not_the_log_and_never_the_future(imported):
    history, today = imported
    rows = {r.id: r for r in views.load_network("net-started", today).cities}
    for city in history.docs["cities"]:
        if city["network_id"] == "net-started":
            idle, _joined = expected_idle(history.docs, city, today)
            assert rows[city["_id"]].days_inactive(today) == idle
    # Kaolack recorded nothing: its meeting next week is planned, not done.
    assert rows["started-3"].summary.last_activity_at is None
    # ... and it counts from its day: the summary knows when to look again.
    assert _day(rows["started-3"].summary.valid_until) == today + dt.timedelta(days=6)


def test_the_cli_panel_writes_the_attention_table_of_an_imported_network(imported):
    _history, today = imported
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["panel", "attention", "--network", "net-started"], db=store.get())
    assert code == 0, err.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("City id,City,")
    assert not [line for line in lines if "no activity" in line]
    assert "attention:" in err.getvalue()
    # Several networks in the store: the command asks which one.
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        assert cli.main(["panel", "attention"], db=store.get()) == 1
    assert "--network" in err.getvalue()


def test_every_view_of_the_cli_panel_writes_csv(imported):
    for name in headless.VIEWS:
        out = io.StringIO()
        with redirect_stdout(out), redirect_stderr(io.StringIO()):
            args = ["panel", name, "--network", "net-ended", "--lang", "fr"]
            assert cli.main(args, db=store.get()) == 0
        assert out.getvalue().count(",") > 0, name


def test_the_funder_brief_lists_the_same_reasons_as_the_facts(imported):
    history, today = imported
    ctx = headless.context("net-started", "en", today)
    blocks = brief.outline(ctx, "New programme")
    tables = [b for b in blocks if b.kind == "table"]
    why = [row[-1] for table in tables for row in table.rows[1:]]
    idle = {
        c["name"]: expected_idle(history.docs, c, today)[0]
        for c in history.docs["cities"]
        if c["network_id"] == "net-started"
    }
    assert not [w for w in why if "no activity" in w]
    assert all(days is None or days <= INACTIVE_DAYS for days in idle.values())


def expected_compliance(docs: dict, network_id: str, today: dt.date) -> Counter:
    """Reports by state, from the file: every quarter from the one a city joined in to today's
    that the reporting calendar covers (not ending before reporting starts, not starting after
    the programme ends), due 14 days after it ends, in the state its report says."""
    terms = next(s for s in docs["reporting_settings"] if s["_id"] == network_id)
    start, end = _day(terms["reporting_starts_on"]), _day(terms["programme_ends_on"])
    filed = {(r["city_id"], r["cycle_key"]): r for r in docs.get("reports", [])}
    counts: Counter = Counter()
    for city in docs["cities"]:
        if city["network_id"] != network_id:
            continue
        # A city reports from the quarter it was registered or entered a stage, the earlier.
        joined = min(
            [_day(m["entered_at"]) for m in city["stage_history"]] + [_day(city["created_at"])]
        )
        year, q = joined.year, (joined.month - 1) // 3
        while dt.date(year, 3 * q + 1, 1) <= today:
            first = dt.date(year, 3 * q + 1, 1)
            last = dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1) - dt.timedelta(days=1)
            if last >= start and first <= end:
                due = last + dt.timedelta(days=terms["report_grace_days"])
                report = filed.get((city["_id"], f"{year}-Q{q + 1}"))
                if report is None:
                    counts["missing" if today > due else "open"] += 1
                elif report["status"] in ("accepted", "returned"):
                    counts[report["status"]] += 1
                else:
                    counts["late" if _day(report["submitted_at"]) > due else "submitted"] += 1
            year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return counts


def test_compliance_of_an_ended_programme_is_its_own_history(imported):
    history, today = imported
    expected = expected_compliance(history.docs, "net-ended", today)
    assert expected["missing"] and expected["late"] and expected["returned"]
    ctx = headless.context("net-ended", "en", today)
    (table,) = headless.tables("net-ended", "compliance", "en", today)
    state_of = {i18n.t(f"compliance.state.{s}", "en"): s for s in expected}
    counted: Counter = Counter()
    for _cycle, label, count in table.frame.itertuples(index=False):
        counted[state_of[label]] += int(count)
    assert counted == +expected
    done = expected["accepted"] + expected["submitted"] + expected["late"]
    due = done + expected["returned"] + expected["missing"]
    assert table.caption.startswith(f"Of {due:,} reports due, {done:,} submitted")
    assert f"{expected['missing']} missing" in table.caption
    assert f"{expected['returned']} sent back" in table.caption
    # Nothing after the programme's end is due: no quarter of 2023 or later anywhere.
    rows = reporting_panels.compliance_rows(ctx)
    assert rows["end"].max() <= histories.ENDED_END.replace(month=12, day=31)
