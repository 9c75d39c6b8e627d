"""`pybabel extract` methods (babel.cfg): the template a translator starts from.

Message ids are keys (`nav.home`), so the template is made of two sources:

- `catalogue`: every message of the English catalogue (locales/en), the source of every key,
  with its English text as the translator's comment and, for a counted message, its
  `msgid_plural` (the counted placeholder);
- `code`: every literal key passed to `t(...)` (and the other calls that take a key) in the
  code, so a key used before it has an English text shows up in the template too; a key the
  English catalogue counts keeps its plural shape.

Keys built at run time (f"role.{role}") come from the English catalogue, not from the code.
"""

from __future__ import annotations

import ast
import functools
import io
import pathlib
import re
from collections.abc import Iterator
from typing import IO, Any

from babel.messages import pofile

ROOT = pathlib.Path(__file__).resolve().parents[1]
ENGLISH = ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po"
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Calls whose first argument is a message key.
KEY_CALLS = {"t", "t_plain", "empty", "AtelierError"}

Extracted = Iterator[tuple[int, str, Any, list[str]]]


@functools.cache
def _counted() -> dict[str, str]:
    """Key -> msgid_plural of every counted message of the English catalogue."""
    if not ENGLISH.exists():
        return {}
    with ENGLISH.open("rb") as handle:
        catalog = pofile.read_po(handle)
    return {m.id[0]: m.id[1] for m in catalog if isinstance(m.id, (list, tuple))}


def catalogue(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """Every message of a catalogue (the English one), its text as the comment."""
    catalog = pofile.read_po(io.BytesIO(fileobj.read()))
    for message in catalog:
        if not message.id:
            continue
        lineno = message.lineno or 0
        if isinstance(message.id, (list, tuple)):
            comment = " | ".join(message.string)
            yield lineno, "ngettext", (message.id[0], message.id[1]), [comment]
        else:
            yield lineno, "gettext", message.id, [message.string]


def code(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """The literal keys the code passes to `t` and the other calls that take one."""
    counted = _counted()
    for node in ast.walk(ast.parse(fileobj.read())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
        key = node.args[0]
        if name not in KEY_CALLS or not isinstance(key, ast.Constant):
            continue
        if not isinstance(key.value, str) or not KEY.match(key.value):
            continue
        if key.value in counted:
            yield node.lineno, "ngettext", (key.value, counted[key.value]), []
        else:
            yield node.lineno, "gettext", key.value, []
