"""What a city's summary says, computed from its documents: pure functions, no store.

`compute` turns a city's documents (the city, its network's gates, its plan, frozen versions,
experiments, learnings, check-ins, reports, workshops) into its CitySummary; the rest are the
facts it is made of (last activity, evidence, indicators, engagement, check-in months, plan
completeness, the day it holds until) and days in the current stage, computed when read.
services/dashboard/summary.py is the one writer of these summaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from models.base import SHORT_TEXT_MAX, stored, utcnow
from models.city import (
    UNINTENDED_CHARS,
    UNINTENDED_KEPT,
    City,
    CitySummary,
    IndicatorState,
    MonthPulse,
    PeriodMood,
    UnintendedEffect,
)
from models.experiment import DECISIONS, Assumption, Experiment, Learning, tested_assumption_ids
from models.network import Network
from services.dashboard import attention_facts
from services.experiments import outcomes
from services.network import directory, progress, rollup, tallies, tally_methods
from services.reporting import compliance, cycles

# --- the computation ---------------------------------------------------------------------------


def _plain(doc: Any) -> Any:
    return stored(doc) if not isinstance(doc, Mapping) else doc


def compute(
    network: Mapping[str, Any] | Network,
    city: Mapping[str, Any] | City,
    plan: Mapping[str, Any] | None,
    versions: Iterable[Mapping[str, Any]] = (),
    experiments: Iterable[Mapping[str, Any]] = (),
    learnings: Iterable[Mapping[str, Any]] = (),
    workshops: Iterable[Mapping[str, Any]] = (),
    today: dt.date | None = None,
    assumptions: Iterable[Mapping[str, Any]] = (),
    checkins: Iterable[Mapping[str, Any]] = (),
    report_cycles: Iterable[Mapping[str, Any]] = (),
    reports: Iterable[Mapping[str, Any]] = (),
    terms: cycles.Terms | None = None,
    indicators: Iterable[Mapping[str, Any]] = (),
) -> CitySummary:
    """The city's summary on `today`, from its documents as stored (dicts or models).

    `workshops` the city's workshops (their dates suffice); `checkins` every check-in of the
    city (the months of the whole programme are kept); `report_cycles` and
    `reports` the city's stored cycles and reports (their dates and states suffice), with the
    network's reporting `terms` (grace days, start, end; the defaults when None).
    """
    terms = terms or cycles.Terms()
    today = today or utcnow().date()
    checkins = list(checkins)  # read twice: by month, and for the days they start to count
    network = network if isinstance(network, Network) else Network.from_doc(dict(network))
    city = city if isinstance(city, City) else City.from_doc(dict(city))
    tests = [e if isinstance(e, Experiment) else Experiment.from_doc(dict(e)) for e in experiments]
    cards = [lg if isinstance(lg, Learning) else Learning.from_doc(dict(lg)) for lg in learnings]
    versions = [_plain(v) for v in versions]
    numbers = sorted({int(v["number"]) for v in versions})
    checkins = [_plain(c) for c in checkins]  # read thrice: months, last activity, next change
    bundle = progress.evidence(plan, numbers, assumptions, tests, today)
    share = progress.stage_progress(network, city, bundle=bundle).share
    found = [outcomes.outcome(e, today, cards).status for e in tests]
    reports = [_plain(r) for r in reports]
    latest, next_event = last_activity(
        bundle, plan, versions, tests, checkins, reports, workshops, today
    )
    beliefs = [
        a if isinstance(a, Assumption) else Assumption.from_doc(dict(a)) for a in assumptions
    ]
    riskiest = {a.id for a in beliefs if a.riskiest}
    # Tested: an experiment that has finished (analysing or done) tests it, as the gate counts.
    tested = tested_assumption_ids(tests)
    history = [(e.stage, e.entered_at) for e in city.stage_history]
    index = network.stage_index(city.stage)
    counts = rollup.share(
        cluster=city.cluster,
        country=city.country,
        stage=city.stage,
        history=history,
        stage_index=index,
        progress=round(share, 4),
        today=today,
        stages=[s.key for s in network.stages],
        city_id=city.id,
    )
    states = compliance.city_states(
        network,
        city,
        today,
        tests if network.reporting_rhythm == "experiment_cycle" else [],
        compliance.fixed_of(report_cycles),
        compliance.filed_of(reports),
        terms,
    )
    months = checkin_months(checkins, today)
    moods = mood_by_period(months, today)
    by_outcome = outcomes.outcome_counts(found)
    awaiting = sum(1 for e in tests if outcomes.awaiting_close(e, today))
    flags, flagged, flags_until = attention_facts.facts(
        network,
        stage=city.stage,
        history=history,
        last_activity=latest,
        by_outcome=by_outcome,
        awaiting_close=awaiting,
        months=months,
        cycles=states,
        today=today,
    )
    until = [
        d
        for d in (
            valid_until(tests, bundle, today),
            mood_change(moods, today),
            rollup.next_change(history, today),
            compliance.holds_until(states, today, terms),
            next_event - dt.timedelta(days=1) if next_event else None,
            checkins_change(checkins, today),
            flags_until,
        )
        if d
    ]
    # What the dashboard's sections sum (services/network/tallies.py) joins the stage share.
    sections = {
        "experiments_total": len(tests),
        "experiments_by_outcome": by_outcome,
        "experiments_by_category": _by_category(tests, found, beliefs),
        "decisions": {d: sum(1 for lg in cards if lg.decision == d) for d in DECISIONS},
        "riskiest_total": len(riskiest),
        "riskiest_tested": len(riskiest & tested),
        "most": tallies.most(city.id, len(tests)),
        "cycles": states,
        **completeness(bundle),
        "attention": flags,
        "attention_key": flagged,
        **engagement(bundle),
        "checkins_by_month": months,
        "mood_by_period": moods,
    }
    # What works where (services/network/tally_methods.py) sums these too.
    by_method = _tally((e.method_key, s) for e, s in zip(tests, found, strict=True))
    evidence = evidence_facts(tests, cards, beliefs)
    measured = indicator_states(indicators)
    values = {
        **sections,
        **evidence,
        "city_id": city.id,
        "experiments_by_method": by_method,
        "indicators": measured,
    }
    counts.update(tallies.share(rollup.cell(city.cluster, city.country, city.stage), values))
    return CitySummary(
        stage_progress=round(share, 4),
        last_activity_at=latest,
        plan_version=max(numbers, default=0),
        valid_until=min(until, default=None),
        experiments_by_method=by_method,
        experiments_awaiting_close=awaiting,
        rank=rollup.rank(index, round(share, 4), city.id),
        rollup=rollup.pairs(counts),
        directory=directory.entry(
            city.id, city.name, [(e.id, e.title, e.method_key, e.status) for e in tests]
        ),
        **sections,
        **evidence,
        indicators=measured,
        glance=tally_methods.glance_tags(values),
    )


def _moment(value: Any) -> dt.datetime | None:
    # A dated fact as a UTC moment: a day counts from its start.
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    day = progress._as_date(value)
    return _moment(day) if day else None


def last_activity(
    bundle: progress.EvidenceBundle,
    plan: Mapping[str, Any] | None,
    versions: Iterable[Mapping[str, Any]],
    experiments: Iterable[Experiment],
    checkins: Iterable[Mapping[str, Any]],
    reports: Iterable[Mapping[str, Any]],
    workshops: Iterable[Mapping[str, Any]],
    today: dt.date,
) -> tuple[dt.datetime | None, dt.date | None]:
    """The latest thing the city did on or before `today`, from its own dated records however
    they arrived (typed, imported, seeded): a check-in's day, a LAG meeting held, a result's day
    and when it was recorded, a report submitted, a plan section saved, a version frozen, a
    workshop run. And the first such day after `today` (a meeting planned, a check-in dated
    later), from which the latest changes without any write. The activity log is the audit
    trail, not this signal: an import or a seed writes none."""
    dated: list[Any] = [c.get("date") for c in checkins]
    dated += progress.meeting_dates(bundle)
    for e in experiments:
        dated += [r.date for r in e.results] + [r.recorded_at for r in e.results]
    dated += [r.get("submitted_at") for r in reports]
    sections = ((_plain(plan) or {}).get("sections") or {}).values()
    dated += [(_plain(s) or {}).get("updated_at") for s in sections]
    dated += [v.get("created_at") for v in versions]
    for w in workshops:
        w = _plain(w)
        dated += [w.get("created_at"), w.get("closed_at")]
    moments = [m for m in map(_moment, dated) if m is not None]
    end_of_today = _moment(today + dt.timedelta(days=1))
    past = [m for m in moments if m < end_of_today]
    ahead = [m.date() for m in moments if m >= end_of_today]
    return max(past, default=None), min(ahead, default=None)


def _tally(pairs: Iterable[tuple[str | None, str]]) -> dict[str, dict[str, int]]:
    """{group: {outcome: count}} for the pairs whose group is set."""
    counts: dict[str, dict[str, int]] = {}
    for group, status in pairs:
        if group:
            inner = counts.setdefault(group, {})
            inner[status] = inner.get(status, 0) + 1
    return counts


def _by_category(
    tests: list[Experiment], found: list[str], beliefs: list[Assumption]
) -> dict[str, dict[str, int]]:
    # An experiment counts once per category it tests; "none" when it tests no known one.
    category_of = {a.id: a.category for a in beliefs}
    pairs = []
    for e, status in zip(tests, found, strict=True):
        categories = {category_of[i] for i in e.assumption_ids if i in category_of}
        pairs += [(c, status) for c in sorted(categories) or ["none"]]
    return _tally(pairs)


EVIDENCE_KEYS: tuple[str, ...] = ("none", "1", "2", "3", "4", "5")


def evidence_facts(
    tests: list[Experiment], cards: list[Learning], beliefs: list[Assumption]
) -> dict[str, Any]:
    """Learning cards by confirmed evidence level, the highest level per method and per
    assumption category of the experiments that fed a graded card, and the newest unintended
    effects the cards name (UNINTENDED_KEPT, each cut to UNINTENDED_CHARS characters)."""
    by_level = dict.fromkeys(EVIDENCE_KEYS, 0)
    for lg in cards:
        by_level[str(lg.evidence_level) if lg.evidence_level else "none"] += 1
    tests_by_id = {e.id: e for e in tests}
    category_of = {a.id: a.category for a in beliefs}
    by_method: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for lg in cards:
        if not lg.evidence_level:
            continue
        for experiment_id in lg.experiment_ids:
            e = tests_by_id.get(experiment_id)
            if e is None:
                continue
            if e.method_key:
                by_method[e.method_key] = max(by_method.get(e.method_key, 0), lg.evidence_level)
            for c in {category_of[i] for i in e.assumption_ids if i in category_of}:
                by_category[c] = max(by_category.get(c, 0), lg.evidence_level)
    named = sorted(
        (lg for lg in cards if lg.unintended_effects.strip()),
        key=lambda lg: (lg.created_at, lg.id),
        reverse=True,
    )[:UNINTENDED_KEPT]
    effects = [
        UnintendedEffect(
            learning_id=lg.id,
            title=lg.title[:SHORT_TEXT_MAX],
            text=_cut(lg.unintended_effects.strip(), UNINTENDED_CHARS),
            evidence_level=lg.evidence_level,
            at=lg.created_at,
        )
        for lg in named
    ]
    return {
        "learnings_by_evidence": by_level,
        "evidence_by_method": dict(sorted(by_method.items())),
        "evidence_by_category": dict(sorted(by_category.items())),
        "unintended_effects": effects,
    }


def indicator_states(docs: Iterable[Mapping[str, Any]]) -> dict[str, IndicatorState]:
    """Each shared indicator the city has a document for: baseline, target and, by month, the
    latest measurement of that month (latest date; on the same date, the last recorded)."""
    states: dict[str, IndicatorState] = {}
    for doc in docs:
        doc = _plain(doc)
        latest: dict[str, tuple] = {}
        for m in doc.get("measurements") or []:
            day = progress._as_date(m.get("date"))
            if day is None:
                continue
            order = (day, _moment(m.get("recorded_at")) or _moment(day))
            key = month_key(day)
            if key not in latest or order >= latest[key][0]:
                latest[key] = (order, float(m["value"]))
        states[doc["indicator"]] = IndicatorState(
            baseline=doc.get("baseline"),
            target=doc.get("target"),
            by_month={k: latest[k][1] for k in sorted(latest)},
        )
    return dict(sorted(states.items()))


def _cut(text: str, limit: int) -> str:
    # A long text ends with an ellipsis at the limit: the full text stays on the card.
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quarter(day: dt.date) -> str:
    """'2026-Q1' for a day of January to March 2026."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def engagement(bundle: progress.EvidenceBundle) -> dict[str, Any]:
    """LAG size (the members listed), stakeholders by sector, meetings held (dated today or
    earlier) by quarter and the attendees of those meetings summed (attendees are not members)."""
    section = bundle.content("stakeholders")
    sectors: dict[str, int] = {}
    for person in section.get("stakeholders") or []:
        if person.get("sector"):
            sectors[person["sector"]] = sectors.get(person["sector"], 0) + 1
    quarters: dict[str, int] = {}
    attendees = 0
    for meeting in section.get("meetings") or []:
        day = progress._as_date(meeting.get("date"))
        if day is not None and progress.held(day, bundle.today):
            quarters[quarter(day)] = quarters.get(quarter(day), 0) + 1
            attendees += len(meeting.get("attendees") or [])
    return {
        "lag_size": len(section.get("lag_members") or []),
        "stakeholders_by_sector": sectors,
        "meetings_by_quarter": dict(sorted(quarters.items())),
        "meeting_attendees": attendees,
    }


month_key = rollup.month  # '2026-07' for a day of July 2026


def first_month(today: dt.date, months: int) -> str:
    """The key of the first of the `months` months that end with today's (1: today's)."""
    return rollup.month_of(rollup.month_index(today) - (months - 1))


def checkin_months(
    checkins: Iterable[Mapping[str, Any]], today: dt.date, months: int | None = None
) -> dict[str, MonthPulse]:
    """The check-ins dated today or earlier summed by month, over the `months` months that end
    with today's (None: every month, the whole programme's; a check-in dated later counts from
    its own day, see `checkins_change`)."""
    first = first_month(today, months) if months else ""
    summed: dict[str, dict[str, Any]] = {}
    for doc in checkins:
        doc = _plain(doc)
        key = month_key(doc["date"])
        if key < first or _day(doc["date"]) > today:
            continue
        pulse = summed.setdefault(key, {"checkins": 0, "mood_sum": 0, "help": 0, "blockers": {}})
        pulse["checkins"] += 1
        pulse["mood_sum"] += int(doc["mood"])
        pulse["help"] += 1 if doc.get("help_needed") else 0
        for tag in doc.get("blockers") or []:
            pulse["blockers"][tag] = pulse["blockers"].get(tag, 0) + 1
    return {key: MonthPulse(**summed[key]) for key in sorted(summed)}


# The dashboard's periods (services/dashboard/views.py PERIODS, which imports this module):
# months that end with today's (None: the whole programme).
MOOD_PERIODS: dict[str, int | None] = {"all": None, "3m": 3, "6m": 6, "12m": 12}


def mood_by_period(months: Mapping[str, MonthPulse], today: dt.date) -> dict[str, PeriodMood]:
    """The city's mean mood (2 decimals) and check-ins over each period of MOOD_PERIODS that
    has check-ins (`months`: its check-ins by month), with the band of that mean (tenths)."""
    found: dict[str, PeriodMood] = {}
    for period, count in MOOD_PERIODS.items():
        first = first_month(today, count) if count else ""
        chosen = [p for key, p in months.items() if first <= key <= month_key(today)]
        checkins = sum(p.checkins for p in chosen)
        if checkins:
            mood = round(sum(p.mood_sum for p in chosen) / checkins, 2)
            band = round(mood * 100) // 10  # in hundredths: 2.3 * 10 is 22.99...
            found[period] = PeriodMood(mood=mood, checkins=checkins, band=band)
    return found


def mood_change(moods: Mapping[str, PeriodMood], today: dt.date) -> dt.date | None:
    """The last day the moods of the last months hold: the month's last day when the city has
    check-ins in one of those periods (a month then leaves them at the turn), else None."""
    if not any(count and period in moods for period, count in MOOD_PERIODS.items()):
        return None
    index = rollup.month_index(today) + 1
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def checkins_change(checkins: Iterable[Mapping[str, Any]], today: dt.date) -> dt.date | None:
    """The last day the check-in months computed on `today` hold: the day before the first
    check-in dated later (None: until a write)."""
    later = [_day(_plain(doc)["date"]) for doc in checkins]
    later = [day for day in later if day > today]
    return min(later) - dt.timedelta(days=1) if later else None


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# What a complete action has, each a check of the stored action.
ACTION_PARTS: dict[str, Any] = {
    "owner": lambda a: _filled(a.get("owner")),
    "dates": lambda a: bool(a.get("start")) and bool(a.get("end")),
    "cost": lambda a: (a.get("cost") or 0) > 0,
    "funding": lambda a: _filled(a.get("funding_source")),
    "indicator": lambda a: _filled(a.get("indicators")),
    "risk": lambda a: _filled(a.get("risks")),
}


def completeness(bundle: progress.EvidenceBundle) -> dict[str, Any]:
    """How many actions the plan has, and how many have each part (`ACTION_PARTS`)."""
    actions = bundle.content("actions").get("actions") or []
    return {
        "actions_total": len(actions),
        "actions_with": {
            part: sum(1 for a in actions if has(a)) for part, has in ACTION_PARTS.items()
        },
    }


def valid_until(
    experiments: Iterable[Experiment],
    bundle: progress.EvidenceBundle,
    today: dt.date,
) -> dt.date | None:
    """The last day the facts computed on `today` hold without any write (None: no end).

    An unfinished experiment is finished the day after its end date (its outcome may change);
    a meeting dated later counts from its own date (the stage progress may change).
    """
    days = [e.end for e in experiments if not outcomes.finished(e, today)]
    days += [d - dt.timedelta(days=1) for d in progress.upcoming_meetings(bundle)]
    return min(days, default=None)


def days_in_stage(city: City, today: dt.date | None = None) -> int | None:
    """Days since the city entered its current stage (None without a dated entry); computed
    when read, never stored, since it changes with the calendar alone."""
    today = today or utcnow().date()
    entries = [e for e in city.stage_history if e.stage == city.stage and e.kind != "completed"]
    if not entries:
        return None
    return (today - max(e.entered_at for e in entries).date()).days
