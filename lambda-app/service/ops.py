"""The landing page and the health check."""

import os

from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from . import __version__
from .routing import Router

router = Router()

LANDING_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>fastapi-lambda-cdk</title></head>
<body>
<h1>fastapi-lambda-cdk</h1>
<p>A FastAPI service on AWS Lambda, released by CodeDeploy.</p>
<ul>
<li><a href="/docs">API documentation</a> (Swagger UI, loaded from cdn.jsdelivr.net: it needs network access)</li>
<li><a href="/openapi.json">OpenAPI schema</a> (JSON, served here, offline too)</li>
<li><a href="/health">Health and running version</a></li>
</ul>
</body>
</html>
"""


class Health(BaseModel):
    status: str
    version: str
    lambda_version: str | None


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def landing() -> str:
    return LANDING_PAGE


@router.get("/health", response_model=Health, tags=["ops"])
def health() -> Health:
    """The app version and the Lambda version serving this request, so a canary split shows from outside."""
    return Health(
        status="ok",
        version=__version__,
        lambda_version=os.environ.get("AWS_LAMBDA_FUNCTION_VERSION"),
    )
