"""The demo's workshops, in the first city designing solutions (or further): two finished ones
whose results were promoted into its plan (ideas into actions, a stakeholder map into
stakeholders, each with its history line), one open brainstorm a visitor can join (its code
is random, shown to the facilitator), and one collecting written input ahead of its session
(deadline in three days). The city's first check-in after the actions were decided says what
happened with the first of them (the other is still asked about in the next check-in)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from models import plan as pm
from models import workshops as wm
from models.base import stored
from models.reporting import FollowThrough
from services.core import collections, i18n
from services.demo import context as demo

# (text, effort x, impact y, votes) for the finished impact/effort session.
IDEAS = [
    ("Guichet numérique unique pour les permis", 2, 5, 7),
    ("Formation des agents municipaux aux outils en ligne", 2, 4, 5),
    ("Application de signalement des pannes d'éclairage", 4, 4, 3),
    ("Wi-Fi public sur les marchés", 5, 3, 1),
    ("Tableau de bord ouvert des dépenses", 3, 2, 0),
]
TOP_IDEAS = 2
# (organisation, sector, interest x, power y) for the finished stakeholder map.
STAKEHOLDERS = [
    ("Association des commerçants du marché Sandaga", "private", 4, 3),
    ("Agence de l'informatique de l'État", "public", 3, 5),
    ("Université Cheikh Anta Diop — laboratoire TIC", "knowledge", 5, 2),
    ("Collectif des jeunes du quartier Médina", "civic", 5, 1),
]
OPEN_NOTES = [
    ("ideas", "Des QR codes sur les arrêts de bus"),
    ("questions", "Qui paiera la maintenance ?"),
]
COLLECTED_NOTES = [
    ("ideas", "Un point d'aide numérique à la mairie de quartier"),
    ("concerns", "Les personnes âgées sans smartphone"),
]
COLLECT_DAYS = 3  # the collecting workshop's deadline, days after the demo's "now"
FOLLOW_ANSWER = (
    "Le guichet pilote est ouvert à la mairie centrale ; 120 demandes de permis en ligne le "
    "premier mois."
)


def _hash() -> str:
    return hashlib.sha256(secrets.token_bytes(16)).hexdigest()


def _base(ctx, city, when: dt.datetime, by: str) -> dict[str, Any]:
    return {
        "network_id": ctx.network.id,
        "created_at": when,
        "created_by": by,
        "updated_at": when,
        "updated_by": by,
    }


def _session(ctx, city, n: int, template: str, title: str, when: dt.datetime, by: str, notes):
    """A workshop with its participants, notes (id, text, column, x, y, sector) and votes."""
    out: dict[str, list[dict]] = {
        collections.WORKSHOPS: [],
        collections.WORKSHOP_PARTICIPANTS: [],
        collections.WORKSHOP_NOTES: [],
        collections.WORKSHOP_VOTES: [],
    }
    ws_id = f"demo-workshop-{n}"
    closed = n < 3
    collecting = n == 4
    people = [f"{ws_id}-p{k}" for k in range(8 if closed else 2)]
    for k, pid in enumerate(people):
        out[collections.WORKSHOP_PARTICIPANTS].append(
            stored(
                wm.Participant(
                    id=pid,
                    workshop_id=ws_id,
                    city_id=city.id,
                    name=f"Participant {k + 1}",
                    token_hash=_hash(),
                    **_base(ctx, city, when, "system"),
                )
            )
        )
    used = dict.fromkeys(people, 0)
    for note_id, text, column, x, y, sector, votes in notes:
        out[collections.WORKSHOP_NOTES].append(
            stored(
                wm.Note(
                    id=note_id,
                    workshop_id=ws_id,
                    city_id=city.id,
                    column=column,
                    text=text,
                    participant_id=people[len(out[collections.WORKSHOP_NOTES]) % len(people)],
                    x=x,
                    y=y,
                    sector=sector,
                    **_base(ctx, city, when, "system"),
                )
            )
        )
        voters = sorted(people, key=lambda p: used[p])[:votes]
        for pid in voters:
            used[pid] += 1
            out[collections.WORKSHOP_VOTES].append(
                stored(
                    wm.Vote(
                        id=f"{note_id}-v-{pid[-2:]}",
                        workshop_id=ws_id,
                        note_id=note_id,
                        participant_id=pid,
                        **_base(ctx, city, when, "system"),
                    )
                )
            )
    for participant in out[collections.WORKSHOP_PARTICIPANTS]:
        participant["votes_used"] = used[participant["_id"]]
    workshop = wm.Workshop(
        id=ws_id,
        city_id=city.id,
        title=title,
        template=template,
        code="".join(secrets.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(8)),
        status="closed" if closed else "open",
        phase="results" if closed else "collecting" if collecting else "writing",
        revealed=closed,
        settings=wm.WorkshopSettings(
            votes_per_person=3,
            hide_until_reveal=False,
            # names shown while collecting (the LAG's written input), anonymous from then on
            anonymity={"collecting": False} if collecting else {},
        ),
        collect_until=ctx.anchor + dt.timedelta(days=COLLECT_DAYS) if collecting else None,
        phase_started_at=when,
        closed_at=when + dt.timedelta(hours=1) if closed else None,
        board_revision=len(notes),
        **_base(ctx, city, when, by),
    )
    return workshop, out


def add(ctx: demo.DemoContext, docs: dict[str, list[dict]]) -> None:
    """Add the demo workshops to `docs` (the demo being built), promoting the finished ones'
    results into that city's plan."""
    # A city far enough in the method to have mapped its stakeholders and chosen actions.
    stages = [stage.key for stage in ctx.network.stages]
    ready = [c for c in ctx.cities if c.stage in stages[2:]]
    if not ready:
        return
    city = ready[0]
    plan = next((p for p in docs.get(collections.PLANS, []) if p["city_id"] == city.id), None)
    if plan is None:
        return
    lead = (ctx.users_of(city.id, "city_lead") or [None])[0]
    by = lead.id if lead else "demo-coordinator"
    by_name = lead.display_name if lead else "system"
    sessions = [
        (
            1,
            "impact_effort",
            "Priorisation des idées — LAG",
            _before_last_checkin(docs, city, ctx.day(60)),
            [
                (f"demo-ws1-n{k}", text, "ideas", x, y, None, votes)
                for k, (text, x, y, votes) in enumerate(IDEAS)
            ],
            "actions",
        ),
        (
            2,
            "stakeholder_map",
            "Cartographie des acteurs — LAG",
            ctx.day(120),
            [
                (f"demo-ws2-n{k}", org, "stakeholders", x, y, sector, 0)
                for k, (org, sector, x, y) in enumerate(STAKEHOLDERS)
            ],
            "stakeholders",
        ),
        (
            3,
            "brainstorm",
            "Atelier ouvert — idées pour la ville numérique",
            ctx.anchor - dt.timedelta(hours=1),
            [
                (f"demo-ws3-n{k}", text, col, None, None, None, 0)
                for k, (col, text) in enumerate(OPEN_NOTES)
            ],
            None,
        ),
        (
            4,
            "brainstorm",
            "Inclusion numérique — contributions avant la séance",
            ctx.anchor - dt.timedelta(days=2),
            [
                (f"demo-ws4-n{k}", text, col, None, None, None, 0)
                for k, (col, text) in enumerate(COLLECTED_NOTES)
            ],
            None,
        ),
    ]
    for n, template, title, when, notes, target in sessions:
        workshop, out = _session(ctx, city, n, template, title, when, by, notes)
        if target is not None and target in plan["sections"]:
            content = plan["sections"][target]["content"]
            if target == "actions":
                chosen = sorted(notes, key=lambda row: -row[6])[:TOP_IDEAS]
                items = [stored(pm.Action(id=row[0], title=row[1])) for row in chosen]
            else:
                chosen = notes
                items = [
                    stored(
                        pm.Stakeholder(
                            id=row[0],
                            organisation=row[1],
                            sector=row[5],
                            interest=row[3],
                            power=row[4],
                        )
                    )
                    for row in chosen
                ]
            content[target] = content.get(target, []) + items
            if target == "actions":
                _follow_through(docs, city, workshop, items[0], when + dt.timedelta(hours=2))
            section = plan["sections"][target]
            section["revision"] = section.get("revision", 0) + 1
            promoted_at = when + dt.timedelta(hours=2)
            workshop.promotions.append(
                wm.Promotion(
                    target=target,
                    note_ids=[row[0] for row in chosen],
                    item_ids=[row[0] for row in chosen],
                    at=promoted_at,
                    by=by,
                )
            )
            docs.setdefault(collections.ACTIVITY, []).append(
                {
                    "_id": f"{plan['_id']}-workshop-{n}",
                    "network_id": plan["network_id"],
                    "at": promoted_at,
                    "actor": by,
                    "actor_name": by_name,
                    "entity": collections.PLANS,
                    "entity_id": plan["_id"],
                    "city_id": city.id,
                    "action": "save_section",
                    "fields": [f"sections.{target}"],
                    "note": i18n.t("workshops.promoted_note", "en", title=title, id=workshop.id),
                }
            )
        docs.setdefault(collections.WORKSHOPS, []).append(stored(workshop))
        for coll, items in out.items():
            docs.setdefault(coll, []).extend(items)
    pm.Plan.model_validate(plan)  # what was added keeps the plan valid


def _checkin_day(checkin: dict) -> dt.date:
    value = checkin["date"]
    return value.date() if isinstance(value, dt.datetime) else value


def _before_last_checkin(docs, city, when: dt.datetime) -> dt.datetime:
    """`when`, or a week before the city's last check-in when that is earlier: the actions
    the workshop decides are then answered about in a later check-in."""
    days = [_checkin_day(c) for c in docs.get(collections.CHECKINS, []) if c["city_id"] == city.id]
    if not days or max(days) > when.date():
        return when
    last = dt.datetime.combine(max(days), when.timetz())
    return last - dt.timedelta(days=7)


def _follow_through(docs, city, workshop: wm.Workshop, action: dict, after: dt.datetime) -> None:
    """The city's first check-in after `after` answers what happened with `action`."""
    later = sorted(
        (c for c in docs.get(collections.CHECKINS, []) if c["city_id"] == city.id),
        key=_checkin_day,
    )
    later = [c for c in later if _checkin_day(c) > after.date()]
    if later:
        answer = FollowThrough(
            item_id=action["id"],
            workshop_id=workshop.id,
            title=action["title"],
            answer=FOLLOW_ANSWER,
        )
        later[0]["follow_through"] = [stored(answer)]
