"""The outcome rule (services/experiments/outcomes.py), edge cases included. Pure: no store."""

from __future__ import annotations

import datetime as dt

import pytest

from models.experiment import Criterion, Experiment, Learning, ResultEntry
from services.core import i18n
from services.experiments import outcomes

START = dt.date(2026, 3, 1)
END = dt.date(2026, 3, 31)
DURING = dt.date(2026, 3, 15)
AFTER = dt.date(2026, 4, 15)
AT = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def entry(day: dt.date, value: float | None, unit: str = "%", minute: int = 0, **kw):
    return ResultEntry(
        date=day,
        value=value,
        unit=unit,
        recorded_by="u1",
        recorded_at=AT + dt.timedelta(days=(day - START).days, minutes=minute),
        **kw,
    )


def experiment(
    results: list[ResultEntry],
    comparison: str = ">=",
    target: float = 40,
    status: str = "done",
    **kw,
) -> Experiment:
    kw.setdefault("criterion", Criterion(kind="numeric", comparison=comparison, target=target))
    return Experiment(
        id="e1",
        network_id="n",
        city_id="c",
        title="Mobile payments at the market",
        metric="vendors paid by mobile",
        unit="%",
        start=START,
        end=END,
        status=status,
        results=results,
        **kw,
    )


def test_no_results_is_in_progress_while_running_and_inconclusive_once_finished():
    assert outcomes.outcome(experiment([], status="running"), DURING).status == "in_progress"
    assert outcomes.outcome(experiment([], status="done"), DURING).status == "inconclusive"
    # The end date passed: finished whatever the status says.
    assert outcomes.outcome(experiment([], status="running"), AFTER).status == "inconclusive"


def test_running_experiment_stays_in_progress_even_when_target_is_met():
    found = outcomes.outcome(experiment([entry(DURING, 90)], status="running"), DURING)
    assert found.status == "in_progress"
    assert found.deciding.value == 90


@pytest.mark.parametrize(
    ("comparison", "value", "expected"),
    [
        (">=", 40, "validated"),  # exactly at target meets "at least"
        (">", 40, "invalidated"),  # ... but not "more than"
        (">=", 39.99, "invalidated"),
        (">", 40.01, "validated"),
        ("==", 40.0000000001, "validated"),  # rounding tolerance
        ("==", 41, "invalidated"),
    ],
)
def test_exactly_at_target(comparison, value, expected):
    found = outcomes.outcome(experiment([entry(DURING, value)], comparison=comparison), AFTER)
    assert found.status == expected


@pytest.mark.parametrize(
    ("comparison", "value", "expected"),
    [
        ("<=", 10, "validated"),
        ("<=", 12, "invalidated"),
        ("<", 10, "invalidated"),
        ("<", 9, "validated"),
    ],
)
def test_lower_is_better(comparison, value, expected):
    exp = experiment([entry(DURING, value)], comparison=comparison, target=10)
    assert exp.criterion.direction == "lower"
    assert outcomes.outcome(exp, AFTER).status == expected


def test_direction_follows_the_comparison():
    assert Criterion(kind="numeric", comparison=">=", target=1).direction == "higher"
    assert Criterion(kind="numeric", comparison=">", target=1).direction == "higher"
    assert Criterion(kind="numeric", comparison="==", target=1).direction is None


def test_results_after_the_end_date_are_ignored():
    # In the window: 30 (fails). After the end: 80 (would pass) -> does not count.
    exp = experiment([entry(DURING, 30), entry(AFTER, 80)])
    found = outcomes.outcome(exp, AFTER)
    assert found.status == "invalidated"
    assert found.deciding.value == 30
    assert (found.counted, found.outside_window) == (1, 1)


def test_results_before_the_start_and_only_late_results_give_inconclusive():
    exp = experiment([entry(dt.date(2026, 2, 1), 90), entry(AFTER, 90)])
    found = outcomes.outcome(exp, AFTER)
    assert found.status == "inconclusive"
    assert found.outside_window == 2


def test_the_end_date_itself_counts():
    assert outcomes.outcome(experiment([entry(END, 50)]), AFTER).status == "validated"


def test_unit_mismatch_is_excluded_and_inconclusive_when_nothing_left():
    exp = experiment([entry(DURING, 55, unit="vendors")])
    found = outcomes.outcome(exp, AFTER)
    assert found.status == "inconclusive"
    assert found.other_unit == 1
    # Even while running: the mistake shows at once.
    running = experiment([entry(DURING, 55, unit="vendors")], status="running")
    assert outcomes.outcome(running, DURING).status == "inconclusive"


def test_unit_mismatch_excluded_but_right_unit_entries_decide():
    exp = experiment([entry(DURING, 45, unit=" % "), entry(END, 10, unit="vendors")])
    found = outcomes.outcome(exp, AFTER)
    assert found.status == "validated"
    assert found.deciding.value == 45
    assert found.other_unit == 1


def test_entry_without_unit_is_in_the_metric_unit():
    assert outcomes.outcome(experiment([entry(DURING, 45, unit="")]), AFTER).status == "validated"


def test_latest_in_window_measurement_decides_not_the_average():
    exp = experiment([entry(dt.date(2026, 3, 2), 90), entry(dt.date(2026, 3, 20), 35)])
    assert outcomes.outcome(exp, AFTER).status == "invalidated"
    # Same date: the one recorded last decides.
    same_day = experiment([entry(DURING, 35, minute=1), entry(DURING, 45, minute=5)])
    assert outcomes.outcome(same_day, AFTER).deciding.value == 45


def test_observations_do_not_count_as_measurements():
    exp = experiment([entry(DURING, None, observation="vendors liked it")])
    assert outcomes.outcome(exp, AFTER).status == "inconclusive"


def qualitative(**kw) -> Experiment:
    return experiment(
        [], criterion=Criterion(kind="qualitative", text="vendors ask to keep it"), **kw
    )


def learning(decision: str, day: int, ids=("e1",)) -> Learning:
    return Learning(
        network_id="n",
        city_id="c",
        title="What vendors said",
        experiment_ids=list(ids),
        decision=decision,
        updated_at=AT + dt.timedelta(days=day),
    )


def test_qualitative_from_explicit_verdict():
    assert outcomes.outcome(qualitative(verdict="validated"), AFTER).status == "validated"
    found = outcomes.outcome(qualitative(verdict="invalidated"), AFTER, [learning("persevere", 1)])
    assert (found.status, found.source) == ("invalidated", "verdict")


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("persevere", "validated"),
        ("pivot", "invalidated"),
        ("retire", "invalidated"),
        ("keep_testing", "inconclusive"),
    ],
)
def test_qualitative_from_the_latest_learning(decision, expected):
    learnings = [learning("retire" if decision != "retire" else "persevere", 1)]
    learnings.append(learning(decision, 5))
    learnings.append(learning("persevere", 9, ids=("other",)))  # does not feed e1
    found = outcomes.outcome(qualitative(status="running"), DURING, learnings)
    assert (found.status, found.source) == (expected, "learning")


def test_qualitative_without_verdict_or_learning():
    assert outcomes.outcome(qualitative(status="running"), DURING).status == "in_progress"
    assert outcomes.outcome(qualitative(status="done"), DURING).status == "inconclusive"


def test_outcome_counts_lists_every_outcome():
    counts = outcomes.outcome_counts(["validated", "validated", "in_progress"])
    assert counts == {
        "validated": 2,
        "invalidated": 0,
        "inconclusive": 0,
        "in_progress": 1,
        "not_run": 0,
    }


@pytest.mark.parametrize("make", ["numeric", "qualitative"])
def test_a_stopped_experiment_is_not_run_whatever_its_entries(make):
    entries = [entry(DURING, 90)]
    if make == "qualitative":
        experiment_ = qualitative(status="stopped")
    else:
        experiment_ = experiment(entries, status="stopped")
    assert outcomes.outcome(experiment_, AFTER).status == "not_run"
    assert outcomes.outcome(experiment_, DURING).status == "not_run"


def test_running_after_the_end_date_is_awaiting_closure_not_invalidated_silently():
    running = experiment([entry(DURING, 90)], status="running")
    assert not outcomes.awaiting_close(running, DURING)
    assert outcomes.awaiting_close(running, AFTER)
    assert not outcomes.awaiting_close(experiment([], status="done"), AFTER)


def test_rule_text_is_in_the_catalogue_in_every_language():
    assert "latest" in i18n.t(outcomes.RULE_KEY, "en")
    assert "dernière" in i18n.t(outcomes.RULE_KEY, "fr")
    assert all(i18n.has(outcomes.RULE_KEY) for _ in i18n.languages())
