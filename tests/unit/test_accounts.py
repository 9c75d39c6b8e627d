"""Accounts: password policy, lockout, generic login message, first run, links, admin rules."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pydantic
import pytest

from models.base import utcnow
from models.user import Profile, User, UserAccess, UserCreate
from services import setup
from services.accounts import accounts, login, sessions
from services.accounts import passwords as account_passwords
from services.core import i18n, records, store
from services.core.errors import AtelierError, Conflict, InvalidInput, PermissionDenied
from services.network import networks
from tests.conftest import ADMIN_PASSWORD, unchanged_store

GOOD = "correct horse battery staple"


def _new(world, username="new.person", role="lag_member", **fields):
    data = UserCreate(
        username=username,
        display_name=fields.pop("display_name", "New Person"),
        role=role,
        city_ids=fields.pop("city_ids", [world.city] if role in accounts.CITY_ROLES else []),
        **fields,
    )
    return accounts.create_user(world["admin"], data, GOOD, must_change=False)


# --- password policy ---------------------------------------------------------------------------


def test_common_password_list_is_real_and_lower_case():
    common = account_passwords.common_passwords()
    assert len(common) >= 500
    assert {"123456", "password", "qwerty", "iloveyou", "azerty"} <= common
    assert all(p == p.lower() and p.strip() == p for p in common)


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("short", "auth.password_too_short"),
        ("123456789", "auth.password_too_short"),
        ("1234567890", "auth.password_common"),
        ("qwertyuiop", "auth.password_common"),
        ("Password2026!", "auth.password_common"),
        ("AZERTYUIOP", "auth.password_common"),
        ("my name is jane.doe ok", "auth.password_common"),
    ],
)
def test_password_policy_refuses(password, key):
    with pytest.raises(InvalidInput) as caught:
        account_passwords.check_password_strength(password, "jane.doe")
    assert caught.value.field == "password"
    assert caught.value.key == key


def test_password_policy_accepts_a_passphrase(small_world):
    """A long passphrase passes every rule: the check lets it through (it returns, raising
    nothing), an account can be given it, and it logs in with it."""
    assert account_passwords.check_password_strength(GOOD, "jane.doe") is None
    user = _new(small_world, username="jane.doe")
    assert login.authenticate("jane.doe", GOOD).id == user.id


# --- logging in --------------------------------------------------------------------------------


def test_login_works_and_hash_is_argon2(small_world):
    user = login.authenticate(f"  {small_world['admin'].username.upper()} ", small_world.password)
    assert user.id == small_world["admin"].id
    assert user.password_hash.startswith("$argon2")
    assert small_world.password not in str(store.get().find("activity", {}))


def test_five_failures_lock_for_fifteen_minutes(small_world):
    username = small_world["admin"].username
    now = utcnow()
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate(username, "wrong password here", now=now)
    stored = accounts.get_user(small_world["admin"].id)
    assert stored.locked_until == now + dt.timedelta(minutes=15)
    # Locked: even the right password is refused, with the same message, for 15 minutes.
    with pytest.raises(login.LoginFailed):
        login.authenticate(username, small_world.password, now=now + dt.timedelta(minutes=14))
    user = login.authenticate(username, small_world.password, now=now + dt.timedelta(minutes=16))
    assert user.failed_logins == 0
    assert accounts.get_user(user.id).locked_until is None
    assert any(line["action"] == "locked" for line in records.history(user.id))


def test_four_failures_then_success_resets_the_count(small_world):
    username = small_world["admin"].username
    for _ in range(login.MAX_FAILURES - 1):
        with pytest.raises(login.LoginFailed):
            login.authenticate(username, "wrong password here")
    login.authenticate(username, small_world.password)
    with pytest.raises(login.LoginFailed):
        login.authenticate(username, "wrong password here")
    stored = accounts.get_user(small_world["admin"].id)
    assert stored.failed_logins == 1
    assert stored.locked_until is None


def test_login_message_never_tells_why(small_world):
    keys = set()
    target = _new(small_world, "gone.person")
    accounts.set_active(small_world["admin"], target, False)
    for username, password in [
        ("nobody.here", GOOD),  # unknown user
        (small_world["admin"].username, "wrong password here"),  # wrong password
        ("gone.person", GOOD),  # deactivated
    ]:
        with pytest.raises(login.LoginFailed) as caught:
            login.authenticate(username, password)
        keys.add((caught.value.key, str(caught.value)))
    now = utcnow()
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate(small_world["coordinator"].username, "wrong password here", now=now)
    with pytest.raises(login.LoginFailed) as caught:  # locked
        login.authenticate(small_world["coordinator"].username, small_world.password, now=now)
    keys.add((caught.value.key, str(caught.value)))
    assert keys == {("auth.login_failed", "auth.login_failed")}


# --- first run ---------------------------------------------------------------------------------


def test_first_run_is_refused_once_an_account_exists(db):
    assert not accounts.any_account()
    data = UserCreate(username="first.admin", display_name="First", role="admin")
    user, _ = setup.first_run(data, GOOD, GOOD, "Network", load_demo=False)
    assert user.role == "admin"
    assert accounts.any_account()
    again = UserCreate(username="second.admin", display_name="Second", role="admin")
    with pytest.raises(AtelierError) as caught:
        setup.first_run(again, GOOD, GOOD, "Other network", load_demo=False)
    assert caught.value.key == "auth.setup_done"
    assert store.get().count("users") == 1


# --- admin use cases ---------------------------------------------------------------------------


def test_temporary_password_must_be_changed(small_world):
    password = account_passwords.new_temporary_password()
    data = UserCreate(username="temp.user", display_name="Temp", role="viewer")
    user = accounts.create_user(small_world["admin"], data, password)
    assert user.must_change_password
    logged = login.authenticate("temp.user", password)
    changed = accounts.change_password(logged, password, GOOD, GOOD)
    assert not changed.must_change_password
    assert login.authenticate("temp.user", GOOD).id == user.id


def test_change_password_checks_old_confirm_and_policy(small_world):
    user = _new(small_world)
    with pytest.raises(InvalidInput) as caught:
        accounts.change_password(user, "not the password", "another good phrase", "x")
    assert caught.value.field == "old_password"
    with pytest.raises(InvalidInput) as caught:
        accounts.change_password(user, GOOD, "another good phrase", "different")
    assert caught.value.field == "password_confirm"
    with pytest.raises(InvalidInput) as caught:
        accounts.change_password(user, GOOD, "iloveyou123", "iloveyou123")
    assert caught.value.key == "auth.password_common"


def test_invite_link_is_hashed_one_time_and_expires(small_world):
    now = utcnow()
    data = UserCreate(username="invited", display_name="Invited", role="viewer")
    user, token = accounts.invite_user(small_world["admin"], data, now=now)
    raw = store.get().find_one("users", {"_id": user.id})
    assert token not in str(raw)
    assert raw["token_hash"] and raw["password_hash"] is None
    assert user.token_expires_at == now + dt.timedelta(hours=72)
    assert login.link_user(token, now + dt.timedelta(hours=71)).id == user.id
    with pytest.raises(login.InvalidLink):
        login.link_user(token, now + dt.timedelta(hours=72, seconds=1))
    done = login.set_password_with_link(token, GOOD, GOOD, now=now + dt.timedelta(hours=1))
    assert done.token_hash is None
    assert login.authenticate("invited", GOOD).id == user.id
    with pytest.raises(login.InvalidLink):  # burnt
        login.set_password_with_link(token, "yet another phrase", "yet another phrase")


def test_expired_link_cannot_set_a_password(small_world):
    now = utcnow() - dt.timedelta(hours=73)
    data = UserCreate(username="late.user", display_name="Late", role="viewer")
    _, token = accounts.invite_user(small_world["admin"], data, now=now)
    with pytest.raises(login.InvalidLink):
        login.set_password_with_link(token, GOOD, GOOD)


@pytest.mark.parametrize("token", ["", "short", "$where", "a" * 200, "x" * 40 + "<script>"])
def test_malformed_tokens_are_refused(small_world, token):
    with unchanged_store(), pytest.raises(login.InvalidLink):
        login.link_user(token)


def test_new_link_replaces_password_and_old_link(small_world):
    user = _new(small_world)
    _, first = accounts.issue_link(small_world["admin"], user)
    user = accounts.get_user(user.id)
    _, second = accounts.issue_link(small_world["admin"], user)
    with pytest.raises(login.InvalidLink):
        login.link_user(first)
    assert login.link_user(second).id == user.id
    with pytest.raises(login.LoginFailed):
        login.authenticate(user.username, GOOD)


def test_reset_password_unlocks_and_forces_change(small_world):
    user = _new(small_world)
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate(user.username, "wrong password here")
    reset = accounts.reset_password(
        small_world["admin"], accounts.get_user(user.id), "fresh temp pass 42"
    )
    assert reset.must_change_password and reset.locked_until is None
    assert login.authenticate(user.username, "fresh temp pass 42").id == user.id


def test_activity_never_holds_a_password_or_hash(small_world):
    user = _new(small_world)
    accounts.reset_password(small_world["admin"], user, "fresh temp pass 42")
    lines = store.get().find("activity", {"entity_id": user.id})
    assert {line["action"] for line in lines} >= {"create", "password_reset"}
    text = str(lines)
    assert "fresh temp pass 42" not in text and "$argon2" not in text


def test_update_access_checks_cities_and_email(small_world):
    user = _new(small_world)
    changed = accounts.update_access(
        small_world["admin"],
        user,
        UserAccess(
            display_name="Renamed",
            email="Lag@Example.org",
            role="city_lead",
            city_ids=[small_world.other_city],
        ),
    )
    assert (changed.role, changed.city_ids, changed.email) == (
        "city_lead",
        [small_world.other_city],
        "lag@example.org",
    )
    with pytest.raises(InvalidInput) as caught:
        accounts.update_access(
            small_world["admin"], changed, UserAccess(display_name="x", role="lag_member")
        )
    assert caught.value.key == "accounts.city_required"
    with pytest.raises(InvalidInput) as caught:
        accounts.update_access(
            small_world["admin"],
            changed,
            UserAccess(display_name="x", role="lag_member", city_ids=["city-9999"]),
        )
    assert caught.value.key == "accounts.unknown_city"
    other = _new(small_world, "other.person")
    with pytest.raises(InvalidInput) as caught:
        accounts.update_access(
            small_world["admin"],
            other,
            UserAccess(display_name="x", email="lag@example.org", role="viewer"),
        )
    assert caught.value.key == "accounts.email_taken"


def test_stale_edit_is_a_conflict(small_world):
    user = _new(small_world)
    accounts.update_access(
        small_world["admin"], user, UserAccess(display_name="One", role="viewer")
    )
    with pytest.raises(Conflict):
        accounts.update_access(
            small_world["admin"], user, UserAccess(display_name="Two", role="viewer")
        )


def test_last_active_admin_cannot_leave(small_world):
    admin = small_world["admin"]
    with pytest.raises(AtelierError) as caught:
        accounts.set_active(admin, admin, False)
    assert caught.value.key == "accounts.last_admin"
    with pytest.raises(AtelierError) as caught:
        accounts.update_access(admin, admin, UserAccess(display_name="Ada", role="viewer"))
    assert caught.value.key == "accounts.last_admin"
    second = _new(small_world, "second.admin", role="admin")
    demoted = accounts.update_access(
        admin, accounts.get_user(admin.id), UserAccess(display_name="Ada", role="viewer")
    )
    assert demoted.role == "viewer"
    with pytest.raises(AtelierError):
        accounts.set_active(second, second, False)


def test_deactivated_user_cannot_log_in_until_reactivated(small_world):
    user = _new(small_world)
    off = accounts.set_active(small_world["admin"], user, False)
    with pytest.raises(login.LoginFailed):
        login.authenticate(user.username, GOOD)
    accounts.set_active(small_world["admin"], off, True)
    assert login.authenticate(user.username, GOOD).id == user.id


def test_admin_cannot_touch_another_network(small_world):
    network = networks.new_network("Elsewhere")
    networks.create(network)
    stranger = _new(small_world, "stranger", role="viewer")
    # Another network's account (moved there directly: network_id is never user input).
    store.get().update_one("users", {"_id": stranger.id}, {"$set": {"network_id": network.id}})
    with pytest.raises(AtelierError) as caught:
        accounts.set_active(small_world["admin"], accounts.get_user(stranger.id), False)
    assert caught.value.key == "error.not_found"
    assert stranger.id not in {u.id for u in accounts.list_users(small_world["admin"])}


def test_single_sign_on_maps_email_of_active_account(small_world):
    user = _new(small_world, email="Someone@Example.org")
    assert accounts.user_for_email("SOMEONE@example.org").id == user.id
    assert accounts.user_for_email("nobody@example.org") is None
    assert accounts.user_for_email({"$ne": None}) is None
    accounts.set_active(small_world["admin"], user, False)
    assert accounts.user_for_email("someone@example.org") is None


def test_profile_update_and_validation(small_world):
    user = _new(small_world)
    saved = accounts.update_profile(user, Profile(display_name="<b>Jo</b>", language="fr"))
    assert (saved.display_name, saved.language) == ("<b>Jo</b>", "fr")
    with pytest.raises(pydantic.ValidationError):
        Profile(display_name="   ", language="fr")


def test_frame_lists_accounts(small_world):
    frame = accounts.accounts_frame(
        accounts.list_users(small_world["admin"]), {small_world.city: "Praia"}
    )
    assert list(frame.columns) == [
        "username",
        "display_name",
        "email",
        "role",
        "cities",
        "active",
        "locked",
    ]
    row = frame[frame["username"] == small_world["lag_member"].username].iloc[0]
    assert row["cities"] == "Praia" and bool(row["active"]) and not bool(row["locked"])
    assert "password_hash" not in frame.columns


# --- lockout under concurrency, and the way back (issue 9, item 5) ------------------------------


class _SlowCountingHasher:
    """The test hasher, slowed down and counting the hashes it checks (a race window)."""

    def __init__(self, real, delay_s: float = 0.02) -> None:
        self.real, self.delay_s, self.verified = real, delay_s, 0
        self._lock = threading.Lock()

    def hash(self, password: str) -> str:
        return self.real.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        with self._lock:
            self.verified += 1
        time.sleep(self.delay_s)
        return self.real.verify(hashed, password)


def _guess_in_parallel(username: str, passwords: list[str], stagger_s: float = 0.0) -> list[bool]:
    """Try every password at once from its own thread; True where the login succeeded."""
    results = [False] * len(passwords)
    start = threading.Barrier(len(passwords))

    def guess(i: int) -> None:
        start.wait()
        if stagger_s and i == len(passwords) - 1:
            time.sleep(stagger_s)
        try:
            login.authenticate(username, passwords[i])
            results[i] = True
        except login.LoginFailed:
            pass

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_thirty_parallel_guesses_check_at_most_five(small_world, monkeypatch):
    username = small_world["admin"].username
    slow = _SlowCountingHasher(account_passwords.HASHER)
    monkeypatch.setattr(account_passwords, "HASHER", slow)
    results = _guess_in_parallel(username, [f"wrong guess number {i}" for i in range(30)])
    assert not any(results)
    assert slow.verified == login.MAX_FAILURES
    stored = accounts.get_user(small_world["admin"].id)
    assert login.is_locked(stored)
    with pytest.raises(login.LoginFailed):
        login.authenticate(username, small_world.password)


def test_the_right_guess_among_thirty_parallel_ones_is_refused(small_world, monkeypatch):
    username = small_world["admin"].username
    # 29 wrong guesses and, a moment later, the right one: on a read-then-act lock all 30 were
    # checked and the right one accepted. Now the window is spent before the right one arrives.
    slow = _SlowCountingHasher(account_passwords.HASHER, delay_s=0.05)
    monkeypatch.setattr(account_passwords, "HASHER", slow)
    guesses = [f"wrong guess number {i}" for i in range(29)] + [small_world.password]
    results = _guess_in_parallel(username, guesses, stagger_s=0.02)
    assert results == [False] * 30
    assert slow.verified <= login.MAX_FAILURES


def test_parallel_guesses_on_the_embedded_store(tmp_path, monkeypatch):
    embedded = store.Store.embedded(tmp_path / "data")
    try:
        with store.using(embedded):
            user = User(network_id="net", username="solo.admin", display_name="Solo", role="admin")
            user.password_hash = account_passwords.hash_password(ADMIN_PASSWORD)
            embedded.insert_one("users", user.to_doc())
            slow = _SlowCountingHasher(account_passwords.HASHER)
            monkeypatch.setattr(account_passwords, "HASHER", slow)
            results = _guess_in_parallel("solo.admin", [f"wrong guess {i}" for i in range(30)])
            assert not any(results)
            assert slow.verified == login.MAX_FAILURES
            assert login.is_locked(accounts.get_user(user.id))
            # The lock ends on time on this store too (its datetimes come back without zone).
            later = utcnow() + dt.timedelta(minutes=login.LOCK_MINUTES, seconds=1)
            assert login.authenticate("solo.admin", ADMIN_PASSWORD, now=later).id == user.id
    finally:
        embedded.close()


def test_failures_during_a_lock_neither_count_nor_extend_it(small_world):
    username = small_world["admin"].username
    now = utcnow()
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate(username, "wrong password here", now=now)
    for minutes in range(1, 15):
        with pytest.raises(login.LoginFailed):
            login.authenticate(
                username, "wrong password here", now=now + dt.timedelta(minutes=minutes)
            )
    stored = accounts.get_user(small_world["admin"].id)
    assert stored.locked_until == now + dt.timedelta(minutes=login.LOCK_MINUTES)
    assert stored.failed_logins == login.MAX_FAILURES
    after = now + dt.timedelta(minutes=login.LOCK_MINUTES, seconds=1)
    assert login.authenticate(username, small_world.password, now=after).failed_logins == 0


def test_admin_unlock_ends_a_lock_at_once_and_is_logged(small_world):
    user = _new(small_world)
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate(user.username, "wrong password here")
    assert login.is_locked(accounts.get_user(user.id))
    for role in ("coordinator", "city_lead", "lag_member", "viewer"):
        with pytest.raises(PermissionDenied):
            accounts.unlock(small_world[role], user)
    before = accounts.get_user(user.id).revision
    accounts.unlock(small_world["admin"], user)
    stored = accounts.get_user(user.id)
    assert not login.is_locked(stored) and stored.failed_logins == 0
    assert stored.revision == before  # an admin's open edit form does not turn into a conflict
    assert any(line["action"] == "unlocked" for line in records.history(user.id))
    assert login.authenticate(user.username, GOOD).id == user.id


def test_a_link_gets_a_locked_out_person_back_in_while_guessing_goes_on(small_world):
    user = _new(small_world)
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate(user.username, "wrong password here")
    _, token = accounts.issue_link(small_world["admin"], accounts.get_user(user.id))
    for _ in range(login.MAX_FAILURES):  # someone keeps guessing: the lock is back
        with pytest.raises(login.LoginFailed):
            login.authenticate(user.username, "wrong password here")
    done = login.set_password_with_link(token, "a brand new phrase", "a brand new phrase")
    assert done.id == user.id and done.locked_until is None


# --- passwords and sessions (issue 9, item 6) ---------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaa",
        " " * 10,
        "\t" * 12,
        "abababababab",
        "abcdefghijkl",
        "0123456789",
        "9876543210",
        "1234567890",
        "aabbccddeeff",
        "qwertyuiop",
        "ZYXWVUTSRQ",
        "1111122222",
    ],
)
def test_repeated_or_sequential_passwords_are_refused(password):
    with pytest.raises(InvalidInput) as caught:
        account_passwords.check_password_strength(password, "jane.doe")
    assert caught.value.field == "password"
    assert caught.value.key in ("auth.password_pattern", "auth.password_common")
    assert i18n.t("auth.password_pattern", "fr") != i18n.t("auth.password_pattern", "en")


@pytest.mark.parametrize("password", ["aaaaaaaaaa", " " * 10, "abcdefghijkl", "1111122222"])
def test_pattern_passwords_get_their_own_message(password):
    with pytest.raises(InvalidInput) as caught:
        account_passwords.check_password_strength(password)
    assert caught.value.key == "auth.password_pattern"


@pytest.mark.parametrize(
    "password",
    [
        "Atelier2026!",
        "Bordeaux1999!!",
        "Lagune-2026",
        "2026Printemps!",
        "Écoles2024?",
        "ATELIER rules ok",
    ],
)
def test_a_word_and_a_year_or_the_app_name_is_refused(password):
    with pytest.raises(InvalidInput) as caught:
        account_passwords.check_password_strength(password, "jane.doe")
    assert caught.value.field == "password"
    assert caught.value.key == "auth.password_word_year"
    assert "year" in i18n.t(caught.value.key, "en") and "année" in i18n.t(caught.value.key, "fr")


@pytest.mark.parametrize("password", ["0123401234", "abcabcabca", "xy7!xy7!xy7!", "Qa9Qa9Qa9Q"])
def test_a_block_typed_again_is_refused(password):
    with pytest.raises(InvalidInput) as caught:
        account_passwords.check_password_strength(password, "jane.doe")
    assert caught.value.field == "password"
    assert caught.value.key == "auth.password_pattern"


@pytest.mark.parametrize(
    "password", ["first run pass 2026", "blue 1987 river walk", "0123401235", "Tram7Lagune!Sud"]
)
def test_passphrases_with_a_year_or_near_repeats_are_still_accepted(password):
    account_passwords.check_password_strength(password, "jane.doe")


def test_changing_my_password_ends_my_other_sessions(small_world):
    user = _new(small_world)
    here = sessions.open_session(user)
    there = sessions.open_session(user)
    other_token = sessions.bind_cookie(there.handoff_code)
    assert sessions.restore(other_token) is not None
    accounts.change_password(
        user, GOOD, "a brand new phrase", "a brand new phrase", session_id=here.session_id
    )
    assert sessions.is_open(here.session_id)
    assert not sessions.is_open(there.session_id)
    assert sessions.restore(other_token) is None
    assert accounts.get_user(user.id).sessions_valid_after is not None


def test_reactivating_does_not_revive_an_old_link(small_world):
    data = UserCreate(username="invited.late", display_name="Late", role="viewer")
    invited, token = accounts.invite_user(small_world["admin"], data)
    off = accounts.set_active(small_world["admin"], invited, False)
    on = accounts.set_active(small_world["admin"], off, True)
    assert on.token_hash is None
    with pytest.raises(login.InvalidLink):
        login.link_user(token)
