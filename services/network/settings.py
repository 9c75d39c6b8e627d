"""Network settings: name, funder, stages and their gates, clusters, plan template, timeline.

One use case, `update_settings`, takes any subset of the editable fields (the settings page
saves one tab at a time), validates it (models.network.NetworkSettings, then the rules that
need the rest of the network: known gate rules, known plan sections, stages still in use) and
writes it revision-checked, so two coordinators editing at once never overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import pydantic

from models import plan as plan_model
from models.network import Network, NetworkSettings
from models.user import User
from services.core import i18n, permissions, records, store
from services.core.errors import InvalidInput, NotFound
from services.network import networks, progress

RHYTHMS: tuple[str, ...] = ("experiment_cycle", "quarterly")


def section_keys() -> tuple[str, ...]:
    """The sections a plan template may list, in their natural order."""
    return tuple(plan_model.KNOWN_SECTIONS)


def rule_keys() -> tuple[str, ...]:
    """The automatic rules a gate item may use (an item without a rule is ticked by hand);
    old names (progress.RULE_ALIASES) stay valid in stored gates but are not offered."""
    return tuple(r for r in progress.RULES if r not in progress.RULE_ALIASES)


def stages_in_use(network_id: str) -> set[str]:
    """Stage keys that some city of the network is at (they cannot be removed)."""
    return set(store.get().distinct(networks.CITIES, "stage", {"network_id": network_id}))


def _check_stages(network: Network, data: NetworkSettings) -> None:
    if data.stages is None:
        return
    for i, stage in enumerate(data.stages):
        for j, item in enumerate(stage.gate):
            if item.rule and item.rule not in progress.RULES:
                raise InvalidInput(
                    f"stages.{i}.gate.{j}.rule", "settings.error.unknown_rule", rule=item.rule
                )
    kept = {stage.key for stage in data.stages}
    for key in sorted(stages_in_use(network.id) - kept):
        raise InvalidInput("stages", "settings.error.stage_in_use", stage=key)


def _check_template(data: NetworkSettings) -> None:
    for key in data.plan_template or []:
        if key not in plan_model.KNOWN_SECTIONS:
            raise InvalidInput("plan_template", "settings.error.unknown_section", section=key)


def update_settings(
    actor: User,
    network: Network,
    changes: NetworkSettings | Mapping[str, Any],
    *,
    submission: str | None = None,
) -> Network:
    """Save the given settings (only those given) if nobody saved the network since it was
    read; raises ValidationError / InvalidInput naming the field, or Conflict. A form's
    `submission` sent again writes nothing and returns the network as it stands."""
    permissions.require(actor, "network.edit")
    if network.id != actor.network_id:
        raise NotFound(entity=networks.NETWORKS, id=network.id)
    data = (
        changes
        if isinstance(changes, NetworkSettings)
        else NetworkSettings.model_validate(dict(changes))
    )
    values = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    _check_stages(network, data)
    _check_template(data)
    # The merged network is validated again (e.g. the timeline's stages against new stages).
    return records.update(networks.NETWORKS, network, values, actor, submission=submission)


# --- tables for the settings page (data editors) ------------------------------------------------


def _cell(value: Any) -> Any:
    """A data-editor cell as plain data: missing -> None, text stripped, timestamps -> dates."""
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


def _records(frame: pd.DataFrame) -> list[tuple[Any, dict[str, Any]]]:
    return [(index, {k: _cell(v) for k, v in row.items()}) for index, row in frame.iterrows()]


def stages_frame(network: Network) -> pd.DataFrame:
    """The stages as rows (key, a label per language), indexed by position."""
    return pd.DataFrame(
        [{"key": s.key, **i18n.label_cells(s.label)} for s in network.stages],
        columns=["key", *i18n.label_columns()],
    )


def gate_frame(network: Network, position: int) -> pd.DataFrame:
    """One stage's gate checklist as rows (key, labels, rule; no rule = ticked by hand)."""
    gate = network.stages[position].gate if position < len(network.stages) else []
    return pd.DataFrame(
        [{"key": i.key, **i18n.label_cells(i.label), "rule": i.rule or ""} for i in gate],
        columns=["key", *i18n.label_columns(), "rule"],
    )


def stages_from_frames(
    stages: pd.DataFrame, gates: Mapping[Any, pd.DataFrame]
) -> list[dict[str, Any]]:
    """Stages (as input data) from the edited tables; a stage row keeps the gate table of the
    same index (rows added in this edit start with an empty checklist)."""
    result = []
    for index, row in _records(stages):
        gate = gates.get(index)
        items = [] if gate is None else [item for _, item in _records(gate)]
        result.append(
            {
                "key": row.get("key") or "",
                "label": i18n.label_from_cells(row),
                "gate": [
                    {
                        "key": item.get("key") or "",
                        "label": i18n.label_from_cells(item),
                        "rule": item.get("rule") or None,
                    }
                    for item in items
                ],
            }
        )
    return result


def timeline_frame(network: Network) -> pd.DataFrame:
    """The programme phases as rows (name, start, end, expected stage)."""
    return pd.DataFrame(
        [
            {"name": p.name, "start": p.start, "end": p.end, "expected_stage": p.expected_stage}
            for p in network.timeline
        ],
        columns=["name", "start", "end", "expected_stage"],
    )


def timeline_from_frame(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Phases (as input data) from the edited table, in its order."""
    phases = [
        {
            "name": row.get("name") or "",
            "start": row.get("start"),
            "end": row.get("end"),
            "expected_stage": row.get("expected_stage") or "",
        }
        for _, row in _records(frame)
    ]
    # Kept in the table's order, so that an error's row number is the row the person sees.
    return phases


def clusters_from_text(text: str) -> list[str]:
    """Clusters from a text with one per line (blank lines dropped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- messages that say where, in nested settings, the problem is --------------------------------


def where(loc: tuple | list | str, lang: str = "en") -> str:
    """A readable place for an error location: ("timeline", 0, "end") -> "Timeline › 1 › End"."""
    parts = loc.split(".") if isinstance(loc, str) else list(loc)
    names = []
    for part in parts:
        if isinstance(part, int) or str(part).isdigit():
            names.append(str(int(part) + 1))
        else:
            key = f"settings.loc.{part}"
            names.append(i18n.t(key, lang) if i18n.has(key) else str(part))
    return " › ".join(names) or "-"


def error_lines(exc: Exception, lang: str = "en") -> list[str]:
    """One translated line per problem of a settings save, each naming where it is."""
    if isinstance(exc, pydantic.ValidationError):
        lines = []
        for error in exc.errors():
            key = f"validation.{error['type']}"
            ctx = {
                k: v
                for k, v in (error.get("ctx") or {}).items()
                if isinstance(v, (int, float, str))
            }
            detail = i18n.t(key, lang, **ctx) if i18n.has(key) else error["msg"]
            lines.append(
                i18n.t("validation.line", lang, field=where(error["loc"], lang), detail=detail)
            )
        return lines
    if isinstance(exc, InvalidInput):
        params = {k: v for k, v in exc.params.items() if k != "field"}
        detail = i18n.t(exc.key, lang, **params)
        return [i18n.t("validation.line", lang, field=where(exc.field, lang), detail=detail)]
    return [i18n.t(getattr(exc, "key", "error.generic"), lang)]
