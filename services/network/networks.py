"""The network and its cities: default method, creation, reads for the home page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.base import Bilingual, new_id, utcnow
from models.city import City, CityFields, StageEntry
from models.network import AssumptionCategory, GateItem, Method, Network, Stage, default_methods
from models.user import User
from services.core import access, collections, formats, i18n, permissions, records, store
from services.network import directory

NETWORKS = collections.NETWORKS
CITIES = collections.CITIES
_FEW = 20  # cities a user may see that are read one by one rather than from the directory


def _b(key: str) -> Bilingual:
    """A default label in every language of the catalogues (message `default.<key>`)."""
    return Bilingual(**i18n.label_texts(f"default.{key}"))


def default_stages() -> list[Stage]:
    """The four stages of the method, with their gate checklists (rules live in services)."""
    return [
        Stage(
            key="problem_definition",
            label=_b("stage.problem_definition"),
            gate=[
                GateItem(
                    key="context",
                    label=_b("gate.context"),
                    rule="context_written",
                ),
                GateItem(
                    key="partners",
                    label=_b("gate.partners"),
                    rule="partners_listed",
                ),
                GateItem(
                    key="statement",
                    label=_b("gate.statement"),
                    rule="problem_statement",
                ),
                GateItem(
                    key="tree",
                    label=_b("gate.tree"),
                    rule="problem_tree",
                ),
            ],
        ),
        Stage(
            key="stakeholder_engagement",
            label=_b("stage.stakeholder_engagement"),
            gate=[
                GateItem(
                    key="sectors",
                    label=_b("gate.sectors"),
                    rule="stakeholder_sectors",
                ),
                GateItem(
                    key="lag_met",
                    label=_b("gate.lag_met"),
                    rule="lag_meetings",
                ),
            ],
        ),
        Stage(
            key="solution_design",
            label=_b("stage.solution_design"),
            gate=[
                GateItem(
                    key="vision",
                    label=_b("gate.vision"),
                    rule="vision_objectives",
                ),
                GateItem(
                    key="actions",
                    label=_b("gate.actions"),
                    rule="actions_planned",
                ),
                GateItem(
                    key="v1",
                    label=_b("gate.v1"),
                    rule="plan_v1",
                ),
            ],
        ),
        Stage(
            key="experimentation",
            label=_b("stage.experimentation"),
            gate=[
                GateItem(
                    key="tested",
                    label=_b("gate.tested"),
                    rule="riskiest_tested",
                ),
                GateItem(
                    key="v2",
                    label=_b("gate.v2"),
                    rule="plan_v2",
                ),
            ],
        ),
    ]


def default_assumption_categories() -> list[AssumptionCategory]:
    return [
        AssumptionCategory(key="people", label=_b("category.people")),
        AssumptionCategory(key="solution", label=_b("category.solution")),
        AssumptionCategory(key="impact", label=_b("category.impact")),
        AssumptionCategory(key="resources", label=_b("category.resources")),
    ]


def methods() -> list[Method]:
    """The default experiment methods (models.network), labelled in every language."""
    return [Method(key=m.key, label=_b(f"method.{m.key}")) for m in default_methods()]


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
    fields.setdefault("methods", methods())
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


@dataclass(frozen=True)
class CityChoice:
    """A city as a list to choose from shows it: its name, and how many experiments its
    summary counts (a page opens on the first city that has some)."""

    id: str
    name: str
    experiments: int = 0


def city_choices(user: User, action: str = "city.read") -> list[CityChoice]:
    """The cities of the user's network that the user may see for `action`, by name: only
    their names and experiment counts are read (a list of 1,000 cities to pick one from reads
    one document, the network's directory, and no plan, team or history)."""
    visible = permissions.visible_city_ids(user, action)
    if visible is None or len(visible) > _FEW:
        found = [
            CityChoice(e.city_id, e.name, e.experiments)
            for e in directory.entries(user.network_id)
            if visible is None or e.city_id in visible
        ]
    else:  # a city lead's few cities: read by `_id`, less than the whole directory
        where = {"network_id": user.network_id, "_id": {"$in": sorted(visible)}}
        docs = store.get().find(
            CITIES, where, projection={"name": 1, "summary.experiments_total": 1}
        )
        found = [
            CityChoice(
                d["_id"],
                d.get("name", ""),
                int((d.get("summary") or {}).get("experiments_total") or 0),
            )
            for d in docs
        ]
    # Sorted here: the embedded store sorts slower than Python does.
    return sorted(found, key=lambda c: (c.name, c.id))


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
