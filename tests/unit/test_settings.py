"""Network settings: saved through the role table, revision-checked, bad input named."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from services.core import i18n
from services.core.errors import Conflict, InvalidInput
from services.network import networks, settings
from tests import builders
from tests.conftest import check_matrix, unchanged_store


def _network(world):
    return networks.get_network(world["admin"].network_id)


def _stages(network) -> list[dict]:
    return [s.model_dump() for s in network.stages]


def _error(exc: pydantic.ValidationError) -> tuple[tuple, str]:
    first = exc.errors()[0]
    return tuple(first["loc"]), first["type"]


def test_settings_follow_role_table(small_world):
    def attempt(user, _city):
        network = _network(small_world)
        settings.update_settings(user, network, {"funder": f"Funder of {user.role}"})

    check_matrix(small_world, "network.edit", attempt)


def test_general_settings_are_saved_and_logged(small_world):
    coordinator = small_world["coordinator"]
    saved = settings.update_settings(
        coordinator,
        _network(small_world),
        {"name": "Réseau « Villes »", "funder": "UE", "reporting_rhythm": "quarterly"},
    )
    stored = networks.get_network(saved.id)
    assert (stored.name, stored.funder, stored.reporting_rhythm) == (
        "Réseau « Villes »",
        "UE",
        "quarterly",
    )
    assert stored.revision == _network(small_world).revision
    assert stored.updated_by == coordinator.id
    # Untouched fields stay as they were.
    assert [s.key for s in stored.stages] == [s.key for s in networks.default_stages()]


def test_stale_revision_is_a_conflict(small_world):
    stale = _network(small_world)
    settings.update_settings(small_world["admin"], stale, {"funder": "First"})
    with unchanged_store(), pytest.raises(Conflict) as conflict:
        settings.update_settings(small_world["coordinator"], stale, {"funder": "Second"})
    assert conflict.value.current.funder == "First"
    assert _network(small_world).funder == "First"


def test_phase_end_before_start_is_named(small_world):
    phase = {
        "name": "Phase X",
        "start": dt.date(2026, 5, 1),
        "end": dt.date(2026, 4, 1),
        "expected_stage": "solution_design",
    }
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"timeline": [phase]})
    assert _error(exc.value) == (("timeline", 0, "end"), "network_end_before_start")


def test_timeline_stage_must_exist(small_world):
    phase = {
        "name": "Phase X",
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 4, 1),
        "expected_stage": "nowhere",
    }
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"timeline": [phase]})
    assert _error(exc.value) == (("timeline",), "network_unknown_stage")


def test_duplicate_stage_keys_are_named(small_world):
    stages = _stages(_network(small_world))
    stages[1]["key"] = stages[0]["key"]
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": stages})
    assert _error(exc.value) == (("stages",), "network_duplicate_key")


def test_duplicate_gate_item_keys_are_named(small_world):
    stages = _stages(_network(small_world))
    stages[0]["gate"][1]["key"] = stages[0]["gate"][0]["key"]
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": stages})
    assert _error(exc.value) == (("stages", 0, "gate"), "network_duplicate_key")


def test_empty_label_is_named(small_world):
    stages = _stages(_network(small_world))
    stages[2]["label"]["fr"] = "   "
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": stages})
    assert _error(exc.value) == (("stages", 2, "label", "fr"), "string_too_short")


def test_no_stage_at_all_is_refused(small_world):
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": []})
    assert _error(exc.value)[0] == ("stages",)


def test_unknown_rule_is_named(small_world):
    stages = _stages(_network(small_world))
    stages[0]["gate"][0]["rule"] = "magic"
    with unchanged_store(), pytest.raises(InvalidInput) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": stages})
    assert exc.value.field == "stages.0.gate.0.rule"
    assert exc.value.params["rule"] == "magic"


def test_stage_some_city_is_at_cannot_be_removed(small_world):
    builders.stage(small_world["coordinator"], small_world.other_city, "experimentation")
    stages = _stages(_network(small_world))[:-1]
    with unchanged_store(), pytest.raises(InvalidInput) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": stages})
    assert exc.value.field == "stages"


def test_gate_items_are_added_renamed_and_removed(small_world):
    stages = _stages(_network(small_world))
    stages[0]["gate"] = stages[0]["gate"][1:] + [
        {"key": "mayor", "label": {"en": "Mayor on board", "fr": "Maire impliqué"}}
    ]
    stages[0]["label"]["fr"] = "Définir le problème"
    saved = settings.update_settings(
        small_world["admin"], _network(small_world), {"stages": stages}
    )
    first = saved.stages[0]
    assert first.label.fr == "Définir le problème"
    assert [i.key for i in first.gate][-1] == "mayor"
    assert first.gate[-1].rule is None
    assert "context" not in [i.key for i in first.gate]


def test_plan_template_sections_are_known_and_ordered(small_world):
    with unchanged_store(), pytest.raises(InvalidInput) as exc:
        settings.update_settings(
            small_world["admin"], _network(small_world), {"plan_template": ["poetry"]}
        )
    assert exc.value.field == "plan_template"
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as dup:
        settings.update_settings(
            small_world["admin"], _network(small_world), {"plan_template": ["risks", "risks"]}
        )
    assert _error(dup.value) == (("plan_template",), "network_duplicate_value")
    saved = settings.update_settings(
        small_world["admin"],
        _network(small_world),
        {"plan_template": ["problem", "context", "actions"]},
    )
    assert saved.plan_template == ["problem", "context", "actions"]


def test_clusters_from_text(small_world):
    clusters = settings.clusters_from_text("Open data\n\n  Smart mobility \n")
    saved = settings.update_settings(
        small_world["admin"], _network(small_world), {"clusters": clusters}
    )
    assert saved.clusters == ["Open data", "Smart mobility"]
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as dup:
        settings.update_settings(
            small_world["admin"], _network(small_world), {"clusters": ["Open data", "Open data"]}
        )
    assert _error(dup.value) == (("clusters",), "network_duplicate_value")


def test_unknown_fields_are_refused(small_world):
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"$where": "1"})
    assert _error(exc.value)[1] == "extra_forbidden"


def test_editor_tables_round_trip(small_world):
    start = dt.date(2026, 1, 1)
    builders.timeline(small_world["admin"], start, "stakeholder_engagement", "solution_design")
    network = _network(small_world)
    assert len(network.timeline) == 2
    gates = {i: settings.gate_frame(network, i) for i in range(len(network.stages))}
    assert settings.stages_from_frames(settings.stages_frame(network), gates) == _stages(network)
    phases = settings.timeline_from_frame(settings.timeline_frame(network))
    assert phases == [p.model_dump() for p in network.timeline]


def test_new_stage_row_starts_with_empty_gate(small_world):
    network = _network(small_world)
    frame = settings.stages_frame(network)
    row = {"key": "evaluation", "label_en": "Evaluation", "label_fr": "Évaluation"}
    frame.loc[len(frame)] = row
    gates = {i: settings.gate_frame(network, i) for i in range(len(network.stages))}
    stages = settings.stages_from_frames(frame, gates)
    assert stages[-1] == {
        "key": "evaluation",
        "label": {"en": "Evaluation", "fr": "Évaluation"},
        "gate": [],
    }
    saved = settings.update_settings(small_world["admin"], network, {"stages": stages})
    assert saved.stages[-1].key == "evaluation"


def test_validation_messages_exist_in_both_languages():
    for kind in (
        "network_end_before_start",
        "network_duplicate_key",
        "network_duplicate_value",
        "network_unknown_stage",
    ):
        assert i18n.has(f"validation.{kind}")
    for key in ("settings.error.unknown_rule", "settings.error.stage_in_use"):
        assert i18n.t(key, "fr") != i18n.t(key, "en")


def test_error_lines_say_where_in_both_languages(small_world):
    stages = _stages(_network(small_world))
    stages[1]["gate"][0]["label"]["en"] = ""
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as exc:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": stages})
    assert settings.error_lines(exc.value, "en")[0].startswith(
        "Stages › 2 › gate checklist › 1 › label › English: "
    )
    assert settings.error_lines(exc.value, "fr")[0].startswith(
        "Étapes › 2 › liste de validation › 1 › libellé › anglais : "
    )
    stages = _stages(_network(small_world))
    stages[0]["gate"][2]["rule"] = "magic"
    with unchanged_store(), pytest.raises(InvalidInput) as bad_rule:
        settings.update_settings(small_world["admin"], _network(small_world), {"stages": stages})
    assert settings.error_lines(bad_rule.value, "en") == [
        "Stages › 1 › gate checklist › 3 › rule: magic is not one of the automatic rules"
    ]


def test_currency_is_an_iso_code_and_a_wrong_one_is_named(small_world):
    coordinator = small_world["coordinator"]
    network = _network(small_world)
    assert network.currency == "EUR"
    saved = settings.update_settings(coordinator, network, {"currency": "xof"})
    assert saved.currency == "XOF"
    assert _network(small_world).currency == "XOF"
    with unchanged_store(), pytest.raises(pydantic.ValidationError) as caught:
        settings.update_settings(coordinator, _network(small_world), {"currency": "XYZ"})
    assert _error(caught.value) == (("currency",), "network_currency")
    lines = settings.error_lines(caught.value, "fr")
    assert any("XYZ" in line and "ISO 4217" in line for line in lines), lines
    assert _network(small_world).currency == "XOF"
