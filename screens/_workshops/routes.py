"""Web routes served beside Streamlit (st.App, app.py): a workshop participant's cookie, which
a script cannot set. It carries only an opaque token (services/workshops/workshops.py keeps its
hash), is named after the workshop (`atelier_ws_<id>`), HttpOnly, SameSite=Strict, path=/
(Streamlit reads cookies on its own `/_stcore` addresses), Secure over https, and lives a week
at most; the server refuses it once the workshop has closed.

The participant's page asks for these addresses as invisible images (screens/join.py): a
same-origin request, no JavaScript. The answer is a 1x1 transparent GIF.
"""

from __future__ import annotations

import base64

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from services.workshops import workshops

BIND = "/api/workshop/bind"
FORGET = "/api/workshop/forget"
_PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_MAX_AGE = int(workshops.COOKIE_LIFETIME.total_seconds())


def bind_url(workshop_id: str, code: str) -> str:
    return f"{BIND}?w={workshop_id}&code={code}"


def forget_url(workshop_id: str) -> str:
    return f"{FORGET}?w={workshop_id}"


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


def bind(request: Request) -> Response:
    """Exchange a participant's one-time code for the workshop's cookie (404: unknown, used,
    expired code, or the workshop is closed)."""
    workshop_id = request.query_params.get("w", "")
    name = workshops.cookie_name(workshop_id)
    token = workshops.bind_cookie(workshop_id, request.query_params.get("code", ""))
    if name is None or token is None:
        return _answer(404)
    response = _answer()
    response.set_cookie(
        name,
        token,
        max_age=_MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_https(request),
    )
    return response


def forget(request: Request) -> Response:
    """The participant left (or the cookie no longer works): refuse its token from now on and
    clear it."""
    workshop_id = request.query_params.get("w", "")
    name = workshops.cookie_name(workshop_id)
    if name is None:
        return _answer(404)
    workshops.forget_cookie(workshop_id, request.cookies.get(name, ""))
    response = _answer()
    response.delete_cookie(name, path="/", httponly=True, samesite="strict", secure=_https(request))
    return response


# Plain (not async) endpoints: Starlette runs them in its thread pool, as the store expects.
ROUTES = [Route(BIND, bind, methods=["GET"]), Route(FORGET, forget, methods=["GET"])]
