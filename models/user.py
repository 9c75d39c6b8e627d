"""Accounts. Password hashes live here but never leave services/accounts/ in clear."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from models.base import Document, Id, Lang, Model, Name, UTCDateTime

Role = Literal["admin", "coordinator", "city_lead", "lag_member", "viewer"]
ROLES: tuple[str, ...] = ("admin", "coordinator", "city_lead", "lag_member", "viewer")

Username = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[A-Za-z0-9_.@-]{3,64}$")
]
# Emails are compared case-insensitively (single sign-on maps an identity by email).
Email = Annotated[EmailStr, AfterValidator(str.lower)]


class User(Document):
    username: Username
    display_name: Name
    email: Email | None = None
    language: Lang = "en"
    role: Role
    city_ids: list[Id] = Field(default_factory=list)
    active: bool = True
    password_hash: str | None = None
    must_change_password: bool = False
    failed_logins: int = 0
    locked_until: UTCDateTime | None = None
    # A one-time set-password link: only the SHA-256 of its random token is stored.
    token_hash: str | None = None
    token_expires_at: UTCDateTime | None = None
    # Sessions opened before this moment end at their next action (set by password resets).
    sessions_valid_after: UTCDateTime | None = None


class UserCreate(Model):
    username: Username
    display_name: Name
    email: Email | None = None
    language: Lang = "en"
    role: Role
    city_ids: list[Id] = Field(default_factory=list)


class UserAccess(Model):
    """What an administrator edits on an existing account."""

    display_name: Name
    email: Email | None = None
    role: Role
    city_ids: list[Id] = Field(default_factory=list)


class Profile(Model):
    """What a user edits on their own account."""

    display_name: Name
    language: Lang = "en"
