"""JSON error bodies, `{"detail", "request_id"}`, for every error the service answers."""

import json
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
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


# What a 422 keeps of each validation error: where (loc), what (msg, type)
# and the schema's numeric limits in ctx. The rejected input never: pydantic 2
# hands it whole in `input` (a 1 MB body refused as a whole is 1 MB of input),
# pydantic 1's JSON errors put the whole body in ctx's `doc`, and other ctx
# entries carry parts of it (pydantic 1's `given`, pydantic 2's `tag`, the
# exception of a failed check). pydantic 2's `url`, a link to its docs, goes too.
LIMIT_KEYS = frozenset({
    "limit_value",  # pydantic 1
    "gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length", "actual_length",
    "max_digits", "decimal_places", "whole_digits",
})
# loc names fields, but a dict's keys come from the input: a long one is cut.
MAX_LOC_TEXT = 64
# msg and type are the library's words or a check's own, a sentence at most.
MAX_MSG = 200
MAX_TYPE = 64


def _short(text: Any, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _loc_part(part: Any) -> int | str:
    return part if isinstance(part, int) and not isinstance(part, bool) else _short(part, MAX_LOC_TEXT)


def _is_limit(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def public_error(error: dict[str, Any]) -> dict[str, Any]:
    """One validation error as a 422 tells it, pydantic 1's or 2's: loc, msg and
    type, and ctx's numeric limits if it has any; none of the rejected input."""
    public: dict[str, Any] = {
        "loc": [_loc_part(part) for part in error.get("loc", ())],
        "msg": _short(error.get("msg", ""), MAX_MSG),
        "type": _short(error.get("type", ""), MAX_TYPE),
    }
    ctx = error.get("ctx")
    limits = {key: value for key, value in ctx.items() if key in LIMIT_KEYS and _is_limit(value)} if isinstance(ctx, dict) else {}
    if limits:
        public["ctx"] = limits
    return public


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422: which fields were wrong and why, never what was sent (public_error)."""
    return error_response([public_error(error) for error in exc.errors()], 422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
