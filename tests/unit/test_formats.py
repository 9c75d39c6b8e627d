"""Dates, numbers, money, countries and chart locales in the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest

from services.core import formats


def test_dates_read_naturally_in_each_language():
    day = dt.date(2026, 6, 20)
    assert formats.date(day, "fr") == "20 juin 2026"
    assert formats.date(day, "en") == "June 20, 2026"
    moment = dt.datetime(2026, 6, 20, 23, 30, tzinfo=dt.UTC)
    assert formats.date(moment, "fr") == "20 juin 2026"
    assert "2026-06-20" not in formats.datetime(moment, "fr")
    assert formats.datetime(moment, "fr").startswith("20 juin 2026")
    assert formats.date(None, "en") == ""


def test_numbers_use_the_language_separators():
    assert formats.number(3.5, "fr") == "3,5"
    assert formats.number(3.5, "en") == "3.5"
    assert formats.number(12500, "fr") == "12\u202f500"
    assert formats.number(12500, "en") == "12,500"
    assert formats.number(1 / 3, "en") == "0.33"


def test_money_in_the_network_currency():
    assert formats.money(12500, "EUR", "fr") == "12\u202f500\u00a0€"
    assert formats.money(12500.5, "EUR", "en") == "€12,500.50"
    assert "F\u202fCFA" in formats.money(1000, "XOF", "fr") or "CFA" in formats.money(
        1000, "XOF", "fr"
    )
    assert formats.money(None, "EUR", "en") == ""
    assert formats.is_currency("XOF") and not formats.is_currency("XYZ")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SN", "SN"),
        ("sn", "SN"),
        ("Senegal", "SN"),
        ("Sénégal", "SN"),
        ("senegal", "SN"),
        ("Belgique", "BE"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_country_codes_from_codes_and_names(text, code):
    assert formats.country_code(text) == code


def test_country_names_in_the_interface_language():
    assert formats.country("SN", "fr") == "Sénégal"
    assert formats.country("SN", "en") == "Senegal"
    assert formats.country("Belgique", "en") == "Belgium"
    assert formats.country("Atlantis", "fr") == "Atlantis"
    names = formats.countries("fr")
    assert names["DE"] == "Allemagne" and len(names) > 200
    assert list(names.values()) == sorted(names.values(), key=lambda n: formats._fold(n))


def test_chart_locale_has_french_months_and_decimal_comma():
    locale = formats.chart_locale("fr")
    assert locale["time"]["months"][0] == "janvier"
    assert locale["time"]["shortMonths"][0] == "janv."
    assert locale["time"]["days"][0] == "dimanche"
    assert locale["number"]["decimal"] == ","
    assert formats.chart_locale("en")["time"]["days"][0] == "Sunday"
    assert "%Y" in formats.chart_date_format("fr")


# --- charts in the reader's language -----------------------------------------------------------


def _axes(spec: dict) -> list[dict]:
    """Every axis of a (possibly layered) Vega-Lite spec, with its field."""
    found = []
    for layer in [spec, *spec.get("layer", [])]:
        for channel in ("x", "y"):
            encoding = layer.get("encoding", {}).get(channel)
            if encoding and "field" in encoding:
                found.append({"field": encoding["field"], **(encoding.get("axis") or {})})
    return found


def test_charts_with_time_or_number_axes_carry_the_readers_locale():
    """French charts: French month names and decimal commas (the locale), and a date axis with
    the year, the day before the month."""
    import datetime as dt

    import pandas as pd

    from models.experiment import Criterion, Experiment, ResultEntry
    from services.core import charts
    from services.experiments import charts as experiment_charts
    from services.experiments import experiments

    stamp = dt.datetime(2026, 6, 20, tzinfo=dt.UTC)
    experiment = Experiment(
        network_id="n",
        city_id="c",
        title="Capteurs",
        start=dt.date(2026, 6, 1),
        end=dt.date(2026, 7, 1),
        unit="classes",
        criterion=Criterion(kind="numeric", comparison=">=", target=8),
        results=[
            ResultEntry(date=dt.date(2026, 6, 20), value=7.5, recorded_by="u", recorded_at=stamp)
        ],
    )
    titles = {"date": "Date", "value": "Valeur", "target": "Cible"}
    frame = experiments.results_frame(experiment)
    spec = experiment_charts.results_chart(experiment, frame, titles, "Résultats", "fr").to_dict()
    assert spec["config"]["locale"]["time"]["months"][5] == "juin"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    date_axis = next(a for a in _axes(spec) if a["field"] == "date")
    assert date_axis["format"] == formats.chart_date_format("fr") == "%e %b %Y"

    cities = pd.DataFrame({"stage": ["Mobilisation des parties prenantes"]})
    labels = ["Définition du problème", "Mobilisation des parties prenantes"]
    bars = charts.stage_distribution_chart(cities, labels, "Étape", "Villes", "Étapes", "fr")
    bars_spec = bars.to_dict()
    assert bars_spec["config"]["locale"]["number"]["decimal"] == ","
    stage_axis = next(a for a in _axes(bars_spec) if a["field"] == "stage")
    assert stage_axis["labelLimit"] >= 400  # "Mobilisation des parties prenantes" whole


def test_a_reporting_cycle_is_said_as_people_say_it():
    assert formats.cycle("2026-Q3", "en") == "Q3 2026"
    assert formats.cycle("2026-Q3", "fr") == "T3 2026"  # trimestre
    assert formats.cycle("cycle-2", "fr") == "Cycle 2"
    assert formats.cycle("pilot-a", "en") == "pilot-a"  # a key of another shape stays as it is


def test_a_month_is_said_as_people_say_it():
    assert formats.month("2026-07", "en") == "July 2026"
    assert formats.month("2026-07", "fr") == "juillet 2026"
    assert formats.month("2026-02", "fr", "LLL y") == "févr. 2026"
