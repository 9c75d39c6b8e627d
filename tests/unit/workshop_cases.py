"""The workshops' write use cases, for the summary test's list of every write (test_summary.py):
each runs once on the demo world and must keep every city summary equal to a recomputation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from models import workshops as wm
from models.base import utcnow
from services.network import networks
from services.plans import plans
from services.workshops import boards, facilitation, promote, templates, workshops


def _open(world, template: str = "impact_effort") -> wm.Workshop:
    return workshops.start_workshop(
        world["coordinator"],
        world.city,
        wm.WorkshopCreate(
            title="Summary check",
            template=template,
            settings=wm.WorkshopSettings(hide_until_reveal=False),
        ),
    )


def _with_notes(world) -> tuple[wm.Workshop, list[wm.Note]]:
    ws = _open(world)
    notes = [
        boards.add_note(world["coordinator"], ws, wm.NoteCreate(text=text, column="ideas"))
        for text in ("Night buses", "Bike lanes")
    ]
    return workshops.load(ws.id), notes


def _promote(world) -> None:
    ws = _open(world)
    who = workshops.join(ws.code, "Awa", "summary-client")
    note = workshops.post_note(ws.id, who.token, wm.NoteCreate(text="Night buses", column="ideas"))
    workshops.set_phase(world["coordinator"], ws, "voting")
    workshops.vote(ws.id, who.token, note.id)
    promote.promote(world["city_lead"], ws.id, plans.find_plan(world.city))


def _member_note(world) -> None:
    ws = workshops.start_workshop(
        world["coordinator"],
        world.city,
        wm.WorkshopCreate(
            title="Ahead", template="brainstorm", collect_until=utcnow() + dt.timedelta(days=1)
        ),
    )
    facilitation.post_member_note(
        world["lag_member"], ws.id, wm.NoteCreate(text="Market lights", column="ideas")
    )


def _templates(world) -> None:
    network = networks.get_network(world["admin"].network_id)
    made = templates.defaults()["brainstorm"].model_copy(update={"timers": {"writing": 5}})
    templates.save_templates(world["admin"], network, [made])


def _control(fn: Callable) -> Callable:
    return lambda world: fn(world["coordinator"], _open(world))


def _edit(world) -> None:
    _ws, notes = _with_notes(world)
    boards.edit_note(world["coordinator"], notes[0].id, notes[0].revision, wm.NoteUpdate(x=2))


def _merge(world) -> None:
    _ws, notes = _with_notes(world)
    boards.merge_notes(world["coordinator"], notes[0].id, notes[1].id, notes[1].revision)


def _delete(world) -> None:
    _ws, notes = _with_notes(world)
    boards.delete_note(world["coordinator"], notes[0].id, notes[0].revision)


SUMMARY_CASES: dict[str, Callable] = {
    "services.workshops.workshops.start_workshop": _open,
    "services.workshops.workshops.set_phase": _control(
        lambda u, ws: workshops.set_phase(u, ws, "grouping")
    ),
    "services.workshops.workshops.start_timer": _control(
        lambda u, ws: workshops.start_timer(u, ws, 3)
    ),
    "services.workshops.workshops.stop_timer": _control(workshops.stop_timer),
    "services.workshops.workshops.set_paused": _control(
        lambda u, ws: workshops.set_paused(u, ws, True)
    ),
    "services.workshops.workshops.set_locked": _control(
        lambda u, ws: workshops.set_locked(u, ws, True)
    ),
    "services.workshops.workshops.reveal": _control(workshops.reveal),
    "services.workshops.workshops.close_workshop": _control(workshops.close_workshop),
    "services.workshops.workshops.reopen_workshop": _control(
        lambda u, ws: workshops.reopen_workshop(u, workshops.close_workshop(u, ws))
    ),
    "services.workshops.boards.add_note": lambda w: _with_notes(w),
    "services.workshops.boards.edit_note": _edit,
    "services.workshops.boards.merge_notes": _merge,
    "services.workshops.boards.delete_note": _delete,
    "services.workshops.promote.promote": _promote,
    "services.workshops.facilitation.post_member_note": lambda w: _member_note(w),
    "services.workshops.templates.save_templates": lambda w: _templates(w),
}
