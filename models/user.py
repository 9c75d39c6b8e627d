"""Accounts. Password hashes live here but never leave services/accounts.py in clear."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import EmailStr, Field, StringConstraints

from models.base import Document, Id, Lang, Model, Name, UTCDateTime

Role = Literal["admin", "coordinator", "city_lead", "lag_member", "viewer"]
ROLES: tuple[str, ...] = ("admin", "coordinator", "city_lead", "lag_member", "viewer")

Username = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z0-9_.@-]{3,64}$")
]


class User(Document):
    username: Username
    display_name: Name
    email: EmailStr | None = None
    language: Lang = "en"
    role: Role
    city_ids: list[Id] = Field(default_factory=list)
    active: bool = True
    password_hash: str | None = None
    must_change_password: bool = False
    failed_logins: int = 0
    locked_until: UTCDateTime | None = None


class UserCreate(Model):
    username: Username
    display_name: Name
    email: EmailStr | None = None
    language: Lang = "en"
    role: Role
    city_ids: list[Id] = Field(default_factory=list)
