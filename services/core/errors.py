"""Domain errors. Each carries a translation key and values, so pages can show it in EN or FR."""

from __future__ import annotations

from typing import Any


class AtelierError(Exception):
    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotFound(AtelierError):
    key = "error.not_found"


class PermissionDenied(AtelierError):
    key = "error.permission"


class InvalidInput(AtelierError):
    """A rule that pydantic cannot express on one field alone (e.g. end before start)."""

    key = "error.invalid"

    def __init__(self, field: str, key: str, **params: Any) -> None:
        self.field = field
        super().__init__(key, field=field, **params)


class StateChanged(InvalidInput):
    """The stored state no longer allows this write (an experiment closed, a report submitted
    since the page read it). Pages reload what they show, then name the field and say why."""


class Conflict(AtelierError):
    """Someone else saved first. `current` is what is stored now; `attempted` what was sent."""

    key = "error.conflict"

    def __init__(self, current: Any, attempted: dict[str, Any], **params: Any) -> None:
        self.current = current
        self.attempted = attempted
        super().__init__(**params)
