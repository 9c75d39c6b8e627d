"""The funder summary of one cycle as PDF and Word, read back: every city named, the compliance
numbers as recounted from the raw report documents, each report as submitted (the data changed
afterwards: the file does not), French in French, typed text written as it was typed.
Integration tier: the files are made by vl-convert, fpdf2 and python-docx."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base import today
from models.reporting import Report
from services.core import collections, formats, i18n, store
from services.dashboard import cycle_summary
from services.network import networks
from services.plans import plans, versions
from services.reporting import compliance, reports
from tests.integration.test_dashboard_files import docx_text, pdf_text

TYPED = '=HYPERLINK("http://evil.example","x") **not bold** <b>no tag</b> # no heading [a](b)'


def read(data: bytes, fmt: str) -> tuple[str, int]:
    return (pdf_text if fmt == "pdf" else docx_text)(data)


def chosen_cycle(world) -> str:
    coordinator = world["coordinator"]
    network = networks.get_network(coordinator.network_id)
    frame = compliance.compliance_frame(network, networks.list_cities(coordinator), today())
    return cycle_summary.default_key(frame, today())


def recounted(world, key: str) -> tuple[int, dict[str, int]]:
    """How many cities have the cycle, and their states, from the report documents as stored
    (and each city's calendar for the cities with no report)."""
    on = today()
    docs = {d["city_id"]: d for d in store.get().find(collections.REPORTS, {"cycle_key": key})}
    counts = dict.fromkeys(compliance.STATES, 0)
    cities = 0
    for city in networks.list_cities(world["coordinator"]):
        cycle = next(
            (c for c in reports.city_cycles(world["admin"], city.id, on) if c.key == key), None
        )
        if cycle is None:
            continue
        cities += 1
        doc = docs.get(city.id)
        if doc is None or doc["status"] == "draft":
            due = doc["due"].date() if doc else cycle.due
            counts["missing" if on > due else "open"] += 1
        elif doc["status"] in ("accepted", "returned"):
            counts[doc["status"]] += 1
        else:
            counts["late" if doc["submitted_at"].date() > doc["due"].date() else "submitted"] += 1
    return cities, counts


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_summary_names_every_city_and_the_recounted_compliance(world, fmt):
    key = chosen_cycle(world)
    cities, counts = recounted(world, key)
    assert counts["missing"] and sum(counts.values()) == cities  # the demo has gaps
    data = cycle_summary.document(world["coordinator"], key, "en", fmt)
    text, images = read(data, fmt)
    said = formats.cycle(key, "en")
    caption = i18n.t("summary.compliance.caption", "en", cities=cities, cycle=said, **counts)
    assert caption in text
    for city in networks.list_cities(world["coordinator"]):
        assert city.name in text, city.name
    assert images == 1 + len(cycle_summary.FIGURES)  # compliance, mood, blockers, help
    assert "funder summary, " + said in text
    assert i18n.t("summary.network", "en") in text


def test_the_summary_is_the_submitted_report_whatever_changed_since(world):
    doc = next(
        d
        for d in store.get().find(collections.REPORTS, {"status": {"$ne": "draft"}})
        if d["snapshot"]["experiments_concluded"]
    )
    key, report = doc["cycle_key"], Report.from_doc(doc)
    concluded = doc["snapshot"]["experiments_concluded"][0]
    before, _ = docx_text(cycle_summary.document(world["coordinator"], key, "en", "docx"))
    assert concluded["title"] in before

    # After submission, the plan changes and a version is frozen (both dated in the period),
    # and the concluded experiment is renamed and stopped.
    lead = world["admin"]
    plan = plans.get_plan(lead, report.city_id)
    plan = plans.save_section(
        lead, plan, "context", {"kind": "context", "narrative": "Rewritten after submission"}
    )
    version = versions.freeze_version(lead, plan, "Frozen after submission")
    in_period = dt.datetime.combine(report.start, dt.time(12), dt.UTC)
    store.get().update_one(
        collections.PLAN_VERSIONS, {"_id": version.id}, {"$set": {"created_at": in_period}}
    )
    store.get().update_many(
        collections.ACTIVITY, {"entity_id": plan.id}, {"$set": {"at": in_period}}
    )
    store.get().update_one(
        collections.EXPERIMENTS,
        {"_id": concluded["id"]},
        {"$set": {"title": "Renamed after submission", "status": "stopped"}},
    )
    fresh = reports.draft_content(report)
    for part in ("plan_changes", "versions", "experiments_concluded"):
        assert fresh[part] != doc["snapshot"][part], part

    after, _ = docx_text(cycle_summary.document(world["coordinator"], key, "en", "docx"))
    assert after == before
    assert "Renamed after submission" not in after


def test_french_labels_are_french(world):
    key = chosen_cycle(world)
    text, _ = docx_text(cycle_summary.document(world["viewer"], key, "fr", "docx"))
    for french in (
        "synthèse pour les financeurs",
        "Rapports du cycle",
        "Dans l'ensemble du réseau",
        "Moral dans le temps",
        "Calendrier",
        "Faits marquants",
        "Demandes au réseau",
        "manquant",
        "Aucun rapport soumis pour ce cycle",
    ):
        assert french in text, french
    for english in ("funder summary", "Highlights", "Schedule", "missing", "Across the network"):
        assert english not in text, english
    assert any(month in text for month in ("janvier", "avril", "juillet", "octobre")), text[:300]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_typed_text_is_written_as_typed(world, fmt):
    doc = store.get().find_one(collections.REPORTS, {"status": "submitted"})
    store.get().update_one(
        collections.REPORTS,
        {"_id": doc["_id"]},
        {"$set": {"narrative.highlights": TYPED, "narrative.asks": "# Ask\n- one\n- two"}},
    )
    data = cycle_summary.document(world["coordinator"], doc["cycle_key"], "en", fmt)
    text, _ = read(data, fmt)
    assert TYPED in text
    assert "# Ask - one - two" in text  # lines as typed (read back with spaces for breaks)
