"""How a network listens: days before a check-in reminder, days of grace after a cycle ends
before its report is late, the day reporting starts and the day the programme ends (the
reporting calendar's bounds, see cycles.py), and the list of blockers cities tag their
check-ins with.

Stored as one document per network (`reporting_settings`, `_id` = the network's id); a network
that never saved them reads the defaults.

Blocker tags. A check-in stores the keys of its tags, and every table, chart, report and CSV
labels them through the network's list (`ReportingSettings.tag_label`). So a tag's key is made
once, from its English label when it is added (`tag_key`: stable, unique, never typed by a
person), and a rename changes only its labels. A tag taken off the list that check-ins
already named is not deleted but *retired* (`update_settings` keeps it, marked retired): the
check-in form no longer offers it and new check-ins cannot name it, while old check-ins keep
their label in history, charts and exports. Deleting it would leave those check-ins showing a
bare key. A tag no check-in named is deleted outright; a retired tag can be put back in use.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from models.base import Bilingual
from models.reporting import BlockerTag, ReportingSettings, ReportingSettingsUpdate
from models.user import User
from services.core import collections, i18n, permissions, records, store
from services.core.errors import Conflict, NotFound

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
    """The default blockers, labelled in every language of the catalogues."""
    return [
        BlockerTag(key=k, label=Bilingual(**i18n.label_texts(f"default.blocker.{k}")))
        for k, _en, _fr in DEFAULT_TAGS
    ]


def defaults(network_id: str) -> ReportingSettings:
    return ReportingSettings(id=network_id, network_id=network_id, blocker_tags=default_tags())


# The creation date of settings never saved: a save from them finds nothing stored, or a
# conflict (someone saved the network's first settings since they were read).
NEVER_SAVED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def get_settings(network_id: str) -> ReportingSettings:
    """The network's reporting settings (the defaults, dated NEVER_SAVED, when never saved)."""
    found = store.get().find_one(SETTINGS, {"_id": network_id})
    if found:
        return ReportingSettings.from_doc(found)
    return defaults(network_id).model_copy(update={"created_at": NEVER_SAVED})


def update_settings(
    actor: User,
    read: ReportingSettings,
    changes: ReportingSettingsUpdate | Mapping[str, Any],
    *,
    submission: str | None = None,
) -> ReportingSettings:
    """Save the settings given (revision-checked against what `read` was read at). A form's
    `submission` sent again writes nothing and returns the settings as they stand."""
    permissions.require(actor, "network.edit")
    if read.network_id != actor.network_id:
        raise NotFound(entity=SETTINGS, id=read.id)
    data = ReportingSettingsUpdate.model_validate(changes)
    values = data.model_dump(exclude_unset=True)
    found = store.get().find_one(SETTINGS, {"_id": actor.network_id})
    stored_now = ReportingSettings.from_doc(found) if found else defaults(actor.network_id)
    if "blocker_tags" in values:
        values["blocker_tags"] = keep_used_tags(
            stored_now.blocker_tags, values["blocker_tags"], tags_in_use(actor.network_id)
        )
    if found is None:
        fresh = stored_now.model_copy(update=values)
        fresh = ReportingSettings.model_validate(fresh.to_doc())
        try:
            return records.insert(SETTINGS, fresh, actor, submission=submission)
        except store.DuplicateKey:  # someone saved the network's first settings meanwhile
            raise Conflict(get_settings(actor.network_id), values) from None
    if first := records.submitted(SETTINGS, ReportingSettings, submission, read.network_id):
        return first
    if read.created_at == NEVER_SAVED:  # read before anyone saved; someone has since
        raise Conflict(stored_now, values)
    stored_doc = stored_now.model_copy(update={"revision": read.revision})
    return records.update(SETTINGS, stored_doc, values, actor, submission=submission)


# --- blocker tags ------------------------------------------------------------------------------

KEY_MAX = 40  # models.base.Key: a lower-case letter, then letters, digits, underscores


def tags_in_use(network_id: str) -> set[str]:
    """The blocker keys some check-in of the network names."""
    return set(store.get().distinct(collections.CHECKINS, "blockers", {"network_id": network_id}))


def keep_used_tags(
    stored_tags: Iterable[BlockerTag], new_tags: Iterable[Any], in_use: set[str]
) -> list[BlockerTag]:
    """The new list, plus every stored tag it leaves out that check-ins named, retired (at the
    end, in their stored order): their check-ins keep their labels (see the module)."""
    result = [BlockerTag.model_validate(t) for t in new_tags]
    kept = {t.key for t in result}
    for tag in stored_tags:
        if tag.key not in kept and tag.key in in_use:
            result.append(tag.model_copy(update={"retired": True}))
    return result


def tag_key(label: str, taken: Iterable[str]) -> str:
    """A key made from a label: lower-case ASCII words joined by `_` ("Accès aux données" ->
    "acces_aux_donnees"), `_2`, `_3` ... added when taken."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "tag"
    if not base[0].isalpha():
        base = f"tag_{base}"
    base = base[: KEY_MAX - 4].rstrip("_")
    used = set(taken)
    key, number = base, 1
    while key in used:
        number += 1
        key = f"{base}_{number}"
    return key


def tag_columns() -> list[str]:
    return ["order", "key", *i18n.label_columns(), "retired"]


def tags_frame(config: ReportingSettings) -> pd.DataFrame:
    """The blocker list as rows for the settings page's editor: order (1, 2, ...), key (shown,
    never typed), English and French labels, retired."""
    return pd.DataFrame(
        [
            {
                "order": position + 1,
                "key": t.key,
                **i18n.label_cells(t.label),
                "retired": t.retired,
            }
            for position, t in enumerate(config.blocker_tags)
        ],
        columns=tag_columns(),
    ).astype({"retired": "boolean"})  # nullable: a row added in the editor starts empty


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _flag(value: Any) -> bool:
    return value is not None and not pd.isna(value) and bool(value)


def tags_from_frame(frame: pd.DataFrame, read: ReportingSettings) -> list[dict[str, Any]]:
    """The blocker list (as input data) from the edited table: rows sorted by their `order`
    (rows without one last, in table order); a row without a key (added in this edit) gets one
    made from its English label (its French one if none), unique among every key the list had
    or has. A row's key is taken from the list as read, never from the table's cell: a key is
    not something a person edits."""
    known = {t.key for t in read.blocker_tags}
    rows = []
    for position, (_, row) in enumerate(frame.iterrows()):
        order = row.get("order")
        order = None if order is None or pd.isna(order) else float(order)
        rows.append((order is None, order or 0.0, position, row))
    rows.sort(key=lambda r: r[:3])
    taken = set(known)
    result = []
    for *_, row in rows:
        label = i18n.label_from_cells(row)
        key = _text(row.get("key"))
        if key not in known:
            key = tag_key(label["en"] or label["fr"], taken)
        taken.add(key)
        result.append({"key": key, "label": label, "retired": _flag(row.get("retired"))})
    return result
