"""CSV exports of the listening data: labelled columns and dates in the reader's language,
blocker labels (a retired one's too), only what the reader may read, formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from models.reporting import CheckinCreate
from services.core import collections, i18n, store
from services.core.errors import PermissionDenied
from services.network import networks
from services.reporting import checkins, compliance, coordination, learning, settings
from services.transfer import listening_csv

DAY = dt.date(2026, 3, 5)
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def _checkin(world, **fields):
    store.get().delete_many(collections.CHECKINS, {})
    data = {"date": DAY, "mood": 2, "blockers": ["legal", "funding"], **fields}
    return checkins.create_checkin(world["lag_member"], world.city, CheckinCreate(**data))


@pytest.mark.parametrize(
    ("lang", "header", "date", "blockers"),
    [
        ("en", "Date", "March 5, 2026", "Legal or regulatory, Funding"),
        ("fr", "Date", "5 mars 2026", "Juridique ou réglementaire, Financement"),
    ],
)
def test_checkins_are_labelled_and_dated_in_the_readers_language(
    world, lang, header, date, blockers
):
    _checkin(world, happened="Pop-up desk", help_needed="A coach")
    text = listening_csv.checkins_csv(world["city_lead"], lang, world.city)
    columns = _header(text)
    assert columns[0] == header and len(set(columns)) == len(columns)
    assert "blockers" not in columns and "help_needed" not in columns  # labels, not fields
    (row,) = _rows(text)
    assert row[columns[0]] == date
    assert row[columns[4]] == blockers  # labels, not keys
    assert row[columns[1]] == networks.get_city(world["admin"], world.city).name
    assert row[columns[6]] == "A coach"


def test_a_retired_blocker_keeps_its_label_in_the_export(world):
    _checkin(world)
    read = settings.get_settings("demo-network")
    kept = [t.model_dump() for t in read.blocker_tags if t.key != "legal"]
    settings.update_settings(world["coordinator"], read, {"blocker_tags": kept})
    (row,) = _rows(listening_csv.checkins_csv(world["coordinator"], "en"))
    assert row["Blockers"] == "Legal or regulatory, Funding"


def test_formula_looking_text_comes_out_neutralised(world):
    _checkin(world, happened=FORMULA, blocker_note="+cmd|' /C calc'!A0", help_needed="-2+3")
    (row,) = _rows(listening_csv.checkins_csv(world["lag_member"], "en", world.city))
    assert row["What happened"] == "'" + FORMULA
    assert row["Other blocker"].startswith("'+cmd")
    assert row["Help needed"] == "'-2+3"
    learning.propose_topic(world["city_lead"], world.city, {"title": "@SUM(A1:A9)"})
    titles = [r["Title"] for r in _rows(listening_csv.backlog_csv(world["viewer"], "en"))]
    assert "'@SUM(A1:A9)" in titles


def test_checkins_hold_only_the_readers_cities(world):
    store.get().delete_many(collections.CHECKINS, {})
    for city_id in (world.city, world.other_city):
        checkins.create_checkin(
            world["admin"].model_copy(update={"role": "city_lead", "city_ids": [city_id]}),
            city_id,
            CheckinCreate(date=DAY, mood=3),
        )
    names = {c.id: c.name for c in networks.list_cities(world["admin"])}
    everyone = {r["City"] for r in _rows(listening_csv.checkins_csv(world["coordinator"], "en"))}
    assert everyone == {names[world.city], names[world.other_city]}
    own = {r["City"] for r in _rows(listening_csv.checkins_csv(world["lag_member"], "en"))}
    assert own == {names[world.city]}
    with pytest.raises(PermissionDenied):
        listening_csv.checkins_csv(world["lag_member"], "en", world.other_city)
    with pytest.raises(PermissionDenied):  # the funder reads reports, not check-ins
        listening_csv.checkins_csv(world["viewer"], "en")


def test_compliance_per_cycle_and_city_for_what_the_reader_may_read(world):
    rows = _rows(listening_csv.compliance_csv(world["viewer"], "fr"))
    assert set(rows[0]) == {"Cycle", "Ville", "Début", "Fin", "Échéance", "État", "Soumis le"}
    french = {i18n.t(f"compliance.state.{state}", "fr") for state in compliance.STATES}
    assert {r["État"] for r in rows} <= french  # words in French, not "missing"
    assert any(" 20" in r["Fin"] for r in rows)  # "30 juin 2025", not 2025-06-30
    cities = {r["Ville"] for r in rows}
    assert len(cities) == 12
    own = {r["Ville"] for r in _rows(listening_csv.compliance_csv(world["lag_member"], "fr"))}
    assert own == {networks.get_city(world["admin"], world.city).name}


def test_followups_all_for_the_team_own_city_for_its_members(world):
    session = coordination.get_session(world["coordinator"], "demo-session-2")
    coordination.add_followup(
        world["coordinator"],
        session,
        {"text": "Send the budget", "owner": "Nadia", "due": DAY, "city_id": world.other_city},
    )
    team = _rows(listening_csv.followups_csv(world["viewer"], "en"))
    assert "Send the budget" in {r["Follow-up"] for r in team}
    sent = next(r for r in team if r["Follow-up"] == "Send the budget")
    assert (sent["Due"], sent["Status"], sent["Owner"]) == ("March 5, 2026", "open", "Nadia")
    assert sent["Session date"]
    own = _rows(listening_csv.followups_csv(world["lag_member"], "en"))
    mine = networks.get_city(world["admin"], world.city).name
    assert own and {r["City"] for r in own} == {mine}


def test_backlog_with_votes_and_ratings(world):
    topics = learning.list_topics(world["admin"])
    held = topics[0]
    learning.set_topic_status(world["coordinator"], held, "held")
    learning.rate(
        world["lag_member"], world.city, {"subject": "topic", "subject_id": held.id, "score": 4}
    )
    rows = _rows(listening_csv.backlog_csv(world["lag_member"], "fr"))
    assert len(rows) == len(topics)
    assert [int(r["Votes"]) for r in rows] == sorted((int(r["Votes"]) for r in rows), reverse=True)
    first = next(r for r in rows if r["Titre"] == held.title)
    assert (first["Statut"], first["Évaluations"], first["Utilité moyenne (1-5)"]) == (
        "tenu",
        "1",
        "4",
    )
