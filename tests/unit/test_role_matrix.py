"""The role table is enforced by the services: every write use case, for every role.

Each case runs one use case through `tests.conftest.check_matrix`, which reads
`permissions.MATRIX` and asserts allowed or refused for each role on an own and a foreign city.
Other capabilities add their own `check_matrix` cases in their test files; the last test here
checks that every action a service requires is covered by at least one case somewhere in tests/.
"""

from __future__ import annotations

import itertools
import pathlib
import re
from collections.abc import Callable

import pytest

from models.city import CityFields
from models.user import UserAccess, UserCreate
from services.accounts import accounts
from services.core import permissions, store
from services.core.errors import PermissionDenied
from services.network import networks
from tests.conftest import World, check_matrix, unchanged_store

ROOT = pathlib.Path(__file__).resolve().parents[2]
_serial = itertools.count()


def _fresh_username() -> str:
    return f"matrix.user{next(_serial)}"


def _target(world: World):
    """An account to act on (re-read each time, so every attempt holds its revision)."""
    found = store.get().find_one("users", {"username": "matrix.target"})
    if found is None:
        return accounts.create_user(
            world["admin"],
            UserCreate(username="matrix.target", display_name="Target", role="viewer"),
            "a long target passphrase",
        )
    return accounts.get_user(found["_id"])


def _viewer_data(username: str | None = None) -> UserCreate:
    return UserCreate(username=username or _fresh_username(), display_name="M", role="viewer")


# name -> (action, factory(world) -> attempt(user, city_id))
CASES: dict[str, tuple[str, Callable[[World], Callable]]] = {
    "accounts.list_users": ("user.manage", lambda w: lambda u, _c: accounts.list_users(u)),
    "accounts.managed_user": (
        "user.manage",
        lambda w: lambda u, _c: accounts.managed_user(u, _target(w).id),
    ),
    "accounts.create_user": (
        "user.manage",
        lambda w: lambda u, _c: accounts.create_user(u, _viewer_data(), "a long new passphrase"),
    ),
    "accounts.invite_user": (
        "user.manage",
        lambda w: lambda u, _c: accounts.invite_user(u, _viewer_data()),
    ),
    "accounts.update_access": (
        "user.manage",
        lambda w: (
            lambda u, _c: accounts.update_access(
                u, _target(w), UserAccess(display_name="Renamed", role="viewer")
            )
        ),
    ),
    "accounts.reset_password": (
        "user.manage",
        lambda w: lambda u, _c: accounts.reset_password(u, _target(w), "a fresh temporary one"),
    ),
    "accounts.issue_link": (
        "user.manage",
        lambda w: lambda u, _c: accounts.issue_link(u, _target(w)),
    ),
    "accounts.set_active": (
        "user.manage",
        lambda w: lambda u, _c: accounts.set_active(u, _target(w), False),
    ),
    "networks.create_city": (
        "city.create",
        lambda w: lambda u, _c: networks.create_city(u, CityFields(name="Praia", country="CV")),
    ),
    "networks.update_city": (
        "city.edit",
        lambda w: (
            lambda u, c: networks.update_city(
                u,
                networks.get_city(w["admin"], c),
                CityFields(name="Renamed", country="Somewhere"),
            )
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_use_case_follows_role_table(small_world, case):
    action, factory = CASES[case]
    check_matrix(small_world, action, factory(small_world))


def test_deactivated_admin_is_refused_everything(small_world):
    admin = small_world["admin"].model_copy(update={"active": False})
    for action in permissions.MATRIX:
        assert not permissions.allowed(admin, action, small_world.city)
    with unchanged_store(), pytest.raises(PermissionDenied):
        accounts.list_users(admin)


def test_user_without_city_has_no_own_scope(small_world):
    lead = small_world["city_lead"].model_copy(update={"city_ids": []})
    assert not permissions.allowed(lead, "plan.edit", small_world.city)
    assert permissions.visible_city_ids(lead, "plan.read") == set()


# --- coverage: every required action has a matrix case -----------------------------------------

REQUIRE = re.compile(r"permissions\.require\(\s*\w+\s*,\s*[\"']([\w.]+)[\"']")
CHECKED = re.compile(r"check_matrix\(\s*\w+\s*,\s*[\"']([\w.]+)[\"']")


def required_actions() -> dict[str, list[str]]:
    """Every action named in a `permissions.require(...)` call in services/, with its files."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "services").rglob("*.py")):
        for action in REQUIRE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(action, []).append(path.name)
    return found


def checked_actions() -> set[str]:
    """Every action some test runs through check_matrix (any file under tests/)."""
    checked = set()
    for path in (ROOT / "tests").rglob("*.py"):
        checked.update(CHECKED.findall(path.read_text(encoding="utf-8")))
    checked.update(action for action, _ in CASES.values())
    return checked


def test_required_actions_are_in_the_role_table():
    unknown = sorted(set(required_actions()) - set(permissions.MATRIX))
    assert not unknown, f"actions required by services but missing from MATRIX: {unknown}"


def test_every_required_action_has_a_matrix_case():
    required = required_actions()
    assert {"user.manage", "city.create", "city.edit"} <= set(required)
    missing = {a: files for a, files in required.items() if a not in checked_actions()}
    assert not missing, f"no check_matrix case for actions required in services: {missing}"
