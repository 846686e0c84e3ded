"""JSON error bodies, `{"detail", "request_id"}`, for every error the service answers."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .logs import request_id


def error_response(detail: Any, status_code: int, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one shape of an error: what went wrong and the id of the request it happened to."""
    return JSONResponse({"detail": detail, "request_id": request_id.get()}, status_code=status_code, headers=headers)


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """404, 405 and every HTTPException raised by a route."""
    return error_response(exc.detail, exc.status_code, getattr(exc, "headers", None))


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422: which fields were wrong and why."""
    return error_response(jsonable_encoder(exc.errors()), 422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
