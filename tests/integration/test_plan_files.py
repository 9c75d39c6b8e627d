"""Plan export files read back: DOCX and PDF hold the titles and the French text, and survive
control characters stored before the input filter. Integration tier: the files are made by
python-docx and fpdf2 and read by python-docx and pypdf."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from services.plans import document as export
from tests.unit.test_export import PASTED, STATEMENT, _empty_plan, _plan, _titles


def test_docx_parses_back_with_titles_and_french_text():
    data = export.plan_docx(_plan(), "Dakar", "fr")
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    for title in _titles(_plan(), "fr"):
        assert title in paragraphs
    assert f"{export.label('statement', 'fr')} : {STATEMENT}" in paragraphs
    assert "Mairie de Dakar" in cells and "Aïssatou Diallo" in cells
    assert not any("HIDDEN" in p for p in paragraphs)


def test_pdf_parses_back_with_titles_and_french_text():
    data = export.plan_pdf(_plan(), "Dakar", "fr")
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for title in _titles(_plan(), "fr"):
        assert " ".join(title.split()) in flat
    for fragment in ("Définition", "l'énoncé", "« officiel »", "—", "✓", "Aïssatou Diallo"):
        assert fragment in flat, fragment
    assert "HIDDEN" not in flat


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_every_format_renders(fmt):
    data = export.render(fmt, _plan(), "Saint-Louis (Sénégal)", "fr")
    assert isinstance(data, bytes) and len(data) > 100


def test_an_empty_plan_still_exports():
    assert export.plan_pdf(_empty_plan(), "Lyon", "fr").startswith(b"%PDF")


def test_docx_export_survives_control_characters_in_stored_text():
    """Stored before the input filter, or imported: the export strips them itself."""
    stored = _plan().model_dump(by_alias=True)
    stored["sections"]["context"]["content"]["narrative"] = PASTED
    stored["sections"]["problem"]["content"]["statement"] = "Énoncé\x0b\x07 court"
    stored["sections"]["actions"]["content"]["actions"][0]["owner"] = "Aïssatou\x0c Diallo"
    document = docx.Document(io.BytesIO(export.plan_docx(stored, "Dakar\x1b", "fr")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Budgetvoté (Word) puis[31m rouge" in text
    assert "Énoncé court" in text
    assert "Aïssatou Diallo" in [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert export.plan_pdf(stored, "Dakar", "fr").startswith(b"%PDF")
    assert "\x0b" not in export.plan_markdown(stored, "Dakar", "fr")
