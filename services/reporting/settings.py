"""How a network listens: days before a check-in reminder, days of grace after a cycle ends
before its report is late, and the list of blockers cities tag their check-ins with.

Stored as one document per network (`reporting_settings`, `_id` = the network's id); a network
that never saved them reads the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.base import Bilingual
from models.reporting import BlockerTag, ReportingSettings, ReportingSettingsInput
from models.user import User
from services.core import collections, permissions, records, store
from services.core.errors import NotFound

SETTINGS = collections.REPORTING_SETTINGS

DEFAULT_TAGS: tuple[tuple[str, str, str], ...] = (
    ("funding", "Funding", "Financement"),
    ("political_support", "Political support", "Soutien politique"),
    ("staff_time", "Staff time", "Temps des équipes"),
    ("data_access", "Access to data", "Accès aux données"),
    ("procurement", "Procurement", "Marchés publics"),
    ("community_engagement", "Community engagement", "Mobilisation des habitants"),
    ("legal", "Legal or regulatory", "Juridique ou réglementaire"),
    ("technical_capacity", "Technical capacity", "Capacités techniques"),
    ("partners", "Coordination with partners", "Coordination des partenaires"),
)


def default_tags() -> list[BlockerTag]:
    return [BlockerTag(key=k, label=Bilingual(en=en, fr=fr)) for k, en, fr in DEFAULT_TAGS]


def defaults(network_id: str) -> ReportingSettings:
    return ReportingSettings(id=network_id, network_id=network_id, blocker_tags=default_tags())


def get_settings(network_id: str) -> ReportingSettings:
    """The network's reporting settings (the defaults when never saved)."""
    found = store.get().find_one(SETTINGS, {"_id": network_id})
    return ReportingSettings.from_doc(found) if found else defaults(network_id)


def update_settings(
    actor: User, read: ReportingSettings, changes: ReportingSettingsInput | Mapping[str, Any]
) -> ReportingSettings:
    """Save the settings given (revision-checked against what `read` was read at)."""
    permissions.require(actor, "network.edit")
    if read.network_id != actor.network_id:
        raise NotFound(entity=SETTINGS, id=read.id)
    data = ReportingSettingsInput.model_validate(changes)
    values = data.model_dump(exclude_unset=True)
    found = store.get().find_one(SETTINGS, {"_id": actor.network_id})
    if found is None:
        fresh = defaults(actor.network_id).model_copy(update=values)
        fresh = ReportingSettings.model_validate(fresh.to_doc())
        return records.insert(SETTINGS, fresh, actor)
    stored_doc = ReportingSettings.from_doc(found).model_copy(update={"revision": read.revision})
    return records.update(SETTINGS, stored_doc, values, actor)
