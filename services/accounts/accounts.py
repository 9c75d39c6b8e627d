"""Accounts: reading them, creating and managing them (administrators), one's own account.
Passwords and links are services/accounts/passwords.py, logging in services/accounts/login.py.

Passwords are hashed with argon2 (argon2-cffi); a hash never leaves this module and a password
is never logged (activity lines name the fields that changed, never their values). Failed
logins are counted in the database, so a lockout holds across app servers. A set-password link
carries a random token of which only the SHA-256 is stored, with an expiry.
"""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd

from models.base import utcnow
from models.user import Profile, User, UserAccess, UserCreate
from services.accounts import login, passwords, sessions
from services.core import collections, permissions, records, store
from services.core.errors import AtelierError, InvalidInput, NotFound, PermissionDenied

USERS = collections.USERS
CITIES = collections.CITIES
CITY_ROLES = frozenset({"city_lead", "lag_member"})

# The first-run check and the creation of the first account must not interleave in a process;
# across processes the unique username index and the count check keep a second admin out.
_first_run_lock = threading.Lock()


# --- reads -------------------------------------------------------------------------------------


def any_account() -> bool:
    """True once the first account exists (the first-run screen is then gone for good)."""
    return store.get().count(USERS) > 0


def get_user(user_id: str) -> User | None:
    """The account with this id, or None."""
    doc = store.get().find_one(USERS, {"_id": str(user_id)})
    return User.from_doc(doc) if doc else None


def list_users(actor: User) -> list[User]:
    """Every account of the actor's network, by username (administrators only)."""
    permissions.require(actor, "user.manage")
    return records.find(USERS, User, {"network_id": actor.network_id}, sort=[("username", 1)])


def managed_user(actor: User, user_id: str) -> User:
    """One account of the actor's network, for an administrator (NotFound otherwise)."""
    permissions.require(actor, "user.manage")
    user = get_user(user_id)
    if user is None or user.network_id != actor.network_id:
        raise NotFound(entity=USERS, id=user_id)
    return user


def accounts_frame(
    users: list[User], city_names: dict[str, str], now: dt.datetime | None = None
) -> pd.DataFrame:
    """One row per account: username, name, email, role, cities (by name), active, locked."""
    columns = ["username", "display_name", "email", "role", "cities", "active", "locked"]
    rows = [
        {
            "username": u.username,
            "display_name": u.display_name,
            "email": u.email or "",
            "role": u.role,
            "cities": ", ".join(city_names.get(c, c) for c in u.city_ids),
            "active": u.active,
            "locked": login.is_locked(u, now),
        }
        for u in users
    ]
    return pd.DataFrame(rows, columns=columns)


# The demo network's accounts have ids of their own (services/demo/seed.py).
DEMO_ID_PATTERN = "^demo-"


def demo_accounts(actor: User) -> list[User]:
    """The demo accounts of the actor's network, by role then username (administrators only);
    empty once they are gone."""
    permissions.require(actor, "user.manage")
    query = {"network_id": actor.network_id, "_id": {"$regex": DEMO_ID_PATTERN}}
    users = records.find(USERS, User, query, sort=[("username", 1)])
    rank = {"admin": 0, "coordinator": 1, "city_lead": 2, "lag_member": 3, "viewer": 4}
    return sorted(users, key=lambda u: (rank.get(u.role, 9), u.username))


def demo_accounts_frame(users: list[User], city_names: dict[str, str]) -> pd.DataFrame:
    """One row per demo account: username, role, cities (by name)."""
    rows = [
        {
            "username": u.username,
            "role": u.role,
            "cities": ", ".join(city_names.get(c, c) for c in u.city_ids),
        }
        for u in users
    ]
    return pd.DataFrame(rows, columns=["username", "role", "cities"])


def user_for_email(email: str) -> User | None:
    """The active account an administrator gave this email (single sign-on), or None."""
    if not isinstance(email, str) or not email.strip() or email.strip().startswith("$"):
        return None
    docs = store.get().find(USERS, {"email": email.strip().lower(), "active": True}, limit=2)
    return User.from_doc(docs[0]) if len(docs) == 1 else None


# --- checks shared by the admin use cases ------------------------------------------------------


def _check_cities(network_id: str, role: str, city_ids: list[str]) -> None:
    if role in CITY_ROLES and not city_ids:
        raise InvalidInput("city_ids", "accounts.city_required")
    wanted = sorted(set(city_ids))
    if wanted:
        found = store.get().count(CITIES, {"_id": {"$in": wanted}, "network_id": network_id})
        if found != len(wanted):
            raise InvalidInput("city_ids", "accounts.unknown_city")


def _check_email(email: str | None, user_id: str | None = None) -> None:
    if email is None:
        return
    other = store.get().find_one(USERS, {"email": email})
    if other is not None and other["_id"] != user_id:
        raise InvalidInput("email", "accounts.email_taken")


def _check_keeps_an_admin(target: User, role: str, active: bool) -> None:
    """No change may leave the network without an active administrator."""
    if target.role != "admin" or not target.active or (role == "admin" and active):
        return
    others = store.get().count(
        USERS,
        {
            "network_id": target.network_id,
            "role": "admin",
            "active": True,
            "_id": {"$ne": target.id},
        },
    )
    if others == 0:
        raise AtelierError("accounts.last_admin")


def _insert_user(actor: User | None, user: User, submission: str | None = None) -> User:
    if store.get().find_one(USERS, {"username": user.username}):
        raise InvalidInput("username", "auth.username_taken")
    try:
        return records.insert(USERS, user, actor, submission=submission)
    except store.DuplicateKey:
        raise InvalidInput("username", "auth.username_taken") from None


# --- creating accounts -------------------------------------------------------------------------


def create_first_admin(network_id: str, data: UserCreate, password: str) -> User:
    """Create the first account (an admin). Refused once any account exists."""
    passwords.check_password_strength(password, data.username)
    with _first_run_lock:
        if any_account():
            raise AtelierError("auth.setup_done")
        user = User(
            network_id=network_id,
            **data.model_dump(exclude={"role"}),
            role="admin",
            password_hash=passwords.hash_password(password),
        )
        return records.insert(USERS, user, None)


def _repeated(network_id: str, submission: str | None) -> User | None:
    """The account the form `submission` already wrote (a double click), else None."""
    return records.submitted(USERS, User, submission, network_id)


def create_user(
    actor: User | None,
    data: UserCreate,
    password: str,
    *,
    must_change: bool = True,
    submission: str | None = None,
) -> User:
    """Create an account with a (temporary) password; admin only (`actor=None`: command line).
    A form's `submission` sent again creates nothing and returns the account it created."""
    if actor is not None:
        permissions.require(actor, "user.manage")
    network_id = actor.network_id if actor else _only_network_id()
    if (first := _repeated(network_id, submission)) is not None:
        return first
    passwords.check_password_strength(password, data.username)
    _check_cities(network_id, data.role, data.city_ids)
    _check_email(data.email)
    user = User(
        network_id=network_id,
        **data.model_dump(),
        password_hash=passwords.hash_password(password),
        must_change_password=must_change,
    )
    return _insert_user(actor, user, submission)


def invite_user(
    actor: User,
    data: UserCreate,
    now: dt.datetime | None = None,
    *,
    submission: str | None = None,
) -> tuple[User, str]:
    """Create an account without a password and return it with a one-time set-password token
    (valid passwords.LINK_HOURS hours; only its hash is stored). Admin only. A form's
    `submission` sent again creates nothing: the account it created, with no token ("": the
    first send had it)."""
    permissions.require(actor, "user.manage")
    if (first := _repeated(actor.network_id, submission)) is not None:
        return first, ""
    _check_cities(actor.network_id, data.role, data.city_ids)
    _check_email(data.email)
    token, link = passwords.new_link(now or utcnow())
    user = User(network_id=actor.network_id, **data.model_dump(), **link)
    return _insert_user(actor, user, submission), token


def _only_network_id() -> str:
    doc = store.get().find_one(collections.NETWORKS, {})
    if doc is None:
        raise NotFound(entity=collections.NETWORKS, id="")
    return doc["_id"]


# --- managing accounts -------------------------------------------------------------------------


def update_access(
    actor: User, target: User, data: UserAccess, *, submission: str | None = None
) -> User:
    """Change an account's name, email, role and cities (admin only, revision-checked). A
    form's `submission` sent again writes nothing and returns the account as it stands."""
    permissions.require(actor, "user.manage")
    target = managed_user(actor, target.id).model_copy(update={"revision": target.revision})
    if (first := _repeated(actor.network_id, submission)) is not None:
        return first
    _check_cities(actor.network_id, data.role, data.city_ids)
    _check_email(data.email, target.id)
    _check_keeps_an_admin(target, data.role, target.active)
    return records.update(
        USERS, target, data.model_dump(), actor, action="access", submission=submission
    )


def reset_password(actor: User, target: User, password: str) -> User:
    """Give an account a temporary password the user must change; clears lockout and links."""
    permissions.require(actor, "user.manage")
    target = managed_user(actor, target.id).model_copy(update={"revision": target.revision})
    passwords.check_password_strength(password, target.username)
    changes = passwords.new_password_fields(password, must_change=True)
    done = records.update(USERS, target, changes, actor, action="password_reset")
    sessions.revoke_all(target.id)
    return done


def issue_link(
    actor: User | None, target: User, now: dt.datetime | None = None
) -> tuple[User, str]:
    """Replace an account's password by a new one-time set-password link; returns the token.
    Admin only (`actor=None`: command line).

    The old password stops working at once (the reason for a reset may be a leak), open
    sessions end, and the lockout is cleared: the link is the way back in that someone
    guessing passwords cannot block (setting the password through it needs no login).
    """
    if actor is not None:
        target = managed_user(actor, target.id).model_copy(update={"revision": target.revision})
    token, link = passwords.new_link(now or utcnow())
    changes = {
        **link,
        "password_hash": None,
        "must_change_password": False,
        "failed_logins": 0,
        "locked_until": None,
        "sessions_valid_after": utcnow(),
    }
    done = records.update(USERS, target, changes, actor, action="link_issued")
    sessions.revoke_all(target.id)
    return done, token


def set_active(actor: User, target: User, active: bool) -> User:
    """Deactivate or reactivate an account. A deactivated user cannot log in, and their open
    sessions end (at once for kept logins, at their next action for open pages). Either way a
    pending set-password link dies: reactivating never revives an old link. The last active
    administrator stays."""
    permissions.require(actor, "user.manage")
    target = managed_user(actor, target.id).model_copy(update={"revision": target.revision})
    _check_keeps_an_admin(target, target.role, active)
    action = "reactivate" if active else "deactivate"
    changes = {"active": bool(active), "token_hash": None, "token_expires_at": None}
    done = records.update(USERS, target, changes, actor, action=action)
    if not active:
        sessions.revoke_all(target.id)
    return done


def user_by_username(username: str) -> User | None:
    """The account with this username (any network), or None (the command line)."""
    doc = store.get().find_one(USERS, {"username": str(username).strip().lower()})
    return User.from_doc(doc) if doc else None


def unlock(actor: User | None, target: User) -> User:
    """End a lockout now (admin only; `actor=None`: command line). Not a revision-checked edit:
    lockout bookkeeping never turns an administrator's open form into a conflict."""
    if actor is not None:
        target = managed_user(actor, target.id)
    clear = {"failed_logins": 0, "locked_until": None}
    store.get().update_one(USERS, {"_id": target.id}, {"$set": clear})
    records.log(actor, target.network_id, USERS, target.id, "unlocked")
    return target.model_copy(update=clear)


# --- one's own account --------------------------------------------------------------------------


def change_password(
    user: User,
    old_password: str,
    new_password: str,
    confirm: str,
    *,
    session_id: str | None = None,
    submission: str | None = None,
) -> User:
    """The user's own password change (also clears 'must change'). Wrong old passwords count
    towards the lockout like failed logins. Every other open session of the account ends
    (kept logins at once, open pages at their next action); `session_id`, the session making
    the change, stays. A form's `submission` sent again (a double click, whose old password is
    no longer the password) changes nothing and returns the account: the first result."""
    first = _repeated(user.network_id, submission)
    if first is not None and first.id == user.id:
        return first
    try:
        login.authenticate(user.username, old_password)
    except login.LoginFailed:
        raise InvalidInput("old_password", "accounts.old_password_wrong") from None
    if new_password != confirm:
        raise InvalidInput("password_confirm", "auth.password_mismatch")
    if new_password == old_password:
        raise InvalidInput("password", "accounts.password_same")
    passwords.check_password_strength(new_password, user.username)
    fresh = records.get(USERS, User, user.id)
    changes = {
        "password_hash": passwords.hash_password(new_password),
        "must_change_password": False,
        "sessions_valid_after": utcnow(),
    }
    done = records.update(USERS, fresh, changes, fresh, action="password", submission=submission)
    sessions.revoke_all(user.id, keep=session_id)
    return done


def update_profile(user: User, data: Profile, *, submission: str | None = None) -> User:
    """The user's own display name and language (only their own document; must be active).
    A form's `submission` sent again writes nothing and returns the account as it stands."""
    fresh = records.get(USERS, User, user.id)
    if not fresh.active:
        raise PermissionDenied(action="account")
    return records.update(
        USERS, fresh, data.model_dump(), fresh, action="profile", submission=submission
    )


def set_language(user: User, lang: str) -> User:
    """Remember the user's language choice (a preference: no revision, no activity line)."""
    store.get().update_one(USERS, {"_id": user.id}, {"$set": {"language": lang}})
    return user.model_copy(update={"language": lang})
