"""Translation: `t(key, lang, **values)` over the English and French catalogues.

Catalogues are the modules of services/locales/: each has `MESSAGES = {key: (english, french)}`,
one module per area so that each capability keeps its own strings. A test checks that every
key has both languages with the same placeholders, and that every key the code uses exists.

Numbers and counts: a number is written as the language writes it (1,234 / 1 234, 3.8 / 3,8), and
a word that follows a number names its plural forms in the placeholder's format spec:
`"{cities} {cities:one=city|other=cities}"`, `"{cities} {cities:one=ville|other=villes}"`. `t`
picks the form by the language's rules (CLDR, through Babel: French counts 0 and 1 as "one",
and its "many", for millions, falls back to "other").
"""

from __future__ import annotations

import functools
import importlib
import numbers
import pkgutil
import re
import string

from services.core import formats, locales

LANGUAGES = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


@functools.cache
def catalogue() -> dict[str, tuple[str, str]]:
    """Every message of every locale module, merged (a key defined twice is an error)."""
    merged: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(locales.__path__):
        module = importlib.import_module(f"{locales.__name__}.{info.name}")
        for key, pair in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice ({info.name})")
            merged[key] = pair
    return merged


def t(key: str, lang: str = "en", **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled (whole numbers written as
    `lang` writes them, each counted word in its plural form); the key itself if unknown."""
    pair = catalogue().get(key)
    if pair is None:
        return key
    lang = "fr" if lang == "fr" else "en"
    text = pair[1] if lang == "fr" else pair[0]
    return _Words(lang).format(text, **values) if values else text


def _whole(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _fraction(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not _whole(value)


_FIXED = re.compile(r"\.\d+f")


class _Words(string.Formatter):
    """Fills a message in one language: numbers as the language writes them, and a spec
    `one=...|other=...` (any CLDR category) replaced by the form the number calls for."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if "=" in format_spec:
            forms = plural_forms(format_spec)
            form = formats.plural_form(int(value), self.lang) if _whole(value) else "other"
            return forms.get(form, forms["other"])
        if _whole(value) and not format_spec:
            return formats.number(int(value), self.lang, decimals=0)
        if _fraction(value) and (not format_spec or _FIXED.fullmatch(format_spec)):
            # 3.8 is "3,8" in a French sentence; `{mood:.1f}` keeps its one decimal at most
            decimals = int(format_spec[1:-1]) if format_spec else 2
            return formats.number(value, self.lang, decimals=decimals)
        return super().format_field(value, format_spec)


def plural_forms(format_spec: str) -> dict[str, str]:
    """`one=city|other=cities` -> {"one": "city", "other": "cities"}."""
    return dict(part.split("=", 1) for part in format_spec.split("|"))


def has(key: str) -> bool:
    return key in catalogue()


def activity_label(action: str, lang: str = "en") -> str:
    """What a line of the activity log says was done ("saved a section"), from the action name
    services write (`save_section`): the name itself is never shown (catalogue: locales/activity).
    """
    key = f"activity.{action}"
    return t(key if has(key) else "activity.other", lang)


def normalise(lang: str | None) -> str:
    """'fr-FR', 'fr' -> 'fr'; anything else -> 'en'."""
    return "fr" if (lang or "").lower().startswith("fr") else "en"
