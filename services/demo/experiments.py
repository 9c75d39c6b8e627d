"""Demo assumptions, experiments (every status, with results) and learnings.

Cities at the solution design stage have assumptions and test cards in design; cities at the
experimentation stage also have a done, an analysing and a running experiment with results
over the months before the demo's anchor, and learning cards. Everything is drawn from the
demo's seeded random source, so the demo is the same at every build. Ids are predictable
(`demo-exp-<city number>-<k>`, `demo-learning-<city number>-<k>`) so other demo data (plan
changes) may cite them.

The cities' summaries are not built here: seeding refreshes them from the documents
(services/network/summary.py).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from models.experiment import (
    Assumption,
    Criterion,
    Experiment,
    Learning,
    ResultEntry,
)
from services.experiments import experiments

if TYPE_CHECKING:  # demo imports this module to register it
    from services.demo import seed as demo

ASSUMPTIONS = {
    # category: (belief, reason) in English and French
    "people": (
        (
            "residents will use the service if a neighbour shows them how",
            "trust in the city's digital services is low",
        ),
        (
            "les habitants utiliseront le service si un voisin leur montre comment faire",
            "la confiance dans les services numériques de la ville est faible",
        ),
    ),
    "solution": (
        (
            "a shorter online form cuts the time needed to apply",
            "most applicants give up on the current form",
        ),
        (
            "un formulaire en ligne plus court réduit le temps de la démarche",
            "la plupart des demandeurs abandonnent le formulaire actuel",
        ),
    ),
    "impact": (
        (
            "reminders by SMS bring more requests each week",
            "people forget deadlines more than they refuse the service",
        ),
        (
            "des rappels par SMS augmentent les demandes chaque semaine",
            "les gens oublient les échéances plus qu'ils ne refusent le service",
        ),
    ),
    "resources": (
        (
            "volunteers can staff a help desk every opening hour",
            "the local action group has offered its time",
        ),
        (
            "des bénévoles peuvent tenir un guichet d'aide à chaque heure d'ouverture",
            "le groupe d'action locale a proposé son temps",
        ),
    ),
}

# key: (title en, title fr, category, metric en, metric fr, unit, comparison, target)
EXPERIMENTS = [
    (
        "relays",
        "Sign-up drive with community relays",
        "Inscriptions avec des relais de quartier",
        "people",
        "share of target residents signed up",
        "part des habitants ciblés inscrits",
        "%",
        ">=",
        40.0,
    ),
    (
        "form",
        "Shorter online form",
        "Formulaire en ligne raccourci",
        "solution",
        "median time to complete the form",
        "temps médian pour remplir le formulaire",
        "min",
        "<=",
        15.0,
    ),
    (
        "sms",
        "Weekly SMS reminders",
        "Rappels SMS hebdomadaires",
        "impact",
        "service requests per week",
        "demandes de service par semaine",
        "requests",
        ">=",
        120.0,
    ),
    (
        "desk",
        "Volunteer help desk",
        "Guichet d'aide bénévole",
        "resources",
        "",
        "",
        "",
        None,
        None,
    ),
]

# The network methods each demo experiment may use, picked by city (no random draw, so the rest
# of the demo stays as it was): "what works where" then compares cities that chose differently.
METHODS_FOR = {
    "relays": ("co_design", "survey", "pop_up_desk"),
    "form": ("paper_prototype", "landing_page", "ab_test"),
    "sms": ("sms_reminders",),
    "desk": ("pop_up_desk", "pilot_service"),
}

# (status, start days ago, length in days) for experimentation cities, in EXPERIMENTS order.
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
    rng: random.Random, comparison: str, target: float, count: int, success: bool
) -> list[float]:
    """A plausible series moving towards (or short of) the target."""
    higher = comparison in (">=", ">")
    end = target * (1.1 if success == higher else 0.85)
    start = target * (0.5 if higher else 1.8)
    series = []
    for k in range(count):
        share = (k + 1) / count
        noise = rng.uniform(-0.04, 0.04) * target
        series.append(round(start + (end - start) * share + noise, 1))
    if success:  # the last one decides: make sure it meets the criterion
        series[-1] = round(target * 1.05, 1) if higher else round(target * 0.9, 1)
    return series


def _city_docs(ctx: demo.DemoContext, index: int, city, experimenting: bool) -> dict:
    rng = ctx.rng
    number = city.id.split("-")[-1]
    lang = "fr" if any(u.language == "fr" for u in ctx.users_of(city.id, "city_lead")) else "en"
    pick = 1 if lang == "fr" else 0
    lead = next(iter(ctx.users_of(city.id, "city_lead")), None)
    lag = next(iter(ctx.users_of(city.id, "lag_member")), None)
    author = lead.id if lead else "system"
    anchor = ctx.anchor
    base = dict(network_id=city.network_id, city_id=city.id, created_by=author, updated_by=author)

    assumptions: list[Assumption] = []
    for category, texts in ASSUMPTIONS.items():
        belief, reason = texts[pick]
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
        key, title_en, title_fr, category, m_en, m_fr, unit, comparison, target = EXPERIMENTS[k]
        start = (anchor - dt.timedelta(days=ago)).date()
        end = start + dt.timedelta(days=length)
        if comparison is None:
            criterion = Criterion(
                kind="qualitative",
                text="chaque heure couverte pendant un mois"
                if pick
                else "every opening hour covered for a month",
            )
        else:
            criterion = Criterion(kind="numeric", comparison=comparison, target=target)
        results: list[ResultEntry] = []
        if status != "design" and comparison is not None and lag is not None:
            last = min(end, anchor.date() - dt.timedelta(days=1))
            days = (last - start).days
            count = max(3, min(8, days // 7))
            success = rng.random() < 0.6
            for j, value in enumerate(_values(rng, comparison, target, count, success)):
                day = start + dt.timedelta(days=round(days * (j + 1) / count))
                recorded = dt.datetime.combine(day, dt.time(18, rng.randint(0, 59)), dt.UTC)
                results.append(
                    ResultEntry(
                        id=_id(rng),
                        date=day,
                        value=value,
                        unit=unit,
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
                title=title_fr if pick else title_en,
                assumption_ids=[f"demo-asm-{number}-{category}"],
                hypothesis=experiments.statement(assumptions[k], lang),
                method="",
                method_key=METHODS_FOR[key][index % len(METHODS_FOR[key])],
                metric=m_fr if pick else m_en,
                unit=unit,
                criterion=criterion,
                audience="",
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
        status = found[experiment.id].status
        when = dt.datetime.combine(experiment.end, dt.time(10), dt.UTC) + dt.timedelta(days=7)
        when = min(when, anchor)
        learnings.append(
            Learning(
                id=f"demo-learning-{number}-{k + 1}",
                title=experiment.title,
                experiment_ids=[experiment.id],
                observation="",
                insights="",
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


def extension(ctx: demo.DemoContext) -> dict[str, list[dict]]:
    """Assumptions, experiments and learnings of the cities at solution design or later."""
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
        docs = _city_docs(ctx, index, city, experimenting=reached > design)
        for coll, items in docs.items():
            out[coll].extend(items)
    return out
