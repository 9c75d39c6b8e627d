"""Translation: `t(key, lang, **values)` over the English and French catalogues.

Catalogues are the modules of services/locales/: each has `MESSAGES = {key: (english, french)}`,
one module per area so that each capability keeps its own strings. A test checks that every
key has both languages with the same placeholders, and that every key the code uses exists.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from services.core import locales

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
    """The message `key` in `lang`, with `{placeholders}` filled; the key itself if unknown."""
    pair = catalogue().get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "fr" else pair[0]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue()


def normalise(lang: str | None) -> str:
    """'fr-FR', 'fr' -> 'fr'; anything else -> 'en'."""
    return "fr" if (lang or "").lower().startswith("fr") else "en"
