"""The activity log's lines and the presence marks: written by the services, read back on import.

Their text is written by the code (collection names, field paths, entry ids), so it is kept
exactly as stored (no stripping): an export imports back identical.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from models.base import Id, Model, UTCDateTime

Text = Annotated[str, Field(max_length=500)]


class ActivityLine(Model):
    """One line of the append-only log: who did what to which document, when."""

    id: Id = Field(alias="_id")
    network_id: Id
    at: UTCDateTime
    actor: Id
    actor_name: Text = ""
    entity: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    entity_id: Id
    city_id: Id | None = None
    action: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,63}$")]
    fields: Annotated[list[Text], Field(max_length=200)] = Field(default_factory=list)
    note: Text = ""
    # Written by `cli check --repair` for a write whose own line was lost.
    repaired: bool = False


class PresenceMark(Model):
    """Someone had a document open at `at` (a plan, for "who else is here")."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.@:-]{1,130}$")] = Field(alias="_id")
    entity_id: Id
    network_id: Id
    user_id: Id
    name: Text = ""
    at: UTCDateTime
