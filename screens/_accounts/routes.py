"""Web routes served beside Streamlit (st.App, app.py): the login cookie, which a script cannot
set. The cookie carries only an opaque token (services/accounts/sessions.py keeps its hash);
it is HttpOnly (no script reads it), SameSite=Strict (no other site sends or clears it),
path=/, and Secure when the app is served over https.

The page asks for these addresses as images (screens/_ui/session.py, `show_beacon`): a
same-origin request, no JavaScript, whose response sets or clears the cookie. The answer is a
1x1 transparent GIF.
"""

from __future__ import annotations

import base64

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from services.accounts import sessions

BIND = "/api/session/bind"
RENEW = "/api/session/renew"
LOGOUT = "/api/logout"
_PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_MAX_AGE = int(sessions.LIFETIME.total_seconds())


def _https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _answer(status: int = 200) -> Response:
    return Response(
        _PIXEL,
        status_code=status,
        media_type="image/gif",
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


def _set_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        sessions.COOKIE_NAME,
        token,
        max_age=_MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_https(request),
    )


def _clear_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        sessions.COOKIE_NAME, path="/", httponly=True, samesite="strict", secure=_https(request)
    )


def bind(request: Request) -> Response:
    """Exchange a login's one-time code for the session cookie (404: unknown, used, expired)."""
    token = sessions.bind_cookie(request.query_params.get("code", ""))
    if token is None:
        return _answer(404)
    response = _answer()
    _set_cookie(response, request, token)
    return response


def renew(request: Request) -> Response:
    """Send the cookie again with a fresh lifetime (the 14 days slide); clear it if invalid."""
    token = request.cookies.get(sessions.COOKIE_NAME, "")
    response = _answer()
    if sessions.renew_cookie(token):
        _set_cookie(response, request, token)
    else:
        _clear_cookie(response, request)
    return response


def logout(request: Request) -> Response:
    """End the session the cookie names, server-side, and clear the cookie; and have the browser
    clear what this site keeps in its storage: the drafts of typed text (screens/_ui/drafts.py)
    must not outlive a logout on a shared phone. (Browsers honour Clear-Site-Data over HTTPS
    and on localhost.)"""
    sessions.revoke_token(request.cookies.get(sessions.COOKIE_NAME, ""))
    response = _answer()
    _clear_cookie(response, request)
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


# Plain (not async) endpoints: Starlette runs them in its thread pool, as the store expects.
ROUTES = [
    Route(BIND, bind, methods=["GET"]),
    Route(RENEW, renew, methods=["GET"]),
    Route(LOGOUT, logout, methods=["GET", "POST"]),
]
