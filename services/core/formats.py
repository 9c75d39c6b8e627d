"""Dates, numbers, money, country names and chart locales in the person's language (Babel/CLDR).

Every value a page shows goes through one of these, so that a French reader sees "20 juin 2026",
"3,5" and "12 500 €", and an English reader "June 20, 2026", "3.5" and "€12,500".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

import babel
import babel.dates
import babel.lists
import babel.numbers
from babel import Locale

DEFAULT_CURRENCY = "EUR"


@functools.cache
def _locale(lang: str) -> Locale:
    # Any language with a catalogue has its CLDR data in Babel; an unknown code reads as English.
    try:
        return Locale.parse(lang or "en")
    except (ValueError, babel.UnknownLocaleError):
        return Locale.parse("en")


def _day_first(lang: str) -> bool:
    """Whether the language writes the day before the month (CLDR's medium date pattern)."""
    pattern = _locale(lang).date_formats["medium"].pattern
    return pattern.find("d") < pattern.find("M")


def plural_form(count: int, lang: str) -> str:
    """The language's CLDR plural category for `count`: "one", "other" (French also "many")."""
    return _locale(lang).plural_form(abs(count))


def names(items: list[str], lang: str) -> str:
    """Items said as a list in the language ("A, B, and C" / "A, B et C")."""
    return babel.lists.format_list(list(items), locale=_locale(lang)) if items else ""


def date(value: dt.date | dt.datetime | None, lang: str, format: str = "long") -> str:
    """'20 juin 2026' / 'June 20, 2026'; an empty string for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).date() if value.tzinfo else value.date()
    return babel.dates.format_date(value, format=format, locale=_locale(lang))


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_CYCLE = re.compile(r"^cycle-(\d+)$")


def cycle(key: str, lang: str) -> str:
    """A reporting cycle as people say it: '2026-Q3' -> 'Q3 2026' / 'T3 2026' (trimestre),
    'cycle-2' -> 'Cycle 2' (a city's second experiment cycle); any other key as it is."""
    quarter = _QUARTER.match(key or "")
    if quarter:
        names = babel.dates.get_quarter_names("abbreviated", locale=_locale(lang))
        return f"{names[int(quarter.group(2))]} {quarter.group(1)}"
    numbered = _CYCLE.match(key or "")
    return f"Cycle {numbered.group(1)}" if numbered else key


def month(key: str, lang: str, format: str = "LLLL y") -> str:
    """A month key '2026-07' as people say it: 'July 2026' / 'juillet 2026' (format 'LLL y':
    'Jul 2026' / 'juil. 2026', for a chart's axis)."""
    year, number = key.split("-")
    day = dt.date(int(year), int(number), 1)
    return babel.dates.format_date(day, format=format, locale=_locale(lang))


def datetime(value: dt.datetime | None, lang: str) -> str:
    """'20 juin 2026, 14:05' / 'Jun 20, 2026, 2:05 PM' (UTC); empty for none."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return babel.dates.format_datetime(
        value, format="medium", locale=_locale(lang), tzinfo=dt.UTC
    ).replace(":00 ", " ", 1)


def number(value: float | int | None, lang: str, decimals: int = 2) -> str:
    """'3,5' / '3.5', '12 500' / '12,500'; at most `decimals` decimals; empty for none."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return babel.numbers.format_decimal(value, format=pattern, locale=_locale(lang))


def percent(share: float, lang: str) -> str:
    """0.25 -> '25 %' / '25%'."""
    return babel.numbers.format_percent(share, locale=_locale(lang))


def money(amount: float | None, currency: str | None, lang: str) -> str:
    """'12 500 €' / '€12,500.50' in the network's currency (ISO 4217); empty for none."""
    if amount is None:
        return ""
    code = currency or DEFAULT_CURRENCY
    decimals = 0 if float(amount).is_integer() else 2
    pattern = _locale(lang).currency_formats["standard"].pattern
    if decimals == 0:
        pattern = pattern.replace(".00", "")
    return babel.numbers.format_currency(
        amount, code, format=pattern, locale=_locale(lang), currency_digits=False
    )


def currencies(lang: str) -> dict[str, str]:
    """ISO 4217 code -> 'EUR — euro', for a currency picker, in the interface language."""
    names = _locale(lang).currencies
    return {
        code: f"{code} — {names.get(code, code)}"
        for code in sorted(babel.numbers.list_currencies())
    }


def is_currency(code: str) -> bool:
    return code in babel.numbers.list_currencies()


# --- countries ---------------------------------------------------------------------------------


@functools.cache
def _country_codes() -> frozenset[str]:
    # Two-letter territories named in both languages (CLDR also has regions such as "419").
    named = Locale("en").territories.keys() & Locale("fr").territories.keys()
    pseudo = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
    return frozenset(c for c in named if len(c) == 2 and c.isalpha() and c not in pseudo)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def _codes_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in ("en", "fr"):
        for code, name in _locale(lang).territories.items():
            if code in _country_codes():
                found.setdefault(_fold(name), code)
    return found


def country_code(text: str | None) -> str | None:
    """'SN', 'sn', 'Senegal' or 'Sénégal' -> 'SN'; None when it names no country we know."""
    if not text:
        return None
    cleaned = text.strip()
    if cleaned.upper() in _country_codes() and len(cleaned) == 2:
        return cleaned.upper()
    return _codes_by_name().get(_fold(cleaned))


def country(value: str | None, lang: str) -> str:
    """The country's name in the interface language; text that is no known country as is."""
    if not value:
        return ""
    code = country_code(value)
    return _locale(lang).territories.get(code, value) if code else value


def countries(lang: str) -> dict[str, str]:
    """ISO 3166 code -> name in the interface language, sorted by name, for a picker."""
    names = _locale(lang).territories
    return dict(sorted(((c, names[c]) for c in _country_codes()), key=lambda kv: _fold(kv[1])))


# --- charts ------------------------------------------------------------------------------------


@functools.cache
def chart_locale(lang: str) -> dict[str, Any]:
    """Vega-Lite's time and number locale (d3 format), for `chart.configure(locale=...)`."""
    loc = _locale(lang)
    months = [loc.months["format"]["wide"][i] for i in range(1, 13)]
    short_months = [loc.months["format"]["abbreviated"][i] for i in range(1, 13)]
    # CLDR numbers days from Monday (0); d3 wants Sunday first.
    days = [loc.days["format"]["wide"][(i + 6) % 7] for i in range(7)]
    short_days = [loc.days["format"]["abbreviated"][(i + 6) % 7] for i in range(7)]
    symbols = loc.number_symbols["latn"]
    money = loc.currency_formats["standard"].pattern.split(";")[0]
    before, after = money[: money.index("#")], money[money.rindex("0") + 1 :]
    day_first = _day_first(lang)
    return {
        "number": {
            "decimal": symbols["decimal"],
            # d3 draws a narrow no-break space badly in some fonts: a no-break space instead
            "thousands": symbols["group"].replace("\u202f", "\u00a0"),
            "grouping": [3],
            "currency": [before.replace("¤", "€"), after.replace("¤", "€")],
        },
        "time": {
            "dateTime": "%A %e %B %Y, %X" if day_first else "%x, %X",
            "date": "%d/%m/%Y" if day_first else "%-m/%-d/%Y",
            "time": "%H:%M:%S" if "H" in loc.time_formats["short"].pattern else "%-I:%M:%S %p",
            "periods": ["AM", "PM"],
            "days": days,
            "shortDays": short_days,
            "months": months,
            "shortMonths": short_months,
        },
    }


def chart_date_format(lang: str) -> str:
    """Axis labels with the year, the day before the month in French ('3 janv. 2026')."""
    return "%e %b %Y" if _day_first(lang) else "%b %e, %Y"


def date_input_format(lang: str) -> str:
    """The `format` of st.date_input: day first where the language writes it so; otherwise the
    ISO order, which a British and an American reader both read right."""
    return "DD/MM/YYYY" if _day_first(lang) else "YYYY-MM-DD"
