"""Kept logins: a cookie token whose hash alone is stored, 14 days sliding, revoked on demand
(accounts of a small world, tests/builders.py: no demo data needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base import utcnow
from services.accounts import accounts, sessions
from services.core import collections, store


def _bound(user, now=None) -> tuple[sessions.Opened, str]:
    opened = sessions.open_session(user, now=now)
    token = sessions.bind_cookie(opened.handoff_code, now=now)
    assert token is not None
    return opened, token


def test_only_hashes_are_stored_and_the_code_works_once(small_world):
    user = small_world["coordinator"]
    opened = sessions.open_session(user)
    token = sessions.bind_cookie(opened.handoff_code)
    assert token and token != opened.handoff_code
    stored = str(store.get().find(collections.LOGIN_SESSIONS, {}))
    assert token not in stored and opened.handoff_code not in stored
    assert sessions.bind_cookie(opened.handoff_code) is None  # used
    assert not sessions.handoff_pending(opened.session_id)
    assert sessions.restore(token).user.id == user.id


def test_the_handoff_code_expires_after_two_minutes(small_world):
    now = utcnow()
    opened = sessions.open_session(small_world["coordinator"], now=now)
    late = now + sessions.HANDOFF + dt.timedelta(seconds=1)
    assert sessions.bind_cookie(opened.handoff_code, now=late) is None


def test_fourteen_days_sliding(small_world):
    now = utcnow()
    _, token = _bound(small_world["coordinator"], now)
    assert sessions.restore(token, now + dt.timedelta(days=13)) is not None  # slides
    assert sessions.restore(token, now + dt.timedelta(days=26)) is not None
    assert sessions.restore(token, now + dt.timedelta(days=41)) is None  # 15 days unused
    _, other = _bound(small_world["viewer"], now)
    assert sessions.restore(other, now + dt.timedelta(days=14, seconds=1)) is None


def test_the_cookie_is_renewed_once_a_day(small_world):
    now = utcnow()
    _, token = _bound(small_world["coordinator"], now)
    assert not sessions.restore(token, now + dt.timedelta(hours=2)).renew_cookie
    later = now + dt.timedelta(days=2)
    assert sessions.restore(token, later).renew_cookie
    assert sessions.renew_cookie(token, later)
    assert not sessions.restore(token, later + dt.timedelta(hours=1)).renew_cookie
    assert not sessions.renew_cookie("x" * 43)


@pytest.mark.parametrize("token", ["", "short", "$where", "a" * 200, "x" * 40 + "<b>", None])
def test_malformed_or_unknown_tokens_are_refused(db, token):
    assert sessions.restore(token) is None
    assert sessions.bind_cookie(token) is None


def test_logout_reset_link_and_deactivation_revoke(small_world):
    admin, lag = small_world["admin"], small_world["lag_member"]
    opened, token = _bound(lag)
    sessions.revoke(opened.session_id)  # logging out
    assert sessions.restore(token) is None

    _, token = _bound(lag)
    sessions.revoke_token(token)  # the logout route
    assert sessions.restore(token) is None

    _, token = _bound(lag)
    accounts.reset_password(admin, accounts.get_user(lag.id), "a fresh temporary pass")
    assert sessions.restore(token) is None

    _, token = _bound(lag)
    accounts.issue_link(admin, accounts.get_user(lag.id))
    assert sessions.restore(token) is None

    _, token = _bound(lag)
    accounts.set_active(admin, accounts.get_user(lag.id), False)
    assert sessions.restore(token) is None
    assert sessions.open_count(lag.id) == 0


def test_a_deactivated_account_is_not_restored_even_with_a_live_session(small_world):
    lag = small_world["lag_member"]
    _, token = _bound(lag)
    store.get().update_one(collections.USERS, {"_id": lag.id}, {"$set": {"active": False}})
    assert sessions.restore(token) is None


def test_sessions_are_not_part_of_an_export():
    assert collections.LOGIN_SESSIONS not in collections.ALL
    assert collections.LOGIN_SESSIONS in store.INDEXES
