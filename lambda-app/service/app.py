"""The FastAPI application: its routers, error handlers and request middleware."""

from fastapi import FastAPI

from . import __version__, docs, errors, items, ops, stream
from .middleware import RequestContextMiddleware


def create_app() -> FastAPI:
    app = FastAPI(
        title="fastapi-lambda-cdk",
        version=__version__,
        description="Starter service: a landing page, a health check and an example resource.",
        # service.docs serves the documentation pages, each with a note on the CDN it loads from.
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(RequestContextMiddleware)
    errors.install(app)
    app.state.item_store = items.ItemStore()
    app.include_router(ops.router)
    app.include_router(items.router)
    app.include_router(stream.router)
    app.include_router(docs.router)
    return app


app = create_app()
