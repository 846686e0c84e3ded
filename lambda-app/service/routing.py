"""The router every service route is declared on: it answers HEAD wherever it answers GET."""

from typing import Any, Callable

from fastapi import APIRouter


class Router(APIRouter):
    """An APIRouter whose GET routes also answer HEAD, as HTTP asks and the
    front door expects: it caches GET and HEAD answers.

    FastAPI's routes answer the methods they name only (Starlette's own add
    HEAD to GET; FastAPI's do not), so each GET route gets a twin serving HEAD
    with the same endpoint, dependencies and response, left out of the OpenAPI
    schema. RequestContextMiddleware drops the body; the headers stay the
    GET's, Content-Length included. A 405's Allow then names HEAD too, since
    it lists the methods of every route on the path.
    """

    def add_api_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: set[str] | list[str] | None = None,
        include_in_schema: bool = True,
        **options: Any,
    ) -> None:
        super().add_api_route(path, endpoint, methods=methods, include_in_schema=include_in_schema, **options)
        # No methods is GET, for FastAPI's routes as for Starlette's.
        named = {method.upper() for method in methods} if methods is not None else {"GET"}
        if "GET" in named and "HEAD" not in named:
            super().add_api_route(path, endpoint, methods=["HEAD"], include_in_schema=False, **options)
