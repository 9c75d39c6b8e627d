"""Load and check: a document as stored, once the actor may act on it.

Every use case that reads or writes one document by its id goes through `stored`: it never
trusts what the caller holds (a page's copy may be stale or forged), only the id, and it checks
the action on the city the stored document belongs to (`records.city_of`: a city's own id, or
its `city_id`; none for a network-wide document). `as_read` then gives that stored document the
revision the caller read, so that a write after someone else's conflicts.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from models.base import Document
from models.user import User
from services.core import permissions, records
from services.core.errors import NotFound, PermissionDenied

D = TypeVar("D", bound=Document)

# What a refusal says (`stored`'s `refused`):
DENIED = "denied"  # PermissionDenied (a write, or a read that may say why)
HIDDEN = "hidden"  # NotFound, whatever the reason: a read that never reveals what exists
# NotFound for a city out of the actor's reach, PermissionDenied for a role that never may
HIDDEN_CITY = "hidden_city"
Refused = Literal["denied", "hidden", "hidden_city"]


def stored(
    actor: User | None,
    action: str,
    coll: str,
    model: type[D],
    doc_id: str,
    *,
    refused: Refused = DENIED,
) -> D:
    """The document `doc_id` of `coll` as stored, once `action` is allowed on its city.

    NotFound for a missing document or another network's (as good as absent). When the actor
    may not do `action` there: PermissionDenied, or NotFound as `refused` says (HIDDEN,
    HIDDEN_CITY), so that a read does not tell which ids exist.
    """
    found = records.get(coll, model, doc_id)
    if found.network_id != getattr(actor, "network_id", None):
        raise NotFound(entity=coll, id=doc_id)
    city_id = records.city_of(coll, {"_id": found.id, "city_id": getattr(found, "city_id", None)})
    if not permissions.allowed(actor, action, city_id):
        never = permissions.scope(actor, action) is None
        if refused == HIDDEN or (refused == HIDDEN_CITY and not never):
            raise NotFound(entity=coll, id=doc_id)
        raise PermissionDenied(action=action)
    return found


def as_read(found: D, read: Document, revision_field: str = "revision") -> D:
    """The stored document at the revision the caller read (a stale read then conflicts)."""
    return found.model_copy(update={revision_field: getattr(read, revision_field)})
