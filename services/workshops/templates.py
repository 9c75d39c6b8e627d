"""The network's workshop templates, as data: the defaults live in data/templates.json (the
templates as they were built), a network may change them (phases, anonymity per phase, a timer
per phase, vote budget, what is hidden until the reveal) in its settings, export them as JSON
and load them back. A kind the network never changed keeps the default.
"""

from __future__ import annotations

import functools
import json
import pathlib

import pydantic

from models import workshops as wm
from models.network import Network
from models.user import User
from services.core import permissions, records
from services.core.errors import InvalidInput, NotFound
from services.network import networks

DATA = pathlib.Path(__file__).resolve().parent / "data" / "templates.json"
TEMPLATES_MAX_BYTES = 200_000


@functools.cache
def _defaults_text() -> str:
    return DATA.read_text(encoding="utf-8")


def defaults() -> dict[str, wm.WorkshopTemplate]:
    """The default template of each kind (validated from the data file)."""
    found = [wm.WorkshopTemplate.model_validate(t) for t in json.loads(_defaults_text())]
    return {t.key: t for t in found}


def network_templates(network: Network) -> dict[str, wm.WorkshopTemplate]:
    """Every kind's template for this network: its own where it set one, else the default."""
    merged = defaults()
    merged.update({t.key: t for t in network.workshop_templates})
    return merged


def template_for(network_id: str, kind: str) -> wm.WorkshopTemplate:
    """The template a new workshop of `kind` starts from in this network."""
    return network_templates(networks.get_network(network_id))[kind]


def save_templates(
    actor: User,
    network: Network,
    templates: list[wm.WorkshopTemplate],
    *,
    submission: str | None = None,
) -> Network:
    """Store the network's templates (one per kind at most), revision-checked on the network
    as read (Conflict); for those who may edit the network's settings. A form's `submission`
    sent again writes nothing and returns the network as it stands."""
    permissions.require(actor, "network.edit")
    if network.id != actor.network_id:
        raise NotFound(entity=networks.NETWORKS, id=network.id)
    checked = [wm.WorkshopTemplate.model_validate(t) for t in templates]
    keys = [t.key for t in checked]
    if len(keys) != len(set(keys)):
        raise InvalidInput("workshop_templates", "templates.error.twice")
    return records.update(
        networks.NETWORKS,
        network,
        {"workshop_templates": checked},
        actor,
        action="workshop_templates",
        submission=submission,
    )


def templates_json(network: Network) -> str:
    """Every kind's template of the network as JSON (the file `parse_templates` reads)."""
    return (
        json.dumps(
            [t.model_dump(mode="json") for t in network_templates(network).values()],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def parse_templates(text: str | bytes) -> list[wm.WorkshopTemplate]:
    """Templates from an exported JSON file; InvalidInput saying what is wrong."""
    if isinstance(text, bytes):
        if len(text) > TEMPLATES_MAX_BYTES:
            raise InvalidInput("file", "templates.error.file")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput("file", "templates.error.file") from exc
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput("file", "templates.error.file") from exc
    if not isinstance(rows, list):
        raise InvalidInput("file", "templates.error.file")
    try:
        return [wm.WorkshopTemplate.model_validate(row) for row in rows]
    except pydantic.ValidationError as exc:
        raise InvalidInput(
            "file", "templates.error.invalid", why=str(exc.errors()[0]["msg"])
        ) from exc


def phases_text(phases: list[str] | dict) -> str:
    """Phases (or phase -> value) as one editable line: "writing, voting" / "writing=5"."""
    if isinstance(phases, dict):
        return ", ".join(f"{k}={v}" for k, v in phases.items())
    return ", ".join(phases)


def template_rows(network: Network) -> list[dict]:
    """One editable row per kind (the settings page's table)."""
    return [
        {
            "key": t.key,
            "phases": phases_text(t.phases),
            "named_phases": phases_text(
                [p for p in wm.ALL_PHASES if not t.settings().anonymous_in(p)]
            ),
            "timers": phases_text(t.timers),
            "votes_per_person": t.votes_per_person,
            "hide_until_reveal": t.hide_until_reveal,
            "several_votes_per_note": t.several_votes_per_note,
        }
        for t in network_templates(network).values()
    ]


def _words(text: str | None) -> list[str]:
    return [w.strip() for w in (text or "").replace(";", ",").split(",") if w.strip()]


def templates_from_rows(rows: list[dict]) -> list[wm.WorkshopTemplate]:
    """Templates from the settings page's table; InvalidInput naming the kind and field."""
    found = []
    for row in rows:
        key = row.get("key")
        try:
            named = _words(row.get("named_phases"))
            timers = {}
            for part in _words(row.get("timers")):
                phase, _, minutes = part.partition("=")
                timers[phase.strip()] = int(minutes)
            found.append(
                wm.WorkshopTemplate(
                    key=key,
                    phases=_words(row.get("phases")),
                    anonymous=not named,
                    anonymity={p: p not in named for p in wm.ALL_PHASES} if named else {},
                    timers=timers,
                    votes_per_person=int(row.get("votes_per_person") or 3),
                    hide_until_reveal=bool(row.get("hide_until_reveal")),
                    several_votes_per_note=bool(row.get("several_votes_per_note")),
                )
            )
        except (pydantic.ValidationError, ValueError) as exc:
            why = exc.errors()[0]["msg"] if isinstance(exc, pydantic.ValidationError) else str(exc)
            raise InvalidInput(
                "workshop_templates", "templates.error.row", kind=key, why=why
            ) from exc
    return found
