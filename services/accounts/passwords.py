"""Passwords and set-password links: the strength rules, argon2 hashing (a hash never leaves the
accounts package and a password is never logged), temporary passwords, and link tokens of which
only the SHA-256 is stored, with an expiry."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pathlib
import re
import secrets

import argon2

from models.base import utcnow
from services.core.errors import InvalidInput

PASSWORD_MIN = 10
LINK_HOURS = 72
COMMON_PASSWORDS_FILE = pathlib.Path(__file__).parent / "data" / "common_passwords.txt"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


# argon2 with its default (deliberately slow) parameters; the test suite swaps in cheap ones.
HASHER = argon2.PasswordHasher()


@functools.cache
def common_passwords() -> frozenset[str]:
    """The most common passwords of public breach lists (services/data, read once)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def _is_common(password: str) -> bool:
    lowered = password.lower()
    # "password2026!" is as guessable as "password": strip trailing digits and symbols too.
    stem = re.sub(r"[\d\W_]+$", "", lowered)
    return lowered in common_passwords() or stem in common_passwords()


# Runs people type for "something long": digits, the alphabet, the rows of a keyboard.
_SEQUENCES = ("0123456789" * 3, "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


PASSWORD_MIN_DISTINCT = 5


def _is_pattern(password: str) -> bool:
    """Repeated or sequential characters: 'aaaaaaaaaa', ten spaces, 'abababab', '1234567890',
    or one block said again ('0123401234', 'abcabcabca')."""
    lowered = password.lower()
    if len(set(lowered)) < PASSWORD_MIN_DISTINCT:
        return True
    # Each character one step from the last (or the same): 'abcdefghij', 'aabbccddee', '9876543210'.
    if all(abs(ord(b) - ord(a)) <= 1 for a, b in zip(lowered, lowered[1:], strict=False)):
        return True
    if _is_repeated_block(lowered):
        return True
    return any(lowered in seq or lowered in seq[::-1] for seq in _SEQUENCES)


def _is_repeated_block(text: str) -> bool:
    # A block typed twice or more, the last time perhaps cut short: '01234' x 2, 'abc' x 3 + 'a'.
    for size in range(1, len(text) // 2 + 1):
        block = text[:size]
        if (block * (len(text) // size + 1))[: len(text)] == text:
            return True
    return False


APP_NAME = "atelier"


# One word, a year and perhaps symbols ('Atelier2026!', 'Bordeaux-1999', '2026summer?'): the
# first thing a person tries once 'password' is refused, and the first thing a guesser tries.
_WORD_AND_YEAR = re.compile(
    r"^(?:[^\W\d_]+[\W_]*(?:19|20)\d\d|(?:19|20)\d\d[\W_]*[^\W\d_]+)[\W_]*$"
)


def _is_word_and_year(password: str) -> bool:
    return bool(_WORD_AND_YEAR.match(password.strip())) or APP_NAME in password.lower()


def check_password_strength(password: str, username: str = "") -> None:
    """Raise InvalidInput (field 'password') for a short, common, username-like password, one
    that is a word and a year or holds the app's name, or one made of repeated or sequential
    characters (or a block typed again)."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput("password", "auth.password_too_short", min=PASSWORD_MIN)
    if _is_common(password) or (username and username.lower() in password.lower()):
        raise InvalidInput("password", "auth.password_common")
    if _is_word_and_year(password):
        raise InvalidInput("password", "auth.password_word_year")
    if not password.strip() or _is_pattern(password):
        raise InvalidInput("password", "auth.password_pattern")


def hash_password(password: str) -> str:
    """The password's argon2 hash (HASHER: the tests swap in cheap parameters)."""
    return HASHER.hash(password)


def new_temporary_password() -> str:
    """A random temporary password (shown once to the administrator, changed at first login)."""
    return secrets.token_urlsafe(12)


def token_hash(token: str) -> str:
    # The token is 256 random bits: a plain SHA-256 is enough (no dictionary to attack).
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_link(now: dt.datetime) -> tuple[str, dict]:
    token = secrets.token_urlsafe(32)
    changes = {
        "token_hash": token_hash(token),
        "token_expires_at": now + dt.timedelta(hours=LINK_HOURS),
    }
    return token, changes


def new_password_fields(password: str, *, must_change: bool) -> dict:
    """The changes that give an account this password: its link and any lockout cleared."""
    return {
        "password_hash": hash_password(password),
        "must_change_password": must_change,
        "token_hash": None,
        "token_expires_at": None,
        "failed_logins": 0,
        "locked_until": None,
        "sessions_valid_after": utcnow(),
    }
