"""In French, no page shows an English label of ours, for any role, on the demo network.

The known English labels are the catalogue's English messages (locales/en) that
differ from their French translation and have at least two words; a message with
placeholders matches with anything in their place. What is checked is what a person reads as
the interface: titles, headers, captions, Markdown, alerts, the labels, help and options of
widgets and buttons, metric labels and values, tab, expander and popover labels, and the column
headers of tables. Chart specs and table cells (the city's own data) are left out, and so is
a city's own text: its statements are whole in the language its team writes in ("We believe
that … because …" for an English-speaking team, whatever the reader's language).
"""

from __future__ import annotations

import json
import re

import pytest

from models import plan as pm
from models.user import ROLES
from services.core import i18n, permissions
from services.experiments import experiments
from services.network import networks
from tests.ui.conftest import app_pages, new_app, problems, shown

PAGES = app_pages()

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_TEXT_FIELDS = {"label", "body", "help", "placeholder", "caption"}


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", _PLACEHOLDER.sub(" ", text)))


def english_labels() -> list[tuple[str, re.Pattern]]:
    """(key, pattern) for every English message that differs from its French and has at
    least two words; placeholders match any text."""
    found = []
    english_texts, french_texts = i18n.catalogue("en").messages, i18n.catalogue("fr").messages
    for key, english in english_texts.items():
        french = french_texts[key]
        if not isinstance(english, str):  # a counted message: its form for many
            english, french = english[1][-1], french[1][-1]
        if english == french or _words(english) < 2:
            continue
        parts = _PLACEHOLDER.split(english)
        pattern = r".+?".join(re.escape(part.strip()) for part in parts if part.strip())
        found.append((key, re.compile(r"(?<![A-Za-z])" + pattern + r"(?![A-Za-z])")))
    return found


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


def own_text(user) -> tuple[list[str], list[str]]:
    """What the cities' teams wrote, whole in their language (statements, experiments'
    hypotheses), and the same statements framed in the other language (never to be shown)."""
    found, mixed = [], []
    for city in networks.list_cities(user):
        lang = experiments.statement_language(city, "fr")
        other = "en" if lang == "fr" else "fr"
        for a in experiments.list_assumptions(user, city.id):
            found.append(experiments.statement(a, lang))
            mixed.append(experiments.statement(a, other))
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


def english_in(at, labels, own: list[str] = (), mixed: list[str] = ()) -> set[str]:
    """Known English labels shown, statements framed in another language than their own,
    and table headers that are field names (`recorded_by`) rather than labels."""
    seen = {f"field name as a header: {h!r}" for h in _headers(at) if "_" in h} | codes_in(at)
    for text in rendered_text(at) + _cells(at):
        for wrong in mixed:
            if wrong in text:
                seen.add(f"statement framed in another language: {wrong[:80]!r}")
    for text in rendered_text(at):
        for written in own:
            text = text.replace(written, "")
        for key, pattern in labels:
            if pattern.search(text):
                seen.add(f"{key}: {text[:120]!r}")
    return seen


def test_the_check_finds_an_english_label():
    """The check itself: an English page shows catalogue labels, and they are found."""
    labels = english_labels()
    assert len(labels) > 200
    sample = dict(labels)
    assert sample["cities.create"].search(i18n.t("cities.create", "en"))
    assert not sample["cities.create"].search(i18n.t("cities.create", "fr"))


@pytest.mark.parametrize("role", ROLES)
def test_no_english_label_on_any_page_in_french(world, role):
    labels = english_labels()
    user = world[role]
    own, mixed = own_text(world["admin"])
    failures = []
    for path, _title, _icon, action in PAGES:
        if permissions.scope(user, action) is None:
            continue
        at = new_app(user.id, state={"session.lang": "fr"}).switch_page(path).run()
        assert not problems(at), f"{path}: {problems(at)}"
        failures += [f"{path}: {found}" for found in sorted(english_in(at, labels, own, mixed))]
    assert not failures, f"as {role}, English on French pages:\n" + "\n".join(failures)


def test_the_plan_editors_pickers_show_labels_in_french(world):
    """A data editor's picker shows its option values as they are unless told: every coded
    option of the plan's editors (sector, group, statuses, cause or effect, field type) carries
    a French label; only the city's own words (a parent node, an indicator) are plain."""
    codes = CODES | set(pm.FIELD_TYPES)
    at = new_app(world["coordinator"].id, state={"session.lang": "fr"})
    at = at.switch_page("pages/plan.py").run()
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
