"""Notes and messages escaped for Markdown, remembered: the same notes are escaped again on
every redraw of every screen of a room."""

from __future__ import annotations

import functools

from screens import _ui as ui
from services.core import i18n


@functools.lru_cache(maxsize=8192)
def escaped(text: str) -> str:
    """ui.md, remembered: the same notes are escaped again on every redraw of every screen."""
    return str(ui.md(text))


@functools.lru_cache(maxsize=1024)
def message(lang: str, key: str, count: int | None = None) -> str:
    """A message (with a count) escaped for Markdown, remembered per language and count."""
    values = {} if count is None else {"count": count}
    return str(ui.md(i18n.t(key, lang, **values)))
