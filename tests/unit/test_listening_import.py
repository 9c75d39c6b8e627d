"""The import format covers every reporting collection: each document through its model, and
its references (a city, a cycle, a topic, a session, a blocker) checked, with the reason."""

from __future__ import annotations

import pickle

import pytest

from services.core import collections as c
from services.core import store
from services.transfer import archive
from tests.conftest import reading_the_demo


@pytest.fixture(scope="module")
def export_text(demo_snapshot) -> str:
    """The demo's export file, written once for the module (the tests only read it)."""
    with reading_the_demo(demo_snapshot):
        return archive.dumps(archive.snapshot(store.get()))


@pytest.fixture(scope="module")
def read_back(export_text: str) -> bytes:
    """The demo's export file read back, once for the module (pickled: copied per test)."""
    return pickle.dumps(archive.loads(export_text), protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture
def exported(read_back: bytes) -> dict[str, list[dict]]:
    """The demo's export file, read back (a fresh copy each test, to change)."""
    return pickle.loads(read_back)  # noqa: S301 (our own bytes, made in this process)


def test_the_demo_export_covers_every_reporting_collection_and_is_valid(exported):
    for coll in (
        c.CHECKINS,
        c.REPORTING_SETTINGS,
        c.REPORT_CYCLES,
        c.REPORTS,
        c.COORDINATION_SESSIONS,
        c.LEARNING_TOPICS,
        c.LEARNING_VOTES,
        c.LEARNING_RATINGS,
    ):
        assert coll in archive.MODELS and exported.get(coll), coll
    assert archive.validate(exported) == []


def _first(data, coll, **fields):
    return next(d for d in data[coll] if all(d.get(k) == v for k, v in fields.items()))


def _with_followup(data):
    return next(d for d in data[c.COORDINATION_SESSIONS] if d["followups"])


def _other_cycle(data, report):
    return next(x for x in data[c.REPORT_CYCLES] if x["city_id"] != report["city_id"])


CASES = [
    (
        lambda d: d[c.CHECKINS][0].update(city_id="atlantis"),
        "checkins[0] (_id {id}): city_id 'atlantis': no such document in cities",
        c.CHECKINS,
    ),
    (
        lambda d: d[c.CHECKINS][0].update(blockers=["weather"]),
        "checkins[0] (_id {id}): blocker 'weather' is not in its network's blocker list",
        c.CHECKINS,
    ),
    (lambda d: d[c.CHECKINS][0].update(mood=9), "checkins[0] (_id {id}): field mood", c.CHECKINS),
    (
        lambda d: d[c.REPORTING_SETTINGS][0].update(_id="elsewhere"),
        "reporting_settings[0] (_id 'elsewhere'): a network's reporting settings have its id",
        None,
    ),
    (
        lambda d: d[c.REPORTING_SETTINGS][0].update(report_grace_days=-1),
        "reporting_settings[0] (_id {id}): field report_grace_days",
        c.REPORTING_SETTINGS,
    ),
    (
        lambda d: d[c.REPORT_CYCLES][0].update(city_id="atlantis"),
        "report_cycles[0] (_id {id}): city_id 'atlantis': no such document in cities",
        c.REPORT_CYCLES,
    ),
    (
        lambda d: d[c.REPORTS][0].update(cycle_id="gone"),
        "reports[0] (_id {id}): cycle_id 'gone': no such document in report_cycles",
        c.REPORTS,
    ),
    (
        lambda d: d[c.REPORTS][0].update(cycle_id=_other_cycle(d, d[c.REPORTS][0])["_id"]),
        "of its city",
        None,
    ),
    (
        lambda d: _with_followup(d)["followups"][0].update(city_id="atlantis"),
        "followups.city_id 'atlantis': no such document in cities",
        None,
    ),
    (
        lambda d: d[c.COORDINATION_SESSIONS][0]["agenda"].append(
            {"id": "a-new", "text": "Gone city", "city_id": "atlantis"}
        ),
        "coordination_sessions[0] (_id {id}): agenda.city_id 'atlantis'",
        c.COORDINATION_SESSIONS,
    ),
    (
        lambda d: _first(d, c.LEARNING_TOPICS).update(city_id="atlantis"),
        "learning_topics[0] (_id {id}): city_id 'atlantis': no such document in cities",
        c.LEARNING_TOPICS,
    ),
    (
        lambda d: d[c.LEARNING_VOTES][0].update(topic_id="gone"),
        "learning_votes[0] (_id {id}): topic_id 'gone': no such document in learning_topics",
        c.LEARNING_VOTES,
    ),
    (
        lambda d: d[c.LEARNING_VOTES][0].update(user_id="nobody"),
        "learning_votes[0] (_id {id}): user_id 'nobody': no such document in users",
        c.LEARNING_VOTES,
    ),
    (
        lambda d: d[c.LEARNING_RATINGS][0].update(subject_id="gone"),
        "learning_ratings[0] (_id {id}): subject_id 'gone': no such document in",
        c.LEARNING_RATINGS,
    ),
    (
        lambda d: d[c.LEARNING_RATINGS][0].update(score=7),
        "learning_ratings[0] (_id {id}): field score",
        c.LEARNING_RATINGS,
    ),
]


@pytest.mark.parametrize(("change", "reason", "coll"), CASES)
def test_a_wrong_reporting_document_is_refused_with_its_reason(exported, change, reason, coll):
    change(exported)
    problems = archive.validate(exported)
    expected = reason.format(id=repr(exported[coll][0]["_id"])) if coll else reason
    assert any(expected in p for p in problems), problems


def test_an_import_refused_for_a_reference_writes_nothing(exported):
    """What validate finds stops the import itself (the cases above share that path)."""
    exported[c.CHECKINS][0]["city_id"] = "atlantis"
    empty = store.Store.memory()
    with pytest.raises(archive.ImportRefused):
        archive.import_text(empty, archive.dumps(exported))
    assert all(empty.count(name) == 0 for name in empty.collection_names())


def test_a_checkin_naming_a_retired_blocker_imports(exported):
    settings_doc = exported[c.REPORTING_SETTINGS][0]
    settings_doc["blocker_tags"][0]["retired"] = True
    assert archive.validate(exported) == []


def test_checkins_are_checked_against_the_defaults_when_the_file_has_no_settings(exported):
    exported[c.REPORTING_SETTINGS] = []
    assert archive.validate(exported) == []  # the demo names default blockers only
    exported[c.CHECKINS][0]["blockers"] = ["weather"]
    assert any("blocker 'weather'" in p for p in archive.validate(exported))
