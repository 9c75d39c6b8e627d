"""Guessing throttle for join codes: failed joins counted in the database per time window.

Counted per client (the browser session asking), per code prefix (someone closing in on one
workshop's code) and for the whole app (many clients at once). Only failures are counted; while
any bucket is over its limit, every join attempt through that bucket is refused until the window
ends. State lives in the database, so several app servers share it.
"""

from __future__ import annotations

import time

from services.core import collections, store

THROTTLE = collections.WORKSHOP_THROTTLE
WINDOW_S = 600
# Failed joins allowed per window (10 minutes), per bucket.
LIMITS = {"client": 8, "prefix": 30, "global": 300}
PREFIX_LENGTH = 3


def _window(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // WINDOW_S)


def _buckets(client_key: str, code: str) -> dict[str, str]:
    return {"client": client_key[:80], "prefix": code[:PREFIX_LENGTH], "global": "all"}


def blocked(client_key: str, code: str, now: float | None = None) -> bool:
    """Whether a join attempt must be refused before the code is even looked up."""
    window = _window(now)
    for bucket, key in _buckets(client_key, code).items():
        doc = store.get().find_one(THROTTLE, {"_id": f"{bucket}:{key}:{window}"})
        if doc is not None and doc.get("count", 0) >= LIMITS[bucket]:
            return True
    return False


def record_failure(client_key: str, code: str, now: float | None = None) -> None:
    """Count one failed join in every bucket (an atomic upsert each); old windows go."""
    window = _window(now)
    db = store.get()
    for bucket, key in _buckets(client_key, code).items():
        db.update_one(
            THROTTLE,
            {"_id": f"{bucket}:{key}:{window}"},
            {"$inc": {"count": 1}, "$set": {"window": window}},
            upsert=True,
        )
    db.delete_many(THROTTLE, {"window": {"$lt": window - 1}})
