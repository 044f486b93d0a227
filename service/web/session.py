"""Dashboard sign-in: the API key in an HttpOnly, SameSite=Strict cookie, and CSRF tokens for every form."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from complaints.keys import authenticate
from service.api.deps import Principal, get_db

__all__ = ["KEY_COOKIE", "PRE_COOKIE", "SignInRequired", "web_principal", "csrf_token", "check_csrf",
           "sign_in_response", "new_pre_token"]

KEY_COOKIE = "complaints_key"
PRE_COOKIE = "complaints_pre"  # double-submit token for the sign-in form itself


class SignInRequired(Exception):
    """Raised by a page that needs a signed-in person; the app turns it into a redirect to /signin."""

    def __init__(self, next_url: str = "/"):
        self.next_url = next_url


class CsrfError(Exception):
    """A form arrived without the token that proves it came from our own page."""


def _secret(request: Request) -> bytes:
    return request.app.state.session_secret


def web_principal(request: Request, db=Depends(get_db)) -> Principal:
    """The person signed in to the dashboard, or a redirect to the sign-in page."""
    found = authenticate(db, request.cookies.get(KEY_COOKIE))
    if not found:
        raise SignInRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return Principal(found["id"], found["name"] or "", found["role"])


def csrf_token(request: Request) -> str:
    """The CSRF token for the signed-in session (bound to its key; no server-side state)."""
    key = request.cookies.get(KEY_COOKIE, "")
    return hmac.new(_secret(request), key.encode(), hashlib.sha256).hexdigest()[:40]


def check_csrf(request: Request, token: str | None) -> None:
    """Refuse a form whose token does not match the session's."""
    if not token or not hmac.compare_digest(token, csrf_token(request)):
        raise CsrfError("the form's security token is missing or out of date; reload the page and try again")


def new_pre_token() -> str:
    """A fresh random token for the sign-in form's double-submit check."""
    return secrets.token_urlsafe(24)


def sign_in_response(key: str, next_url: str, *, secure: bool) -> RedirectResponse:
    """Redirect to where the person was going, carrying the session cookie."""
    target = next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"
    response = RedirectResponse(quote(target, safe="/?=&%:-_."), status_code=303)
    response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", secure=secure, path="/")
    response.delete_cookie(PRE_COOKIE, path="/")
    return response
