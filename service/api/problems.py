"""RFC 9457 problem responses: every error the API returns, in one shape, without stack traces."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from complaints.errors import ComplaintsError
from nlp.errors import NlpError

__all__ = ["problem", "install_problem_handlers"]

log = logging.getLogger("complaints.api")
TITLES = {400: "Bad request", 401: "Unauthorised", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
          409: "Conflict", 413: "Content too large", 415: "Unsupported media type", 422: "Invalid parameters",
          500: "Internal server error"}


def problem(status: int, detail: str, *, title: str | None = None, **extra) -> JSONResponse:
    """A problem+json response with the given status and a human-readable detail."""
    body = {"type": "about:blank", "title": title or TITLES.get(status, "Error"), "status": status, "detail": detail}
    body.update(extra)
    headers = {"WWW-Authenticate": "X-API-Key"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body", "header"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid")


def install_problem_handlers(app: FastAPI) -> None:
    """Translate every error, once, into problem JSON."""

    @app.exception_handler(ComplaintsError)
    @app.exception_handler(NlpError)
    async def core_error(request: Request, exc: Exception) -> JSONResponse:
        return problem(getattr(exc, "status", 400), str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        response = problem(exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"where": [str(p) for p in e.get("loc", ())], "message": e.get("msg")} for e in exc.errors()]
        return problem(422, "; ".join(_describe(e) for e in exc.errors()) or "invalid request", errors=errors)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Only the type and route are logged: messages can quote complaint text.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return problem(500, "something went wrong on our side; the error has been logged")
