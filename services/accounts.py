"""Accounts: first-run setup, login with lockout, and account management.

Passwords are hashed with argon2 (argon2-cffi); a hash never leaves this module and a password
is never logged. Failed logins are counted in the database, so a lockout holds across servers.
"""

from __future__ import annotations

import datetime as dt
import threading

import argon2

from models.base import utcnow
from models.user import User, UserCreate
from services import permissions, records, store
from services.errors import AtelierError, InvalidInput, NotFound

USERS = "users"
PASSWORD_MIN = 10
MAX_FAILURES = 5
LOCK_MINUTES = 15

_hasher = argon2.PasswordHasher()
# The first-run check and the creation of the first account must not interleave in a process;
# across processes the unique username index and the count check keep a second admin out.
_first_run_lock = threading.Lock()

# The most common passwords of public breach lists (the top of the usual "10k" lists).
COMMON_PASSWORDS = frozenset(
    [
        "123456",
        "123456789",
        "12345678",
        "password",
        "qwerty123",
        "qwerty",
        "1234567890",
        "1234567",
        "111111",
        "123123",
        "abc123",
        "password1",
        "1q2w3e4r5t",
        "iloveyou",
        "000000",
        "qwertyuiop",
        "123321",
        "654321",
        "555555",
        "666666",
        "987654321",
        "1qaz2wsx",
        "zaq12wsx",
        "passw0rd",
        "password123",
        "admin123",
        "welcome1",
        "letmein123",
        "azerty",
        "azertyuiop",
        "motdepasse",
        "soleil123",
        "changeme",
        "changeme123",
        "administrator",
        "football123",
        "monkey123",
        "dragon123",
        "sunshine1",
        "princess1",
        "trustno1",
        "baseball1",
        "superman1",
        "master1234",
    ]
)


class LoginFailed(AtelierError):
    """Wrong username or password, or locked: deliberately the same message for all."""

    key = "auth.login_failed"


def check_password_strength(password: str, username: str = "") -> None:
    """Raise InvalidInput (field 'password') for a short, common or username-like password."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput("password", "auth.password_too_short", min=PASSWORD_MIN)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or (username and username.lower() in lowered):
        raise InvalidInput("password", "auth.password_common")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def any_account() -> bool:
    """True once the first account exists (the first-run screen is then gone for good)."""
    return store.get().count(USERS) > 0


def get_user(user_id: str) -> User | None:
    doc = store.get().find_one(USERS, {"_id": str(user_id)})
    return User.from_doc(doc) if doc else None


def list_users(actor: User) -> list[User]:
    permissions.require(actor, "user.manage")
    return records.find(USERS, User, {"network_id": actor.network_id}, sort=[("username", 1)])


def create_first_admin(network_id: str, data: UserCreate, password: str) -> User:
    """Create the first account (an admin). Refused once any account exists."""
    check_password_strength(password, data.username)
    with _first_run_lock:
        if any_account():
            raise AtelierError("auth.setup_done")
        user = User(
            network_id=network_id,
            **data.model_dump(exclude={"role"}),
            role="admin",
            password_hash=hash_password(password),
        )
        return records.insert(USERS, user, None)


def create_user(
    actor: User | None, data: UserCreate, password: str, *, must_change: bool = True
) -> User:
    """Create an account (admin only; `actor=None` is the command line, trusted)."""
    if actor is not None:
        permissions.require(actor, "user.manage")
    check_password_strength(password, data.username)
    if store.get().find_one(USERS, {"username": data.username}):
        raise InvalidInput("username", "auth.username_taken")
    network_id = actor.network_id if actor else _only_network_id()
    user = User(
        network_id=network_id,
        **data.model_dump(),
        password_hash=hash_password(password),
        must_change_password=must_change,
    )
    return records.insert(USERS, user, actor)


def _only_network_id() -> str:
    doc = store.get().find_one("networks", {})
    if doc is None:
        raise NotFound(entity="networks", id="")
    return doc["_id"]


def authenticate(username: str, password: str, now: dt.datetime | None = None) -> User:
    """The user whose credentials these are, or LoginFailed (same message whatever went wrong).

    Five failures in a row lock the account for fifteen minutes; the count lives in the
    database so that it holds across app servers.
    """
    now = now or utcnow()
    doc = store.get().find_one(USERS, {"username": str(username).strip().lower()})
    if doc is None:
        _hasher.hash(password)  # spend the same time as for a real account
        raise LoginFailed()
    user = User.from_doc(doc)
    if not user.active or (user.locked_until and user.locked_until > now):
        raise LoginFailed()
    try:
        _hasher.verify(user.password_hash or "", password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        failures = user.failed_logins + 1
        locked = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
        store.get().update_one(
            USERS,
            {"_id": user.id},
            {"$set": {"failed_logins": 0 if locked else failures, "locked_until": locked}},
        )
        raise LoginFailed() from None
    if user.failed_logins or user.locked_until:
        store.get().update_one(
            USERS, {"_id": user.id}, {"$set": {"failed_logins": 0, "locked_until": None}}
        )
    return user


def change_password(user: User, old_password: str, new_password: str) -> User:
    """The user's own password change (also clears 'must change')."""
    authenticate(user.username, old_password)
    check_password_strength(new_password, user.username)
    fresh = records.get(USERS, User, user.id)
    return records.update(
        USERS,
        fresh,
        {"password_hash": hash_password(new_password), "must_change_password": False},
        user,
        action="password",
    )


def set_language(user: User, lang: str) -> User:
    """Remember the user's language choice."""
    store.get().update_one(USERS, {"_id": user.id}, {"$set": {"language": lang}})
    return user.model_copy(update={"language": lang})
