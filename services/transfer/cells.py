"""Spreadsheet cells that stay text: the one helper every CSV the app writes goes through.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (`=HYPERLINK(...)` leaks data, `+cmd|...` runs a program). OWASP's
rule: prefix such a cell with a single quote, which spreadsheets show as text. A plain number
(-3) is left as it is: a spreadsheet reads it as a value, not a formula. Reading a file back,
`unquote` takes the quote off again, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


# A plain number ("-3", "+1.5", "-2,5", "1e-3") is a value to a spreadsheet, never a formula.
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def _quoted(text: str) -> bool:
    # A cell that starts like a formula, or like one already quoted (so that a text really
    # starting with a quote comes back with it).
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def safe(value: Any) -> str:
    """The cell's text, quoted if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if _NUMBER.match(text):
        return text
    if _quoted(text):
        return QUOTE + text
    return text


def unquote(text: str) -> str:
    """A cell as `safe` wrote it, back to what it was (other cells unchanged)."""
    if text.startswith(QUOTE) and _quoted(text):
        return text[1:]
    return text


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text with a header row; every cell through `safe`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: safe(row.get(c)) for c in columns})
    return buffer.getvalue()
