"""The network and its cities: default method, creation, reads for the home page."""

from __future__ import annotations

import pandas as pd

from models.base import Bilingual, new_id, utcnow
from models.city import City, CityFields, StageEntry
from models.network import AssumptionCategory, GateItem, Network, Stage
from models.user import User
from services.core import access, collections, formats, permissions, records

NETWORKS = collections.NETWORKS
CITIES = collections.CITIES


def _b(en: str, fr: str) -> Bilingual:
    return Bilingual(en=en, fr=fr)


def default_stages() -> list[Stage]:
    """The four stages of the method, with their gate checklists (rules live in services)."""
    return [
        Stage(
            key="problem_definition",
            label=_b("Problem definition", "Définition du problème"),
            gate=[
                GateItem(
                    key="context",
                    label=_b("Local context researched", "Contexte local étudié"),
                    rule="context_written",
                ),
                GateItem(
                    key="partners",
                    label=_b("Institutional partners listed", "Partenaires institutionnels listés"),
                    rule="partners_listed",
                ),
                GateItem(
                    key="statement",
                    label=_b("Problem statement written", "Énoncé du problème rédigé"),
                    rule="problem_statement",
                ),
                GateItem(
                    key="tree",
                    label=_b("Problem tree with causes and effects", "Arbre à problèmes"),
                    rule="problem_tree",
                ),
            ],
        ),
        Stage(
            key="stakeholder_engagement",
            label=_b("Stakeholder engagement", "Mobilisation des parties prenantes"),
            gate=[
                GateItem(
                    key="sectors",
                    label=_b(
                        "Stakeholders cover at least three sectors",
                        "Parties prenantes d'au moins trois secteurs",
                    ),
                    rule="stakeholder_sectors",
                ),
                GateItem(
                    key="lag_met",
                    label=_b(
                        "The local action group met at least twice",
                        "Le groupe d'action locale s'est réuni au moins deux fois",
                    ),
                    rule="lag_meetings",
                ),
            ],
        ),
        Stage(
            key="solution_design",
            label=_b("Solution design", "Conception des solutions"),
            gate=[
                GateItem(
                    key="vision",
                    label=_b("Vision and objectives agreed", "Vision et objectifs adoptés"),
                    rule="vision_objectives",
                ),
                GateItem(
                    key="actions",
                    label=_b(
                        "Actions with owners and timing", "Actions avec responsables et dates"
                    ),
                    rule="actions_planned",
                ),
                GateItem(
                    key="v1",
                    label=_b("Plan V1 frozen", "Plan V1 figé"),
                    rule="plan_v1",
                ),
            ],
        ),
        Stage(
            key="experimentation",
            label=_b("Experimentation", "Expérimentation"),
            gate=[
                GateItem(
                    key="tested",
                    label=_b("Riskiest assumptions tested", "Hypothèses les plus risquées testées"),
                    rule="riskiest_tested",
                ),
                GateItem(
                    key="v2",
                    label=_b("Plan V2 frozen from the learnings", "Plan V2 figé"),
                    rule="plan_v2",
                ),
            ],
        ),
    ]


def default_assumption_categories() -> list[AssumptionCategory]:
    return [
        AssumptionCategory(key="people", label=_b("People", "Personnes")),
        AssumptionCategory(key="solution", label=_b("Solution", "Solution")),
        AssumptionCategory(key="impact", label=_b("Impact", "Impact")),
        AssumptionCategory(key="resources", label=_b("Resources", "Ressources")),
    ]


DEFAULT_PLAN_TEMPLATE = [
    "context",
    "problem",
    "stakeholders",
    "vision",
    "actions",
    "indicators",
    "risks",
]


def new_network(name: str, funder: str = "", **fields) -> Network:
    """A network with the default method (not yet stored)."""
    network_id = fields.pop("id", None) or new_id()
    return Network(
        id=network_id,
        network_id=network_id,
        name=name,
        funder=funder,
        stages=default_stages(),
        assumption_categories=default_assumption_categories(),
        plan_template=list(DEFAULT_PLAN_TEMPLATE),
        **fields,
    )


def create(network: Network) -> Network:
    """Store a new network (first run, command line)."""
    return records.insert(NETWORKS, network, None)


def get_network(network_id: str) -> Network:
    return records.get(NETWORKS, Network, network_id)


def list_cities(user: User) -> list[City]:
    """The cities of the user's network that the user may see, by name."""
    filter: dict = {"network_id": user.network_id}
    visible = permissions.visible_city_ids(user)
    if visible is not None:
        filter["_id"] = {"$in": sorted(visible)}
    return records.find(CITIES, City, filter, sort=[("name", 1)])


def get_city(user: User, city_id: str) -> City:
    """One city, if the user may see it (NotFound otherwise, so ids are not probed)."""
    return access.stored(user, "city.read", CITIES, City, city_id, refused=access.HIDDEN)


def city_for(user: User, action: str, city_id: str) -> City:
    """The city, once `action` is allowed there for `user` (PermissionDenied otherwise;
    NotFound for another network's city)."""
    return access.stored(user, action, CITIES, City, city_id)


def _with_country_code(data: CityFields) -> dict:
    """The city's fields, its country stored as an ISO code when it names a known country."""
    fields = data.model_dump()
    fields["country"] = formats.country_code(data.country) or data.country
    return fields


def create_city(actor: User, data: CityFields, submission: str | None = None) -> City:
    """A new city in the actor's network, at the first stage. A repeated form `submission`
    (a double click) returns the city the first one created."""
    permissions.require(actor, "city.create")
    network = get_network(actor.network_id)
    first = network.stages[0].key
    fields = _with_country_code(data)
    fields["language"] = data.language or actor.language
    city = City(
        network_id=actor.network_id,
        **fields,
        stage=first,
        stage_history=[StageEntry(stage=first, entered_at=utcnow())],
    )
    return records.insert(CITIES, city, actor, city_id=city.id, submission=submission)


def update_city(
    actor: User, city: City, data: CityFields, *, submission: str | None = None
) -> City:
    """Edit a city's details (revision-checked). The stored city decides (its network, its
    language), not the object handed in, whose revision alone is taken as what the page read.
    A form's `submission` sent again returns the city as that submission left it."""
    permissions.require(actor, "city.edit", city.id)
    stored_city = city_for(actor, "city.edit", city.id)
    fields = _with_country_code(data)
    fields["language"] = data.language or stored_city.language or actor.language
    current = stored_city.model_copy(update={"revision": city.revision})
    return records.update(
        CITIES, current, fields, actor, city_id=stored_city.id, submission=submission
    )


def cities_frame(network: Network, cities: list[City], lang: str = "en") -> pd.DataFrame:
    """One row per city: name, country, cluster, stage label and number, challenge."""
    columns = ["name", "country", "cluster", "stage", "stage_index", "challenge"]
    rows = []
    for c in cities:
        stage = network.stage(c.stage)
        rows.append(
            {
                "name": c.name,
                "country": formats.country(c.country, lang),
                "cluster": c.cluster,
                "stage": stage.label.get(lang) if stage else c.stage,
                "stage_index": network.stage_index(c.stage) + 1,
                "challenge": c.challenge,
            }
        )
    return pd.DataFrame(rows, columns=columns)
