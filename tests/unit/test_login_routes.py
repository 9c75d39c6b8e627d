"""The logout route (screens/_accounts/routes.py): it ends the kept login on the server, clears
the cookie and tells the browser to clear the site's storage, where drafts of typed text are
kept (a shared phone must not show the next person what the last one typed)."""

from __future__ import annotations

from starlette.requests import Request

from screens._accounts import routes
from services.accounts import sessions


def _request(cookie: str) -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": routes.LOGOUT,
            "scheme": "http",
            "server": ("localhost", 8501),
            "headers": [(b"cookie", f"{sessions.COOKIE_NAME}={cookie}".encode())],
            "query_string": b"",
        }
    )


def test_logout_ends_the_kept_login_and_clears_cookie_and_drafts(world):
    opened = sessions.open_session(world["lag_member"])
    token = sessions.bind_cookie(opened.handoff_code)
    assert token and sessions.restore(token) is not None
    response = routes.logout(_request(token))
    assert sessions.restore(token) is None
    assert response.headers["Clear-Site-Data"] == '"storage"'
    cleared = response.headers["set-cookie"]
    assert cleared.startswith(f"{sessions.COOKIE_NAME}=") and "Max-Age=0" in cleared
