"""A city's report as Word and PDF, read back: the typed text as typed, in the reader's
language. Integration tier: the files are made by python-docx and fpdf2."""

from __future__ import annotations

import pytest

from services.reporting import export
from tests.integration.test_dashboard_files import docx_text, pdf_text
from tests.unit.test_reporting import report_blocks


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_reads_back_as_word_and_pdf(world, lang):
    blocks = report_blocks(world, lang)
    heading = "Expérimentations conclues" if lang == "fr" else "Experiments concluded"
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        text, _ = read(export.render(fmt, blocks, lang))
        assert text.startswith("Dakar"), fmt
        assert heading in text, fmt
        assert "Réunion *utile* <script>x</script> – ✓" in text, fmt
