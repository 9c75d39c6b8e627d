"""Demo plans: one per demo city, as far along as the city's stage, in the team's language.

Cities at problem definition have their context and part of the problem; from stakeholder
engagement on, stakeholders, the local action group and its meetings; from solution design,
vision, actions, indicators and risks; cities experimenting have V1 frozen and some of them V2
(changes with their reasons). Deterministic from the demo's random source, and small per city
(a few dicts, one validation) so that 1,000 cities still build in seconds.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

from models import plan as pm
from models.base import stored
from services.core import collections
from services.plans import plans

# Phrases by language: (English, French). Picked with the demo's seeded random source.
NARRATIVES = (
    (
        "The city has grown fast over ten years; services have not kept pace and residents "
        "queue for hours for simple requests. A new municipal team wants to change that.",
        "La ville a beaucoup grandi en dix ans ; les services n'ont pas suivi et les habitants "
        "attendent des heures pour des démarches simples. Une nouvelle équipe municipale veut "
        "changer cela.",
    ),
    (
        "Digital tools are widespread among young residents, much less among older people and "
        "informal workers. The municipality runs several pilots that rarely scale.",
        "Les outils numériques sont répandus chez les jeunes, beaucoup moins chez les aînés et "
        "les travailleurs informels. La municipalité mène des pilotes qui passent rarement à "
        "l'échelle.",
    ),
)
IPESTLE_TEXT = {
    "political": (
        "Elections in two years; the mayor backs the project.",
        "Élections dans deux ans ; le maire soutient le projet.",
    ),
    "economic": (
        "Tight municipal budget; donors fund pilots but not running costs.",
        "Budget municipal serré ; les bailleurs financent les pilotes, pas le fonctionnement.",
    ),
    "social": (
        "Strong neighbourhood associations; low trust in online services.",
        "Associations de quartier actives ; faible confiance dans les services en ligne.",
    ),
    "technological": (
        "Good mobile coverage, patchy fixed broadband, mobile money widespread.",
        "Bonne couverture mobile, haut débit fixe inégal, paiement mobile répandu.",
    ),
    "legal": (
        "A new data protection law applies from next year.",
        "Une nouvelle loi sur la protection des données s'applique l'an prochain.",
    ),
    "environmental": (
        "Flooding every rainy season disrupts access to offices.",
        "Les inondations de chaque saison des pluies perturbent l'accès aux guichets.",
    ),
}
PARTNERS = (
    (
        ("Regional council", "Co-funder", "Digital strategy of the region"),
        ("Conseil régional", "Cofinanceur", "Stratégie numérique de la région"),
    ),
    (
        ("National digital agency", "Technical partner", "Interoperability standards"),
        ("Agence nationale du numérique", "Partenaire technique", "Normes d'interopérabilité"),
    ),
    (
        ("University", "Research partner", "Evaluation of the pilots"),
        ("Université", "Partenaire de recherche", "Évaluation des pilotes"),
    ),
)
ATTEMPTS = (
    (
        ("Online forms portal", "2019", "IT department", "Little used", "Nobody was consulted"),
        (
            "Portail de formulaires en ligne",
            "2019",
            "Service informatique",
            "Peu utilisé",
            "Personne n'avait été consulté",
        ),
    ),
    (
        (
            "SMS alerts pilot",
            "2021",
            "NGO and city",
            "Stopped after funding ended",
            "Plan running costs from the start",
        ),
        (
            "Pilote d'alertes SMS",
            "2021",
            "ONG et ville",
            "Arrêté à la fin du financement",
            "Prévoir le fonctionnement dès le départ",
        ),
    ),
)
CAUSES = (
    (
        ("Low trust in online services", "Fear of losing documents"),
        ("Faible confiance dans les services en ligne", "Peur de perdre des documents"),
    ),
    (
        ("Processes designed for paper", "Signatures required in person"),
        ("Procédures pensées pour le papier", "Signatures exigées en personne"),
    ),
    (
        ("Staff not trained", "No budget for training"),
        ("Agents non formés", "Pas de budget de formation"),
    ),
)
EFFECTS = (
    ("Long queues at the town hall", "Longues files d'attente à la mairie"),
    ("Residents pay intermediaries", "Les habitants paient des intermédiaires"),
)
STAKEHOLDERS = (
    ("Town hall", "Mairie", "public", 5, 4),
    ("Mobile operator", "Opérateur mobile", "private", 4, 3),
    ("Market vendors' association", "Association des commerçants", "civic", 2, 5),
    ("University lab", "Laboratoire universitaire", "knowledge", 2, 4),
    ("Youth network", "Réseau des jeunes", "civic", 1, 4),
    ("Chamber of commerce", "Chambre de commerce", "private", 3, 2),
    ("Regional council", "Conseil régional", "public", 4, 2),
)
DECISIONS = (
    (
        "Agreed the problem tree; two members will survey residents.",
        "Arbre à problèmes validé ; deux membres enquêteront auprès des habitants.",
    ),
    (
        "Shared the survey results; chose three priority neighbourhoods.",
        "Résultats de l'enquête partagés ; trois quartiers prioritaires choisis.",
    ),
    ("Reviewed the draft actions and their costs.", "Projet d'actions et coûts passés en revue."),
    (
        "Planned the first experiment and who runs it.",
        "Première expérimentation planifiée, avec ses responsables.",
    ),
)
VISIONS = (
    (
        "By 2030 every resident can complete city procedures from a phone, with help nearby for "
        "those who need it.",
        "D'ici 2030, chaque habitant peut faire ses démarches depuis un téléphone, avec une aide "
        "de proximité pour qui en a besoin.",
    ),
)
HEADLINES = (
    (
        "Queues vanish at the town hall as residents go mobile",
        "Les files d'attente disparaissent à la mairie : les habitants passent au mobile",
    ),
)
OBJECTIVES = (
    (
        "access",
        "Make the five most used procedures available on mobile",
        "Rendre les cinq démarches les plus courantes accessibles sur mobile",
    ),
    (
        "help",
        "Offer assisted access in every district",
        "Offrir un accès accompagné dans chaque quartier",
    ),
    (
        "trust",
        "Build trust in online services",
        "Renforcer la confiance dans les services en ligne",
    ),
)
ACTIONS = (
    (
        "access",
        "Redesign the birth certificate request",
        "Refondre la demande d'acte de naissance",
        18000,
        "City budget",
        "Budget municipal",
    ),
    (
        "help",
        "Train digital helpers in district offices",
        "Former des médiateurs numériques en mairie de quartier",
        9500,
        "EU-AU programme",
        "Programme UE-UA",
    ),
    (
        "trust",
        "Publish a plain-language data charter",
        "Publier une charte des données en langage clair",
        2500,
        "City budget",
        "Budget municipal",
    ),
    (
        "access",
        "Accept mobile money for municipal fees",
        "Accepter le paiement mobile pour les taxes",
        12000,
        "Mobile operator",
        "Opérateur mobile",
    ),
)
INDICATORS = (
    ("Requests made online", "Demandes faites en ligne", "%", 8, 40),
    ("Average waiting time at the counter", "Attente moyenne au guichet", "min", 95, 30),
    ("Residents helped by a digital helper", "Habitants aidés par un médiateur", "people", 0, 1500),
)
RISKS = (
    (
        "Staff resist the new procedures",
        "Les agents résistent aux nouvelles procédures",
        3,
        4,
        "Involve front-desk staff in the design",
        "Associer les agents d'accueil à la conception",
    ),
    (
        "Funding ends before scale-up",
        "Le financement s'arrête avant le passage à l'échelle",
        3,
        5,
        "Include running costs in the city budget",
        "Inscrire le fonctionnement au budget",
    ),
    (
        "Network outages in the rainy season",
        "Coupures réseau à la saison des pluies",
        2,
        3,
        "Keep a paper fallback",
        "Garder une procédure papier de secours",
    ),
)
V2_REASON = (
    "The experiment showed residents want help in person first.",
    "L'expérimentation a montré que les habitants veulent d'abord une aide en personne.",
)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "fr" else pair[0]


def _id(city_id: str, kind: str, n: int) -> str:
    return f"{city_id}-{kind}{n}"


def _stamp(section: dict, when: dt.datetime, user: Any) -> dict:
    return {
        "content": section,
        "enabled": True,
        "revision": 1,
        "updated_at": when,
        "updated_by": user.id if user else "system",
        "updated_by_name": user.display_name if user else "",
    }


def _put(
    sections: dict, saved: list, user: Any, key: str, content: dict, when: dt.datetime
) -> None:
    """Fill one section (keeping whether it is shown) and remember when it was saved."""
    if key in sections:
        enabled = sections[key]["enabled"]
        sections[key] = _stamp(content, when, user)
        sections[key]["enabled"] = enabled
        saved.append((when, key))


def _context(cid: str, lang: str, rng: random.Random, full: bool) -> dict:
    fields = list(pm.IPESTLE) if full else list(pm.IPESTLE)[: rng.randint(2, 4)]
    return {
        "kind": "context",
        "narrative": _pick(rng.choice(NARRATIVES), lang),
        "ipestle": {k: _pick(IPESTLE_TEXT[k], lang) for k in fields},
        "partners": [
            dict(zip(("name", "role", "mandate"), _pick(p, lang), strict=True), id=_id(cid, "p", n))
            for n, p in enumerate(PARTNERS[: 3 if full else 2])
        ],
        "previous_attempts": [
            dict(
                zip(("what", "when", "who", "outcome", "lessons"), _pick(a, lang), strict=True),
                id=_id(cid, "a", n),
            )
            for n, a in enumerate(ATTEMPTS[: 2 if full else 1])
        ],
        "sources": [{"id": _id(cid, "s", 0), "title": "Census 2022", "url": "", "note": ""}],
    }


def _problem(cid: str, lang: str, challenge: str, full: bool) -> dict:
    causes = [
        {
            "id": _id(cid, "c", n),
            "label": _pick((c[0][0], c[1][0]), lang),
            "children": [{"id": _id(cid, "cc", n), "label": _pick((c[0][1], c[1][1]), lang)}],
        }
        for n, c in enumerate(CAUSES[: 3 if full else 1])
    ]
    effects = [
        {"id": _id(cid, "e", n), "label": _pick(e, lang)}
        for n, e in enumerate(EFFECTS[: 2 if full else 0])
    ]
    return {
        "kind": "problem",
        "statement": challenge,
        "tree": {"core": challenge[:200], "causes": causes, "effects": effects},
    }


def _stakeholders(
    cid: str, lang: str, rng: random.Random, members: list[str], start: dt.datetime, meetings: int
) -> dict:
    chosen = STAKEHOLDERS[: rng.randint(4, len(STAKEHOLDERS))]
    return {
        "kind": "stakeholders",
        "stakeholders": [
            {
                "id": _id(cid, "k", n),
                "organisation": _pick((s[0], s[1]), lang),
                "sector": s[2],
                "power": s[3],
                "interest": s[4],
                "involvement": "",
            }
            for n, s in enumerate(chosen)
        ],
        "lag_members": [
            {"id": _id(cid, "m", n), "name": name, "group": pm.LAG_GROUPS[n % 3]}
            for n, name in enumerate(members)
        ],
        "meetings": [
            {
                "id": _id(cid, "mt", n),
                "date": (start + dt.timedelta(days=30 * n + rng.randint(0, 6))).date(),
                "attendees": members[: 2 + (n % max(len(members) - 1, 1))],
                "decisions": _pick(DECISIONS[n % len(DECISIONS)], lang),
            }
            for n in range(meetings)
        ],
    }


def _vision(lang: str) -> dict:
    return {
        "kind": "vision",
        "statement": _pick(VISIONS[0], lang),
        "headline": _pick(HEADLINES[0], lang),
        "objectives": [
            {"id": f"obj-{key}", "key": key, "title": _pick((en, fr), lang)}
            for key, en, fr in OBJECTIVES
        ],
    }


def _actions(cid: str, lang: str, start: dt.date, progress: bool) -> dict:
    statuses = ("in_progress", "planned", "done", "planned")
    return {
        "kind": "actions",
        "actions": [
            {
                "id": _id(cid, "x", n),
                "objective": obj,
                "title": _pick((en, fr), lang),
                "owner": _pick(("Project team", "Équipe projet"), lang),
                "start": start + dt.timedelta(days=45 * n),
                "end": start + dt.timedelta(days=45 * n + 120),
                "cost": float(cost),
                "funding_source": _pick((src_en, src_fr), lang),
                "funding_status": pm.FUNDING_STATUSES[n % 3],
                "status": statuses[n] if progress else "planned",
                "progress": (60, 10, 100, 0)[n] if progress else 0,
            }
            for n, (obj, en, fr, cost, src_en, src_fr) in enumerate(ACTIONS)
        ],
    }


def _indicators(cid: str, lang: str, start: dt.date, measured: int) -> dict:
    return {
        "kind": "indicators",
        "indicators": [
            {
                "id": _id(cid, "i", n),
                "name": _pick((en, fr), lang),
                "unit": unit,
                "baseline": float(base),
                "target": float(target),
                "measurements": [
                    {
                        "date": start + dt.timedelta(days=60 * (m + 1)),
                        "value": float(base + (target - base) * (m + 1) / (measured + 3)),
                    }
                    for m in range(measured)
                ],
            }
            for n, (en, fr, unit, base, target) in enumerate(INDICATORS)
        ],
    }


def _risks(cid: str, lang: str) -> dict:
    return {
        "kind": "risks",
        "risks": [
            {
                "id": _id(cid, "r", n),
                "title": _pick((en, fr), lang),
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": _pick((m_en, m_fr), lang),
                "owner": _pick(("Project leader", "Cheffe de projet"), lang),
                "status": "open",
            }
            for n, (en, fr, likelihood, impact, m_en, m_fr) in enumerate(RISKS)
        ],
    }


def _activity(plan: dict, city, when: dt.datetime, user, action: str, fields: list) -> dict:
    return {
        "_id": f"{plan['_id']}-{action}-{len(fields)}-{int(when.timestamp())}",
        "network_id": plan["network_id"],
        "at": when,
        "actor": user.id if user else "system",
        "actor_name": user.display_name if user else "system",
        "entity": plans.PLANS,
        "entity_id": plan["_id"],
        "city_id": city.id,
        "action": action,
        "fields": fields,
        "note": "",
    }


def plans_demo(ctx) -> dict[str, list[dict]]:
    """A plan per demo city, consistent with its stage; V1 and V2 for cities experimenting."""
    stage_keys = [s.key for s in ctx.network.stages]
    out: dict[str, list[dict]] = {plans.PLANS: [], plans.VERSIONS: [], collections.ACTIVITY: []}
    for city in ctx.cities:
        rng = ctx.rng
        leads = ctx.users_of(city.id, "city_lead")
        lags = ctx.users_of(city.id, "lag_member")
        lead = leads[0] if leads else None
        lang = lead.language if lead else "en"
        level = stage_keys.index(city.stage) if city.stage in stage_keys else 0
        entered = [h.entered_at for h in city.stage_history] or [city.created_at]
        started = entered[0]
        scope = "project" if rng.random() < 0.25 else "strategy"
        plan = plans.new_plan(ctx.network.id, city.id, scope, ctx.network.plan_template)
        doc = stored(plan)
        doc["_id"] = f"plan-{city.id}"
        doc["created_at"] = started
        doc["created_by"] = lead.id if lead else "system"
        sections = doc["sections"]
        saved: list[tuple[dt.datetime, str]] = []

        def put(key: str, content: dict, when: dt.datetime) -> None:
            # Never after the demo's "now", even for a city that just entered its stage.
            latest = ctx.anchor - dt.timedelta(hours=2)
            _put(sections, saved, lead, key, content, min(when, latest))  # noqa: B023

        put("context", _context(city.id, lang, rng, level >= 1), started + dt.timedelta(days=20))
        put(
            "problem",
            _problem(city.id, lang, city.challenge, level >= 1),
            started + dt.timedelta(days=40),
        )
        if level >= 1:
            members = [u.display_name for u in lags] + [
                f"{n} ({_pick(('resident', 'habitant·e'), lang)})"
                for n in ("Awa", "Marc", "Leila", "Tomás")[: rng.randint(2, 4)]
            ]
            put(
                "stakeholders",
                _stakeholders(city.id, lang, rng, members, entered[1], 2 + level),
                entered[1] + dt.timedelta(days=15),
            )
        if level >= 2:
            design = entered[2]
            put("vision", _vision(lang), design + dt.timedelta(days=10))
            put(
                "actions",
                _actions(city.id, lang, design.date(), level >= 3),
                design + dt.timedelta(days=30),
            )
            put(
                "indicators",
                _indicators(city.id, lang, design.date(), 2 if level >= 3 else 0),
                design + dt.timedelta(days=35),
            )
            put("risks", _risks(city.id, lang), design + dt.timedelta(days=40))
        doc["updated_at"] = max([w for w, _ in saved], default=started)
        doc["updated_by"] = lead.id if lead else "system"
        doc["revision"] = len(saved)
        activity = [_activity(doc, city, started, lead, "create", [])] + [
            _activity(doc, city, w, lead, "save_section", [f"sections.{k}"]) for w, k in saved
        ]
        if level >= 3:
            v1_at = min(entered[3] - dt.timedelta(days=3), ctx.anchor - dt.timedelta(hours=1))
            versions = [_version(doc, 1, v1_at, lead, lang, [])]
            if rng.random() < 0.6:
                actions = sections["actions"]["content"]["actions"]
                added = {
                    **actions[1],
                    "id": _id(city.id, "x", 9),
                    "title": _pick(
                        ("Open a help desk at the market", "Ouvrir un guichet d'aide au marché"),
                        lang,
                    ),
                    "cost": 4000.0,
                }
                actions.append(added)
                # The experiment also lowered a risk: an edited item in V2.
                sections["risks"]["content"]["risks"][0]["likelihood"] = 2
                reason = _pick(V2_REASON, lang)
                v2_at = min(entered[3] + dt.timedelta(days=90), ctx.anchor - dt.timedelta(days=5))
                change = {
                    "section": "actions",
                    "item_id": added["id"],
                    "kind": "add",
                    "summary": added["title"],
                    "reason": reason,
                    # The learning of the city's first finished experiment (demo_experiments).
                    "learning_id": f"demo-learning-{city.id.split('-')[-1]}-1",
                }
                risk = sections["risks"]["content"]["risks"][0]
                lowered = {
                    **change,
                    "section": "risks",
                    "item_id": risk["id"],
                    "kind": "edit",
                    "summary": risk["title"],
                }
                versions.append(_version(doc, 2, v2_at, lead, lang, [change, lowered]))
                activity.append(
                    _activity(
                        doc,
                        city,
                        v2_at - dt.timedelta(days=2),
                        lead,
                        "propose",
                        ["sections.actions"],
                    )
                )
            doc["version"] = len(versions)
            # Work goes on after the last freeze: the working plan has moved a little.
            first = sections["actions"]["content"]["actions"][0]
            first["progress"], first["status"] = 80, "in_progress"
            for version in versions:
                out[plans.VERSIONS].append(stored(pm.PlanVersion.model_validate(version)))
                activity.append(
                    _activity(doc, city, version["created_at"], lead, "freeze", ["version"])
                )
        out[plans.PLANS].append(stored(pm.Plan.model_validate(doc)))
        out[collections.ACTIVITY].extend(activity)
    return out


def _version(plan: dict, number: int, when: dt.datetime, user, lang: str, changes: list) -> dict:
    notes = {
        1: ("Validated by the local action group", "Validé par le groupe d'action locale"),
        2: ("Revised from the experiments", "Révisé à partir des expérimentations"),
    }
    return {
        "_id": f"{plan['_id']}-v{number}",
        "network_id": plan["network_id"],
        "created_at": when,
        "created_by": user.id if user else "system",
        "updated_at": when,
        "updated_by": user.id if user else "system",
        "revision": 0,
        "plan_id": plan["_id"],
        "city_id": plan["city_id"],
        "number": number,
        "note": _pick(notes[number], lang),
        "scope": plan["scope"],
        "sections": copy.deepcopy(plan["sections"]),
        "order": list(plan["order"]),
        "changes": changes,
    }
