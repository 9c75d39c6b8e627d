"""Plan export: enabled sections in order and in the chosen language, typed text kept as text.
The DOCX and PDF files, read back: tests/integration/test_plan_files.py."""

from __future__ import annotations

import datetime as dt

import pytest

from models import plan as pm
from services.plans import document as export

STATEMENT = "Définition : l'énoncé « officiel » du problème — les démarches prennent des semaines ✓"


def _plan() -> pm.Plan:
    contents = {
        "context": pm.ContextSection(
            narrative="Dakar compte 3,9 millions d'habitants ; l'état civil est sur papier.",
            ipestle=pm.Ipestle(political="Élections municipales en 2027"),
            partners=[pm.Partner(name="Mairie de Dakar", role="Porteur", mandate="État civil")],
        ),
        "problem": pm.ProblemSection(
            statement=STATEMENT,
            tree=pm.ProblemTree(
                core="Démarches lentes",
                causes=[
                    pm.TreeNode(label="Formulaires papier", children=[pm.TreeNode(label="Budget")])
                ],
                effects=[pm.TreeNode(label="Files d'attente")],
            ),
        ),
        "stakeholders": pm.StakeholdersSection(
            stakeholders=[pm.Stakeholder(organisation="Orange Sénégal", sector="private", power=4)],
            meetings=[pm.Meeting(date=dt.date(2026, 3, 2), attendees=["Fatou", "Jean"])],
        ),
        "actions": pm.ActionsSection(
            actions=[
                pm.Action(
                    title="Guichet numérique",
                    owner="Aïssatou Diallo",
                    start=dt.date(2026, 1, 1),
                    end=dt.date(2026, 6, 30),
                    cost=12500,
                    status="in_progress",
                )
            ]
        ),
        "vision": pm.VisionSection(statement="HIDDEN VISION TEXT"),
    }
    sections = {
        k: pm.Section(content=contents.get(k) or pm.empty_content(k)) for k in pm.KNOWN_SECTIONS
    }
    sections["vision"].enabled = False
    sections["custom_1"] = pm.Section(
        content=pm.CustomSection(
            title="Budget participatif",
            fields=[
                pm.CustomField(label="Quartiers", type="list", value=["Médina", "Plateau"]),
                pm.CustomField(
                    label="Répartition",
                    type="table",
                    value=[{"poste": "Formation", "montant": 4000}],
                ),
            ],
        )
    )
    # The city put the problem first.
    order = [
        "problem",
        "context",
        "custom_1",
        *[k for k in pm.KNOWN_SECTIONS if k not in ("problem", "context")],
    ]
    return pm.Plan(network_id="n", city_id="c", sections=sections, order=order, version=1)


def _titles(plan: pm.Plan, lang: str) -> list[str]:
    return [b.text for b in export.outline(plan, "Dakar", lang) if b.kind == "heading"]


def test_outline_keeps_enabled_sections_in_order():
    plan = _plan()
    titles = _titles(plan, "fr")
    expected = [export.section_title(k, s.content.model_dump(), "fr") for k, s in plan.visible()]
    assert titles == expected
    assert titles[0] == export.section_title("problem", {"kind": "problem"}, "fr")
    assert "Budget participatif" in titles
    assert export.section_title("vision", {"kind": "vision"}, "fr") not in titles


def test_titles_and_labels_follow_the_language():
    plan = _plan()
    assert _titles(plan, "en") != _titles(plan, "fr")
    fr = export.plan_markdown(plan, "Dakar", "fr")
    en = export.plan_markdown(plan, "Dakar", "en")
    assert export.label("partners", "fr") in fr and export.label("partners", "en") in en
    assert export.label("partners", "fr") != export.label("partners", "en")
    assert "Dakar : plan d'action" in fr and "Dakar: action plan" in en
    assert "| Privé |" in fr.replace("  ", " ") and "| Private |" in en.replace("  ", " ")


def test_markdown_has_sections_tables_and_the_tree():
    md = export.plan_markdown(_plan(), "Dakar", "fr")
    assert md.startswith("# Dakar : plan d'action")
    for title in _titles(_plan(), "fr"):
        assert f"## {title}" in md
    assert STATEMENT in md
    assert "HIDDEN VISION TEXT" not in md
    assert "- Formulaires papier\n  - Budget" in md
    assert "| Guichet numérique | Aïssatou Diallo |" in md
    spaced = md.replace("\u202f", " ").replace("\u00a0", " ")  # French thousands and € spaces
    assert "12 500 €" in spaced and "12,500" not in md
    assert "- Médina" in md and "| Formation | 4 000 |" in spaced


def test_frozen_version_exports_with_its_number():
    plan = _plan()
    version = pm.PlanVersion(
        network_id="n",
        plan_id=plan.id,
        city_id="c",
        number=2,
        sections=plan.sections,
        order=plan.order,
    )
    md = export.plan_markdown(version, "Dakar", "en")
    assert "version 2" in md
    assert STATEMENT in md


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_file_name(fmt):
    name = export.file_name("Saint-Louis (Sénégal)", fmt, "fr")
    assert name.endswith(f".{fmt}") and "/" not in name and " " not in name


def test_empty_plan_still_exports():
    plan = _empty_plan()
    md = export.plan_markdown(plan, "Lyon", "fr")
    assert "(rien n'est encore rédigé)" in md


def _empty_plan() -> pm.Plan:
    return pm.Plan(
        network_id="n",
        city_id="c",
        sections={"context": pm.Section(content=pm.ContextSection())},
        order=["context"],
    )


# --- what people typed stays text, in every format -------------------------------------

PASTED = "Budget\x0bvoté (Word)\x00 puis\x1b[31m rouge\ttab\nligne"


def test_control_characters_are_stripped_on_input():
    section = pm.ContextSection(narrative=PASTED)
    assert section.narrative == "Budgetvoté (Word) puis[31m rouge\ttab\nligne"
    field = pm.CustomField(label="Note\x0b", type="list", value=["a\x0bb", "c\x1bd"])
    assert field.label == "Note" and field.value == ["ab", "cd"]


def test_markdown_export_shows_html_and_markdown_from_user_text_as_text():
    stored = _plan().model_dump(by_alias=True)
    payload = '<img src=x onerror="alert(1)"> **bold** [click](http://evil.example) $x$'
    stored["sections"]["context"]["content"]["narrative"] = payload + "\n# not a heading\n- no"
    stored["sections"]["problem"]["content"]["statement"] = "<script>alert(1)</script>"
    stored["sections"]["actions"]["content"]["actions"][0]["owner"] = "a | b <b>x</b>"
    md = export.plan_markdown(stored, "<i>Dakar</i>", "fr")
    assert "<img" not in md and "<script" not in md and "<b>" not in md and "<i>" not in md
    assert '&lt;img src=x onerror="alert(1)"&gt;' in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\*\\*bold\\*\\* \\[click\\](http://evil.example) \\$x\\$" in md
    assert "\n\\# not a heading\n\\- no" in md
    assert "| a \\| b &lt;b&gt;x&lt;/b&gt; |" in md
    assert md.startswith("# &lt;i&gt;Dakar&lt;/i&gt; : plan d'action")
