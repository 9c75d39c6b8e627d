"""Evidence levels and replications: the suggestion rule (pure), starting a replication (copy
and permissions), the `replicates` checks, and chain counts checked against a recomputation
from the raw documents that shares none of the service's code."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from models.experiment import (
    Criterion,
    Experiment,
    ExperimentCreate,
    ExperimentUpdate,
    ResultEntry,
    ResultFields,
)
from models.user import User
from services.core import collections, store
from services.core.errors import InvalidInput, NotFound, PermissionDenied
from services.experiments import evidence, experiments, outcomes, replication
from services.transfer import archive

START = dt.date(2026, 3, 1)
END = dt.date(2026, 3, 31)
ON = dt.date(2026, 5, 1)
AT = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def card(id: str, value: float | None, city: str = "c1", **kw) -> Experiment:
    results = []
    if value is not None:
        results = [ResultEntry(date=END, value=value, unit="%", recorded_by="u", recorded_at=AT)]
    kw.setdefault("criterion", Criterion(kind="numeric", comparison=">=", target=40))
    return Experiment(
        id=id,
        network_id="n",
        city_id=city,
        title=f"Test {id}",
        unit="%",
        start=START,
        end=END,
        status="done",
        results=results,
        **kw,
    )


def suggest(*items: Experiment) -> evidence.Suggestion:
    found = {e.id: outcomes.outcome(e, ON) for e in items}
    return evidence.suggest(items[:1], found, evidence.chains(items, found))


# --- the suggestion rule -----------------------------------------------------------------------


def test_without_a_measured_result_that_meets_the_criterion_the_suggestion_is_level_1():
    assert suggest(card("a", None)) == evidence.Suggestion(1, "describe")
    assert suggest(card("a", 12)).level == 1  # measured, criterion not met
    qualitative = card("a", None, criterion=Criterion(kind="qualitative", text="Vendors like it"))
    assert suggest(qualitative.model_copy(update={"verdict": "validated"})).level == 1


def test_a_numeric_criterion_met_by_results_suggests_2_and_with_a_comparison_group_3():
    assert suggest(card("a", 55)) == evidence.Suggestion(2, "measured", {"title": "Test a"})
    compared = suggest(card("a", 55, comparison_group="Ward 4, without the service"))
    assert compared.level == 3
    assert compared.values["group"] == "Ward 4, without the service"
    # A comparison group alone is no evidence: the criterion still has to be met.
    assert suggest(card("a", 12, comparison_group="Ward 4")).level == 1


def test_a_replication_held_in_another_city_suggests_4_and_5_is_never_suggested():
    original = card("a", 55)
    held = card("b", 60, city="c2", replicates="a")
    assert suggest(original, held) == evidence.Suggestion(
        4, "replicated", {"title": "Test a", "tested": 2, "held": 2}
    )
    # Not held elsewhere (the replication failed): the original's own data decide.
    assert suggest(original, card("b", 10, city="c2", replicates="a")).level == 2
    # Held in the same city only: not a replication elsewhere.
    assert suggest(original, card("b", 60, city="c1", replicates="a")).level == 2
    # Even a chain held in every city suggests 4, never 5.
    many = [original, *(card(f"r{i}", 70, city=f"c{i + 2}", replicates="a") for i in range(4))]
    assert suggest(*many).level == 4


def test_a_chain_follows_replications_of_replications_and_a_loop_still_has_one_root():
    links = {"a": None, "b": "a", "c": "b", "d": None, "e": "gone"}
    assert evidence.root_of(links, "c") == "a"
    assert evidence.chain_members(links, "b") == ["a", "b", "c"]
    assert evidence.chain_members(links, "e") == ["e"]  # its original is not in the network
    loop = {"x": "y", "y": "z", "z": "x"}
    assert {evidence.root_of(loop, i) for i in loop} == {"x"}


# --- starting a replication --------------------------------------------------------------------

SOURCE = "demo-exp-0010-1"  # a done experiment of the demo's experimenting city
ELSEWHERE = "city-0009"


def _stored(experiment_id: str) -> dict:
    return store.get().find_one(collections.EXPERIMENTS, {"_id": experiment_id})


def test_a_replication_copies_the_design_into_the_city_in_design(world):
    source = _stored(SOURCE)
    copy = replication.start_replication(world["coordinator"], SOURCE, ELSEWHERE, START)
    stored = _stored(copy.id)
    assert stored["city_id"] == ELSEWHERE and stored["network_id"] == source["network_id"]
    assert stored["replicates"] == SOURCE and stored["status"] == "design"
    for name in replication.COPIED:
        assert stored[name] == source[name], name
    assert stored["results"] == [] and stored["assumption_ids"] == []
    assert stored["verdict"] is None and stored["owner"] == ""
    assert stored["start"].date() == START
    assert stored["end"] - stored["start"] == source["end"] - source["start"]


def test_a_replication_needs_to_read_the_source_card_and_edit_the_destination(world):
    before = store.get().count(collections.EXPERIMENTS)
    # A city lead reads the design of every test card of the network: they may copy another
    # city's card into their own city (what a city team that learns from others does).
    lead = replication.start_replication(world["city_lead"], SOURCE, world.city, START)
    assert _stored(lead.id)["city_id"] == world.city and _stored(lead.id)["replicates"] == SOURCE
    own = replication.start_replication(world["admin"], SOURCE, world.city, START)
    before += 2
    # ... but may not edit another city's experiments.
    with pytest.raises(PermissionDenied):
        replication.start_replication(world["city_lead"], own.id, world.other_city)
    # A local action group member reads the own city's cards but edits none.
    with pytest.raises(PermissionDenied):
        replication.start_replication(world["lag_member"], own.id, world.other_city)
    with pytest.raises((PermissionDenied, NotFound)):
        replication.start_replication(world["viewer"], SOURCE, ELSEWHERE)
    with pytest.raises(NotFound):  # an id that is not a test card of the network
        replication.start_replication(world["city_lead"], "nope", world.city)
    with pytest.raises(InvalidInput):  # replicating the city's own experiment
        replication.start_replication(world["coordinator"], SOURCE, "city-0010")
    assert store.get().count(collections.EXPERIMENTS) == before


def test_replicates_names_another_city_of_the_network_and_never_makes_a_loop(world):
    admin = world["admin"]
    copy = replication.start_replication(admin, SOURCE, ELSEWHERE, START)
    original = experiments.get_experiment(admin, SOURCE)
    with pytest.raises(InvalidInput):  # A replicates B replicates A
        experiments.update_experiment(admin, original, ExperimentUpdate(replicates=copy.id))
    sibling = experiments.get_experiment(admin, "demo-exp-0010-2")
    with pytest.raises(InvalidInput):  # same city
        experiments.update_experiment(admin, sibling, ExperimentUpdate(replicates=SOURCE))
    with pytest.raises(InvalidInput):  # no such experiment
        experiments.update_experiment(admin, sibling, ExperimentUpdate(replicates="nope"))
    assert _stored(SOURCE).get("replicates") is None


def test_the_network_s_other_test_cards_are_listed_by_design_never_with_results(world):
    lead = world["city_lead"]
    listed = replication.other_cities_cards(lead, world.city)
    docs = [
        d
        for d in store.get().find(collections.EXPERIMENTS, {"network_id": lead.network_id})
        if d["city_id"] != world.city
    ]
    assert sorted(c.id for c in listed) == sorted(d["_id"] for d in docs)
    assert all(c.city_id != world.city and c.city for c in listed)
    assert [c.city.casefold() for c in listed] == sorted(c.city.casefold() for c in listed)
    # A member of the local action group reads them too; a viewer (the funder) does not.
    assert len(replication.other_cities_cards(world["lag_member"], world.city)) == len(docs)
    assert replication.other_cities_cards(world["viewer"], world.city) == []
    # Each as its document and its city's say (read from the network's directory).
    names = {c["_id"]: c["name"] for c in store.get().find(collections.CITIES, {})}
    assert {(c.id, c.city_id, c.city, c.title, c.method_key, c.status) for c in listed} == {
        (d["_id"], d["city_id"], names[d["city_id"]], d["title"], d.get("method_key"), d["status"])
        for d in docs
    }
    # The card is its design: the other city's results are not part of it.
    assert _stored(SOURCE)["results"]
    assert replication.card(lead, SOURCE).results == []
    with pytest.raises(NotFound):  # the experiment itself (with results) stays the city's
        experiments.get_experiment(lead, SOURCE)


def test_a_city_lead_says_their_card_replicates_another_city_s(world):
    lead = world["city_lead"]
    mine = experiments.create_experiment(
        lead,
        world.city,
        ExperimentCreate(
            title="Kiosks",
            unit="%",
            start=START,
            end=END,
            criterion=Criterion(kind="numeric", comparison=">=", target=40),
        ),
    )
    saved = experiments.update_experiment(lead, mine, ExperimentUpdate(replicates=SOURCE))
    assert _stored(saved.id)["replicates"] == SOURCE
    cleared = experiments.update_experiment(lead, saved, ExperimentUpdate(replicates=None))
    assert _stored(cleared.id)["replicates"] is None


# --- chain counts, against the raw documents ---------------------------------------------------


def _independent_chain(experiment_id: str, today: dt.date) -> tuple[set[str], set[str]]:
    """(cities tested, cities held) of the chain, from the stored dicts: the members are those
    reached by following `replicates` both ways; an entry counts when it is numeric, in the
    card's unit and window; the latest counts; a finished card with none is inconclusive."""
    docs = {d["_id"]: d for d in store.get().find(collections.EXPERIMENTS, {})}
    members, frontier = set(), {experiment_id}
    while frontier:
        members |= frontier
        ups = {docs[i].get("replicates") for i in frontier} - {None}
        downs = {i for i, d in docs.items() if d.get("replicates") in frontier}
        frontier = (ups | downs) - members
    tested, held = set(), set()
    for i in members:
        d = docs[i]
        start, end = d["start"].date(), d["end"].date()
        finished = d["status"] in ("analysing", "done") or end < today
        if d["status"] == "stopped" or not finished:
            continue
        counted = [
            r
            for r in d["results"]
            if r.get("value") is not None
            and (r.get("unit") or d["unit"]).strip().lower() == d["unit"].strip().lower()
            and start <= r["date"].date() <= end
        ]
        tested.add(d["city_id"])
        if counted and d["criterion"]["kind"] == "numeric":
            last = max(counted, key=lambda r: (r["date"], r["recorded_at"]))
            target, op = d["criterion"]["target"], d["criterion"]["comparison"]
            met = {">=": last["value"] >= target, ">": last["value"] > target}.get(op)
            met = met if met is not None else {"<=": last["value"] <= target}.get(op, False)
            if met:
                held.add(d["city_id"])
    return tested, held


def _run(actor: User, experiment_id: str, value: float) -> None:
    card = experiments.get_experiment(actor, experiment_id)
    experiments.record_result(actor, card.id, ResultFields(date=card.start, value=value))
    experiments.set_status(actor, experiments.get_experiment(actor, card.id), "done")


def test_chain_counts_equal_a_recomputation_from_the_raw_documents(world):
    admin = world["admin"]
    source = experiments.get_experiment(admin, SOURCE)
    target = source.criterion.target
    meets = target + 1 if source.criterion.direction != "lower" else target - 1
    misses = target - 1 if source.criterion.direction != "lower" else target + 1
    start = dt.date.today() - dt.timedelta(days=3)
    first = replication.start_replication(admin, SOURCE, "city-0009", start)
    second = replication.start_replication(admin, SOURCE, "city-0011", start)
    third = replication.start_replication(admin, first.id, "city-0012", start)  # of a replication
    planned = replication.start_replication(admin, second.id, "city-0008", start)  # still design
    _run(admin, first.id, meets)
    _run(admin, second.id, misses)
    _run(admin, third.id, meets)
    today = dt.date.today()
    items = [experiments.get_experiment(admin, i) for i in (SOURCE, third.id, planned.id)]
    found = replication.chains_for(admin, items)
    tested, held = _independent_chain(SOURCE, today)
    assert len(tested) >= 3 and len(held) >= 2  # the case has teeth
    for item in items:
        chain = found[item.id]
        assert set(chain.tested) == tested
        assert set(chain.held) == held
        assert set(chain.cities) == tested | {"city-0008"}
    # A city lead who reads one city sees the counts, and links only to what they may read.
    assert replication.readable_cities(world["city_lead"], found[SOURCE]) == []
    assert set(replication.readable_cities(admin, found[SOURCE])) == set(found[SOURCE].cities)


# --- the import/export format ------------------------------------------------------------------


def test_the_export_carries_levels_effects_and_chains_and_checks_replicates(readonly_world):
    data = archive.loads(archive.dumps(archive.snapshot(store.get())))
    assert archive.validate(data) == []
    replications = [e for e in data[collections.EXPERIMENTS] if e.get("replicates")]
    assert (
        len(
            {
                evidence.root_of(
                    {e["_id"]: e.get("replicates") for e in data[collections.EXPERIMENTS]}, e["_id"]
                )
                for e in replications
            }
        )
        >= 2
    )
    assert any(lg.get("evidence_level") for lg in data[collections.LEARNINGS])
    assert any(lg.get("unintended_effects") for lg in data[collections.LEARNINGS])
    index = data[collections.EXPERIMENTS].index(replications[0])
    replications[0]["replicates"] = "gone"
    problems = archive.validate(data)
    assert any(
        p.startswith(f"experiments[{index}]") and "replicates 'gone': no such document" in p
        for p in problems
    ), problems


def _chain_by_scan(docs: list[dict], start: str) -> set[str]:
    """The experiments connected to `start` by `replicates` links in either direction (a
    chain), found by scanning every document: shares none of the service's code."""
    ids = {d["_id"] for d in docs}
    edges = {d["_id"]: set() for d in docs}
    for d in docs:
        if d["replicates"] in ids:
            edges[d["_id"]].add(d["replicates"])
            edges[d["replicates"]].add(d["_id"])
    seen, todo = {start}, [start]
    while todo:
        for other in edges[todo.pop()] - seen:
            seen.add(other)
            todo.append(other)
    return seen


@pytest.mark.parametrize("seed", range(5))
def test_a_city_s_chains_are_read_by_walking_links_not_every_experiment(db, seed):
    """The links read for a city's experiments hold every experiment of their chains (walked
    up and down by indexed reads), whatever the forest's shape: loops, missing originals,
    another network's experiment of the same id pattern."""
    db.ensure_indexes()
    rnd = random.Random(seed)
    ids = [f"e{i}" for i in range(40)]
    docs = []
    for i, x in enumerate(ids):
        roll = rnd.random()
        target = None
        if roll < 0.5 and i:
            target = rnd.choice(ids[:i])
        elif roll < 0.55:
            target = rnd.choice(ids)  # a loop, as an import could hold
        elif roll < 0.6:
            target = "gone-" + x
        docs.append({"_id": x, "network_id": "n", "city_id": f"c{i % 5}", "replicates": target})
    db.insert_many(collections.EXPERIMENTS, docs)
    db.insert_many(
        collections.EXPERIMENTS,
        [{"_id": "elsewhere", "network_id": "other", "city_id": "c9", "replicates": "e0"}],
    )
    for city in range(5):
        mine = [d for d in docs if d["city_id"] == f"c{city}"]
        # Only their ids and links matter here (the rest of a card is not read).
        items = [Experiment.model_construct(id=d["_id"], replicates=d["replicates"]) for d in mine]
        links = replication._links("n", items)
        for d in mine:
            assert set(evidence.chain_members(links, d["_id"])) == _chain_by_scan(docs, d["_id"])
