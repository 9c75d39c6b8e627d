"""The demo's stories, as read from their data files (services/demo/data/stories/*.json).

A story is written once, in its team's language (francophone cities in French, the others in
English): the plan (context, problem tree, stakeholders, vision, objectives, actions,
indicators, risks), the assumptions, the test cards with the value each one reached, what was
learned, and the change the first learning brought to V2. Network-level labels (clusters,
countries) are in English, the network's language. `keywords` are words of the challenge that
the rest of the story keeps using (tests/unit/test_demo.py checks it).

Test card `k` tests the assumption of the k-th category (people, solution, impact, resources):
the first three are measured (the first two are finished in an experimenting city, the third is
running), the fourth has a qualitative criterion and is still in design.

Validated when loaded: a file with a missing or unknown field, a value of the wrong kind, a
method the demo does not know or cards that do not follow the categories is refused.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from models.experiment import Comparison

CATEGORIES: tuple[str, ...] = ("people", "solution", "impact", "resources")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Card(_Data):
    """A test card: the method (a key of services/demo/data/methods.json) and how it runs, the
    metric and its criterion."""

    title: str
    method: str
    how: str
    metric: str = ""
    unit: str = ""
    comparison: Comparison | None = None
    target: float | None = None
    reached: float | None = None  # the latest value measured: it decides a finished card
    success: str = ""  # the qualitative criterion, for a card without a target
    audience: str = ""
    observation: str = ""  # what the learning card says, once the card is finished
    insight: str = ""
    unintended: str = ""  # an effect nobody planned, that the learning card names
    comparison_group: str = ""  # who the results are compared with, if anyone


class Story(_Data):
    """One demo city's story (see the module's docstring)."""

    name: str
    country: str
    cluster: str
    lang: Literal["en", "fr"]
    challenge: str
    keywords: tuple[str, ...]
    narrative: str
    ipestle: dict[str, str]
    partners: tuple[tuple[str, str, str], ...]  # name, role, mandate
    attempts: tuple[tuple[str, str, str, str, str], ...]  # what, when, who, outcome, lessons
    source: str
    statement: str
    causes: tuple[tuple[str, str], ...]  # cause, its deeper cause
    effects: tuple[str, ...]
    stakeholders: tuple[tuple[str, str, int, int], ...]  # organisation, sector, power, interest
    member: str  # how residents in the local action group are described
    decisions: tuple[str, ...]  # of the local action group's meetings, in order
    vision: str
    headline: str
    objectives: tuple[tuple[str, str], ...]  # key, title
    actions: tuple[tuple[str, str, int, str], ...]  # objective, title, cost, funding source
    indicators: tuple[tuple[str, str, float, float], ...]  # name, unit, baseline, target
    risks: tuple[tuple[str, int, int, str], ...]  # title, likelihood, impact, mitigation
    assumptions: dict[Literal["people", "solution", "impact", "resources"], tuple[str, str]]
    cards: tuple[Card, Card, Card, Card]  # one per category, in CATEGORIES order
    v2_objective: str  # the objective (key) of the action V2 adds
    v2_action: str  # the action V2 adds, from the first card's learning
    v2_reason: str
