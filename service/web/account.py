"""Signing in and out of the dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from complaints.keys import authenticate
from service.api.deps import Principal, get_db
from service.web.rendering import render
from service.web.session import (KEY_COOKIE, PRE_COOKIE, check_csrf, new_pre_token, sign_in_response,
                                 web_principal)

router = APIRouter(include_in_schema=False)


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = Query("/", max_length=500)) -> HTMLResponse:
    """The sign-in page."""
    pre = new_pre_token()
    response = render(request, "signin.html", None, title="Sign in", pre=pre, next_url=next)
    response.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict", path="/")
    return response


@router.post("/signin", response_class=HTMLResponse)
def signin(request: Request, key: str = Form(..., max_length=200), pre: str = Form("", max_length=100),
           next: str = Form("/", max_length=500), db=Depends(get_db)):
    """Check the key; on success keep it in an HttpOnly, SameSite=Strict cookie for this browser session."""
    if not pre or pre != request.cookies.get(PRE_COOKIE):
        fresh = new_pre_token()
        response = render(request, "signin.html", None, status=403, title="Sign in", pre=fresh, next_url=next,
                          error="The form expired. Please try again.")
        response.set_cookie(PRE_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        return response
    if not authenticate(db, key.strip()):
        fresh = new_pre_token()
        response = render(request, "signin.html", None, status=401, title="Sign in", pre=fresh, next_url=next,
                          error="That key was not recognised. Check it and try again.")
        response.set_cookie(PRE_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        return response
    return sign_in_response(key.strip(), next, secure=request.url.scheme == "https")


@router.post("/signout")
def signout(request: Request, csrf: str = Form("", max_length=100), principal: Principal = Depends(web_principal)):
    """Forget the key in this browser."""
    check_csrf(request, csrf)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(KEY_COOKIE, path="/")
    return response
