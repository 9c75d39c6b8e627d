"""Translation: `t(key, lang, **values)` over the gettext catalogues of locales/.

One catalogue per language, `locales/<lang>/LC_MESSAGES/messages.po`, English included; the
message id is a stable key (`nav.home`), the message string the text. The languages offered are
the catalogues present: adding one is adding its `.po` file (README, "Languages").

At start each `.po` is compiled into a `.mo` in a cache folder when the `.mo` is missing or was
not compiled from the `.po` as it is now (Babel's compiler, as `pybabel compile` does), and the
`.mo` is what is read: the README's two commands need no build step, a translator's edit shows
on the next start, and a process reads the 1,700 messages in a few milliseconds instead of
parsing the `.po` (0.1 s a language).

Counted words: a message with a number that a word agrees with is a plural message. Its
`msgid_plural` names the counted placeholder (`"{count}"`) and each `msgstr[i]` is the text for
the catalogue's plural form i (`Plural-Forms` header: English `n != 1`, French `n > 1`, ...),
picked by gettext's rule for the count's value. One counted number per message: a sentence with
two (3 of 5 cities ...) says the others without agreement ("cities: 3 of 5").

Numbers in a sentence are written as the language writes them (1,234 / 1 234, 3.8 / 3,8).
A message a catalogue lacks, or leaves untranslated, is said in English; an unknown key is
shown as itself (and a test fails on it).
"""

from __future__ import annotations

import dataclasses
import functools
import gettext
import hashlib
import numbers
import os
import pathlib
import re
import string
import tempfile
from collections.abc import Callable

import babel
from babel.messages import mofile, pofile

from services.core import config, formats

ROOT = pathlib.Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"
SOURCE = "en"  # the language of the code's fallback: every key has an English text
# Where compiled catalogues go (a folder per source folder, so a test's catalogues never mix).
CACHE_ENV = "ATELIER_LOCALE_CACHE"
LOCALES_ENV = "ATELIER_LOCALES"


@dataclasses.dataclass(frozen=True)
class Catalogue:
    """One language's messages: a key -> its text, or (counted placeholder, plural forms)."""

    lang: str
    messages: dict[str, str | tuple[str, tuple[str, ...]]]
    plural: Callable[[int], int]
    plural_forms: str

    def text(self, key: str, values: dict[str, object]) -> str | None:
        """The message in this language for these values; None when it has none."""
        entry = self.messages.get(key)
        if entry is None or isinstance(entry, str):
            return entry
        counted, forms = entry
        count = values.get(counted)
        index = self.plural(abs(int(count))) if _whole(count) else len(forms) - 1
        return forms[min(index, len(forms) - 1)]


def locales_dir() -> pathlib.Path:
    """The folder of the catalogues (ATELIER_LOCALES overrides it, for tests)."""
    return pathlib.Path(os.environ.get(LOCALES_ENV) or ROOT)


def languages() -> tuple[str, ...]:
    """The languages offered: one per catalogue present, English first."""
    return _languages(locales_dir())


@functools.cache
def _languages(root: pathlib.Path) -> tuple[str, ...]:
    found = {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return (SOURCE, *sorted(found - {SOURCE}))


def language_name(lang: str) -> str:
    """A language as its speakers name it ("English", "Français", "Português")."""
    try:
        name = babel.Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, babel.UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:]


def catalogue(lang: str) -> Catalogue:
    """The compiled catalogue of `lang` (read once per process)."""
    return _catalogue(locales_dir(), lang)


@functools.cache
def _catalogue(root: pathlib.Path, lang: str) -> Catalogue:
    source = root / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with _compiled(source, lang).open("rb") as handle:
        compiled = mofile.read_mo(handle)
    messages: dict[str, str | tuple[str, tuple[str, ...]]] = {}
    for message in compiled:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = tuple(message.string)
            if all(forms):
                messages[message.id[0]] = (message.id[1].strip("{}"), forms)
        elif message.string:
            messages[message.id] = message.string
    return Catalogue(
        lang, messages, gettext.c2py(compiled.plural_expr), compiled.plural_forms.strip()
    )


def _compiled(source: pathlib.Path, lang: str) -> pathlib.Path:
    """The `.mo` of `source`, compiled into the cache when missing or not of this `.po`."""
    tag = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    target = config.cache_folder(CACHE_ENV, "locales") / tag / f"{lang}.mo"
    # The .mo carries its .po's modification time: any other time (an edit, a checkout, a copy
    # of an older file) compiles again.
    if target.exists() and target.stat().st_mtime == source.stat().st_mtime:
        return target
    with source.open("rb") as handle:
        catalog = pofile.read_po(handle, locale=None, domain=DOMAIN)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then renamed: several processes may start at once.
    fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo")
    with os.fdopen(fd, "wb") as out:
        mofile.write_mo(out, catalog, use_fuzzy=False)
    os.utime(temporary, (source.stat().st_mtime,) * 2)
    os.replace(temporary, target)
    return target


def t(key: str, lang: str = "en", **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled (whole numbers written as
    `lang` writes them, the plural form the count calls for); English when `lang` has no
    text for it; the key itself if unknown."""
    lang = normalise(lang)
    text = catalogue(lang).text(key, values)
    if text is None and lang != SOURCE:
        lang = SOURCE
        text = catalogue(SOURCE).text(key, values)
    if text is None:
        return key
    return _Words(lang).format(text, **values) if values else text


def _whole(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _fraction(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not _whole(value)


_FIXED = re.compile(r"\.\d+f")


class _Words(string.Formatter):
    """Fills a message in one language: numbers as the language writes them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if _whole(value) and not format_spec:
            return formats.number(int(value), self.lang, decimals=0)
        if _fraction(value) and (not format_spec or _FIXED.fullmatch(format_spec)):
            # 3.8 is "3,8" in a French sentence; `{mood:.1f}` keeps its one decimal at most
            decimals = int(format_spec[1:-1]) if format_spec else 2
            return formats.number(value, self.lang, decimals=decimals)
        return super().format_field(value, format_spec)


def has(key: str) -> bool:
    return key in catalogue(SOURCE).messages


def message_keys() -> list[str]:
    """Every message key (the English catalogue's, in its order)."""
    return list(catalogue(SOURCE).messages)


def label_texts(key: str) -> dict[str, str]:
    """The message `key` in every language that has it, for a label stored in a document (a
    network's default stages, methods, blockers): `{"en": ..., "fr": ..., "pt": ...}`."""
    texts = {}
    for lang in languages():
        text = catalogue(lang).messages.get(key)
        if isinstance(text, str):
            texts[lang] = text
    return texts


def other_languages() -> tuple[str, ...]:
    """The languages offered besides English and French (whose labels every document has)."""
    return tuple(lang for lang in languages() if lang not in ("en", "fr"))


def label_columns() -> list[str]:
    """The columns of a settings table that edits a stored label: one per language."""
    return [f"label_{lang}" for lang in ("en", "fr", *other_languages())]


def label_cells(label: object) -> dict[str, str]:
    """A stored label (`{"en": ..., "fr": ..., "pt": ...}` or a model of it) as table cells."""
    texts = label if isinstance(label, dict) else label.model_dump()  # type: ignore[attr-defined]
    return {column: texts.get(column.removeprefix("label_")) or "" for column in label_columns()}


def label_from_cells(cells: object) -> dict[str, str]:
    """Table cells back into a stored label: English and French always, another language when
    its cell is filled (so that editing the table never drops a translation)."""
    get = cells.get  # type: ignore[attr-defined]
    label = {"en": _cell(get("label_en")), "fr": _cell(get("label_fr"))}
    for lang in other_languages():
        text = _cell(get(f"label_{lang}"))
        if text:
            label[lang] = text
    return label


def _cell(value: object) -> str:
    if value is None or value != value:  # NaN from an emptied table cell
        return ""
    return str(value).strip()


def activity_label(action: str, lang: str = "en") -> str:
    """What a line of the activity log says was done ("saved a section"), from the action name
    services write (`save_section`): the name itself is never shown (key `activity.<action>`).
    """
    key = f"activity.{action}"
    return t(key if has(key) else "activity.other", lang)


def normalise(lang: str | None) -> str:
    """'fr-FR', 'fr' -> 'fr', 'pt_MZ' -> 'pt' when there is a Portuguese catalogue; a language
    without a catalogue -> 'en'."""
    code = (lang or "").replace("-", "_")
    offered = languages()
    if code in offered:
        return code
    base = code.split("_")[0].lower()
    return base if base in offered else SOURCE
