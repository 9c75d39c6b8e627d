"""The demo network tells twelve coherent stories: each city's plan, assumptions, experiments
and learnings follow from its own challenge, in its team's language, with varied designs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from services.demo import seed as demo
from services.demo import stories
from services.experiments import outcomes

ANCHOR = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
# Four rounds of the twelve stories: the last twelve cities are all experimenting, so every
# story shows its plan, assumptions, test cards, results, learnings and V2.
EVERY_STAGE = 48
FRENCH = {"le", "la", "les", "des", "et", "du", "une", "pour"}
ENGLISH = {"the", "and", "of", "to", "with", "for"}


@pytest.fixture(scope="module")
def network() -> dict[str, list[dict]]:
    docs, _ = demo.build(12, seed=2026, anchor=ANCHOR)
    return docs


@pytest.fixture(scope="module")
def rounds() -> dict[str, list[dict]]:
    docs, _ = demo.build(EVERY_STAGE, seed=2026, anchor=ANCHOR)
    return docs


def by_city(docs: dict[str, list[dict]], collection: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for doc in docs.get(collection, []):
        found.setdefault(doc["city_id"], []).append(doc)
    return found


def tree_labels(nodes: list[dict]) -> Iterator[str]:
    for node in nodes:
        yield node["label"]
        yield from tree_labels(node.get("children", []))


def plan_texts(plan: dict) -> Iterator[str]:
    """Every text a person wrote in the plan's sections (not people's names)."""
    for section in plan["sections"].values():
        content = section["content"]
        kind = content.get("kind")
        if kind == "context":
            yield content["narrative"]
            yield from content["ipestle"].values()
            for partner in content["partners"]:
                yield from (partner["name"], partner["role"], partner["mandate"])
            for attempt in content["previous_attempts"]:
                yield from (attempt["what"], attempt["outcome"], attempt["lessons"])
        elif kind == "problem":
            yield content["statement"]
            yield from tree_labels(content["tree"]["causes"])
            yield from tree_labels(content["tree"]["effects"])
        elif kind == "stakeholders":
            yield from (s["organisation"] for s in content["stakeholders"])
            yield from (m["decisions"] for m in content["meetings"])
        elif kind == "vision":
            yield from (content["statement"], content["headline"])
            yield from (o["title"] for o in content["objectives"])
        elif kind == "actions":
            for action in content["actions"]:
                yield from (action["title"], action["owner"], action["funding_source"])
        elif kind == "indicators":
            yield from (i["name"] for i in content["indicators"])
        elif kind == "risks":
            for risk in content["risks"]:
                yield from (risk["title"], risk["mitigation"], risk["owner"])


def experiment_texts(experiment: dict) -> list[str]:
    criterion = experiment["criterion"].get("text", "")
    fields = ("title", "hypothesis", "method", "metric", "audience")
    return [experiment[f] for f in fields] + [criterion]


def city_texts(docs: dict[str, list[dict]], city_id: str) -> list[str]:
    """The content of a city's story: plan, versions' changes, assumptions, experiments,
    learnings."""
    texts = [c["challenge"] for c in docs["cities"] if c["_id"] == city_id]
    for plan in by_city(docs, "plans").get(city_id, []):
        texts += plan_texts(plan)
    for version in by_city(docs, "plan_versions").get(city_id, []):
        texts.append(version["note"])
        texts += [t for c in version["changes"] for t in (c["summary"], c["reason"])]
    for assumption in by_city(docs, "assumptions").get(city_id, []):
        texts += [assumption["belief"], assumption["reason"]]
    for experiment in by_city(docs, "experiments").get(city_id, []):
        texts += experiment_texts(experiment)
    for learning in by_city(docs, "learnings").get(city_id, []):
        texts += [learning["title"], learning["observation"], learning["insights"]]
    return [t for t in texts if t]


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower())


def mentions(text: str, keywords: tuple[str, ...]) -> bool:
    return any(k.lower() in text.lower() for k in keywords)


def experimenting(docs: dict[str, list[dict]]) -> list[tuple[dict, stories.Story]]:
    cities = sorted(docs["cities"], key=lambda c: c["_id"])
    return [
        (city, stories.of(i)) for i, city in enumerate(cities) if city["stage"] == "experimentation"
    ]


# --- each city keeps to its own challenge ------------------------------------------------------


def test_the_twelve_cities_keep_their_names_languages_and_challenges(network):
    cities = sorted(network["cities"], key=lambda c: c["_id"])
    assert [c["_id"] for c in cities] == [f"city-{n:04d}" for n in range(1, 13)]
    assert [c["name"] for c in cities] == [s.name for s in stories.stories()]
    assert [c["challenge"] for c in cities] == [s.challenge for s in stories.stories()]
    leads = {u["city_ids"][0]: u["language"] for u in network["users"] if u["role"] == "city_lead"}
    assert [leads[c["_id"]] for c in cities] == [s.lang for s in stories.stories()]
    assert {s.lang for s in stories.stories()} == {"en", "fr"}


def test_every_story_keeps_to_its_challenge(rounds):
    plans = {p["city_id"]: p for p in rounds["plans"]}
    assumptions = by_city(rounds, "assumptions")
    tests = by_city(rounds, "experiments")
    found = experimenting(rounds)
    assert sorted(s.name for _, s in found) == sorted(s.name for s in stories.stories())
    for city, story in found:
        name = story.name
        assert story.keywords and all(
            k.lower() in city["challenge"].lower() for k in story.keywords
        )
        problem = plans[city["_id"]]["sections"]["problem"]["content"]
        assert mentions(problem["statement"], story.keywords), name
        tree = list(tree_labels(problem["tree"]["causes"])) + list(
            tree_labels(problem["tree"]["effects"])
        )
        assert len(tree) >= 6 and any(mentions(label, story.keywords) for label in tree), name
        beliefs = [a["belief"] + " " + a["reason"] for a in assumptions[city["_id"]]]
        assert len(beliefs) == 4 and any(mentions(b, story.keywords) for b in beliefs), name
        cards = [" ".join(experiment_texts(e)) for e in tests[city["_id"]]]
        assert len(cards) == 4 and any(mentions(c, story.keywords) for c in cards), name
        design = " ".join(plan_texts(plans[city["_id"]]))
        assert mentions(design, story.keywords), name


def test_no_two_stories_share_their_content(rounds):
    """The old demo gave every city the same tree, assumptions and experiments."""
    for field in ("causes", "assumptions", "cards", "statement", "vision", "v2_action"):
        seen = [repr(getattr(s, field)) for s in stories.stories()]
        assert len(set(seen)) == len(seen), field
    found = experimenting(rounds)
    beliefs = [
        a["belief"] for a in rounds["assumptions"] if a["city_id"] in {c["_id"] for c, _ in found}
    ]
    assert len(beliefs) == len(set(beliefs)) == 4 * len(stories.stories())


def test_no_two_cities_run_experiments_with_the_same_title(network):
    # A replication repeats another city's test card on purpose (same design, same title).
    titles = {
        city: {e["title"] for e in items if not e.get("replicates")}
        for city, items in by_city(network, "experiments").items()
    }
    assert len(titles) >= 6  # the cities at solution design and experimentation
    for city, own in titles.items():
        for other, theirs in titles.items():
            if city != other:
                assert not own & theirs, (city, other, own & theirs)
    every_card = [c.title for s in stories.stories() for c in s.cards]
    assert len(every_card) == len(set(every_card))


# --- in the team's language ---------------------------------------------------------------------


@pytest.mark.parametrize("docs", ["network", "rounds"])
def test_each_city_writes_in_its_team_language(docs, request):
    docs = request.getfixturevalue(docs)
    cities = sorted(docs["cities"], key=lambda c: c["_id"])
    for index, city in enumerate(cities):
        story = stories.of(index)
        own, other = (FRENCH, ENGLISH) if story.lang == "fr" else (ENGLISH, FRENCH)
        texts = city_texts(docs, city["_id"])
        assert len(texts) >= 10, city["name"]
        for text in texts:
            strays = set(words(text)) & other
            assert not strays, f"{city['name']} ({story.lang}): {strays} in {text!r}"
        hits = sum(w in own for t in texts for w in words(t))
        assert hits >= 10, city["name"]


def test_french_assumptions_read_well_in_the_statement_frame():
    """ "Nous pensons que {belief} parce que {reason}" does not elide: no "que un", "que ils"."""
    for story in stories.stories():
        if story.lang == "fr":
            for belief, reason in story.assumptions.values():
                for text in (belief, reason):
                    assert not re.match(r"[aeiouyhàâéèêîôû]", text, re.IGNORECASE), text


def test_network_labels_are_in_one_language(network):
    net = network["networks"][0]
    cities = network["cities"]
    assert net["clusters"] == sorted({c["cluster"] for c in cities})
    assert all(sum(c["cluster"] == k for c in cities) >= 2 for k in net["clusters"])
    for label in [net["name"], net["funder"], net["description"], *net["clusters"]] + [
        c["country"] for c in cities
    ]:
        assert not set(words(label)) & FRENCH, label
        assert " / " not in label, label  # one language per label, not two glued together
    # The stages keep both languages, in the model's own bilingual labels.
    assert all(stage["label"]["en"] and stage["label"]["fr"] for stage in net["stages"])


# --- varied designs, coherent results ------------------------------------------------------------


def method_of(experiment: dict) -> str:
    """The design (a key of stories.methods()) whose label starts the test card's method."""
    keys = [
        key
        for key, labels in stories.methods().items()
        if any(experiment["method"].startswith(f"{label}:") for label in labels)
    ]
    assert len(keys) == 1, experiment["method"]
    return keys[0]


def test_the_network_runs_at_least_eight_experiment_designs(network, rounds):
    shown = {method_of(e) for e in network["experiments"]}
    assert len(shown) >= 8, shown
    every = {c.method for s in stories.stories() for c in s.cards}
    assert every <= set(stories.methods()) and len(every) >= 10
    # No city tests everything the same way: four test cards, four designs.
    for items in by_city(rounds, "experiments").values():
        assert len({method_of(e) for e in items}) == len(items)


def test_results_and_learnings_tell_what_the_story_says(rounds):
    learnings = by_city(rounds, "learnings")
    versions = by_city(rounds, "plan_versions")
    for city, story in experimenting(rounds):
        items = sorted(
            (e for e in rounds["experiments"] if e["city_id"] == city["_id"]),
            key=lambda e: e["_id"],
        )
        assert [e["status"] for e in items] == ["done", "analysing", "running", "design"]
        for experiment, card in zip(items, story.cards, strict=True):
            assert experiment["title"] == card.title
            if experiment["status"] != "design":
                assert experiment["results"][-1]["value"] == card.reached
                assert {r["unit"] for r in experiment["results"]} == {card.unit}
        own = {lg["experiment_ids"][0]: lg for lg in learnings[city["_id"]]}
        assert set(own) == {items[0]["_id"], items[1]["_id"]}
        for experiment, card in zip(items[:2], story.cards, strict=False):
            learning = own[experiment["_id"]]
            met = outcomes.meets(card.reached, card.comparison, card.target)
            assert learning["decision"] == ("persevere" if met else "pivot"), card.title
            assert learning["observation"] == card.observation and learning["insights"]
        # V2, when there is one, adds the action the first learning brought, citing it.
        for version in versions.get(city["_id"], []):
            if version["number"] == 2:
                added = version["changes"][0]
                assert added["summary"] == story.v2_action
                assert added["reason"] == story.v2_reason
                assert added["learning_id"] == own[items[0]["_id"]]["_id"]


def test_the_demo_is_the_same_at_every_build(network):
    again, _ = demo.build(12, seed=2026, anchor=ANCHOR)
    for collection in ("cities", "plans", "plan_versions", "assumptions", "experiments"):
        assert again[collection] == network[collection], collection
    assert again["learnings"] == network["learnings"]
