"""Plan section models: bad input is refused with a message naming the field."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from models import plan as pm
from models.base import LONG_TEXT_MAX
from services.core import i18n


def errors_of(model: type, data: dict) -> list[dict]:
    with pytest.raises(pydantic.ValidationError) as info:
        model.model_validate(data)
    return info.value.errors()


def named(errors: list[dict], field: str, type_: str) -> dict:
    """The error on `field` (last part of its path) of type `type_`; fails if absent."""
    found = [e for e in errors if e["loc"] and e["loc"][-1] == field and e["type"] == type_]
    assert found, errors
    return found[0]


def test_action_end_before_start_names_end():
    errors = errors_of(
        pm.Action, {"title": "Pilot", "start": dt.date(2026, 3, 1), "end": dt.date(2026, 2, 1)}
    )
    named(errors, "end", "plan_end_before_start")
    assert i18n.t("validation.plan_end_before_start", "fr").startswith("ne doit pas")


def test_action_same_day_is_fine_and_cost_must_not_be_negative():
    ok = pm.Action(title="Pilot", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 1))
    assert ok.end == ok.start
    named(errors_of(pm.Action, {"title": "Pilot", "cost": -5}), "cost", "greater_than_equal")


def test_progress_is_a_percentage():
    named(errors_of(pm.Action, {"title": "Pilot", "progress": 101}), "progress", "less_than_equal")


def test_power_seven_is_refused():
    errors = errors_of(
        pm.StakeholdersSection,
        {"stakeholders": [{"organisation": "Mairie", "sector": "public", "power": 7}]},
    )
    error = named(errors, "power", "less_than_equal")
    assert error["loc"] == ("stakeholders", 0, "power")


def test_unknown_sector_is_refused():
    errors = errors_of(pm.Stakeholder, {"organisation": "Mairie", "sector": "church"})
    named(errors, "sector", "literal_error")


def test_empty_required_field_is_refused():
    named(errors_of(pm.Stakeholder, {"organisation": "  ", "sector": "public"}),
          "organisation", "string_too_short")  # fmt: skip
    named(errors_of(pm.Risk, {"title": ""}), "title", "string_too_short")


def test_hundred_thousand_characters_are_refused_with_the_limit():
    errors = errors_of(
        pm.SectionUpdate, {"content": {"kind": "context", "narrative": "x" * 100_000}}
    )
    error = named(errors, "narrative", "string_too_long")
    assert error["ctx"]["max_length"] == LONG_TEXT_MAX == 20_000
    message = i18n.t("validation.string_too_long", "en", **error["ctx"])
    assert "at most 20,000 characters" in message
    french = i18n.t("validation.string_too_long", "fr", **error["ctx"])
    assert "20\u202f000" in french


def test_text_at_the_limit_is_accepted():
    content = pm.ContextSection(narrative="é" * LONG_TEXT_MAX)
    assert len(content.narrative) == LONG_TEXT_MAX


def test_ipestle_has_six_fields_each_limited():
    assert set(pm.Ipestle.model_fields) == set(pm.IPESTLE)
    errors = errors_of(pm.ContextSection, {"ipestle": {"legal": "x" * (LONG_TEXT_MAX + 1)}})
    assert named(errors, "legal", "string_too_long")["loc"] == ("ipestle", "legal")


def test_unknown_field_and_operator_are_refused():
    named(errors_of(pm.Partner, {"name": "A", "$where": "1"}), "$where", "extra_forbidden")
    errors = errors_of(pm.Partner, {"name": "$gt"})
    assert errors[0]["loc"] == ("name",)


def test_discriminated_section_content():
    update = pm.SectionUpdate.model_validate({"content": {"kind": "risks", "risks": []}})
    assert isinstance(update.content, pm.RisksSection)
    errors = errors_of(pm.SectionUpdate, {"content": {"kind": "nope"}})
    assert errors[0]["type"] == "union_tag_invalid"


def test_problem_tree_depth_limit_and_unique_ids():
    def chain(depth: int) -> dict:
        node = {"label": f"level {depth}"}
        for level in range(depth - 1, 0, -1):
            node = {"label": f"level {level}", "children": [node]}
        return node

    tree = pm.ProblemTree(core="Core", causes=[chain(pm.TREE_DEPTH_MAX)])
    assert pm.tree_depth(tree.causes) == pm.TREE_DEPTH_MAX
    errors = errors_of(pm.ProblemTree, {"causes": [chain(pm.TREE_DEPTH_MAX + 1)]})
    assert named(errors, "causes", "plan_tree_too_deep")["ctx"]["max"] == pm.TREE_DEPTH_MAX
    same = {"id": "n1", "label": "a", "children": [{"id": "n1", "label": "b"}]}
    named(errors_of(pm.ProblemTree, {"effects": [same]}), "effects", "plan_duplicate_id")


def test_duplicate_item_ids_and_objective_keys_are_refused():
    rows = [{"id": "x", "title": "A"}, {"id": "x", "title": "B"}]
    named(errors_of(pm.ActionsSection, {"actions": rows}), "actions", "plan_duplicate_id")
    objectives = [{"key": "o1", "title": "A"}, {"key": "o1", "title": "B"}]
    errors = errors_of(pm.VisionSection, {"objectives": objectives})
    named(errors, "objectives", "plan_duplicate_key")


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("text", "  Bonjour  ", "Bonjour"),
        ("number", "3.5", 3.5),
        ("date", "2026-05-01", dt.date(2026, 5, 1)),
        ("list", ["a", "b"], ["a", "b"]),
        ("table", [{"item": "bus", "count": 3}], [{"item": "bus", "count": 3}]),
        ("number", None, None),
    ],
)
def test_custom_field_values_follow_their_type(kind, value, expected):
    assert pm.CustomField(label="F", type=kind, value=value).value == expected


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("number", "many"),
        ("number", True),
        ("date", "someday"),
        ("list", "not a list"),
        ("table", [1, 2]),
        ("text", 12),
    ],
)
def test_custom_field_value_of_the_wrong_type_is_refused(kind, value):
    error = named(
        errors_of(pm.CustomField, {"label": "F", "type": kind, "value": value}),
        "value",
        "plan_value_type",
    )
    assert error["ctx"]["type"] == kind


def test_custom_text_field_is_limited_too():
    errors = errors_of(pm.CustomField, {"label": "F", "type": "text", "value": "x" * 100_000})
    assert named(errors, "value", "string_too_long")["ctx"]["max_length"] == LONG_TEXT_MAX


def test_plan_order_must_match_sections():
    section = pm.Section(content=pm.ContextSection())
    errors = errors_of(
        pm.Plan,
        {"network_id": "n", "city_id": "c", "sections": {"context": section}, "order": []},
    )
    assert errors[0]["type"] == "plan_order_mismatch"


def test_version_label():
    version = pm.PlanVersion(network_id="n", plan_id="p", city_id="c", number=2)
    assert version.label == "V2"


def test_every_plan_validation_type_is_translated():
    for key in (
        "plan_end_before_start",
        "plan_duplicate_id",
        "plan_duplicate_key",
        "plan_tree_too_deep",
        "plan_value_type",
        "plan_order_mismatch",
    ):
        assert i18n.has(f"validation.{key}")
        assert i18n.t(f"validation.{key}", "en") != i18n.t(f"validation.{key}", "fr")
