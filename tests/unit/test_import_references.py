"""The import checks every reference the models hold (archive.REFERENCES): a name of a document
the file does not hold, or of one that belongs to another workshop, city or network, is
refused with its reason, and nothing is written."""

from __future__ import annotations

import pathlib
import pickle
import re

import pytest

from services.core import collections as c
from services.core import store
from services.transfer import archive
from tests.conftest import reading_the_demo


@pytest.fixture(scope="module")
def read_back(demo_snapshot) -> bytes:
    """The demo's export file read back, once for the module (pickled: copied per test)."""
    with reading_the_demo(demo_snapshot):
        text = archive.dumps(archive.snapshot(store.get()))
    return pickle.dumps(archive.loads(text), protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture
def exported(read_back: bytes) -> dict[str, list[dict]]:
    return pickle.loads(read_back)  # noqa: S301 (our own bytes, made in this process)


def _other(docs, doc, field):
    """A document of the same collection whose `field` differs from `doc`'s."""
    return next(d for d in docs if d.get(field) != doc.get(field))


def _note(d):
    return d[c.WORKSHOP_NOTES][0]


def _foreign_participant(d, doc):
    return _other(d[c.WORKSHOP_PARTICIPANTS], doc, "workshop_id")["_id"]


def _foreign_note(d, doc, field="workshop_id"):
    return _other(d[c.WORKSHOP_NOTES], doc, field)["_id"]


def _move_vote_to_another_workshop(d):
    vote = d[c.WORKSHOP_VOTES][0]
    vote["workshop_id"] = _other(d[c.WORKSHOPS], {"_id": vote["workshop_id"]}, "_id")["_id"]


def _other_city(d, doc):
    return next(x["_id"] for x in d[c.CITIES] if x["_id"] != doc["city_id"])


def _with_pending_change(d):
    plan = d[c.PLANS][0]
    plan["pending_changes"].append(
        {
            "id": "change-new",
            "section": "actions",
            "kind": "add",
            "summary": "New action",
            "learning_id": "gone",
            "at": d[c.PLANS][0]["created_at"],
            "by": "someone",
        }
    )


def _version_change(d):
    version = next(v for v in d[c.PLAN_VERSIONS] if any(x.get("learning_id") for x in v["changes"]))
    change = next(x for x in version["changes"] if x.get("learning_id"))
    change["learning_id"] = "gone"


def _cross_city(d, coll, field, target):
    doc = next(x for x in d[coll] if x.get(field))
    foreign = next(t for t in d[target] if t["city_id"] != doc["city_id"])
    doc[field] = [foreign["_id"]]
    return doc


def _city_in_another_network(d):
    network = {**d[c.NETWORKS][0], "_id": "network-elsewhere", "name": "Elsewhere"}
    d[c.NETWORKS].append(network)
    city = next(x for x in d[c.CITIES] if x["_id"] == d[c.CHECKINS][0]["city_id"])
    city["network_id"] = "network-elsewhere"


CASES = {
    "note participant gone": (
        lambda d: _note(d).update(participant_id="nobody"),
        "participant_id 'nobody': no such document in workshop_participants",
    ),
    "note participant of another workshop": (
        lambda d: _note(d).update(participant_id=_foreign_participant(d, _note(d))),
        "names a document of workshop_participants whose workshop_id",
    ),
    "vote workshop unlike its note's": (
        _move_vote_to_another_workshop,
        "note_id {note!r} names a document of workshop_notes whose workshop_id",
    ),
    "vote participant of another workshop": (
        lambda d: d[c.WORKSHOP_VOTES][0].update(
            participant_id=_foreign_participant(d, d[c.WORKSHOP_VOTES][0])
        ),
        "names a document of workshop_participants whose workshop_id",
    ),
    "note merged into a note that is gone": (
        lambda d: _note(d).update(merged_into="gone"),
        "merged_into 'gone': no such document in workshop_notes",
    ),
    "note merged into another workshop's note": (
        lambda d: _note(d).update(merged_into=_foreign_note(d, _note(d))),
        "merged_into {merged_into!r} names a document of workshop_notes whose workshop_id",
    ),
    "note grouped under a note that is gone": (
        lambda d: _note(d).update(group_id="gone"),
        "group_id 'gone': no such document in workshop_notes",
    ),
    "participant city unlike its workshop's": (
        lambda d: d[c.WORKSHOP_PARTICIPANTS][0].update(
            city_id=_other_city(d, d[c.WORKSHOP_PARTICIPANTS][0])
        ),
        "names a document of workshops whose city_id",
    ),
    "note city unlike its workshop's": (
        lambda d: _note(d).update(city_id=_other_city(d, _note(d))),
        "names a document of workshops whose city_id",
    ),
    "promotion of a note that is gone": (
        lambda d: next(w for w in d[c.WORKSHOPS] if w["promotions"])["promotions"][0][
            "note_ids"
        ].append("gone"),
        "promotions.note_ids 'gone': no such document in workshop_notes",
    ),
    "plan change citing a learning that is gone": (
        _with_pending_change,
        "pending_changes.learning_id 'gone': no such document in learnings",
    ),
    "version change citing a learning that is gone": (
        _version_change,
        "changes.learning_id 'gone': no such document in learnings",
    ),
    "experiment testing another city's assumption": (
        lambda d: _cross_city(d, c.EXPERIMENTS, "assumption_ids", c.ASSUMPTIONS),
        "names a document of assumptions whose city_id",
    ),
    "learning from another city's experiment": (
        lambda d: _cross_city(d, c.LEARNINGS, "experiment_ids", c.EXPERIMENTS),
        "names a document of experiments whose city_id",
    ),
    "version of another city's plan": (
        lambda d: d[c.PLAN_VERSIONS][0].update(
            plan_id=next(
                p["_id"] for p in d[c.PLANS] if p["city_id"] != d[c.PLAN_VERSIONS][0]["city_id"]
            )
        ),
        "names a document of plans whose city_id",
    ),
    "city of another network": (
        _city_in_another_network,
        "names a document of cities whose network_id is 'network-elsewhere'",
    ),
}


def test_the_demo_export_is_valid(exported):
    assert archive.validate(exported) == []


@pytest.mark.parametrize("case", CASES)
def test_a_dangling_or_foreign_reference_is_refused_with_its_reason(exported, case):
    change, reason = CASES[case]
    change(exported)
    reason = reason.format(
        note=exported[c.WORKSHOP_VOTES][0]["note_id"],
        merged_into=exported[c.WORKSHOP_NOTES][0].get("merged_into"),
    )
    problems = archive.validate(exported)
    assert any(reason in p for p in problems), problems


def test_a_refused_reference_writes_nothing(exported, db):
    CASES["note merged into a note that is gone"][0](exported)
    with pytest.raises(archive.ImportRefused) as refused:
        archive.import_text(db, archive.dumps(exported))
    assert any("merged_into 'gone'" in p for p in refused.value.problems)
    assert all(db.count(name) == 0 for name in db.collection_names())


def test_every_id_field_of_the_models_is_in_the_table_or_named_as_unchecked():
    """A field added to a model that names another document must be checked (or its reason for
    not being checked written next to the table)."""
    source = pathlib.Path(archive.__file__).read_text(encoding="utf-8")
    table = {ref.field.rsplit(".", 1)[-1] for refs in archive.REFERENCES.values() for ref in refs}
    unchecked = {"network_id", "entity_id", "action_ids", "item_ids", "item_id", "report_id"}
    unchecked |= {"source_item_id", "subject_id", "cycle_id", "submission_id"}
    models = pathlib.Path(archive.__file__).resolve().parents[2] / "models"
    fields = set()
    for path in models.glob("*.py"):
        fields |= set(re.findall(r"^\s+(\w+_ids?|merged_into)\s*:", path.read_text(), re.M))
    missing = sorted(fields - table - unchecked)
    assert not missing, f"id fields neither checked on import nor explained: {missing}"
    # the reasons are written down
    assert all(name in source for name in ("action_ids", "item_ids", "submission_id"))


def test_a_name_on_two_lines_is_refused_by_the_import(exported):
    exported[c.CITIES][0]["name"] = "Dakar\nPlateau"
    exported[c.USERS][0]["display_name"] = "\u202eevil"
    problems = archive.validate(exported)
    assert any("cities[0]" in p and "name" in p and "one line" in p for p in problems), problems
    assert any("users[0]" in p and "display_name" in p for p in problems), problems
