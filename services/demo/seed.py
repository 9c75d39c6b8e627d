"""The demo network: deterministic (seeded), realistic, bilingual, with 18 months of history.

Each city tells its own story (services/demo/data/stories/), in its team's language; the
network's own labels (name, clusters, countries) are in English, its stages in both languages.

`seed()` builds the network, its cities and demo accounts, then runs every part listed in
`PARTS` (experiments, indicators, plans, reporting, coordination, workshops), each adding its
own documents: pure, so the whole demo is built in memory and written in a few bulk inserts
(1,000 cities in seconds).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from models.base import utcnow
from models.city import City, StageEntry, Team
from models.network import Phase
from models.user import User
from services.accounts import accounts, passwords
from services.core import formats, store
from services.dashboard import summary
from services.demo import context
from services.demo import coordination as demo_coordination
from services.demo import experiments as demo_experiments
from services.demo import plans as demo_plans
from services.demo import reporting as demo_reporting
from services.demo import stories as demo_stories
from services.demo import workshops as demo_workshops
from services.network import networks

DEMO_NETWORK_ID = "demo-network"
HISTORY_DAYS = 548  # 18 months

# (city, country, cluster, language of the local team, challenge): one row per story.
CITIES: list[tuple[str, str, str, str, str]] = [
    (story.name, story.country, story.cluster, story.lang, story.challenge)
    for story in demo_stories.stories()
]

FIRST_NAMES = [
    "Aïssatou",
    "Jean",
    "Grace",
    "Kwame",
    "Marie",
    "Luis",
    "Hélène",
    "Amina",
    "Pieter",
    "Sofia",
    "Moussa",
    "Chloé",
    "Tomás",
    "Fatou",
    "Eero",
    "Nadia",
    "Kofi",
    "Inès",
]
LAST_NAMES = [
    "Diallo",
    "Mensah",
    "Uwase",
    "Kamau",
    "Dupont",
    "Silva",
    "Ben Salah",
    "Janssens",
    "Virtanen",
    "Etxeberria",
    "Koné",
    "Adjovi",
    "Martin",
    "Owusu",
    "Ndiaye",
    "Moreau",
]


DemoContext = context.DemoContext
Part = context.Part

# The demo's parts, in the order they are built: each adds its documents (pure: nothing is
# written until the end). Reporting drafts its reports from the plans and experiments before it;
# the workshops promote their results into a plan.
PARTS: tuple[Part, ...] = (
    demo_experiments.add,
    demo_experiments.add_indicators,
    demo_plans.add,
    demo_reporting.add,
    demo_coordination.add,
    demo_workshops.add,
)


@dataclass
class DemoResult:
    network_id: str
    counts: dict[str, int]
    usernames: list[str]
    password: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _slug(name: str) -> str:
    table = str.maketrans("éèêëàâäîïôöûüçñ' ", "eeeeaaaiioouucn--")
    return name.lower().translate(table)


def city_rows(count: int) -> list[tuple[str, str, str, str, str]]:
    """The twelve demo cities, then numbered variations of them for large benchmarks."""
    rows = []
    for i in range(count):
        name, country, cluster, lang, challenge = CITIES[i % len(CITIES)]
        if i >= len(CITIES):
            name = f"{name} {i // len(CITIES) + 1}"
        rows.append((name, country, cluster, lang, challenge))
    return rows


def build(
    cities: int = 12, seed: int = 2026, anchor: dt.datetime | None = None, password_hash: str = ""
) -> tuple[dict[str, list[dict]], list[str]]:
    """Every demo document, by collection (nothing written), and the demo usernames."""
    rng = random.Random(seed)
    anchor = (anchor or utcnow()).replace(hour=9, minute=0, second=0, microsecond=0)
    start = anchor - dt.timedelta(days=HISTORY_DAYS)
    network = networks.new_network(
        "Africa-Europe Digital Cities",
        funder="EU-AU cooperation programme",
        id=DEMO_NETWORK_ID,
        description="Cities and digital transformation",
        clusters=sorted({row[2] for row in CITIES}),
        indicators=demo_experiments.SHARED_INDICATORS,
        timeline=[
            Phase(
                name="Phase 1 — Diagnostic",
                start=start.date(),
                end=(start + dt.timedelta(days=180)).date(),
                expected_stage="stakeholder_engagement",
            ),
            Phase(
                name="Phase 2 — Design",
                start=(start + dt.timedelta(days=181)).date(),
                end=(start + dt.timedelta(days=365)).date(),
                expected_stage="solution_design",
            ),
            Phase(
                name="Phase 3 — Experiments",
                start=(start + dt.timedelta(days=366)).date(),
                end=(anchor + dt.timedelta(days=180)).date(),
                expected_stage="experimentation",
            ),
        ],
    ).model_copy(update={"created_at": start, "updated_at": start})
    stage_keys = [s.key for s in network.stages]

    city_docs: list[City] = []
    users: list[User] = [
        User(
            id="demo-coordinator",
            network_id=network.id,
            username="coordinator.demo",
            display_name="Nadia Ben Salah",
            role="coordinator",
            language="fr",
            password_hash=password_hash,
            created_at=start,
            updated_at=start,
        ),
        User(
            id="demo-viewer",
            network_id=network.id,
            username="funder.demo",
            display_name="Pieter Janssens",
            role="viewer",
            password_hash=password_hash,
            created_at=start,
            updated_at=start,
        ),
    ]
    for i, (name, country, cluster, lang, challenge) in enumerate(city_rows(cities)):
        city_id = f"city-{i + 1:04d}"
        # Spread the cities over the method: some just started, some experimenting.
        reached = (i * len(stage_keys)) // max(cities, 1)
        joined = start + dt.timedelta(days=rng.randint(0, 60))
        history, when = [], joined
        for k in range(reached + 1):
            history.append(
                StageEntry(
                    stage=stage_keys[k],
                    entered_at=when,
                    approved_by="demo-coordinator" if k else None,
                )
            )
            when += dt.timedelta(days=rng.randint(90, 130))
        city_docs.append(
            City(
                id=city_id,
                network_id=network.id,
                name=name,
                country=formats.country_code(country) or country,
                cluster=cluster,
                challenge=challenge,
                language=lang,
                team=Team(
                    project_leader=_person(rng), lag_coordinator=_person(rng), coach=_person(rng)
                ),
                stage=stage_keys[reached],
                stage_history=history,
                created_at=joined,
                updated_at=history[-1].entered_at,
            )
        )
        slug = _slug(name)
        for role, prefix in (("city_lead", "lead"), ("lag_member", "lag")):
            users.append(
                User(
                    id=f"demo-{prefix}-{i + 1:04d}",
                    network_id=network.id,
                    username=f"{prefix}.{slug}",
                    display_name=_person(rng),
                    role=role,
                    language=lang,
                    city_ids=[city_id],
                    password_hash=password_hash,
                    created_at=joined,
                    updated_at=joined,
                )
            )

    built = DemoContext(rng=rng, anchor=anchor, network=network, cities=city_docs, users=users)
    docs: dict[str, list[dict]] = {
        networks.NETWORKS: [network.to_doc()],
        networks.CITIES: [c.to_doc() for c in city_docs],
        accounts.USERS: [u.to_doc() for u in users],
    }
    for part in PARTS:
        part(built, docs)
    return docs, [u.username for u in users]


def seed(
    cities: int = 12,
    *,
    reset: bool = False,
    seed: int = 2026,
    password: str | None = None,
    keep_users: bool = True,
) -> DemoResult:
    """Write the demo network. Refuses a store that already has a network unless `reset`.

    `reset` removes everything but, with `keep_users`, the accounts that exist (so the person
    who loads the demo from the first-run screen stays logged in) and moves them into the demo
    network. Demo accounts share one password: `password`, or a random one returned once.
    """
    db = store.get()
    if db.count(networks.NETWORKS) and not reset:
        raise ValueError("the store already has a network: use --reset to replace it")
    password = password or secrets.token_urlsafe(9)
    docs, usernames = build(cities, seed, password_hash=passwords.hash_password(password))
    kept = db.find(accounts.USERS) if keep_users else []
    db.drop_all()
    for user in kept:
        user["network_id"] = DEMO_NETWORK_ID
    docs[accounts.USERS] = [
        u for u in docs[accounts.USERS] if u["username"] not in {k["username"] for k in kept}
    ] + kept
    # Bulk inserts bypass records: the summaries are computed here, from the documents still
    # in memory, and inserted with the cities (reading everything back and writing each city
    # again made seeding far slower than its inserts).
    found = summary.summarise_before_insert(DEMO_NETWORK_ID, docs)
    counts = {coll: db.insert_many(coll, items) for coll, items in docs.items()}
    summary.store_rollup(DEMO_NETWORK_ID, docs[networks.CITIES], found, db)
    return DemoResult(DEMO_NETWORK_ID, counts, usernames, password)
