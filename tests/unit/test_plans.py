"""The plan's use cases: presets, per-section saves, conflicts, items, versions, comparison,
history, presence, changes proposed from a learning, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest

from models import plan as pm
from models.experiment import Learning
from services.core import collections, i18n, store
from services.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.plans import charts as plan_charts
from services.plans import history, labels, plans, presence
from services.plans import versions as plan_versions
from tests import builders
from tests.conftest import check_matrix, unchanged_store


@pytest.fixture
def plan(small_world):
    """A fresh strategy plan for the own city of the city-scoped roles."""
    return builders.plan(small_world["city_lead"], small_world.city, "strategy")


def context(narrative: str, **more) -> dict:
    return {"kind": "context", "narrative": narrative, **more}


# --- creating and reading ----------------------------------------------------------------------


def test_strategy_preset_shows_every_known_section(plan):
    assert plan.order[: len(pm.KNOWN_SECTIONS)] == list(pm.KNOWN_SECTIONS)
    assert all(s.enabled and s.revision == 0 for s in plan.sections.values())


def test_project_preset_hides_the_vision(small_world):
    plan = plans.create_plan(small_world["city_lead"], small_world.city, "project")
    assert [k for k, _ in plan.visible()] == list(pm.PRESETS["project"])
    assert plan.sections["vision"].enabled is False
    with pytest.raises(InvalidInput) as info:
        plans.create_plan(small_world["city_lead"], small_world.city, "strategy")
    assert info.value.field == "city_id"


def test_get_plan_hides_foreign_cities(small_world, plan):
    assert plans.get_plan(small_world["lag_member"], small_world.city).id == plan.id
    with pytest.raises(NotFound):
        plans.get_plan(small_world["city_lead"], small_world.other_city)
    with pytest.raises(NotFound):
        plans.get_plan(small_world["city_lead"], "city-that-does-not-exist")
    with pytest.raises(PermissionDenied):
        plans.get_plan(small_world["viewer"], small_world.city)
    other = builders.plan(small_world["admin"], small_world.other_city)
    # Staff read every city's plan.
    assert plans.get_plan(small_world["coordinator"], small_world.other_city).id == other.id


# --- per-section saves -------------------------------------------------------------------------


def test_two_people_saving_different_sections_never_collide(small_world, plan):
    lead, coordinator = small_world["city_lead"], small_world["coordinator"]
    # Both read the same plan, then each saves a different section.
    first = plans.save_section(lead, plan, "context", context("Notre contexte"))
    second = plans.save_section(
        coordinator, plan, "problem", {"kind": "problem", "statement": "Too few online services"}
    )
    assert first.sections["context"].revision == 1
    assert second.sections["context"].content.narrative == "Notre contexte"
    assert second.sections["problem"].content.statement == "Too few online services"
    assert second.sections["problem"].updated_by == coordinator.id
    assert second.sections["problem"].updated_by_name == coordinator.display_name


def test_same_section_conflict_keeps_the_stored_version(small_world, plan):
    lead, coordinator = small_world["city_lead"], small_world["coordinator"]
    plans.save_section(lead, plan, "context", context("Text of the lead"))
    with pytest.raises(Conflict) as info:
        plans.save_section(coordinator, plan, "context", context("Text of the coordinator"))
    conflict = info.value
    assert conflict.current.content.narrative == "Text of the lead"
    assert conflict.current.updated_by == lead.id
    assert conflict.attempted["content"]["narrative"] == "Text of the coordinator"
    assert conflict.plan.sections["context"].revision == 1
    stored = plans.find_plan(small_world.city)
    assert stored.sections["context"].content.narrative == "Text of the lead"
    # Overwrite is explicit: save against the revision now stored.
    again = plans.save_section(
        coordinator, plan, "context", context("Text of the coordinator"), conflict.current.revision
    )
    assert again.sections["context"].content.narrative == "Text of the coordinator"
    assert again.sections["context"].revision == 2


def test_section_of_the_wrong_kind_or_bad_content_is_refused(small_world, plan):
    with pytest.raises(InvalidInput):
        plans.save_section(
            small_world["city_lead"], plan, "context", {"kind": "risks", "risks": []}
        )
    with pytest.raises(Exception) as info:
        plans.save_section(small_world["city_lead"], plan, "context", context("x" * 100_000))
    assert "narrative" in str(info.value)
    assert plans.find_plan(small_world.city).sections["context"].revision == 0


def test_layout_has_its_own_revision(small_world, plan):
    lead = small_world["city_lead"]
    plans.save_section(lead, plan, "risks", {"kind": "risks", "risks": [{"title": "Delay"}]})
    order = list(reversed(plan.order))
    laid = plans.set_layout(lead, plan, {"order": order, "enabled": {"indicators": False}})
    assert laid.order == order and laid.sections["indicators"].enabled is False
    assert laid.sections["risks"].content.risks[0].title == "Delay"
    with pytest.raises(Conflict):
        plans.set_layout(lead, plan, {"order": plan.order})
    with pytest.raises(InvalidInput):
        plans.set_layout(lead, laid, {"order": order[:-1]})


def test_preset_switch_and_custom_section(small_world, plan):
    lead = small_world["city_lead"]
    plan, key = plans.add_custom_section(
        lead,
        plan,
        {
            "title": "Budget participatif",
            "fields": [{"label": "Montant", "type": "number", "value": 12000}],
        },
    )
    assert key == "custom_1" and plan.order[-1] == key
    assert plans.section_title(plan, key) == "Budget participatif"
    switched = plans.apply_preset(lead, plan, "project")
    assert switched.scope == "project"
    assert switched.sections["vision"].enabled is False
    assert switched.sections[key].enabled is True
    with pytest.raises(Exception) as info:
        plans.save_section(
            lead,
            switched,
            key,
            {
                "kind": "custom",
                "title": "Budget",
                "fields": [{"label": "Montant", "type": "number", "value": "lots"}],
            },
        )
    assert "value" in str(info.value)


# --- per-item saves ----------------------------------------------------------------------------


def test_item_saves_merge_other_items_and_refuse_the_same_item(small_world, plan):
    lead, coordinator = small_world["city_lead"], small_world["coordinator"]
    a = {"id": "risk-a", "title": "Delay"}
    b = {"id": "risk-b", "title": "Budget cut"}
    plan = plans.save_item(lead, plan, "risks", plans.ItemChange("risks", "add", a))
    stale = plan
    # Someone else adds another item: a later item save from a stale read still merges.
    plans.save_item(coordinator, plan, "risks", plans.ItemChange("risks", "add", b))
    edited = {**a, "title": "Long delay"}
    plan = plans.save_item(
        lead, stale, "risks", plans.ItemChange("risks", "edit", edited, original=a)
    )
    assert [r.title for r in plan.sections["risks"].content.risks] == ["Long delay", "Budget cut"]
    # The same item changed meanwhile: Conflict with the stored item.
    with pytest.raises(Conflict) as info:
        plans.save_item(
            coordinator,
            stale,
            "risks",
            plans.ItemChange("risks", "edit", {**a, "title": "Other"}, original=a),
        )
    assert info.value.current["title"] == "Long delay"
    plan = plans.save_item(lead, plan, "risks", plans.ItemChange("risks", "drop", item_id="risk-b"))
    assert [r.id for r in plan.sections["risks"].content.risks] == ["risk-a"]


def test_lag_member_records_meetings_only(small_world, plan):
    lag = small_world["lag_member"]
    meeting = {"date": dt.date(2026, 2, 3), "attendees": ["Awa", "Jean"], "decisions": "Go"}
    plan = plans.save_meeting(lag, plan, meeting)
    meetings = plan.sections["stakeholders"].content.meetings
    assert len(meetings) == 1 and meetings[0].attendees == ["Awa", "Jean"]
    with pytest.raises(PermissionDenied):
        plans.save_section(lag, plan, "context", context("not allowed"))
    with pytest.raises(PermissionDenied):
        plans.save_item(lag, plan, "risks", plans.ItemChange("risks", "add", {"title": "x"}))


# --- versions and comparison -------------------------------------------------------------------


def test_freeze_numbers_versions_and_compare_finds_added_removed_changed_nested(small_world, plan):
    lead = small_world["city_lead"]
    tree_v1 = {
        "core": "Few residents use e-services",
        "causes": [
            {
                "id": "c1",
                "label": "Low trust",
                "children": [{"id": "c11", "label": "Data leaks in the news"}],
            },
            {"id": "c2", "label": "No mobile version"},
        ],
        "effects": [{"id": "e1", "label": "Queues at the town hall"}],
    }
    plan = plans.save_section(
        lead, plan, "problem", {"kind": "problem", "statement": "Old", "tree": tree_v1}
    )
    risks = [{"id": "r1", "title": "Delay"}, {"id": "r2", "title": "Budget", "impact": 2}]
    plan = plans.save_section(lead, plan, "risks", {"kind": "risks", "risks": risks})
    v1 = plan_versions.freeze_version(lead, plan, "Validated by the LAG")
    assert (v1.number, v1.label, v1.note) == (1, "V1", "Validated by the LAG")
    assert v1.changes == []

    tree_v2 = {
        "core": "Few residents use e-services",
        "causes": [
            {
                "id": "c1",
                "label": "Low trust",
                "children": [{"id": "c11", "label": "Data leaks in national news"}],
            },
            {"id": "c3", "label": "Fees for online requests"},
        ],
        "effects": [{"id": "e1", "label": "Queues at the town hall"}],
    }
    plan = plans.save_section(
        lead, plan, "problem", {"kind": "problem", "statement": "New", "tree": tree_v2}
    )
    risks2 = [{"id": "r2", "title": "Budget", "impact": 4}, {"id": "r3", "title": "Turnover"}]
    plan = plans.save_section(lead, plan, "risks", {"kind": "risks", "risks": risks2})
    v2 = plan_versions.freeze_version(lead, plan, "After the experiments")
    assert v2.label == "V2"
    assert [v.label for v in plan_versions.list_versions(lead, plan)] == ["V1", "V2"]
    assert plans.find_plan(small_world.city).version == 2

    diffs = {d.key: d for d in plan_versions.compare(v1, v2)}
    assert diffs["context"].status == "same"
    problem = diffs["problem"]
    assert problem.status == "changed"
    assert problem.fields == {"statement": ("Old", "New")}
    tree = {(i.item_id, i.change) for i in problem.items if i.list_name == "tree"}
    assert tree == {("c11", "changed"), ("c2", "removed"), ("c3", "added")}
    nested = next(i for i in problem.items if i.item_id == "c11")
    assert nested.fields["label"] == ("Data leaks in the news", "Data leaks in national news")
    assert nested.after["depth"] == 2
    risk = {(i.item_id, i.change) for i in diffs["risks"].items}
    assert risk == {("r1", "removed"), ("r2", "changed"), ("r3", "added")}
    changed = next(i for i in diffs["risks"].items if i.item_id == "r2")
    assert changed.fields == {"impact": (2, 4)}
    assert {(c.section, c.item_id, c.kind) for c in v2.changes} >= {
        ("risks", "r1", "drop"),
        ("risks", "r3", "add"),
        ("problem", "c3", "add"),
    }
    # Frozen versions do not move when the working plan does.
    plans.save_section(lead, plan, "risks", {"kind": "risks", "risks": []})
    again = plan_versions.list_versions(lead, plan)[1]
    assert [r.id for r in again.sections["risks"].content.risks] == ["r2", "r3"]


def test_compare_sections_added_and_removed(small_world, plan):
    lead = small_world["city_lead"]
    v1 = plan_versions.freeze_version(lead, plan, "")
    plan, key = plans.add_custom_section(
        lead, plans.find_plan(small_world.city), {"title": "Extra"}
    )
    diffs = {d.key: d for d in plan_versions.compare(v1, plan)}
    assert diffs[key].status == "added"
    assert {d.key: d for d in plan_versions.compare(plan, v1)}[key].status == "removed"


def test_proposed_change_cites_its_learning_in_the_next_version(small_world, plan):
    lead = small_world["city_lead"]
    action = {"id": "a1", "title": "SMS reminders", "cost": 100}
    plan = plans.save_section(lead, plan, "actions", {"kind": "actions", "actions": [action]})
    plan_versions.freeze_version(lead, plan, "V1")
    for learning_id in ("learning-42", "learning-43"):  # a change cites a learning of its city
        learning = Learning(
            _id=learning_id, network_id=lead.network_id, city_id=small_world.city, title="L"
        )
        store.get().insert_one(collections.LEARNINGS, learning.to_doc())
    plan = plans.find_plan(small_world.city)
    plan = plans.propose_change(
        lead,
        plan,
        "actions",
        plans.ItemChange("actions", "edit", {**action, "cost": 250}, original=action),
        learning_id="learning-42",
        reason="Reminders worked: scale them",
    )
    plan = plans.propose_change(
        lead,
        plan,
        "actions",
        plans.ItemChange("actions", "add", {"title": "Kiosk in the market"}),
        learning_id="learning-43",
        reason="People asked for help in person",
    )
    assert len(plan.pending_changes) == 2
    assert plan.sections["actions"].content.actions[0].cost == 250
    v2 = plan_versions.freeze_version(lead, plan, "From the learnings")
    cited = {c.learning_id: c for c in v2.changes if c.learning_id}
    assert cited["learning-42"].item_id == "a1" and cited["learning-42"].kind == "edit"
    assert cited["learning-43"].kind == "add"
    assert cited["learning-43"].reason == "People asked for help in person"
    assert plans.find_plan(small_world.city).pending_changes == []


# --- history, presence, summary ------------------------------------------------------------------


def test_history_per_plan_and_per_section(small_world, plan):
    lead, coordinator = small_world["city_lead"], small_world["coordinator"]
    plan = plans.save_section(lead, plan, "context", context("A"))
    plans.save_section(coordinator, plan, "risks", {"kind": "risks", "risks": []})
    lines = history.plan_history(lead, plan)
    assert sorted(line["action"] for line in lines) == ["create", "save_section", "save_section"]
    only = history.plan_history(lead, plan, section="context")
    assert len(only) == 1 and only[0]["actor"] == lead.display_name
    assert only[0]["sections"] == ["context"]


def test_presence_lists_others_who_have_the_plan_open_or_edited(small_world, plan):
    lead, coordinator, lag = (
        small_world["city_lead"],
        small_world["coordinator"],
        small_world["lag_member"],
    )
    presence.record_presence(lead, plan)
    presence.record_presence(lag, plan)
    presence.record_presence(lag, plan)  # an upsert: still one line per person
    plans.save_section(coordinator, plan, "context", context("Hello"))
    others = {p["name"]: p for p in presence.present_users(plan.id, exclude=lead.id)}
    assert others[lag.display_name]["open"] is True
    assert others[coordinator.display_name]["sections"] == ["context"]
    assert lead.display_name not in others
    assert store.get().count(presence.PRESENCE, {"entity_id": plan.id}) == 2
    foreign = _fresh_plan(small_world, small_world.other_city)
    with pytest.raises(NotFound):
        presence.record_presence(small_world["city_lead"], foreign)


def test_plan_summary(small_world, plan):
    assert plans.plan_summary(plan)["filled"] == 0
    plan = plans.save_section(small_world["city_lead"], plan, "context", context("Text"))
    summary = plans.plan_summary(plan)
    assert summary["filled"] == 1 and summary["sections"] == len(pm.KNOWN_SECTIONS)
    assert plans.plan_summary(None)["version"] == 0


def test_power_interest_chart():
    section = pm.StakeholdersSection(
        stakeholders=[
            {"organisation": "Mairie", "sector": "public", "power": 5, "interest": 4},
            {"organisation": "Coopérative", "sector": "civic", "power": 2, "interest": 5},
        ]
    )
    spec = plan_charts.power_interest_chart(section, "fr").to_dict()
    layers = spec.get("layer", [spec])
    point = next(layer for layer in layers if layer["mark"]["type"] == "point")
    assert point["encoding"]["x"]["field"] == "interest"
    assert point["encoding"]["y"]["field"] == "power"
    assert point["encoding"]["x"]["scale"]["domain"] == [0.5, 5.5]
    values = next(iter(spec["datasets"].values()))
    assert {v["organisation"] for v in values} == {"Mairie", "Coopérative"}
    # Sectors differ by shape as well as by colour; the description is in French.
    assert point["encoding"]["shape"]["field"] == "sector"
    assert spec["description"] == i18n.t("chart.desc.power_interest", "fr", count=2)


# --- who may do what -----------------------------------------------------------------------------


def _fresh_plan(world, city_id):
    found = plans.find_plan(city_id)
    if found is None:
        found = plans.create_plan(world["admin"], city_id, "strategy")
    return found


def test_matrix_plan_edit(small_world):
    def attempt(user, city_id):
        plan = _fresh_plan(small_world, city_id)
        plans.save_section(user, plan, "context", context(f"by {user.id}"))

    check_matrix(small_world, "plan.edit", attempt)


def test_matrix_plan_freeze(small_world):
    check_matrix(
        small_world,
        "plan.freeze",
        lambda user, city_id: plan_versions.freeze_version(
            user, _fresh_plan(small_world, city_id), "note"
        ),
    )


def test_matrix_plan_meeting_record(small_world):
    def attempt(user, city_id):
        meeting = {"date": dt.date(2026, 1, 5), "attendees": ["A"], "decisions": "x"}
        plans.save_meeting(user, _fresh_plan(small_world, city_id), meeting)

    check_matrix(small_world, "plan.meeting.record", attempt)


def test_matrix_plan_edit_layout_and_create(small_world):
    def attempt(user, city_id):
        plan = _fresh_plan(small_world, city_id)
        plans.set_layout(user, plan, {"order": plan.order})

    check_matrix(small_world, "plan.edit", attempt)

    def create(user, city_id):
        store.get().delete_many(plans.PLANS, {"city_id": city_id})
        plans.create_plan(user, city_id, "project")

    check_matrix(small_world, "plan.edit", create)


# --- the demo ------------------------------------------------------------------------------------


def test_demo_plans_follow_the_city_stage(readonly_world):
    cities = {c["_id"]: c for c in store.get().find("cities", {})}
    found = {p["city_id"]: pm.Plan.from_doc(p) for p in store.get().find(plans.PLANS, {})}
    assert set(found) == set(cities)
    by_stage: dict[str, list[pm.Plan]] = {}
    for city_id, plan in found.items():
        by_stage.setdefault(cities[city_id]["stage"], []).append(plan)
    for plan in by_stage["problem_definition"]:
        assert plans.is_filled(plan.sections["context"])
        assert not plans.is_filled(plan.sections["stakeholders"])
        assert plan.version == 0
    for plan in by_stage["experimentation"]:
        assert plan.version >= 1
        assert len(plan.sections["stakeholders"].content.meetings) >= 2
    versions = store.get().find(plan_versions.VERSIONS, {})
    assert {v["number"] for v in versions} == {1, 2}
    v2 = pm.PlanVersion.from_doc(next(v for v in versions if v["number"] == 2))
    assert v2.changes and v2.changes[0].reason
    # French-speaking teams get French content.
    dakar = found["city-0001"]
    assert (
        "é"
        in dakar.sections["context"].content.narrative + dakar.sections["problem"].content.statement
    )
    assert history.plan_history(readonly_world["city_lead"], dakar)[-1]["action"] == "create"


def test_demo_plans_are_deterministic():
    from services.demo import seed as demo

    first, _ = demo.build(cities=12, seed=7, anchor=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    second, _ = demo.build(cities=12, seed=7, anchor=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert first[plans.PLANS] == second[plans.PLANS]
    assert first[plan_versions.VERSIONS] == second[plan_versions.VERSIONS]


def test_demo_plan_history_is_never_in_the_demo_future():
    from services.demo import seed as demo

    anchor = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    docs, _ = demo.build(cities=40, seed=3, anchor=anchor)
    plan_ids = {p["_id"] for p in docs[plans.PLANS]}
    lines = [a for a in docs["activity"] if a["entity_id"] in plan_ids]
    assert lines and max(a["at"] for a in lines) <= anchor
    assert max(v["created_at"] for v in docs[plan_versions.VERSIONS]) <= anchor


def test_plan_writes_keep_the_city_summary_current(small_world, plan):
    lead = small_world["city_lead"]
    plans.save_section(lead, plan, "problem", {"kind": "problem", "statement": "Too few"})
    plan_versions.freeze_version(lead, plans.find_plan(small_world.city), "V1")
    city = store.get().find_one("cities", {"_id": small_world.city})
    assert city["summary"]["plan_version"] == 1
    assert city["summary"]["stage_progress"] > 0


# --- an object from another city passed in -------------------------------------------------------


def _disguised(world):
    """Another city's stored plan (with a section written), copied with the caller's own
    city_id (and a revision that would pass): every service must check the stored plan's city,
    not this one."""
    foreign = builders.plan(world["admin"], world.other_city, context=context("Cork's own"))
    return foreign, foreign.model_copy(update={"city_id": world.city})


PLAN_WRITES = {
    "save_section": lambda user, p: plans.save_section(user, p, "context", context("Hijacked")),
    "save_item": lambda user, p: plans.save_item(
        user, p, "risks", plans.ItemChange("risks", "add", {"title": "Hijacked"})
    ),
    "propose_change": lambda user, p: plans.propose_change(
        user, p, "risks", plans.ItemChange("risks", "add", {"title": "Hijacked"})
    ),
    "set_layout": lambda user, p: plans.set_layout(user, p, {"enabled": {"context": False}}),
    "apply_preset": lambda user, p: plans.apply_preset(user, p, "project"),
    "add_custom_section": lambda user, p: plans.add_custom_section(user, p, {"title": "Hijacked"}),
    "freeze_version": lambda user, p: plan_versions.freeze_version(user, p, "Hijacked"),
}


@pytest.mark.parametrize("write", sorted(PLAN_WRITES))
def test_write_checks_the_stored_plans_city_not_the_object_passed_in(small_world, write):
    foreign, disguised = _disguised(small_world)
    versions = store.get().count(plan_versions.VERSIONS, {"plan_id": foreign.id})
    with unchanged_store(), pytest.raises(PermissionDenied):
        PLAN_WRITES[write](small_world["city_lead"], disguised)
    assert plans.find_plan(small_world.other_city) == foreign
    assert store.get().count(plan_versions.VERSIONS, {"plan_id": foreign.id}) == versions


def test_meeting_checks_the_stored_plans_city(small_world):
    foreign, disguised = _disguised(small_world)
    meeting = {"date": dt.date(2026, 2, 3), "attendees": ["Mallory"], "decisions": "Hijacked"}
    with unchanged_store(), pytest.raises(PermissionDenied):
        plans.save_meeting(small_world["lag_member"], disguised, meeting)
    assert plans.find_plan(small_world.other_city) == foreign


def test_reads_by_plan_check_the_stored_plans_city(small_world):
    _foreign, disguised = _disguised(small_world)
    lead = small_world["city_lead"]
    with unchanged_store():
        for read in (plan_versions.list_versions, history.plan_history, presence.record_presence):
            with pytest.raises(NotFound):
                read(lead, disguised)


def test_own_plan_with_a_foreign_city_id_is_still_writable_by_its_lead(small_world, plan):
    # The stored city decides, both ways: a wrong city_id on the object changes nothing.
    renamed = plan.model_copy(update={"city_id": small_world.other_city})
    saved = plans.save_section(small_world["city_lead"], renamed, "context", context("Ours"))
    assert saved.city_id == small_world.city
    assert saved.sections["context"].content.narrative == "Ours"


def test_freeze_from_a_stale_read_is_a_conflict(small_world, plan):
    lead = small_world["city_lead"]
    plan_versions.freeze_version(lead, plan, "V1 by someone else")
    with pytest.raises(Conflict) as info:
        plan_versions.freeze_version(lead, plan, "My V1")
    assert info.value.current.version == 1
    assert [v.note for v in plan_versions.list_versions(lead, plan)] == ["V1 by someone else"]


def test_layout_update_changes_only_what_is_given(small_world, plan):
    lead = small_world["city_lead"]
    laid = plans.set_layout(lead, plan, pm.LayoutUpdate(enabled={"risks": False}))
    assert laid.order == plan.order and laid.scope == plan.scope
    assert laid.sections["risks"].enabled is False
    laid = plans.set_layout(lead, laid, pm.LayoutUpdate(scope="project"))
    assert laid.scope == "project" and laid.sections["risks"].enabled is False


def test_a_field_edit_is_recorded_by_its_fields_and_read_by_their_labels(small_world, plan):
    lead = small_world["city_lead"]
    plan = plans.save_section(lead, plan, "context", context("Before"))
    plan_versions.freeze_version(lead, plan, "")
    plan = plans.get_plan(lead, small_world.city)
    plan = plans.save_section(lead, plan, "context", context("After"))
    v2 = plan_versions.freeze_version(lead, plan, "")
    (change,) = [c for c in v2.changes if c.section == "context"]
    assert (change.kind, change.fields, change.summary) == ("edit", ["narrative"], "")
    assert labels.change_summary(change.summary, change.fields, "fr") == "Contexte local"
    assert labels.section_label("context", "fr") == "Contexte"
    # A version frozen before `fields` existed kept the names in its summary.
    assert labels.change_summary("narrative, ipestle", [], "en") == "Local context, Context factors"
    assert labels.change_summary("Queues at the town hall", [], "en") == "Queues at the town hall"
