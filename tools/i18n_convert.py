"""Turn `(english, french)` tuple modules into gettext catalogues: re-runnable.

    python -m tools.i18n_convert            # convert, then delete the converted modules
    python -m tools.i18n_convert --keep     # convert, keep the modules

Reads every `*.py` module left under services/core/locales/ (each has `MESSAGES = {key: (en,
fr)}`, the format used before the catalogues) and writes its messages into
locales/<lang>/LC_MESSAGES/messages.po: a key the catalogue lacks is appended (English and French
from the tuple, every other language present as an untranslated entry for its translator); a key
the catalogue already has keeps the catalogue's text (the catalogue is the source of truth; a
tuple whose text differs is listed so the change can be carried over by hand).

A counted word written `{n:one=city|other=cities}` becomes a plural message: `msgid_plural`
names the counted placeholder (`"{n}"`) and each `msgstr[i]` is the text with the word the
language's plural rule picks for that form. One counted number per message: a tuple that counts
two numbers (or counts different ones in English and French) is refused with its key; rephrase
it so that one number is counted ("3 of 5 cities: ..." -> "Cities ...: 3 of 5") and re-run.
"""

from __future__ import annotations

import argparse
import gettext
import importlib.util
import pathlib
import re
import string
import sys

import babel
from babel.messages import catalog as po_catalog
from babel.messages import pofile

ROOT = pathlib.Path(__file__).resolve().parents[1]
TUPLES = ROOT / "services" / "core" / "locales"
LOCALES = ROOT / "locales"
DOMAIN = "messages"
# The plural rule each language's catalogue is written with (gettext Plural-Forms): English and
# French as CLDR counts them (French: 0 and 1 are singular); Portuguese as Portugal and
# Mozambique count (0 is plural: "0 cidades"); any other language: Babel's rule for it.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n != 1);",
}
SPEC = re.compile(r"\{(\w+):([^{}]*=[^{}]*)\}")


def po_path(lang: str, root: pathlib.Path | None = None) -> pathlib.Path:
    return (root or LOCALES) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def tuple_modules(folder: pathlib.Path | None = None) -> list[pathlib.Path]:
    folder = folder or TUPLES
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.py") if p.name != "__init__.py")


def tuple_messages(paths: list[pathlib.Path]) -> dict[str, tuple[str, str]]:
    """Every `(english, french)` message of the modules, loaded by path (no package needed)."""
    merged: dict[str, tuple[str, str]] = {}
    for path in paths:
        spec = importlib.util.spec_from_file_location(f"_tuples_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for key, pair in module.MESSAGES.items():
            if key in merged and merged[key] != pair:
                raise SystemExit(f"{key!r} is defined twice, differently ({path.name})")
            merged[key] = pair
    return merged


def counted(text: str) -> set[str]:
    return {m.group(1) for m in SPEC.finditer(text)}


def _forms(spec: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in spec.split("|"))


def expand(text: str, lang: str, n: int) -> str:
    """The text with each counted word in the form CLDR gives `n` in `lang` (the old rule)."""
    category = babel.Locale.parse(lang).plural_form(n)

    def word(match: re.Match) -> str:
        forms = _forms(match.group(2))
        return forms.get(category, forms["other"])

    return SPEC.sub(word, text)


def plural_rule(catalog: po_catalog.Catalog):
    return gettext.c2py(catalog.plural_expr)


def representatives(catalog: po_catalog.Catalog) -> list[int]:
    """For each plural form index of the catalogue, a number that picks it."""
    rule = plural_rule(catalog)
    found: dict[int, int] = {}
    for n in [*range(0, 200), 1000, 1_000_000]:
        found.setdefault(rule(n), n)
    return [found[i] for i in range(catalog.num_plurals)]


def new_catalog(lang: str) -> po_catalog.Catalog:
    catalog = po_catalog.Catalog(locale=lang, domain=DOMAIN, project="Atelier", fuzzy=False)
    forms = PLURAL_FORMS.get(lang)
    if forms:
        catalog._num_plurals = int(forms.split(";")[0].split("=")[1])
        catalog._plural_expr = forms.split("plural=")[1].rstrip(";")
    return catalog


def read(lang: str, root: pathlib.Path | None = None) -> po_catalog.Catalog:
    path = po_path(lang, root)
    if not path.exists():
        return new_catalog(lang)
    with path.open("rb") as handle:
        return pofile.read_po(handle, locale=lang, domain=DOMAIN)


def write(catalog: po_catalog.Catalog, lang: str, root: pathlib.Path | None = None) -> None:
    path = po_path(lang, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pofile.write_po(handle, catalog, width=0, sort_output=False, omit_header=False)


def entry(
    key: str, pair: tuple[str, str], text: str | None, lang: str, catalog: po_catalog.Catalog
) -> po_catalog.Message:
    """The catalogue entry of one message in `lang` (`text` None: untranslated); plural when
    English or French counts a number."""
    english = pair[0]
    names = counted(pair[0]) | counted(pair[1])
    comments = [] if lang == "en" else [f"English: {strip(english)}"]
    if not names:
        return po_catalog.Message(key, text or "", auto_comments=comments)
    (name,) = names
    strings = tuple(expand(text, lang, n) if text else "" for n in representatives(catalog))
    return po_catalog.Message((key, f"{{{name}}}"), strings, auto_comments=comments)


def strip(english: str) -> str:
    """The English text for a translator's comment: counted words as `one|other`."""
    return SPEC.sub(lambda m: "|".join(_forms(m.group(2)).values()), english)


def languages(root: pathlib.Path | None = None) -> list[str]:
    found = {"en", "fr"}
    root = root or LOCALES
    if root.is_dir():
        found |= {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found)


def current_text(message: po_catalog.Message, index: int) -> str:
    string_ = message.string
    return string_[index] if isinstance(string_, (list, tuple)) else string_


def convert(
    messages: dict[str, tuple[str, str]], root: pathlib.Path | None = None
) -> tuple[list[str], list[str], list[str]]:
    """Append the messages the catalogues lack. Returns (added keys, keys whose tuple text
    differs from the catalogue's, refused keys)."""
    refused = [
        key
        for key, (en, fr) in messages.items()
        if len(counted(en) | counted(fr)) > 1
        or [p for p in placeholders(en) if p not in placeholders(fr)]
    ]
    catalogs = {lang: read(lang, root) for lang in languages(root)}
    added, differs = [], []
    for key, (english, french) in messages.items():
        if key in refused:
            continue
        if key in catalogs["en"]:
            rendered = entry(key, (english, french), english, "en", catalogs["en"]).string
            if rendered != catalogs["en"][key].string:
                differs.append(key)
            continue
        added.append(key)
        for lang, catalog in catalogs.items():
            text = {"en": english, "fr": french}.get(lang)
            catalog[key] = entry(key, (english, french), text, lang, catalog)
    if added:
        for lang, catalog in catalogs.items():
            write(catalog, lang, root)
    return added, differs, refused


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the tuple modules")
    args = parser.parse_args(argv)
    paths = tuple_modules()
    if not paths:
        print(f"no tuple modules left under {TUPLES}: nothing to convert")
        return 0
    added, differs, refused = convert(tuple_messages(paths))
    others = [lang for lang in languages() if lang not in ("en", "fr")]
    print(f"{len(added)} new messages added to {', '.join(languages())}")
    if added and others:
        print(f"to translate in {', '.join(others)} (untranslated entries): " + ", ".join(added))
    if differs:
        print("kept the catalogue's text; the tuple says otherwise for: " + ", ".join(differs))
    if refused:
        print(
            "NOT converted (several counted numbers, or placeholders that differ between "
            "English and French): rephrase so one number is counted, then re-run: "
            + ", ".join(refused),
            file=sys.stderr,
        )
        return 1
    if not args.keep:
        for path in paths:
            path.unlink()
        init = paths[0].parent / "__init__.py"
        if init.exists() and not tuple_modules():
            init.unlink()
        print(f"deleted {len(paths)} tuple modules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
