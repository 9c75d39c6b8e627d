"""An experiment's outcome from its success criterion and its results: a pure rule.

The rule (also the message `RULE_KEY`, shown in the app, and in the README):

1. Which entries count: entries with a numeric value, whose unit is the experiment's unit
   (compared trimmed and case-insensitively; an entry without a unit is in the experiment's
   unit), dated within the experiment's window, start and end included. Entries dated before
   the start or after the end are shown but do not count (a measurement taken after the test
   ended measures something else). Entries in another unit are excluded, never converted.
2. Which value decides: the latest counted measurement (latest date; on the same date, the
   one recorded last). Not an average: a test card asks whether the target is reached by the
   end of the test.
3. While the experiment is not finished (status design or running, and its end date not
   passed) the outcome is *in progress*, whatever the entries say.
4. Finished (status analysing or done, or the end date passed), with a numeric criterion:
   *validated* when the deciding value meets the comparison (`>=` at the target meets it,
   `>` at the target does not; `==` allows a rounding tolerance of 1e-9 relative), otherwise
   *invalidated*. Lower-is-better metrics use `<=` or `<` and follow the same rule.
   No counted entry gives *inconclusive*: no results, all in another unit, or all outside
   the window. An entry in another unit makes the outcome inconclusive even while running when
   no entry in the right unit is left, so that the mistake shows at once.
5. Qualitative criterion: the experiment's explicit verdict if set; otherwise the decision of
   the latest learning card fed by this experiment (persevere: validated; pivot or retire:
   invalidated; keep testing: inconclusive); otherwise in progress while not finished, and
   inconclusive once finished.
6. An experiment stopped before it ran (status *stopped*) is *not run*, whatever its entries:
   it tested nothing, so it is neither inconclusive nor a result.

An experiment still in design or running after its end date is finished by rule 4 and also
*awaiting closure*: the page says it ended and waits for its team to close it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from models.experiment import Experiment, Learning, ResultEntry

VALIDATED = "validated"
INVALIDATED = "invalidated"
INCONCLUSIVE = "inconclusive"
IN_PROGRESS = "in_progress"
NOT_RUN = "not_run"
OUTCOMES: tuple[str, ...] = (VALIDATED, INVALIDATED, INCONCLUSIVE, IN_PROGRESS, NOT_RUN)

RULE_KEY = "experiments.outcome.rule"

_DECISION_OUTCOME = {
    "persevere": VALIDATED,
    "pivot": INVALIDATED,
    "retire": INVALIDATED,
    "keep_testing": INCONCLUSIVE,
}


@dataclass(frozen=True)
class Outcome:
    """The outcome and why: the deciding entry and what was left out."""

    status: str
    deciding: ResultEntry | None = None
    counted: int = 0
    other_unit: int = 0
    outside_window: int = 0
    source: str = "results"  # results | verdict | learning | none
    reasons: tuple[str, ...] = field(default_factory=tuple)


def same_unit(entry_unit: str, metric_unit: str) -> bool:
    """An entry without a unit is in the metric's unit; otherwise compare trimmed, any case."""
    entry = (entry_unit or "").strip().casefold()
    return not entry or entry == (metric_unit or "").strip().casefold()


def meets(value: float, comparison: str, target: float) -> bool:
    """Whether `value` satisfies `comparison` against `target`."""
    if comparison == ">=":
        return value >= target
    if comparison == ">":
        return value > target
    if comparison == "<=":
        return value <= target
    if comparison == "<":
        return value < target
    if comparison == "==":
        return math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-9)
    raise ValueError(f"unknown comparison {comparison!r}")


def awaiting_close(experiment: Experiment, today: dt.date) -> bool:
    """Still marked design or running although its end date has passed."""
    return experiment.status in ("design", "running") and today > experiment.end


def finished(experiment: Experiment, today: dt.date) -> bool:
    """Analysing or done, or past its end date."""
    return experiment.status in ("analysing", "done") or today > experiment.end


def counted_entries(experiment: Experiment) -> tuple[list[ResultEntry], int, int]:
    """The entries that count (rule 1), and how many were left out for unit and for date."""
    counted, other_unit, outside = [], 0, 0
    for entry in experiment.results:
        if entry.value is None:
            continue
        if not same_unit(entry.unit, experiment.unit):
            other_unit += 1
        elif not experiment.start <= entry.date <= experiment.end:
            outside += 1
        else:
            counted.append(entry)
    return counted, other_unit, outside


def outcome(experiment: Experiment, today: dt.date, learnings: Iterable[Learning] = ()) -> Outcome:
    """The experiment's outcome on `today` (see the module's rule)."""
    if experiment.status == "stopped":
        return Outcome(NOT_RUN, source="none")
    done = finished(experiment, today)
    criterion = experiment.criterion
    if criterion.kind == "qualitative":
        if experiment.verdict is not None:
            return Outcome(experiment.verdict, source="verdict")
        fed = [lg for lg in learnings if experiment.id in lg.experiment_ids]
        if fed:
            latest = max(fed, key=lambda lg: lg.updated_at)
            return Outcome(_DECISION_OUTCOME[latest.decision], source="learning")
        return Outcome(INCONCLUSIVE if done else IN_PROGRESS, source="none")

    counted, other_unit, outside = counted_entries(experiment)
    if not counted:
        status = INCONCLUSIVE if (done or other_unit) else IN_PROGRESS
        return Outcome(status, None, 0, other_unit, outside, source="none")
    deciding = max(counted, key=lambda e: (e.date, e.recorded_at))
    if not done:
        return Outcome(IN_PROGRESS, deciding, len(counted), other_unit, outside)
    ok = meets(deciding.value, criterion.comparison, criterion.target)
    return Outcome(VALIDATED if ok else INVALIDATED, deciding, len(counted), other_unit, outside)


def outcome_counts(outcomes: Iterable[str]) -> dict[str, int]:
    """How many of each outcome (every outcome present, zeros included)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for status in outcomes:
        counts[status] = counts.get(status, 0) + 1
    return counts
