"""The catalogues: every language for every key, same placeholders, valid plural forms, and
every key the code uses exists (literal keys read from app.py, screens/, services/ and models/
with `ast`; dynamic keys such as f"role.{role}" from the tables they come from)."""

from __future__ import annotations

import ast
import pathlib
import re
import string

import pytest

from models.user import ROLES
from services.core import i18n, permissions
from services.network import networks
from tests import source_code

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Calls whose argument at this position is a message key.
KEY_ARGUMENT = {"t": 0, "empty": 0, "AtelierError": 0, "InvalidInput": 1}


def source_files() -> list[pathlib.Path]:
    files = [ROOT / "app.py"]
    for folder in ("screens", "services", "models"):
        files.extend(sorted((ROOT / folder).rglob("*.py")))
    return [f for f in files if "locales" not in f.parts]


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def error_classes() -> set[str]:
    """AtelierError and every class deriving from it (by name) in services/."""
    names = {"AtelierError"}
    classes = []
    for path in source_files():
        for node in source_code.nodes(path):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                classes.append((node.name, bases))
    grew = True
    while grew:
        grew = False
        for name, bases in classes:
            if name not in names and bases & names:
                names.add(name)
                grew = True
    return names


def used_keys() -> dict[str, list[str]]:
    """Literal message keys used in the code -> where (file:line)."""
    errors = error_classes()
    found: dict[str, list[str]] = {}

    def add(key: str, path: pathlib.Path, node: ast.AST) -> None:
        found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")

    for path in source_files():
        for node in source_code.nodes(path):
            if isinstance(node, ast.Call):
                name = call_name(node)
                position = KEY_ARGUMENT.get(name)
                if position is None and name in errors and name != "InvalidInput":
                    position = 0
                if name == "PydanticCustomError" and node.args:
                    arg = node.args[0]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        add(f"validation.{arg.value}", path, node)
                    continue
                if position is None:
                    continue
                args = list(node.args)
                if name != "InvalidInput" or len(args) > 1:
                    arg = args[position] if len(args) > position else None
                else:
                    arg = next((k.value for k in node.keywords if k.arg == "key"), None)
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and KEY.match(arg.value)
                ):
                    add(arg.value, path, node)
            elif isinstance(node, ast.ClassDef) and node.name in errors:
                for item in node.body:
                    if (
                        isinstance(item, ast.Assign)
                        and any(getattr(t, "id", "") == "key" for t in item.targets)
                        and isinstance(item.value, ast.Constant)
                    ):
                        add(item.value.value, path, item)
    return found


def app_pages() -> list[tuple[str, str, str, str]]:
    tree = source_code.tree(ROOT / "app.py")
    for node in tree.body:
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(target, ast.Name) and target.id == "PAGES":
            return ast.literal_eval(node.value)
    raise AssertionError("PAGES not found in app.py")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


CATALOGUE = set(i18n.message_keys())
LANGUAGES = i18n.languages()


def forms(entry) -> tuple[str, ...]:
    """A message's texts: the one text, or each plural form."""
    return (entry,) if isinstance(entry, str) else entry[1]


def test_the_languages_are_the_catalogues_present():
    found = sorted(p.parent.parent.name for p in ROOT.glob("locales/*/LC_MESSAGES/messages.po"))
    assert sorted(LANGUAGES) == found and LANGUAGES[0] == "en"
    assert {"en", "fr", "pt"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_message_with_the_same_placeholders(lang):
    """Each catalogue translates every key (an untranslated or fuzzy entry is not compiled,
    so it counts as missing), has no key English lacks, and says the same placeholders."""
    english, own = i18n.catalogue("en").messages, i18n.catalogue(lang).messages
    assert not sorted(CATALOGUE - set(own)), f"{lang}: untranslated or missing"
    assert not sorted(set(own) - CATALOGUE), f"{lang}: keys English does not have"
    for key, entry in own.items():
        texts = forms(entry)
        assert all(text.strip() for text in texts), f"{key} ({lang}): an empty text"
        theirs = set().union(*(placeholders(text) for text in forms(english[key])))
        mine = set().union(*(placeholders(text) for text in texts))
        assert mine == theirs, f"{key} ({lang}): placeholders differ from English"
        assert isinstance(entry, str) == isinstance(english[key], str), f"{key} ({lang})"
        if not isinstance(entry, str):
            assert entry[0] == english[key][0], f"{key} ({lang}): another counted number"
        values = {name: "x" for name in theirs}
        assert i18n.t(key, lang, **values)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_are_valid(lang):
    """The catalogue's Plural-Forms rule gives an index below nplurals for any count, every
    form is reached by some count, and each counted message has exactly nplurals forms."""
    catalogue = i18n.catalogue(lang)
    match = re.fullmatch(r"nplurals=(\d+); plural=(.+);", catalogue.plural_forms)
    assert match, catalogue.plural_forms
    count = int(match.group(1))
    reached = {catalogue.plural(n) for n in range(0, 2001)}
    assert reached == set(range(count)), f"{lang}: {catalogue.plural_forms}"
    counted = {k: e for k, e in catalogue.messages.items() if not isinstance(e, str)}
    assert len(counted) > 40
    english = i18n.catalogue("en").messages
    for key, (name, texts) in counted.items():
        assert len(texts) == count, f"{key} ({lang})"
        values = {p: "x" for text in forms(english[key]) for p in placeholders(text)}
        said = {i18n.t(key, lang, **{**values, name: n}) for n in range(0, 30)}
        assert len(said) >= min(count, 2), f"{key} ({lang}): the count changes nothing"


def test_a_count_picks_the_plural_form_of_the_language_and_is_written_as_it_writes_numbers():
    assert i18n.t("workshops.participants_count", "en", count=1) == "1 participant"
    assert i18n.t("workshops.participants_count", "en", count=0) == "0 participants"
    assert i18n.t("workshops.participants_count", "fr", count=0) == "0 participant"
    assert i18n.t("workshops.participants_count", "pt", count=0) == "0 participantes"
    assert i18n.t("workshops.participants_count", "pt", count=1) == "1 participante"
    assert i18n.t("home.cities", "pt", count=12500) == "12.500 cidades"
    assert i18n.t("home.cities", "fr", count=2) == "2 villes"
    assert i18n.t("home.cities", "en", count=12500) == "12,500 cities"
    assert i18n.t("home.cities", "fr", count=12500) == "12\u202f500 villes"
    assert i18n.t("home.cities", "fr", count=1_000_000) == "1\u202f000\u202f000 villes"
    # One number is counted; the others are said without agreement.
    blockers = "dashboard.caption.blockers"
    assert i18n.t(blockers, "en", blocker="Staff", count=3, cities=1) == (
        "Most named blocker: Staff, 3 times (cities: 1)."
    )
    assert i18n.t(blockers, "en", blocker="Staff", count=1, cities=2) == (
        "Most named blocker: Staff, 1 time (cities: 2)."
    )
    assert i18n.t(blockers, "fr", blocker="Staff", count=3, cities=2) == (
        "Blocage le plus cité : Staff, 3 fois (villes : 2)."
    )
    # A value that is not a whole number takes the last form and is written as given.
    assert i18n.t("home.cities", "en", count="some") == "some cities"


def test_the_scan_finds_keys():
    found = used_keys()
    # The scanner itself must work: these are used by the shell and the accounts.
    assert "setup.title" in found
    assert "auth.login_failed" in found
    assert "validation.operator" in found


def test_every_literal_key_used_in_the_code_exists():
    missing = {key: where for key, where in used_keys().items() if key not in CATALOGUE}
    assert not missing, f"keys used but not in any catalogue: {missing}"


def test_every_page_title_exists():
    missing = [title for _path, title, _icon, _action in app_pages() if title not in CATALOGUE]
    assert not missing


def test_every_role_and_action_has_a_label():
    missing = [f"role.{r}" for r in ROLES if f"role.{r}" not in CATALOGUE]
    missing += [f"action.{a}" for a in permissions.MATRIX if f"action.{a}" not in CATALOGUE]
    assert not missing


def test_every_home_column_has_a_label():
    frame = networks.cities_frame(networks.new_network("N"), [], "en")
    shown = [c for c in frame.columns if c != "stage_index"]  # home drops the sort column
    missing = [f"column.{c}" for c in shown if f"column.{c}" not in CATALOGUE]
    assert not missing


def test_languages_and_fallbacks():
    assert i18n.normalise("fr-FR") == "fr"
    assert i18n.normalise("en-GB") == "en"
    assert i18n.normalise(None) == "en"
    assert i18n.t("nav.home", "fr") != i18n.t("nav.home", "en")
    assert i18n.t("no.such.key", "fr") == "no.such.key"
    assert i18n.normalise("pt-MZ") == "pt"
    assert i18n.normalise("ar") == "en"
