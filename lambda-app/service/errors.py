"""JSON bodies, with the request id, for the errors FastAPI answers itself."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .logs import request_id


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """404, 405 and every HTTPException raised by a route."""
    return JSONResponse(
        {"detail": exc.detail, "request_id": request_id.get()},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422: which fields were wrong and why."""
    return JSONResponse(
        {"detail": jsonable_encoder(exc.errors()), "request_id": request_id.get()},
        status_code=422,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
