"""Translation: `t(key, lang, **values)` over the English and French catalogues.

Catalogues are the modules of services/locales/: each has `MESSAGES = {key: (english, french)}`,
one module per area so that each capability keeps its own strings. A test checks that every
key has both languages with the same placeholders, and that every key the code uses exists.

Counts: a message about `{count}` things gives, in each language, one text per plural form of
that language ({"one": "{count} city", "other": "{count} cities"}; French counts 0 and 1 as
"one", and has "many" for millions, which falls back to "other"). `t` picks the form for the
`count` it is given, by the language's rules (CLDR, through Babel), and writes the number as the
language does (1,234 / 1 234).
"""

from __future__ import annotations

import functools
import importlib
import numbers
import pkgutil
from collections.abc import Mapping

from babel import Locale

from services.core import formats, locales

# A message in one language: a text, or its plural forms by CLDR category ("one", "other", ...).
Message = str | Mapping[str, str]

LANGUAGES = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


@functools.cache
def catalogue() -> dict[str, tuple[Message, Message]]:
    """Every message of every locale module, merged (a key defined twice is an error)."""
    merged: dict[str, tuple[Message, Message]] = {}
    for info in pkgutil.iter_modules(locales.__path__):
        module = importlib.import_module(f"{locales.__name__}.{info.name}")
        for key, pair in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice ({info.name})")
            merged[key] = pair
    return merged


def t(key: str, lang: str = "en", **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled; the key itself if unknown.
    A whole-number `count` picks the message's plural form and is written as `lang` writes
    numbers."""
    pair = catalogue().get(key)
    if pair is None:
        return key
    lang = "fr" if lang == "fr" else "en"
    text = pair[1] if lang == "fr" else pair[0]
    count = values.get("count")
    if isinstance(count, numbers.Integral) and not isinstance(count, bool):
        values["count"] = formats.number(int(count), lang, decimals=0)
        if not isinstance(text, str):
            text = text.get(_plural_form(lang, int(count)), text["other"])
    elif not isinstance(text, str):
        text = text["other"]
    return text.format(**values) if values else text


def _plural_form(lang: str, count: int) -> str:
    return _locale(lang).plural_form(count)


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale(lang)


def texts(message: Message) -> list[str]:
    """Every text of a message in one language (its plural forms, or the text itself)."""
    return [message] if isinstance(message, str) else list(message.values())


def has(key: str) -> bool:
    return key in catalogue()


def normalise(lang: str | None) -> str:
    """'fr-FR', 'fr' -> 'fr'; anything else -> 'en'."""
    return "fr" if (lang or "").lower().startswith("fr") else "en"
