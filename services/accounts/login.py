"""Logging in: credentials checked against a lockout counted in the database (so that it holds
across app servers), and the one-time set-password link."""

from __future__ import annotations

import datetime as dt

import argon2

from models.base import utcnow
from models.user import User
from services.accounts import passwords, sessions
from services.core import collections, records, store
from services.core.errors import AtelierError, Conflict, InvalidInput

USERS = collections.USERS

MAX_FAILURES = 5
LOCK_MINUTES = 15


class LoginFailed(AtelierError):
    """Wrong username or password, locked or deactivated: deliberately one message for all."""

    key = "auth.login_failed"


class InvalidLink(AtelierError):
    """A set-password link that is unknown, used, expired or for a deactivated account."""

    key = "accounts.link_invalid"


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    return bool(user.locked_until and user.locked_until > (now or utcnow()))


def link_user(token: str, now: dt.datetime | None = None) -> User:
    """The active account a set-password token is valid for, or InvalidLink."""
    if not isinstance(token, str) or not passwords.TOKEN_PATTERN.match(token):
        raise InvalidLink()
    doc = store.get().find_one(USERS, {"token_hash": passwords.token_hash(token)})
    if doc is None:
        raise InvalidLink()
    user = User.from_doc(doc)
    expires = user.token_expires_at
    if not user.active or expires is None or expires <= (now or utcnow()):
        raise InvalidLink()
    return user


def set_password_with_link(
    token: str, password: str, confirm: str, now: dt.datetime | None = None
) -> User:
    """Set the password of the account a valid token belongs to, and burn the token.

    The token is the credential here (no login). A second use, even a concurrent one, fails:
    the write is revision-checked and removes the token's hash.
    """
    user = link_user(token, now)
    if password != confirm:
        raise InvalidInput("password_confirm", "auth.password_mismatch")
    passwords.check_password_strength(password, user.username)
    changes = passwords.new_password_fields(password, must_change=False)
    try:
        done = records.update(USERS, user, changes, user, action="password_set")
    except Conflict:
        raise InvalidLink() from None
    sessions.revoke_all(user.id)
    return done


def authenticate(username: str, password: str, now: dt.datetime | None = None) -> User:
    """The user whose credentials these are, or LoginFailed (same message whatever went wrong).

    At most MAX_FAILURES guesses per account are checked, however many arrive at once: each
    guess first reserves an attempt with one atomic update, and only a reserved guess has its
    hash checked. The last reserved attempt starts a LOCK_MINUTES lock at once; during the lock
    no guess is checked or counted, so failures cannot extend it. A success gives the attempts
    back. The count lives in the database, so it holds across app servers.
    """
    now = now or utcnow()
    username = str(username).strip().lower()
    doc = store.get().find_one(USERS, {"username": username}) if username else None
    if doc is None:
        passwords.HASHER.hash(password)  # spend the same time as for a real account
        raise LoginFailed()
    user = User.from_doc(doc)
    attempt = _reserve_attempt(user.id, now)
    if attempt is None:  # locked or deactivated
        passwords.HASHER.hash(password)
        raise LoginFailed()
    try:
        passwords.HASHER.verify(user.password_hash or "", password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        if attempt >= MAX_FAILURES:
            records.log(None, user.network_id, USERS, user.id, "locked")
        raise LoginFailed() from None
    # Security bookkeeping, not an edit: written directly so it never bumps the revision an
    # administrator's form holds (which would turn their next save into a conflict).
    clear = {"failed_logins": 0, "locked_until": None}
    store.get().update_one(USERS, {"_id": user.id}, {"$set": clear})
    return user.model_copy(update=clear)


def _reserve_attempt(user_id: str, now: dt.datetime) -> int | None:
    """Count one guess before it is checked; its number (1..MAX_FAILURES), or None when the
    account is locked or deactivated."""
    db = store.get()
    # A lock that has run out starts a new window (conditional, so concurrent callers agree).
    db.update_one(
        USERS,
        {"_id": user_id, "locked_until": {"$lte": now}},
        {"$set": {"failed_logins": 0, "locked_until": None}},
    )
    reserved = db.find_one_and_update(
        USERS,
        {
            "_id": user_id,
            "active": True,
            "locked_until": None,
            "failed_logins": {"$lt": MAX_FAILURES},
        },
        {"$inc": {"failed_logins": 1}},
    )
    if reserved is None:
        return None
    attempt = int(reserved["failed_logins"])
    if attempt >= MAX_FAILURES:
        # The window's last guess: the lock starts before its hash is checked (a success
        # lifts it again), so a crash in between cannot leave the account counted but unlocked.
        db.update_one(
            USERS,
            {"_id": user_id, "locked_until": None},
            {"$set": {"locked_until": now + dt.timedelta(minutes=LOCK_MINUTES)}},
        )
    return attempt
