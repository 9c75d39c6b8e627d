"""Whether the app can work: the one question app.py asks before anything else."""

from __future__ import annotations

from services.core import store


def store_problem() -> str | None:
    """None when the database answers; otherwise why not, in a message safe to show."""
    try:
        store.get()
    except store.StoreUnavailable as exc:
        return str(exc)
    return None
