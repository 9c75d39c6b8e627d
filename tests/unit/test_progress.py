"""Stage progress: every rule true and false, hand ticks, gate approval, the stored summary."""

from __future__ import annotations

import datetime as dt

import pytest

from models import plan as pm
from models.base import Bilingual
from models.experiment import RISKY_EVIDENCE, RISKY_IMPORTANCE
from services.core import i18n, store
from services.core.errors import InvalidInput
from services.network import networks, progress, settings
from tests import builders
from tests.conftest import check_matrix

TODAY = dt.date(2026, 6, 1)


def _plan(**contents: pm.Model) -> pm.Plan:
    """A plan with every known section (blank unless given), all shown."""
    sections = {
        k: pm.Section(content=contents.get(k) or pm.empty_content(k)) for k in pm.KNOWN_SECTIONS
    }
    return pm.Plan(network_id="n", city_id="c", sections=sections, order=list(pm.KNOWN_SECTIONS))


def _node(label: str, *children: pm.TreeNode) -> pm.TreeNode:
    return pm.TreeNode(label=label, children=list(children))


def _meeting(days_ago: int) -> pm.Meeting:
    return pm.Meeting(date=TODAY - dt.timedelta(days=days_ago))


def _risky(id_: str) -> dict:
    """A stored assumption in the riskiest corner (importance 4+, evidence 2-)."""
    return {"_id": id_, "importance": RISKY_IMPORTANCE, "evidence": RISKY_EVIDENCE}


def _safe(id_: str) -> dict:
    return {"_id": id_, "importance": RISKY_IMPORTANCE - 1, "evidence": RISKY_EVIDENCE}


def _test(status: str, *assumption_ids: str) -> dict:
    return {"status": status, "assumption_ids": list(assumption_ids)}


def _people(*sectors: str) -> pm.StakeholdersSection:
    return pm.StakeholdersSection(
        stakeholders=[
            pm.Stakeholder(organisation=f"Org {i}", sector=s) for i, s in enumerate(sectors)
        ]
    )


# For each rule: evidence that meets it, and the closest evidence that does not.
CASES: dict[str, tuple[dict, dict]] = {
    "context_written": (
        {"plan": _plan(context=pm.ContextSection(narrative="La ville compte 1 M d'habitants."))},
        {"plan": _plan(context=pm.ContextSection(narrative="   "))},
    ),
    "partners_listed": (
        {"plan": _plan(context=pm.ContextSection(partners=[pm.Partner(name="Mairie")]))},
        {"plan": _plan(context=pm.ContextSection(narrative="No partner yet"))},
    ),
    "problem_statement": (
        {"plan": _plan(problem=pm.ProblemSection(statement="Les démarches sont trop longues."))},
        {"plan": _plan(problem=pm.ProblemSection(statement=""))},
    ),
    "problem_tree": (
        {
            "plan": _plan(
                problem=pm.ProblemSection(
                    tree=pm.ProblemTree(
                        core="Slow services",
                        causes=[_node("Paper forms", _node("No budget"))],
                        effects=[_node("Queues")],
                    )
                )
            )
        },
        {
            "plan": _plan(
                problem=pm.ProblemSection(
                    tree=pm.ProblemTree(core="Slow services", causes=[_node("Paper forms")])
                )
            )
        },
    ),
    "stakeholder_sectors": (
        {"plan": _plan(stakeholders=_people("public", "private", "civic"))},
        {"plan": _plan(stakeholders=_people("public", "public", "private", "private"))},
    ),
    "lag_meetings": (
        {"plan": _plan(stakeholders=pm.StakeholdersSection(meetings=[_meeting(30), _meeting(0)]))},
        # One meeting held, one planned for next week: planned meetings are not evidence.
        {"plan": _plan(stakeholders=pm.StakeholdersSection(meetings=[_meeting(30), _meeting(-7)]))},
    ),
    "vision_objectives": (
        {
            "plan": _plan(
                vision=pm.VisionSection(
                    statement="Une ville où tout se fait en ligne",
                    objectives=[pm.Objective(key="o1", title="Online forms")],
                )
            )
        },
        {
            "plan": _plan(
                vision=pm.VisionSection(objectives=[pm.Objective(key="o1", title="Online forms")])
            )
        },
    ),
    "actions_planned": (
        {
            "plan": _plan(
                actions=pm.ActionsSection(
                    actions=[
                        pm.Action(
                            title="Pilot",
                            owner="Fatou",
                            start=dt.date(2026, 1, 1),
                            end=dt.date(2026, 3, 1),
                        )
                    ]
                )
            )
        },
        {
            "plan": _plan(
                actions=pm.ActionsSection(
                    actions=[
                        pm.Action(
                            title="No owner", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 1)
                        ),
                        pm.Action(title="No dates", owner="Fatou"),
                    ]
                )
            )
        },
    ),
    "plan_v1": ({"versions": [1]}, {"versions": []}),
    "plan_v2": ({"versions": [1, 2]}, {"versions": [1]}),
    "riskiest_tested": (
        {
            "assumptions": [_risky("a1"), _risky("a2"), _safe("a3")],
            "experiments": [_test("done", "a1"), _test("analysing", "a2")],
        },
        {
            "assumptions": [_risky("a1"), _risky("a2"), _safe("a3")],
            # Any one finished experiment used to meet the gate: a2 is still untested.
            "experiments": [_test("done", "a1", "a3"), _test("running", "a2")],
        },
    ),
}
# An old rule name still in stored gates means the rule it names.
CASES["experiments_done"] = CASES["riskiest_tested"]


def _bundle(case: dict) -> progress.EvidenceBundle:
    return progress.evidence(
        case.get("plan"),
        case.get("versions", ()),
        case.get("assumptions", ()),
        case.get("experiments", ()),
        today=TODAY,
    )


def test_every_rule_has_cases_and_descriptions():
    assert set(CASES) == set(progress.RULES)
    for rule in progress.RULES:
        key = progress.rule_description_key(rule)
        assert i18n.has(key), key
        assert i18n.t(key, "en") != i18n.t(key, "fr")


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_true(rule):
    assert progress.RULES[rule](_bundle(CASES[rule][0])) is True


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_false(rule):
    assert progress.RULES[rule](_bundle(CASES[rule][1])) is False


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_false_without_any_evidence(rule):
    assert progress.RULES[rule](progress.evidence(None)) is False


def test_a_focused_project_needs_actions_instead_of_a_vision():
    plan = _plan(actions=pm.ActionsSection(actions=[pm.Action(title="Pilot")]))
    plan.sections["vision"].enabled = False
    assert not progress.RULES["vision_objectives"](progress.evidence(plan))
    project = plan.model_copy(update={"scope": "project"})
    assert progress.RULES["vision_objectives"](progress.evidence(project))
    empty = _plan().model_copy(update={"scope": "project"})
    empty.sections["vision"].enabled = False
    assert not progress.RULES["vision_objectives"](progress.evidence(empty))


def test_hidden_sections_do_not_count_and_stored_dicts_work():
    plan = _plan(problem=pm.ProblemSection(statement="Les démarches sont trop longues."))
    assert progress.RULES["problem_statement"](progress.evidence(plan.to_doc()))
    plan.sections["problem"].enabled = False
    assert not progress.RULES["problem_statement"](progress.evidence(plan.to_doc()))


def test_counted_rules_report_what_they_found(small_world):
    network = networks.get_network(small_world["admin"].network_id)
    city = networks.get_city(small_world["admin"], small_world.city)
    bundle = progress.evidence(_plan(stakeholders=_people("public", "civic")), today=TODAY)
    result = progress.stage_progress(network, city, bundle=bundle)
    sectors = next(i for s in result.stages for i in s.items if i.rule == "stakeholder_sectors")
    assert (sectors.met, sectors.source, sectors.found, sectors.needed) == (False, "rule", 2, 3)


# --- stage progress on a stored city ----------------------------------------------------------


def _problem_defined(actor, city_id: str) -> pm.Plan:
    """The city's plan, saved with what the problem definition's gate asks for."""
    return builders.plan(
        actor,
        city_id,
        context=pm.ContextSection(
            narrative="Contexte « local » — étudié", partners=[pm.Partner(name="Mairie")]
        ),
        problem=pm.ProblemSection(
            statement="Les démarches d'état civil prennent des semaines.",
            tree=pm.ProblemTree(causes=[_node("Paper")], effects=[_node("Queues")]),
        ),
    )


def _with_manual_item(admin) -> None:
    """Add a hand-ticked item to every stage's gate."""
    network = networks.get_network(admin.network_id)
    stages = [s.model_dump() for s in network.stages]
    for stage in stages:
        stage["gate"].append(
            {"key": "signed", "label": {"en": "Mayor signed", "fr": "Signé par le maire"}}
        )
    settings.update_settings(admin, network, {"stages": stages})


def test_stage_progress_current_stage_and_ready(small_world):
    admin = small_world["admin"]
    city = networks.get_city(admin, small_world.city)
    network = networks.get_network(admin.network_id)

    before = progress.stage_progress(network, city, bundle=progress.load_evidence(city.id))
    assert before.current == "problem_definition"
    assert before.next_stage == "stakeholder_engagement"
    assert before.share == 0 and not before.ready
    assert [s.state for s in before.stages] == ["current", "upcoming", "upcoming", "upcoming"]

    _problem_defined(admin, city.id)
    after = progress.stage_progress(network, city, bundle=progress.load_evidence(city.id))
    assert after.share == 1 and after.ready
    assert {i.source for i in after.current_status.items} == {"rule"}


@pytest.mark.parametrize(
    ("statuses", "met"),
    [
        (["done"], True),
        (["analysing"], True),  # in analysis: it ran, it tested
        (["stopped"], False),  # stopped: it tested nothing
        (["running"], False),
        (["design"], False),
        (["stopped", "design", "running"], False),
        (["stopped", "done"], True),
    ],
)
def test_a_riskiest_assumption_is_tested_by_a_finished_experiment(statuses, met):
    bundle = progress.evidence(
        None, assumptions=[_risky("a1")], experiments=[_test(s, "a1") for s in statuses]
    )
    assert progress.RULES["riskiest_tested"](bundle) is met


def test_the_riskiest_gate_needs_every_riskiest_assumption_and_at_least_one():
    nothing = progress.evidence(None, experiments=[_test("done", "a1")])
    assert not progress.RULES["riskiest_tested"](nothing)  # no assumption: nothing was tested
    only_safe = progress.evidence(None, [], [_safe("a1")], [_test("done", "a1")])
    assert not progress.RULES["riskiest_tested"](only_safe)
    spec = progress.RULE_SPECS["riskiest_tested"]
    half = progress.evidence(None, [], [_risky("a1"), _risky("a2")], [_test("done", "a1")])
    assert (spec.count(half), spec.needed_for(half)) == (1, 2)
    assert not progress.RULES["riskiest_tested"](half)


def test_the_default_gate_uses_the_riskiest_rule_and_old_gates_follow_it():
    items = {i.key: i for s in networks.default_stages() for i in s.gate}
    assert items["tested"].rule == "riskiest_tested"
    assert "experiments_done" not in settings.rule_keys()  # not offered, still valid
    assert progress.rule_description_key("experiments_done") == "progress.rule.riskiest_tested"


def test_the_riskiest_gate_reads_assumptions_and_experiments_from_their_collections(small_world):
    db = store.get()
    db.insert_many(
        progress.ASSUMPTIONS,
        [
            {"_id": "r1", "city_id": small_world.city, "importance": 5, "evidence": 1},
            {"_id": "r2", "city_id": small_world.city, "importance": 4, "evidence": 2},
            {"_id": "s1", "city_id": small_world.city, "importance": 2, "evidence": 5},
        ],
    )
    db.insert_many(
        progress.EXPERIMENTS,
        [
            {"_id": "x1", "city_id": small_world.city, "status": "done", "assumption_ids": ["r1"]},
            {
                "_id": "x2",
                "city_id": small_world.city,
                "status": "stopped",
                "assumption_ids": ["r2"],
            },
            {
                "_id": "x3",
                "city_id": small_world.other_city,
                "status": "done",
                "assumption_ids": ["r2"],
            },
        ],
    )
    bundle = progress.load_evidence(small_world.city)
    assert (bundle.riskiest, bundle.tested) == (frozenset({"r1", "r2"}), frozenset({"r1"}))
    assert not progress.RULES["riskiest_tested"](bundle)
    db.update_one(progress.EXPERIMENTS, {"_id": "x2"}, {"$set": {"status": "analysing"}})
    assert progress.RULES["riskiest_tested"](progress.load_evidence(small_world.city))


def test_hand_tick_with_note_meets_a_manual_item(small_world):
    admin, lead = small_world["admin"], small_world["city_lead"]
    _with_manual_item(admin)
    city = networks.get_city(admin, small_world.city)

    with pytest.raises(InvalidInput) as missing_note:
        progress.tick_gate_item(lead, city, "problem_definition", "signed", True, "  ")
    assert missing_note.value.field == "note"
    with pytest.raises(InvalidInput) as rule_item:
        progress.tick_gate_item(lead, city, "problem_definition", "statement", True, "done")
    assert rule_item.value.field == "item"

    ticked = progress.tick_gate_item(
        lead, city, "problem_definition", "signed", True, "PV du 3 mai"
    )
    network = networks.get_network(admin.network_id)
    result = progress.stage_progress(network, ticked, bundle=progress.load_evidence(city.id))
    item = next(i for i in result.current_status.items if i.key == "signed")
    assert (item.met, item.source) == (True, "tick")
    assert (item.tick.note, item.tick.by, item.tick.by_name) == (
        "PV du 3 mai",
        lead.id,
        lead.display_name,
    )
    assert ticked.summary.stage_progress == pytest.approx(1 / 5)

    unticked = progress.tick_gate_item(lead, ticked, "problem_definition", "signed", False)
    assert len(unticked.gate_ticks) == 1 and unticked.gate_ticks[0].met is False
    assert unticked.summary.stage_progress == 0


def test_tick_follows_role_table(small_world):
    _with_manual_item(small_world["admin"])

    def attempt(user, city_id):
        city = networks.get_city(small_world["admin"], city_id)
        progress.tick_gate_item(user, city, city.stage, "signed", True, "evidence in the minutes")

    check_matrix(small_world, "plan.edit", attempt)


def test_approve_refused_until_gate_met_unless_forced_with_note(small_world):
    coordinator = small_world["coordinator"]
    city = networks.get_city(coordinator, small_world.city)

    with pytest.raises(InvalidInput) as not_met:
        progress.approve_stage(coordinator, city)
    assert not_met.value.field == "gate"
    with pytest.raises(InvalidInput) as no_note:
        progress.approve_stage(coordinator, city, force=True, note=" ")
    assert no_note.value.field == "note"

    moved = progress.approve_stage(coordinator, city, force=True, note="Evidence on paper")
    assert moved.stage == "stakeholder_engagement"
    last = moved.stage_history[-1]
    assert (last.stage, last.approved_by, last.forced, last.note) == (
        "stakeholder_engagement",
        coordinator.id,
        True,
        "Evidence on paper",
    )
    assert last.entered_at.tzinfo is not None
    assert moved.summary.stage_progress == 0  # the new stage's gate starts empty


def test_approve_when_ready_records_history_and_summary(small_world):
    coordinator = small_world["coordinator"]
    _problem_defined(coordinator, small_world.city)
    city = networks.get_city(coordinator, small_world.city)
    history = len(city.stage_history)

    moved = progress.approve_stage(coordinator, city, note="Bravo")
    assert moved.stage == "stakeholder_engagement"
    assert len(moved.stage_history) == history + 1
    assert moved.stage_history[-1].forced is False
    assert moved.stage_history[-1].approved_by_name == coordinator.display_name
    stored = store.get().find_one(networks.CITIES, {"_id": small_world.city})
    assert stored["stage"] == "stakeholder_engagement"
    assert stored["summary"]["stage_progress"] == 0


def test_last_stage_cannot_be_approved(small_world):
    city = builders.stage(small_world["admin"], small_world.city, "experimentation")
    with pytest.raises(InvalidInput) as last:
        progress.approve_stage(small_world["admin"], city, force=True, note="done")
    assert last.value.field == "stage"


def test_approve_follows_role_table(small_world):
    def attempt(user, city_id):
        city = builders.stage(small_world["admin"], city_id, "problem_definition")
        progress.approve_stage(user, city, force=True, note="test")

    check_matrix(small_world, "stage.approve", attempt)


def test_expected_stage_follows_the_timeline(small_world):
    start = dt.date(2026, 1, 1)
    network = builders.timeline(small_world["admin"], start, "stakeholder_engagement")
    phase = network.timeline[0]
    assert progress.expected_stage(network, phase.start) == (phase.expected_stage, phase.end)
    assert progress.expected_stage(network, dt.date(1990, 1, 1)) is None


def test_unknown_rule_is_never_met(small_world):
    network = networks.get_network(small_world["admin"].network_id)
    city = networks.get_city(small_world["admin"], small_world.city)
    item = network.stages[0].gate[0].model_copy(update={"rule": "gone"})
    result = progress.item_progress(city, "problem_definition", item, progress.evidence(None))
    assert result.met is False
    assert isinstance(item.label, Bilingual)


# --- going back a stage, and finishing the last one --------------------------------------------


def _stored_summary(city_id: str) -> dict:
    return store.get().find_one(networks.CITIES, {"_id": city_id})["summary"]


def test_a_coordinator_returns_a_city_to_an_earlier_stage_with_a_note(small_world):
    coordinator = small_world["coordinator"]
    builders.stage(coordinator, small_world.city, "solution_design")
    _problem_defined(coordinator, small_world.city)
    city = networks.get_city(coordinator, small_world.city)
    history = len(city.stage_history)

    for bad_note in ("", "   "):
        with pytest.raises(InvalidInput) as no_note:
            progress.return_to_stage(coordinator, city, "problem_definition", bad_note)
        assert no_note.value.field == "note"
    for not_earlier in ("solution_design", "experimentation"):
        with pytest.raises(InvalidInput) as later:
            progress.return_to_stage(coordinator, city, not_earlier, "why not")
        assert later.value.key == "progress.error.not_earlier"
    with pytest.raises(InvalidInput):
        progress.return_to_stage(coordinator, city, "no_such_stage", "why not")

    back = progress.return_to_stage(
        coordinator, city, "problem_definition", "the mayor changed the problem"
    )
    assert back.stage == "problem_definition"
    assert len(back.stage_history) == history + 1  # the history keeps every move
    last = back.stage_history[-1]
    assert (last.kind, last.stage, last.note) == (
        "returned",
        "problem_definition",
        "the mayor changed the problem",
    )
    assert last.approved_by == coordinator.id
    _, network, live = progress.city_progress(coordinator, small_world.city)
    assert live.current == "problem_definition"
    assert [s.state for s in live.stages] == ["current", "upcoming", "upcoming", "upcoming"]
    assert live.current_status.entered_at == last.entered_at
    # The stored summary follows the move (the city's gate is the problem definition's now).
    assert _stored_summary(small_world.city)["stage_progress"] == round(live.share, 4) == 1.0


def test_the_last_stage_is_marked_completed_once_and_a_return_reopens_it(small_world):
    coordinator = small_world["coordinator"]
    city = builders.stage(coordinator, small_world.city, "stakeholder_engagement")
    with pytest.raises(InvalidInput) as not_last:
        progress.complete_last_stage(coordinator, city, force=True, note="early")
    assert not_last.value.key == "progress.error.not_last_stage"

    city = builders.stage(coordinator, small_world.city, "experimentation")
    with pytest.raises(InvalidInput) as not_met:  # nothing tested, no V2
        progress.complete_last_stage(coordinator, city)
    assert not_met.value.field == "gate"
    with pytest.raises(InvalidInput) as no_reason:
        progress.complete_last_stage(coordinator, city, force=True)
    assert no_reason.value.field == "note"

    done = progress.complete_last_stage(
        coordinator, city, force=True, note="programme ended; V2 signed on paper"
    )
    assert done.completed is not None and done.completed.forced
    assert done.stage == "experimentation"
    _, _, live = progress.city_progress(coordinator, small_world.city)
    assert live.completed is not None and not live.ready
    assert live.stages[-1].state == "approved"
    with pytest.raises(InvalidInput) as twice:
        progress.complete_last_stage(coordinator, done, force=True, note="again")
    assert twice.value.key == "progress.error.already_completed"
    with pytest.raises(InvalidInput):
        progress.approve_stage(coordinator, done, force=True, note="beyond the last")

    reopened = progress.return_to_stage(coordinator, done, "experimentation", "one more cycle")
    assert reopened.completed is None and reopened.stage == "experimentation"
    _, _, live = progress.city_progress(coordinator, small_world.city)
    assert live.completed is None and live.stages[-1].state == "current"
    kinds = [e.kind for e in reopened.stage_history[-2:]]
    assert kinds == ["completed", "returned"]


def test_returning_and_completing_follow_the_role_table(small_world):
    def back(user, city_id):
        city = builders.stage(small_world["admin"], city_id, "solution_design")
        progress.return_to_stage(user, city, "problem_definition", "test")

    def complete(user, city_id):
        city = builders.stage(small_world["admin"], city_id, "experimentation")
        progress.complete_last_stage(user, city, force=True, note="test")

    check_matrix(small_world, "stage.approve", back)
    check_matrix(small_world, "stage.approve", complete)
