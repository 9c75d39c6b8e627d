"""Guessing throttle for join codes: it stops the guesser, never the room.

A join code is 8 symbols of 32 (40 bits): guessing one is hopeless whatever this module does;
the throttle keeps a noisy guesser from costing the server and makes guessing slower still.

- Per client (the browser session asking): each attempt reserves one of LIMITS["client"] tries
  of the 10-minute window with one conditional `$inc` (find_one_and_update, as the account
  lockout does), before the code is looked up; a join that succeeds gives its try back. A
  client out of tries is refused without a look-up, however many requests it sends at once.
- Per address (the connection's IP, when known), per code prefix (someone closing in on one
  workshop's code) and for the whole app: failures are counted, and past the limit a *wrong*
  code is answered only after SLOW_S seconds. These buckets are shared with innocent people (a
  room behind one Wi-Fi address, a real code's first letters), so they slow guesses down and
  never refuse anyone: a right code always gets in at once.

State lives in the database, so several app servers share it.
"""

from __future__ import annotations

import time

from services.core import collections, store

THROTTLE = collections.WORKSHOP_THROTTLE
WINDOW_S = 600
# Failed joins per window (10 minutes): a client's tries; past the others, wrong codes wait.
LIMITS = {"client": 8, "address": 30, "prefix": 30, "global": 300}
SHARED = ("address", "prefix", "global")
PREFIX_LENGTH = 3
SLOW_S = 2.0


def _window(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // WINDOW_S)


def _id(bucket: str, key: str, window: int) -> str:
    return f"{bucket}:{key[:80]}:{window}"


def _shared(address: str | None, code: str) -> dict[str, str]:
    buckets = {"prefix": code[:PREFIX_LENGTH], "global": "all"}
    if address:
        buckets["address"] = address
    return buckets


def reserve(client_key: str, now: float | None = None) -> bool:
    """Take one of the client's tries for this window before the code is looked up (False: none
    left; the attempt must be refused unseen). One conditional increment: however many requests
    arrive at once, at most LIMITS["client"] get a try."""
    window = _window(now)
    db = store.get()
    doc_id = _id("client", client_key, window)
    db.update_one(
        THROTTLE,
        {"_id": doc_id},
        {"$setOnInsert": {"count": 0, "window": window}},
        upsert=True,
    )
    taken = db.find_one_and_update(
        THROTTLE,
        {"_id": doc_id, "count": {"$lt": LIMITS["client"]}},
        {"$inc": {"count": 1}},
    )
    return taken is not None


def give_back(client_key: str, now: float | None = None) -> None:
    """A join succeeded: its try goes back to the client (only failures count)."""
    store.get().update_one(
        THROTTLE,
        {"_id": _id("client", client_key, _window(now)), "count": {"$gt": 0}},
        {"$inc": {"count": -1}},
    )


def record_failure(address: str | None, code: str, now: float | None = None) -> float:
    """Count one failed join in the shared buckets (an atomic upsert each; old windows go); the
    seconds the wrong answer should wait: SLOW_S once any of them is past its limit, else 0."""
    window = _window(now)
    db = store.get()
    slow = 0.0
    for bucket, key in _shared(address, code).items():
        counted = db.find_one_and_update(
            THROTTLE,
            {"_id": _id(bucket, key, window)},
            {"$inc": {"count": 1}, "$set": {"window": window}},
            upsert=True,
        )
        if counted is not None and counted.get("count", 0) > LIMITS[bucket]:
            slow = SLOW_S
    db.delete_many(THROTTLE, {"window": {"$lt": window - 1}})
    return slow
