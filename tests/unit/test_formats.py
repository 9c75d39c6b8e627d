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
