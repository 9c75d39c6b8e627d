"""The demo's stories are data files, validated when loaded, and the demo built from them is
the one the Python stories built: the same documents by collection, for 12 and 30 cities."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pydantic
import pytest

from models import demo as dm
from services.demo import seed, stories

ROOT = pathlib.Path(__file__).resolve().parents[2]
ANCHOR = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)

# Counted on the demo built from services/demo/stories.py as Python (commit 89578c7), at ANCHOR,
# plus the workshop collecting written input that the demo gained since (2 participants, 2 notes).
BEFORE: dict[int, dict[str, int]] = {
    12: {
        "activity": 78, "assumptions": 24, "checkins": 205, "cities": 12,
        "coordination_sessions": 2, "experiments": 22, "indicator_records": 12,
        "learning_ratings": 12, "learning_topics": 6, "learning_votes": 35, "learnings": 8,
        "networks": 1, "plan_versions": 5, "plans": 12, "report_cycles": 56,
        "reporting_settings": 1, "reports": 56, "users": 26, "workshop_notes": 13,
        "workshop_participants": 20, "workshop_votes": 16, "workshops": 4,
    },
    30: {
        "activity": 185, "assumptions": 60, "checkins": 514, "cities": 30,
        "coordination_sessions": 2, "experiments": 44, "indicator_records": 30,
        "learning_ratings": 12, "learning_topics": 6, "learning_votes": 87, "learnings": 14,
        "networks": 1, "plan_versions": 9, "plans": 30, "report_cycles": 142,
        "reporting_settings": 1, "reports": 142, "users": 62, "workshop_notes": 13,
        "workshop_participants": 20, "workshop_votes": 16, "workshops": 4,
    },
}  # fmt: skip


@pytest.mark.parametrize("cities", sorted(BEFORE))
def test_the_demo_has_the_documents_it_had(cities):
    docs, usernames = seed.build(cities, 2026, ANCHOR, password_hash="x")
    assert {coll: len(items) for coll, items in docs.items()} == BEFORE[cities]
    assert len(usernames) == BEFORE[cities]["users"]


def test_every_story_file_is_loaded_in_order():
    files = sorted((stories.DATA / "stories").glob("*.json"))
    assert len(files) == len(stories.stories()) == 12
    names = [json.loads(f.read_text(encoding="utf-8"))["name"] for f in files]
    assert [s.name for s in stories.stories()] == names
    assert stories.of(12) == stories.of(0)


def _dakar() -> dict:
    return json.loads((stories.DATA / "stories" / "01-dakar.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change",
    [
        {"lang": "de"},
        {"surprise": "an unknown field"},
        {"cards": []},
        {"assumptions": {"people": ["only the belief"]}},
    ],
)
def test_a_story_that_is_not_one_is_refused(change):
    with pytest.raises(pydantic.ValidationError):
        dm.Story.model_validate({**_dakar(), **change})
    assert dm.Story.model_validate(_dakar()).name == "Dakar"


def test_no_python_module_holds_demo_stories():
    """The stories' prose is in the data files only."""
    texts = [s.narrative for s in stories.stories()] + [s.v2_reason for s in stories.stories()]
    holders = [
        str(p.relative_to(ROOT))
        for folder in ("services", "models", "screens")
        for p in (ROOT / folder).rglob("*.py")
        if any(t in p.read_text(encoding="utf-8") for t in texts)
    ]
    assert not holders, f"demo stories written in Python: {holders}"
