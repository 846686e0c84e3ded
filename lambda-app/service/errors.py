"""JSON error bodies, `{"detail", "request_id"}`, for every error the service answers."""

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from .logs import request_id


class AsciiJSONResponse(JSONResponse):
    """JSON in ASCII: text from a request (a lone surrogate included) goes
    back escaped, so an error about bad input cannot fail to render."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def error_response(detail: Any, status_code: int, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one shape of an error: what went wrong and the id of the request it happened to."""
    return AsciiJSONResponse({"detail": detail, "request_id": request_id.get()}, status_code=status_code, headers=headers)


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """404, 405 and every HTTPException raised by a route."""
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        # Starlette names the methods of the first route on the path only;
        # a path served by several routes (GET and POST, GET and HEAD)
        # supports the methods of them all.
        headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
    return error_response(exc.detail, exc.status_code, headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on the request's path."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        route_methods = getattr(route, "methods", None)
        if route_methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= route_methods
    return sorted(methods)


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422: which fields were wrong and why. Not the rejected input itself
    (pydantic 2 adds it): it may be what JSON cannot hold, such as 1e999."""
    errors = [{k: v for k, v in error.items() if k not in ("input", "url")} for error in exc.errors()]
    return error_response(jsonable_encoder(errors), 422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
