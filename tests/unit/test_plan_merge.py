"""The three-way merge of a section saved by two people at once (services/plans/merge.py)."""

from __future__ import annotations

import datetime as dt

from models import plan as pm
from models.base import stored
from services.plans import merge

MARKS = merge.Marks(theirs="[Awa]", mine="[You]")


def content(kind: str, **fields) -> dict:
    """A stored section content, as the page holds it (every field present)."""
    return stored(pm.CONTENT_MODELS[kind].model_validate({"kind": kind, **fields}))


def test_political_changed_by_one_narrative_by_the_other_both_stand():
    base = content("context", narrative="Old story", ipestle={"political": "Old politics"})
    theirs = content("context", narrative="Old story", ipestle={"political": "New politics"})
    mine = content("context", narrative="New story", ipestle={"political": "Old politics"})
    merged = merge.merge_content(base, theirs, mine, MARKS)
    assert merged.content["narrative"] == "New story"
    assert merged.content["ipestle"]["political"] == "New politics"
    assert merged.both_changed == []
    assert "Old" not in str(merged.content)
    pm.ContextSection.model_validate(merged.content)  # a valid section, ready to save


def test_changed_on_both_sides_keeps_both_marked():
    base = content("context", narrative="Old", ipestle={"social": "Old line"})
    theirs = content("context", narrative="Theirs\nsecond line", ipestle={"social": "A"})
    mine = content("context", narrative="Mine", ipestle={"social": "B"})
    merged = merge.merge_content(base, theirs, mine, MARKS)
    assert merged.content["narrative"] == "[Awa]\nTheirs\nsecond line\n\n[You]\nMine"
    assert merged.content["ipestle"]["social"] == "[Awa] A [You] B"  # one line stays one line
    assert merged.both_changed == ["narrative", "ipestle.social"]


def test_changed_to_the_same_value_on_both_sides_is_not_marked():
    base = content("context", narrative="Old")
    same = content("context", narrative="Same")
    merged = merge.merge_content(base, same, same, MARKS)
    assert merged.content["narrative"] == "Same" and merged.both_changed == []


def risks(*items) -> dict:
    return content("risks", risks=[{"id": i, "title": t, **more} for i, t, more in items])


def test_item_deleted_on_one_side_and_untouched_on_the_other_stays_deleted():
    base = risks(("a", "Delay", {}), ("b", "Budget", {}), ("c", "Turnover", {}))
    theirs = risks(("a", "Delay", {}), ("c", "Turnover", {}))  # they deleted b
    mine = risks(("a", "Delay", {}), ("b", "Budget", {}))  # I deleted c
    merged = merge.merge_content(base, theirs, mine, MARKS)
    assert [r["id"] for r in merged.content["risks"]] == ["a"]
    assert merged.both_changed == []


def test_items_added_on_either_side_are_kept_and_edits_merge_by_field():
    base = risks(("a", "Delay", {"impact": 2}))
    theirs = risks(("a", "Delay", {"impact": 4}), ("t", "Theirs new", {}))
    mine = risks(("a", "Long delay", {"impact": 2}), ("m", "Mine new", {}))
    merged = merge.merge_content(base, theirs, mine, MARKS)
    by_id = {r["id"]: r for r in merged.content["risks"]}
    assert list(by_id) == ["a", "t", "m"]
    assert (by_id["a"]["title"], by_id["a"]["impact"]) == ("Long delay", 4)
    assert merged.both_changed == []


def test_item_deleted_on_one_side_but_changed_on_the_other_is_kept_and_listed():
    base = risks(("a", "Delay", {}))
    theirs = risks()
    mine = risks(("a", "Long delay", {}))
    merged = merge.merge_content(base, theirs, mine, MARKS)
    assert [r["title"] for r in merged.content["risks"]] == ["Long delay"]
    assert merged.both_changed == ["risks.Long delay"]


def test_numbers_changed_on_both_sides_take_mine_and_are_listed():
    base = risks(("a", "Delay", {"impact": 2}))
    theirs = risks(("a", "Delay", {"impact": 4}))
    mine = risks(("a", "Delay", {"impact": 5}))
    merged = merge.merge_content(base, theirs, mine, MARKS)
    assert merged.content["risks"][0]["impact"] == 5
    assert merged.both_changed == ["risks.Delay.impact"]


def test_tree_nodes_merge_by_id_at_every_level():
    def problem(causes):
        return content("problem", tree={"core": "Core", "causes": causes})

    base = problem([{"id": "c1", "label": "Trust", "children": [{"id": "c11", "label": "Leaks"}]}])
    theirs = problem([{"id": "c1", "label": "Trust", "children": []}])  # they deleted c11
    mine = problem(
        [
            {"id": "c1", "label": "Low trust", "children": [{"id": "c11", "label": "Leaks"}]},
            {"id": "c2", "label": "Fees"},
        ]
    )
    merged = merge.merge_content(base, theirs, mine, MARKS)
    causes = merged.content["tree"]["causes"]
    assert [(n["id"], n["label"]) for n in causes] == [("c1", "Low trust"), ("c2", "Fees")]
    assert causes[0]["children"] == []
    pm.ProblemSection.model_validate(merged.content)


def test_plain_lists_merge_as_sets_and_dates_compare_as_stored():
    def stakeholders(attendees, day):
        meeting = {"id": "m1", "date": day, "attendees": attendees}
        return content("stakeholders", meetings=[meeting])

    day, moved = dt.date(2026, 2, 3), dt.date(2026, 2, 4)
    base = stakeholders(["Awa", "Jean"], day)
    theirs = stakeholders(["Awa", "Jean", "Lea"], day)  # they added Lea
    mine = stakeholders(["Awa"], moved)  # I removed Jean and moved the date
    merged = merge.merge_content(base, theirs, mine, MARKS)
    meeting = merged.content["meetings"][0]
    assert meeting["attendees"] == ["Awa", "Lea"]
    assert meeting["date"] == stored(moved)
    assert merged.both_changed == []
