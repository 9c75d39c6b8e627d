"""In every language, no page shows another catalogue's text or a message key, for any role,
on the demo network (a crawl of every page, `tests/ui/conftest.every_page`).

Another catalogue's text: a message of another language (locales/<lang>) that differs from
every text of the page's language and has at least two words ("Plan", "Impact" and proper
names read the same in several languages); a message with placeholders matches with anything in
their place. What is checked is what a person reads as the interface: titles, headers,
captions, Markdown, alerts, the labels, help and options of widgets and buttons, metric labels
and values, tab, expander and popover labels, and the column headers of tables. Chart specs and
table cells (the city's own data) are left out, and so is a city's own text: its statements are
whole in the language its team writes in ("We believe that … because …" for an
English-speaking team, whatever the reader's language). A message key is looked for in every
text, table cells included.
"""

from __future__ import annotations

import json
import re

import pytest

from models import plan as pm
from models.user import ROLES
from services.core import i18n
from services.experiments import experiments
from services.network import networks
from tests.ui.conftest import every_page, new_app, problems, shown

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_TEXT_FIELDS = {"label", "body", "help", "placeholder", "caption"}


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", _PLACEHOLDER.sub(" ", text)))


def _forms(entry) -> tuple[str, ...]:
    return (entry,) if isinstance(entry, str) else entry[1]


def foreign_labels(lang: str) -> list[tuple[str, str, re.Pattern]]:
    """(where it comes from, its longest fixed part, pattern) for every message text of the
    other catalogues that `lang` does not also say and that has at least two words;
    placeholders match any text."""
    own = {text for entry in i18n.catalogue(lang).messages.values() for text in _forms(entry)}
    found = {}
    for other in i18n.languages():
        if other == lang:
            continue
        for key, entry in i18n.catalogue(other).messages.items():
            for text in _forms(entry):
                if text in own or _words(text) < 2 or text in found:
                    continue
                parts = [part.strip() for part in _PLACEHOLDER.split(text) if part.strip()]
                pattern = r".+?".join(re.escape(part) for part in parts)
                letter = r"[^\W\d_]"
                # Two words ("plus de", "au moins") are also the words of people's own text:
                # found only as a whole text (a label, a heading); three or more anywhere.
                if _words(text) < 3:
                    pattern = rf"^\W*{pattern}\W*$"
                found[text] = (
                    f"{key} ({other})",
                    max(parts, key=len),
                    re.compile(rf"(?<!{letter})" + pattern + rf"(?!{letter})"),
                )
    return list(found.values())


def english_labels() -> list[tuple[str, str, re.Pattern]]:
    """The other catalogues' texts a French page must not show (the English ones and the
    others)."""
    return foreign_labels("fr")


KEYS = set(i18n.message_keys())
_KEY_LIKE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")


def keys_in(at) -> set[str]:
    """Message keys shown as they are (a missing message) anywhere on the page."""
    return {
        f"message key shown: {token}"
        for text in rendered_text(at) + _cells(at)
        for token in _KEY_LIKE.findall(text)
        if token in KEYS
    }


def _strings(message) -> list[str]:
    """The readable text of a proto message: its label-like fields, recursively, and the
    column headers of a table (a column's configured label, else its name)."""
    found: list[str] = []
    for field, value in message.ListFields():
        if field.name == "columns" and isinstance(value, str):  # a table's column config
            config = json.loads(value or "{}")
            found += [c.get("label") or k for k, c in config.items() if not c.get("hidden")]
        elif field.name == "spec":  # a chart: its data is the city's, not ours
            continue
        elif field.message_type is not None:
            items = [value] if hasattr(value, "ListFields") else list(value)
            for item in items:
                found += _strings(item)
        elif field.name in _TEXT_FIELDS and isinstance(value, str):
            found.append(value)
        elif field.name == "options" and not isinstance(value, str):
            found += [v for v in value if isinstance(v, str)]
    return found


def rendered_text(at) -> list[str]:
    texts: list[str] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None:
            texts += _strings(proto)
    return [shown(t) for t in texts if t]


def own_text(user, reader: str = "fr") -> tuple[list[str], list[str]]:
    """What the cities' teams wrote, whole in their language (statements, experiments'
    hypotheses), and the same statements framed in another language (never to be shown)."""
    found, mixed = [], []
    for city in networks.list_cities(user):
        lang = experiments.statement_language(city, reader)
        for a in experiments.list_assumptions(user, city.id):
            found.append(experiments.statement(a, lang))
            mixed += [
                experiments.statement(a, other) for other in i18n.languages() if other != lang
            ]
        found += [e.hypothesis for e in experiments.list_experiments(user, city.id) if e.hypothesis]
    return sorted(found, key=len, reverse=True), mixed


def _cells(at, *, read_only: bool = False) -> list[str]:
    """The cells of the run's tables as text (only read-only tables', if asked: an editor's
    picker holds codes and shows their labels)."""
    texts = []
    for node in at._tree:
        if getattr(node, "type", "") == "dataframe":
            if read_only and node.editing_mode != "read_only":
                continue
            texts += [str(v) for v in node.value.astype(str).to_numpy().ravel()]
    return texts


# Codes of ours a table must show by their label (models/plan.py), and what Python or pandas
# write for a missing value or a boolean.
CODES = {
    *pm.SECTORS,
    *pm.LAG_GROUPS,
    *pm.FUNDING_STATUSES,
    *pm.ACTION_STATUSES,
    *pm.RISK_STATUSES,
    "causes",
    "effects",
    "None",
    "nan",
    "NaT",
    "True",
    "False",
    "yes",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")  # 2026-06-20, 2026-06-20 00:00:00+00:00


def codes_in(at) -> set[str]:
    """Table cells that are codes, raw booleans or machine dates, not words and dates of the
    reader's language."""
    found = set()
    for cell in _cells(at, read_only=True):
        if cell in CODES:
            found.add(f"code in a table: {cell!r}")
        elif ISO_DATE.match(cell):
            found.add(f"machine date in a table: {cell!r}")
    return found


def _headers(at) -> list[str]:
    headers = []
    for node in at._tree:
        if getattr(node, "type", "") == "dataframe":
            config = json.loads(node.proto.columns or "{}")
            for column in node.value.columns:
                c = config.get(str(column), {})
                if not c.get("hidden"):
                    headers.append(c.get("label") or str(column))
    return headers


def english_in(
    at, labels, own: list[str] = (), mixed: list[str] = (), *, codes: bool = True
) -> set[str]:
    """Other catalogues' labels shown, statements framed in another language than their own,
    table headers that are field names (`recorded_by`) rather than labels, and (`codes`: not
    for English, whose labels are often the codes' words) codes in tables."""
    seen = {f"field name as a header: {h!r}" for h in _headers(at) if "_" in h}
    seen |= codes_in(at) if codes else set()
    for text in rendered_text(at) + _cells(at):
        for wrong in mixed:
            if wrong in text:
                seen.add(f"statement framed in another language: {wrong[:80]!r}")
    for text in rendered_text(at):
        for written in own:
            text = text.replace(written, "")
        for key, fragment, pattern in labels:
            if fragment in text and pattern.search(text):
                seen.add(f"{key}: {text[:120]!r}")
    return seen


def test_the_check_finds_another_catalogue_s_label():
    """The check itself: a page's texts of other catalogues are found, its own are not."""
    labels = foreign_labels("pt")
    assert len(labels) > 2 * 1000  # English and French
    sample = {where: pattern for where, _fragment, pattern in labels}
    for lang in ("en", "fr"):
        assert sample[f"cities.create ({lang})"].search(i18n.t("cities.create", lang))
        assert not sample[f"cities.create ({lang})"].search(i18n.t("cities.create", "pt"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("lang", i18n.languages())
def test_no_other_language_and_no_key_on_any_page(world, lang, role):
    """Every page each role may open, in each language of the catalogues."""
    labels = foreign_labels(lang)
    own, mixed = own_text(world["admin"], lang)
    failures, in_lang = [], 0
    for _role, path, at in every_page(world, roles=[role], lang=lang):
        assert not problems(at), f"{path}: {problems(at)}"
        in_lang += i18n.t("app.language", lang) in rendered_text(at)  # the walk is in `lang`
        found = english_in(at, labels, own, mixed, codes=lang != "en") | keys_in(at)
        failures += [f"{path}: {problem}" for problem in sorted(found)]
    assert in_lang > 3
    assert not failures, f"as {role}, in {lang}, other languages on pages:\n" + "\n".join(failures)


def test_the_plan_editors_pickers_show_labels_in_french(world):
    """A data editor's picker shows its option values as they are unless told: every coded
    option of the plan's editors (sector, group, statuses, cause or effect, field type) carries
    a French label; only the city's own words (a parent node, an indicator) are plain."""
    codes = CODES | set(pm.FIELD_TYPES)
    at = new_app(world["coordinator"].id, state={"session.lang": "fr"})
    at = at.switch_page("screens/plan.py").run()
    assert not problems(at)
    labelled, plain = {}, []
    for node in at._tree:
        if getattr(node, "type", "") != "dataframe" or node.editing_mode == "read_only":
            continue
        for column, config in json.loads(node.proto.columns or "{}").items():
            for option in (config.get("type_config") or {}).get("options", []):
                if isinstance(option, dict):
                    labelled[option["value"]] = option["label"]
                elif option in codes:
                    plain.append(f"{node.key}.{column}: {option}")
    assert not plain, plain
    assert labelled["private"] == "Privé" and labelled["insider"].startswith("Interne")
    assert labelled["in_progress"] == "En cours" and labelled["gap"] == "Financement manquant"
    assert labelled["effects"] == "Effets" and labelled["table"] == "Tableau"
