"""Languages are data: a fourth language is a new `.po` file and nothing else, and the
conversion of `(english, french)` tuple modules into the catalogues can be re-run."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil
import subprocess
import sys

import pydantic
import pytest
from babel.messages import pofile

from models.base import Lang
from services.core import formats, i18n
from services.network import networks
from tools import i18n_convert

ROOT = pathlib.Path(__file__).resolve().parents[2]

GERMAN = """\
msgid ""
msgstr ""
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "nav.home"
msgstr "Startseite"

msgid "home.cities"
msgid_plural "{count}"
msgstr[0] "{count} Stadt"
msgstr[1] "{count} Städte"

msgid "default.stage.problem_definition"
msgstr "Problemdefinition"
"""


@pytest.fixture
def with_german(tmp_path, monkeypatch):
    """The shipped catalogues plus a tiny German one, in a folder of their own."""
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    (locales / "de" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "de" / "LC_MESSAGES" / "messages.po").write_text(GERMAN, encoding="utf-8")
    monkeypatch.setenv(i18n.LOCALES_ENV, str(locales))
    monkeypatch.setenv(i18n.CACHE_ENV, str(tmp_path / "cache"))
    yield locales


def test_a_fourth_language_is_a_new_po_file_and_nothing_else(with_german):
    assert i18n.languages() == ("en", "de", "fr", "pt")
    assert i18n.language_name("de") == "Deutsch"
    assert i18n.normalise("de-AT") == "de"
    # its messages, its plural rule, numbers as German writes them
    assert i18n.t("nav.home", "de") == "Startseite"
    assert i18n.t("home.cities", "de", count=1) == "1 Stadt"
    assert i18n.t("home.cities", "de", count=12500) == "12.500 Städte"
    # a message it does not translate yet is said in English, never as its key
    assert i18n.t("nav.plan", "de") == "Plan" == i18n.t("nav.plan", "en")
    # Babel's formats and the charts' locale follow
    assert formats.date(dt.date(2026, 6, 20), "de") == "20. Juni 2026"
    assert formats.chart_locale("de")["time"]["months"][5] == "Juni"
    assert formats.date_input_format("de") == "DD/MM/YYYY"
    # an account may choose it; a network's default labels carry it; settings tables edit it
    assert pydantic.TypeAdapter(Lang).validate_python("de") == "de"
    network = networks.new_network("N")
    assert network.stages[0].label.get("de") == "Problemdefinition"
    assert "label_de" in i18n.label_columns()
    assert i18n.label_from_cells({"label_en": "A", "label_fr": "B", "label_de": "C"}) == {
        "en": "A",
        "fr": "B",
        "de": "C",
    }


def test_a_language_without_a_catalogue_is_not_offered():
    assert "ar" not in i18n.languages()
    assert i18n.normalise("ar") == "en"
    assert i18n.t("nav.home", "ar") == i18n.t("nav.home", "en")


def test_the_catalogue_is_compiled_again_when_its_po_changes(with_german):
    assert i18n.t("nav.home", "de") == "Startseite"
    po = with_german / "de" / "LC_MESSAGES" / "messages.po"
    po.write_text(GERMAN.replace("Startseite", "Start"), encoding="utf-8")
    i18n._catalogue.cache_clear()  # a new process: the compiled .mo is older than the .po
    assert i18n.t("nav.home", "de") == "Start"


TUPLES = """
MESSAGES = {
    "nav.home": ("Home page", "Page d'accueil"),
    "area.new": ("A new message", "Un nouveau message"),
    "area.counted": ("{n} {n:one=city|other=cities}", "{n} {n:one=ville|other=villes}"),
    "area.two_counts": (
        "{a} {a:one=city|other=cities}, {b} {b:one=plan|other=plans}",
        "{a} {a:one=ville|other=villes}, {b} {b:one=plan|other=plans}",
    ),
}
"""


def test_the_conversion_appends_new_messages_and_keeps_the_catalogues(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    tuples = tmp_path / "tuples"
    tuples.mkdir()
    (tuples / "area.py").write_text(TUPLES, encoding="utf-8")
    monkeypatch.setattr(i18n_convert, "LOCALES", locales)
    monkeypatch.setattr(i18n_convert, "TUPLES", tuples)
    assert i18n_convert.main([]) == 1  # two counted numbers: refused, nothing deleted
    assert (tuples / "area.py").exists()
    added = i18n_convert.convert({}, locales)[0]
    assert added == []

    def read(lang):
        with i18n_convert.po_path(lang, locales).open("rb") as handle:
            return pofile.read_po(handle)

    en, fr, pt = read("en"), read("fr"), read("pt")
    assert (
        en["area.new"].string == "A new message" and fr["area.new"].string == "Un nouveau message"
    )
    assert pt["area.new"].string == "" and pt["area.new"].auto_comments == [
        "English: A new message"
    ]
    assert en["area.counted"].id == ("area.counted", "{n}")
    assert en["area.counted"].string == ("{n} city", "{n} cities")
    assert fr["area.counted"].string == ("{n} ville", "{n} villes")
    assert "area.two_counts" not in en
    # a key the catalogue has keeps the catalogue's text
    assert en["nav.home"].string == "Home"
    # rephrased with one counted number, the module converts and is deleted
    (tuples / "area.py").write_text(
        TUPLES.replace("{b} {b:one=plan|other=plans}", "plans: {b}"), encoding="utf-8"
    )
    assert i18n_convert.main([]) == 0
    assert not (tuples / "area.py").exists()
    assert read("en")["area.two_counts"].string == (
        "{a} city, plans: {b}",
        "{a} cities, plans: {b}",
    )


def test_pybabel_extract_makes_a_template_of_every_key(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg"]
        + ["--no-location", "-o", str(template), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        pot = pofile.read_po(handle)
    ids = {m.id if isinstance(m.id, str) else m.id[0]: m for m in pot if m.id}
    assert set(ids) == set(i18n.message_keys())
    assert ids["home.cities"].id == ("home.cities", "{count}")
    assert ids["nav.home"].auto_comments == ["Home"]


def test_a_portuguese_reader_gets_the_reminder_and_the_formats_in_portuguese(small_world):
    from services.reporting import reminders

    lead = small_world["city_lead"].model_copy(update={"language": "pt", "email": "a@b.org"})
    due = reminders.Due(
        "reminder.report_due",
        {"city": "Matola", "cycle": "2026-Q3", "due": dt.date(2026, 10, 15)},
        "pages/reports.py",
    )
    mail = reminders.compose(lead, [due], "atelier@b.org", "https://x", dt.date(2026, 10, 1))
    assert mail["Subject"] == "Atelier: o que tem prazo (1 de outubro de 2026)"
    assert mail["Content-Language"] == "pt"
    body = mail.get_content()
    assert "Matola: o relatório de T3 2026 tem prazo a 15 de outubro de 2026." in body
    assert formats.money(12500, "MZN", "pt") == "MZN\xa012.500"
    assert formats.number(3.5, "pt") == "3,5"
