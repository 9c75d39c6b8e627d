"""The plan's tables and back: the problem tree (services/plans/tree.py) and indicator
measurements grouped by indicator id (services/plans/measurements.py)."""

from __future__ import annotations

import datetime as dt

from services.plans import measurements, tree


def test_tree_rows_and_back_keep_ids_and_nesting():
    causes = [{"id": "c1", "label": "Trust", "children": [{"id": "c11", "label": "Leaks"}]}]
    effects = [{"id": "e1", "label": "Queues", "children": []}]
    rows = tree.tree_rows({"core": "Core", "causes": causes, "effects": effects})
    assert [(r["side"], r["label"], r["parent"]) for r in rows] == [
        ("causes", "Trust", ""),
        ("causes", "Leaks", "Trust"),
        ("effects", "Queues", ""),
    ]
    rebuilt = tree.build_tree(rows)
    assert rebuilt == (
        [
            {
                "id": "c1",
                "label": "Trust",
                "children": [{"id": "c11", "label": "Leaks", "children": []}],
            }
        ],
        effects,
    )


def test_build_tree_breaks_cycles_drops_blank_rows_and_gives_new_rows_ids():
    rows = [
        {"id": "a", "side": "causes", "label": "A", "parent": "B"},
        {"id": "b", "side": "causes", "label": "B", "parent": "A"},
        {"id": None, "side": None, "label": "New", "parent": None},
        {"id": "x", "side": "effects", "label": None, "parent": None},
    ]
    causes, effects = tree.build_tree(rows)
    assert effects == []
    labels = {n["label"] for n in causes} | {c["label"] for n in causes for c in n["children"]}
    assert labels == {"A", "B", "New"}
    assert all(n["id"] for n in causes)


def indicator(id_: str, name: str, *values: float) -> dict:
    days = [dt.date(2026, 1, d + 1) for d in range(len(values))]
    return {
        "id": id_,
        "name": name,
        "measurements": [{"date": d, "value": v} for d, v in zip(days, values, strict=True)],
    }


def test_renaming_an_indicator_keeps_its_measurements():
    loaded = [indicator("i1", "Visits", 10, 12), indicator("i2", "Calls", 3)]
    rows = measurements.measurement_rows(loaded)
    assert [(r["indicator_id"], r["indicator"], r["value"]) for r in rows] == [
        ("i1", "Visits", 10),
        ("i1", "Visits", 12),
        ("i2", "Calls", 3),
    ]
    edited = [{"id": "i1", "name": "Online visits"}, {"id": "i2", "name": "Calls"}]
    out = measurements.attach_measurements(edited, rows, loaded)
    assert [m["value"] for m in out[0]["measurements"]] == [10, 12]
    assert out[0]["name"] == "Online visits"
    assert [m["value"] for m in out[1]["measurements"]] == [3]


def test_two_indicators_swapping_names_keep_their_own_measurements():
    loaded = [indicator("i1", "A", 1), indicator("i2", "B", 2)]
    rows = measurements.measurement_rows(loaded)
    edited = [{"id": "i1", "name": "B"}, {"id": "i2", "name": "A"}]
    out = measurements.attach_measurements(edited, rows, loaded)
    assert [(i["id"], [m["value"] for m in i["measurements"]]) for i in out] == [
        ("i1", [1]),
        ("i2", [2]),
    ]


def test_new_rows_and_moved_rows_follow_the_name_picked():
    loaded = [indicator("i1", "Visits", 10), indicator("i2", "Calls")]
    rows = measurements.measurement_rows(loaded)
    rows[0] = {**rows[0], "indicator": "Calls"}  # moved to another indicator
    rows.append({"id": None, "indicator_id": None, "indicator": "Visits", "date": None, "value": 7})
    rows.append({"id": None, "indicator_id": None, "indicator": "Gone", "date": None, "value": 1})
    edited = [{"id": "i1", "name": "Visits"}, {"id": "i2", "name": "Calls"}]
    out = {
        i["id"]: [m["value"] for m in i["measurements"]]
        for i in measurements.attach_measurements(edited, rows, loaded)
    }
    assert out == {"i1": [7], "i2": [10]}


def test_measurements_of_a_removed_indicator_go_with_it():
    loaded = [indicator("i1", "Visits", 10), indicator("i2", "Calls", 3)]
    rows = measurements.measurement_rows(loaded)
    out = measurements.attach_measurements([{"id": "i2", "name": "Calls"}], rows, loaded)
    assert out == [
        {"id": "i2", "name": "Calls", "measurements": [{"date": dt.date(2026, 1, 1), "value": 3}]}
    ]
