"""The demo's stories, read from data files: services/demo/data/stories/*.json, one per city in
the order of their file names, and the experiment designs they use (data/methods.json: key ->
English and French label). Each file is validated by models/demo.py when loaded; a new demo city
is a new file, no Python. The stories repeat for a demo of more cities than files.
"""

from __future__ import annotations

import functools
import json
import pathlib

from models import demo as dm

DATA = pathlib.Path(__file__).with_name("data")
CATEGORIES = dm.CATEGORIES
Story = dm.Story
Card = dm.Card


def _read(path: pathlib.Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def methods() -> dict[str, tuple[str, str]]:
    """The experiment designs: key -> (English, French). A test card's method starts with its
    label."""
    return {key: (en, fr) for key, (en, fr) in _read(DATA / "methods.json").items()}


@functools.cache
def stories() -> tuple[dm.Story, ...]:
    """Every story, validated (ValueError naming the file when one is not)."""
    found = []
    for path in sorted((DATA / "stories").glob("*.json")):
        try:
            story = dm.Story.model_validate(_read(path))
        except ValueError as error:
            raise ValueError(f"{path.name}: {error}") from error
        unknown = sorted({c.method for c in story.cards} - set(methods()))
        if unknown:
            raise ValueError(f"{path.name}: methods not in methods.json: {unknown}")
        found.append(story)
    if not found:
        raise ValueError(f"no demo story in {DATA / 'stories'}")
    return tuple(found)


def of(index: int) -> dm.Story:
    """The story of the demo's `index`-th city (the stories repeat for larger demos)."""
    found = stories()
    return found[index % len(found)]


def method_text(card: dm.Card, lang: str) -> str:
    """The card's method as a test card states it: its design's label, then how it runs."""
    en, fr = methods()[card.method]
    return f"{fr if lang == 'fr' else en}: {card.how}"
