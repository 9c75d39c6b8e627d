"""Demo assumptions, experiments (every status, with results) and learnings.

Each city's assumptions, test cards and learnings come from its story (services/demo/
data/stories/): a test card per assumption, each with its own design (SMS reminders, a paper
prototype, a pilot service ...), results that end at the value the story says the card
reached, and the learning the story draws from it.

Cities at the solution design stage have assumptions and test cards in design; cities at the
experimentation stage also have a done, an analysing and a running experiment with results
over the months before the demo's anchor, and learning cards. Everything is drawn from the
demo's seeded random source, so the demo is the same at every build. Ids are predictable
(`demo-exp-<city number>-<k>`, `demo-learning-<city number>-<k>`) so other demo data (plan
changes) may cite them.

The cities' summaries are not built here: seeding refreshes them from the documents
(services/dashboard/summary.py).
"""

from __future__ import annotations

import datetime as dt
import random

from models.base import Bilingual
from models.experiment import (
    Assumption,
    Criterion,
    Experiment,
    Learning,
    ResultEntry,
)
from models.indicator import IndicatorRecord, Measurement
from models.network import SharedIndicator
from services.core import i18n
from services.demo import context as demo
from services.demo import stories
from services.experiments import evidence, experiments
from services.network import indicators

# (status, start days ago, length in days) for experimentation cities, one per test card.
PLAN_EXPERIMENTING = [
    ("done", 170, 60),
    ("analysing", 95, 80),
    ("running", 45, 75),
    ("design", -20, 60),
]

DECISION_FOR = {"validated": "persevere", "invalidated": "pivot", "inconclusive": "keep_testing"}


def _id(rng: random.Random) -> str:
    return f"{rng.getrandbits(64):016x}"


def _values(
    rng: random.Random, comparison: str, target: float, count: int, reached: float
) -> list[float]:
    """A plausible series moving towards the value the card `reached` (its last entry)."""
    higher = comparison in (">=", ">")
    # Start well on the wrong side of both the target and the value reached.
    start = min(target, reached) * 0.5 if higher else max(target, reached) * 1.6
    series = []
    for k in range(count - 1):
        share = (k + 1) / count
        noise = rng.uniform(-0.04, 0.04) * target
        series.append(round(max(start + (reached - start) * share + noise, 0.0), 1))
    return [*series, float(reached)]


def _city_docs(ctx: demo.DemoContext, index: int, city, experimenting: bool) -> dict:
    rng = ctx.rng
    story = stories.of(index)
    number = city.id.split("-")[-1]
    lang = story.lang
    lead = next(iter(ctx.users_of(city.id, "city_lead")), None)
    lag = next(iter(ctx.users_of(city.id, "lag_member")), None)
    author = lead.id if lead else "system"
    anchor = ctx.anchor
    base = dict(network_id=city.network_id, city_id=city.id, created_by=author, updated_by=author)

    assumptions: list[Assumption] = []
    for category in stories.CATEGORIES:
        belief, reason = story.assumptions[category]
        when = ctx.day(200 + rng.randint(0, 30))
        assumptions.append(
            Assumption(
                id=f"demo-asm-{number}-{category}",
                belief=belief,
                reason=reason,
                category=category,
                # The first three are the riskiest: important, little evidence.
                importance=rng.randint(4, 5) if category != "resources" else rng.randint(2, 4),
                evidence=rng.randint(1, 2) if category != "resources" else rng.randint(3, 5),
                created_at=when,
                updated_at=when,
                **base,
            )
        )

    plan = PLAN_EXPERIMENTING if experimenting else [("design", -30, 60)] * 2
    built: list[Experiment] = []
    for k, (status, ago, length) in enumerate(plan):
        card = story.cards[k]
        start = (anchor - dt.timedelta(days=ago)).date()
        end = start + dt.timedelta(days=length)
        if card.comparison is None:
            criterion = Criterion(kind="qualitative", text=card.success)
        else:
            criterion = Criterion(kind="numeric", comparison=card.comparison, target=card.target)
        results: list[ResultEntry] = []
        if status != "design" and card.reached is not None and lag is not None:
            last = min(end, anchor.date() - dt.timedelta(days=1))
            days = (last - start).days
            count = max(3, min(8, days // 7))
            values = _values(rng, card.comparison, card.target, count, card.reached)
            for j, value in enumerate(values):
                day = start + dt.timedelta(days=round(days * (j + 1) / count))
                recorded = dt.datetime.combine(day, dt.time(18, rng.randint(0, 59)), dt.UTC)
                results.append(
                    ResultEntry(
                        id=_id(rng),
                        date=day,
                        value=value,
                        unit=card.unit,
                        note="",
                        recorded_by=lag.id,
                        recorded_by_name=lag.display_name,
                        recorded_at=recorded,
                    )
                )
        created = ctx.day(max(ago, 0) + 20)
        built.append(
            Experiment(
                id=f"demo-exp-{number}-{k + 1}",
                title=card.title,
                assumption_ids=[assumptions[k].id],
                hypothesis=experiments.statement(assumptions[k], lang),
                method=stories.method_text(card, lang),
                method_key=card.method,
                metric=card.metric,
                unit=card.unit,
                criterion=criterion,
                audience=card.audience,
                comparison_group=card.comparison_group,
                start=start,
                end=end,
                cycle=1 if k < 2 else 2,
                budget=float(rng.choice([0, 500, 1500, 3000])),
                status=status,
                owner=lead.display_name if lead else "",
                results=results,
                created_at=created,
                updated_at=created,
                **base,
            )
        )

    learnings: list[Learning] = []
    found = experiments.city_outcomes(built, [], anchor.date())
    for k, experiment in enumerate(e for e in built if e.status in ("done", "analysing")):
        card = story.cards[k]
        status = found[experiment.id].status
        when = dt.datetime.combine(experiment.end, dt.time(10), dt.UTC) + dt.timedelta(days=7)
        when = min(when, anchor)
        learnings.append(
            Learning(
                id=f"demo-learning-{number}-{k + 1}",
                title=experiment.title,
                experiment_ids=[experiment.id],
                observation=card.observation,
                insights=card.insight,
                unintended_effects=card.unintended,
                decision=DECISION_FOR.get(status, "keep_testing"),
                confidence=rng.choice(["low", "medium", "high"]),
                created_at=when,
                updated_at=when,
                **base,
            )
        )
    return {
        experiments.ASSUMPTIONS: [a.to_doc() for a in assumptions],
        experiments.EXPERIMENTS: [e.to_doc() for e in built],
        experiments.LEARNINGS: [lg.to_doc() for lg in learnings],
    }


def add(ctx: demo.DemoContext, docs: dict[str, list[dict]]) -> None:
    """Add the assumptions, experiments and learnings of the cities at solution design or
    later."""
    stage_keys = [s.key for s in ctx.network.stages]
    design = stage_keys.index("solution_design") if "solution_design" in stage_keys else 2
    out: dict[str, list[dict]] = {
        experiments.ASSUMPTIONS: [],
        experiments.EXPERIMENTS: [],
        experiments.LEARNINGS: [],
    }
    for index, city in enumerate(ctx.cities):
        reached = stage_keys.index(city.stage) if city.stage in stage_keys else 0
        if reached < design:
            continue
        made = _city_docs(ctx, index, city, experimenting=reached > design)
        for coll, items in made.items():
            out[coll].extend(items)
    _replications(ctx, out)
    _grade(ctx, out)
    for coll, items in out.items():
        docs.setdefault(coll, []).extend(items)


# Replication chains: (the experiment replicated, the city that replicates it, status, start
# days ago, length, the value reached; None: no result yet). A replication copies the design
# of the card it replicates (the city adapts it later). Cities missing from a smaller demo are
# skipped, and so is a chain whose original is missing.
REPLICATIONS: tuple[tuple[str, str, str, int, int, float | None], ...] = (
    # Ghent's founding-member sign-up page: held in Tampere, planned in Lisbon.
    ("demo-exp-0010-1", "city-0011", "done", 120, 50, 47.0),
    ("demo-exp-0010-1", "city-0008", "design", -15, 50, None),
    # Bilbao's calibrated sensors: did not hold in Ghent; Tampere replicates Ghent's copy.
    ("demo-exp-0012-2", "city-0010", "done", 80, 45, 19.0),
    ("demo-rep-0010-1", "city-0011", "running", 20, 60, 16.0),
)


def _replications(ctx: demo.DemoContext, out: dict[str, list[dict]]) -> None:
    """Add the demo's replication chains (REPLICATIONS) to the experiments built, with their
    results and, once finished, the learning card each city drew."""
    rng = random.Random("demo-replications")  # its own: the rest of the demo stays as it was
    anchor = ctx.anchor
    cities = {c.id: c for c in ctx.cities}
    built = {d["_id"]: Experiment.from_doc(d) for d in out[experiments.EXPERIMENTS]}
    assumption_ids = {d["_id"] for d in out[experiments.ASSUMPTIONS]}
    counters: dict[str, int] = {}
    for source_id, city_id, status, ago, length, reached in REPLICATIONS:
        source, city = built.get(source_id), cities.get(city_id)
        if source is None or city is None:
            continue
        number = city_id.split("-")[-1]
        counters[number] = counters.get(number, 0) + 1
        lead = next(iter(ctx.users_of(city_id, "city_lead")), None)
        lag = next(iter(ctx.users_of(city_id, "lag_member")), None)
        author = lead.id if lead else "system"
        start = (anchor - dt.timedelta(days=ago)).date()
        end = start + dt.timedelta(days=length)
        results: list[ResultEntry] = []
        if reached is not None and lag is not None and source.criterion.target is not None:
            last = min(end, anchor.date() - dt.timedelta(days=1))
            days = (last - start).days
            count = max(3, min(6, days // 7))
            values = _values(
                rng, source.criterion.comparison, source.criterion.target, count, reached
            )
            for j, value in enumerate(values):
                day = start + dt.timedelta(days=round(days * (j + 1) / count))
                results.append(
                    ResultEntry(
                        id=_id(rng),
                        date=day,
                        value=value,
                        unit=source.unit,
                        recorded_by=lag.id,
                        recorded_by_name=lag.display_name,
                        recorded_at=dt.datetime.combine(
                            day, dt.time(17, rng.randint(0, 59)), dt.UTC
                        ),
                    )
                )
        created = ctx.day(max(ago, 0) + 10)
        # The city tests its own assumption of the category the original tested.
        category = source.assumption_ids[0].rsplit("-", 1)[-1] if source.assumption_ids else ""
        own = f"demo-asm-{number}-{category}"
        copy = Experiment(
            id=f"demo-rep-{number}-{counters[number]}",
            network_id=city.network_id,
            city_id=city_id,
            assumption_ids=[own] if own in assumption_ids else [],
            title=source.title,
            hypothesis=source.hypothesis,
            method=source.method,
            method_key=source.method_key,
            metric=source.metric,
            unit=source.unit,
            criterion=source.criterion,
            audience=source.audience,
            comparison_group=source.comparison_group,
            start=start,
            end=end,
            cycle=source.cycle,
            status=status,
            owner=lead.display_name if lead else "",
            replicates=source.id,
            results=results,
            created_at=created,
            updated_at=created,
            created_by=author,
            updated_by=author,
        )
        built[copy.id] = copy
        out[experiments.EXPERIMENTS].append(copy.to_doc())
        if status != "done":
            continue
        outcome = experiments.city_outcomes([copy], [], anchor.date())[copy.id].status
        when = min(dt.datetime.combine(end, dt.time(10), dt.UTC) + dt.timedelta(days=5), anchor)
        card = Learning(
            id=f"demo-learning-rep-{number}-{counters[number]}",
            network_id=city.network_id,
            city_id=city_id,
            title=source.title,
            experiment_ids=[copy.id],
            observation=f"{source.metric}: {copy.results[-1].value:g} {source.unit}",
            insights="",
            decision=DECISION_FOR.get(outcome, "keep_testing"),
            confidence="medium",
            created_at=when,
            updated_at=when,
            created_by=author,
            updated_by=author,
        )
        out[experiments.LEARNINGS].append(card.to_doc())


def _grade(ctx: demo.DemoContext, out: dict[str, list[dict]]) -> None:
    """Confirm the suggested evidence level on the demo's learning cards, as their teams did,
    except on the cards of experiments still in analysis: those show a suggestion to confirm."""
    tests = [Experiment.from_doc(d) for d in out[experiments.EXPERIMENTS]]
    cards = [Learning.from_doc(d) for d in out[experiments.LEARNINGS]]
    found = experiments.city_outcomes(tests, cards, ctx.anchor.date())
    chain_of = evidence.chains(tests, found)
    by_id = {e.id: e for e in tests}
    graded = []
    for card in cards:
        fed = [by_id[i] for i in card.experiment_ids if i in by_id]
        if any(e.status == "analysing" for e in fed):
            graded.append(card.to_doc())
            continue
        level = evidence.suggest(fed, found, chain_of).level
        graded.append(card.model_copy(update={"evidence_level": level}).to_doc())
    out[experiments.LEARNINGS] = graded


# --- shared network indicators -----------------------------------------------------------------

SHARED_INDICATORS = [
    SharedIndicator(
        key="online_share",
        label=Bilingual(**i18n.label_texts("demo.indicator.online_share")),
        unit="%",
    ),
    SharedIndicator(
        key="residents_reached",
        label=Bilingual(**i18n.label_texts("demo.indicator.residents_reached")),
        unit="people",
    ),
]
# (baseline, target) ranges of each indicator; a city's own values are drawn in them.
_INDICATOR_RANGES = {
    "online_share": ((8, 25), (35, 60)),
    "residents_reached": ((0, 0), (800, 3000)),
}


def add_indicators(ctx: demo.DemoContext, out: dict[str, list[dict]]) -> None:
    """Each city at solution design or later follows both shared indicators: a baseline and a
    target, and, once experimenting, a measurement a month over the last six months moving
    towards its target (its own random source, so the rest of the demo stays as it was)."""
    stage_keys = [s.key for s in ctx.network.stages]
    design = stage_keys.index("solution_design") if "solution_design" in stage_keys else 2
    docs: list[dict] = []
    for city in ctx.cities:
        reached = stage_keys.index(city.stage) if city.stage in stage_keys else 0
        if reached < design:
            continue
        rng = random.Random(f"indicators-{city.id}")
        lag = next(iter(ctx.users_of(city.id, "lag_member")), None)
        for indicator in SHARED_INDICATORS:
            (low, high), (t_low, t_high) = _INDICATOR_RANGES[indicator.key]
            baseline = float(rng.randint(low, high))
            target = float(rng.randint(t_low, t_high))
            measurements = []
            if reached > design and lag is not None:
                progress = rng.uniform(0.4, 1.1)  # how far towards its target the city got
                for k in range(6):
                    day = (ctx.anchor - dt.timedelta(days=30 * (5 - k) + 3)).date()
                    value = baseline + (target - baseline) * progress * (k + 1) / 6
                    measurements.append(
                        Measurement(
                            id=_id(rng),
                            date=day,
                            value=round(value, 1),
                            recorded_by=lag.id,
                            recorded_by_name=lag.display_name,
                            recorded_at=dt.datetime.combine(day, dt.time(16), dt.UTC),
                        )
                    )
            when = ctx.day(200)
            docs.append(
                IndicatorRecord(
                    id=indicators.record_id(city.id, indicator.key),
                    network_id=city.network_id,
                    city_id=city.id,
                    indicator=indicator.key,
                    baseline=baseline,
                    target=target,
                    measurements=measurements,
                    created_at=when,
                    updated_at=when,
                ).to_doc()
            )
    out.setdefault(indicators.INDICATOR_RECORDS, []).extend(docs)
