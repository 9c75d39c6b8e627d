"""Replications across the network: start one from another city's test card, and read the
chains (an original and its replications) the experiments of a city belong to.

Who may do what: a replication is started by someone who may edit the experiments of the city
that runs it (`experiment.edit`) and read the test card it copies (`experiment.card.read`: every
city member reads the design of the network's test cards, never their results; NotFound
otherwise, so ids are not probed). A chain's counts (tested in 3 cities, held in 2) are facts
of the network shown to whoever reads one of its experiments; the links to the other cities'
stories are given only for the cities the reader may read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from models.base import today
from models.experiment import Experiment, ExperimentCreate, Learning
from models.user import User
from services.core import collections, permissions, store
from services.core.errors import InvalidInput, NotFound
from services.experiments import evidence, experiments, outcomes
from services.network import directory

EXPERIMENTS = collections.EXPERIMENTS
LEARNINGS = collections.LEARNINGS
# What a replication copies of the test card: its design, never its results, its links to the
# other city's assumptions, its status, owner or verdict.
COPIED = (
    "title",
    "hypothesis",
    "method",
    "method_key",
    "metric",
    "unit",
    "criterion",
    "audience",
    "comparison_group",
    "cycle",
    "budget",
)


def start_replication(
    actor: User,
    experiment_id: str,
    city_id: str,
    start: dt.date | None = None,
    submission: str | None = None,
) -> Experiment:
    """Copy another city's test card into `city_id`'s experiments, in design, replicating it:
    the same design (`COPIED`), the same length from `start` (today by default), for the city
    to adapt. InvalidInput when the source is the city's own experiment; a repeated form
    `submission` returns the copy the first one made."""
    source = card(actor, experiment_id)
    if source.city_id == city_id:
        raise InvalidInput("replicates", "experiments.error.replicates_own_city")
    start = start or today()
    values = {name: getattr(source, name) for name in COPIED}
    data = ExperimentCreate(
        **values,
        start=start,
        end=start + (source.end - source.start),
        status="design",
        replicates=source.id,
    )
    return experiments.create_experiment(actor, city_id, data, submission=submission)


def card(user: User, experiment_id: str) -> Experiment:
    """The test card `experiment_id` of the user's network, if they may read its design
    (`experiment.card.read`; NotFound otherwise). Its results are left out."""
    doc = store.get().find_one(EXPERIMENTS, {"_id": experiment_id})
    if (
        doc is None
        or doc.get("network_id") != user.network_id
        or not permissions.allowed(user, "experiment.card.read", doc.get("city_id"))
    ):
        raise NotFound(entity=EXPERIMENTS, id=experiment_id)
    return Experiment.from_doc({**doc, "results": []})


@dataclass(frozen=True)
class CardRef:
    """Another city's test card, as a list of cards to replicate shows it."""

    id: str
    city_id: str
    city: str
    title: str
    method_key: str | None
    status: str


def other_cities_cards(user: User, city_id: str) -> list[CardRef]:
    """The network's test cards in cities other than `city_id` whose design the user may read,
    by city name then title: what `city_id` may say it replicates, or start replicating. One
    read: the network's directory (services/network/directory.py), not every card and city."""
    visible = permissions.visible_city_ids(user, "experiment.card.read")
    if visible is not None and not visible:
        return []
    refs = [
        CardRef(card_id, e.city_id, e.name, title, method_key, status)
        for e in directory.entries(user.network_id)
        if e.city_id != city_id and (visible is None or e.city_id in visible)
        for card_id, title, method_key, status in e.cards
    ]
    return sorted(refs, key=card_order)


def card_order(ref: CardRef) -> tuple[str, str, str]:
    """How a list of cards is ordered: by city name, then title."""
    return (ref.city.casefold(), ref.title.casefold(), ref.id)


def _links(network_id: str, items: list[Experiment]) -> dict[str, str | None]:
    """The experiments of the chains `items` belong to, by id, with the one each replicates:
    walked from `items` up (what they replicate) and down (what replicates them) by indexed
    reads, until no chain grows (every experiment of the network was read before: 1,500 of
    them for a city's page in a network of 1,000)."""
    links: dict[str, str | None] = {e.id: e.replicates for e in items}
    db = store.get()
    down = set(links)  # whose replications are still to be read
    up = {r for r in links.values() if r and r not in links}  # originals still to be read
    while down or up:
        found = []
        if up:
            where = {"network_id": network_id, "_id": {"$in": sorted(up)}}
            found += db.find(EXPERIMENTS, where, projection={"replicates": 1})
        if down:
            where = {"network_id": network_id, "replicates": {"$in": sorted(down)}}
            found += db.find(EXPERIMENTS, where, projection={"replicates": 1})
        new = {d["_id"]: d.get("replicates") for d in found if d["_id"] not in links}
        links.update(new)
        down = set(new)
        up = {r for r in new.values() if r and r not in links}
    return links


def chains_for(user: User, items: Iterable[Experiment]) -> dict[str, evidence.Chain]:
    """The chains of two or more experiments that `items` (experiments the user read) belong
    to, by experiment id: every member read, with its outcome."""
    items = list(items)
    if not items:
        return {}
    network_id = items[0].network_id
    if any(e.network_id != user.network_id for e in items):
        return {}
    links = _links(network_id, items)
    wanted: set[str] = set()
    for e in items:
        if e.id in links:
            members = evidence.chain_members(links, e.id)
            if len(members) > 1:
                wanted.update(members)
    if not wanted:
        return {}
    db = store.get()
    members = [
        Experiment.from_doc(d) for d in db.find(EXPERIMENTS, {"_id": {"$in": sorted(wanted)}})
    ]
    cards = [
        Learning.from_doc(d)
        for d in db.find(LEARNINGS, {"experiment_ids": {"$in": sorted(wanted)}})
    ]
    on = today()
    found = {
        e.id: outcomes.outcome(e, on, [lg for lg in cards if e.id in lg.experiment_ids])
        for e in members
    }
    return {k: v for k, v in evidence.chains(members, found).items() if k in {e.id for e in items}}


def readable_cities(user: User, chain: evidence.Chain) -> list[str]:
    """The chain's cities whose story the user may read (experiment.read)."""
    return [c for c in chain.cities if permissions.allowed(user, "experiment.read", c)]


def suggestion(
    learning: Learning,
    by_id: dict[str, Experiment],
    found: dict[str, outcomes.Outcome],
    chain_of: dict[str, evidence.Chain],
) -> evidence.Suggestion:
    """The evidence level suggested for `learning` from the experiments it was fed by (those
    in `by_id`), their outcomes and chains."""
    fed = [by_id[i] for i in learning.experiment_ids if i in by_id]
    return evidence.suggest(fed, found, chain_of)
