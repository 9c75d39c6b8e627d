"""Login sessions that outlive a browser tab: 14 days, sliding.

The browser holds only an opaque random token (in an HttpOnly cookie, set by the app's web
routes); the `sessions` collection holds its SHA-256, never the token. A session is opened by
a login in the app and bound to the browser's cookie through a one-time handoff code (random,
hashed, valid two minutes), so the long-lived token never appears in a URL or a page.
Logging out, a password change or reset, and deactivating the account delete the sessions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import secrets

from models.base import utcnow
from models.user import User
from services.core import collections, store

LOGIN_SESSIONS = collections.LOGIN_SESSIONS
USERS = collections.USERS
LIFETIME = dt.timedelta(days=14)
HANDOFF = dt.timedelta(minutes=2)
# A session's expiry moves forward when it is used, at most once an hour (one write, not one
# per page view); the cookie is renewed once a day.
SLIDE_EVERY = dt.timedelta(hours=1)
RENEW_COOKIE_EVERY = dt.timedelta(days=1)
COOKIE_NAME = "atelier_session"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


@dataclasses.dataclass(frozen=True)
class Opened:
    """A session just opened by a login: its id and the one-time code that binds the cookie."""

    session_id: str
    handoff_code: str


@dataclasses.dataclass(frozen=True)
class Restored:
    """The account a valid cookie belongs to, its session, and whether to renew the cookie."""

    user: User
    session_id: str
    renew_cookie: bool


def _hash(secret: str) -> str:
    # 256 random bits: a plain SHA-256 is enough (no dictionary to attack).
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _well_formed(secret: object) -> bool:
    return isinstance(secret, str) and bool(TOKEN_PATTERN.match(secret))


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # Some stores give datetimes back without their time zone: they are stored in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def open_session(user: User, now: dt.datetime | None = None) -> Opened:
    """Open a session for a user who has just proved who they are (login, set-password link)."""
    now = now or utcnow()
    code = secrets.token_urlsafe(32)
    session_id = store.sortable_id()
    store.get().insert_one(
        LOGIN_SESSIONS,
        {
            "_id": session_id,
            "user_id": user.id,
            "token_hash": None,
            "handoff_hash": _hash(code),
            "handoff_expires_at": now + HANDOFF,
            "created_at": now,
            "last_seen_at": now,
            "cookie_set_at": None,
            "expires_at": now + LIFETIME,
        },
    )
    return Opened(session_id, code)


def bind_cookie(code: str, now: dt.datetime | None = None) -> str | None:
    """Exchange a one-time handoff code for the session's cookie token (None: unknown, used or
    expired). The code works once, even when two requests race (one atomic update)."""
    if not _well_formed(code):
        return None
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    bound = store.get().find_one_and_update(
        LOGIN_SESSIONS,
        {"handoff_hash": _hash(code), "handoff_expires_at": {"$gt": now}},
        {
            "$set": {
                "token_hash": _hash(token),
                "handoff_hash": None,
                "handoff_expires_at": None,
                "cookie_set_at": now,
                "last_seen_at": now,
                "expires_at": now + LIFETIME,
            }
        },
    )
    return token if bound is not None else None


def handoff_pending(session_id: str) -> bool:
    """Whether the session still waits for its cookie (the page keeps offering the code)."""
    doc = store.get().find_one(LOGIN_SESSIONS, {"_id": str(session_id)})
    return bool(doc and doc.get("handoff_hash"))


def restore(token: str, now: dt.datetime | None = None) -> Restored | None:
    """The active account a cookie token belongs to, or None (unknown, revoked, expired).

    Each use slides the expiry to LIFETIME from now (written at most once an hour).
    """
    if not _well_formed(token):
        return None
    now = now or utcnow()
    db = store.get()
    doc = db.find_one(LOGIN_SESSIONS, {"token_hash": _hash(token)})
    if doc is None or _aware(doc["expires_at"]) <= now:
        return None
    user_doc = db.find_one(USERS, {"_id": doc["user_id"]})
    if user_doc is None or not user_doc.get("active", False):
        return None
    if now - _aware(doc["last_seen_at"]) >= SLIDE_EVERY:
        db.update_one(
            LOGIN_SESSIONS,
            {"_id": doc["_id"]},
            {"$set": {"last_seen_at": now, "expires_at": now + LIFETIME}},
        )
    cookie_set_at = _aware(doc.get("cookie_set_at")) or now
    return Restored(User.from_doc(user_doc), doc["_id"], now - cookie_set_at >= RENEW_COOKIE_EVERY)


def renew_cookie(token: str, now: dt.datetime | None = None) -> bool:
    """Record that the cookie was sent again with a fresh lifetime; False for an invalid token."""
    if restore(token, now) is None:
        return False
    now = now or utcnow()
    store.get().update_one(
        LOGIN_SESSIONS,
        {"token_hash": _hash(token)},
        {"$set": {"cookie_set_at": now, "last_seen_at": now, "expires_at": now + LIFETIME}},
    )
    return True


def is_open(session_id: str, now: dt.datetime | None = None) -> bool:
    """Whether this session still exists and has not expired (revocation deletes it)."""
    doc = store.get().find_one(LOGIN_SESSIONS, {"_id": str(session_id)})
    return doc is not None and _aware(doc["expires_at"]) > (now or utcnow())


def revoke(session_id: str) -> None:
    """End one session (logging out)."""
    store.get().delete_one(LOGIN_SESSIONS, {"_id": str(session_id)})


def revoke_token(token: str) -> None:
    """End the session a cookie token belongs to (the logout route)."""
    if _well_formed(token):
        store.get().delete_one(LOGIN_SESSIONS, {"token_hash": _hash(token)})


def revoke_all(user_id: str, *, keep: str | None = None) -> int:
    """End every session of an account, except `keep` (the one changing its own password)."""
    query: dict = {"user_id": str(user_id)}
    if keep:
        query["_id"] = {"$ne": str(keep)}
    return store.get().delete_many(LOGIN_SESSIONS, query)


def open_count(user_id: str, now: dt.datetime | None = None) -> int:
    """How many unexpired sessions an account has (tests, the admin's view)."""
    return store.get().count(
        LOGIN_SESSIONS, {"user_id": str(user_id), "expires_at": {"$gt": now or utcnow()}}
    )
