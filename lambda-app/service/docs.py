"""The documentation pages, /docs (Swagger UI) and /redoc (ReDoc), with a note on where they load from.

Both pages are FastAPI's own, whose scripts come from a CDN (cdn.jsdelivr.net):
the image carries no copy of Swagger UI or ReDoc, so without network access,
or without JavaScript, a page would be blank. Each page therefore opens with
a note that says so, names the hosts its scripts come from and links the
OpenAPI schema, which the service serves itself; the note hides once the
page's script has loaded.
"""

import html
import re
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse

from .routing import Router

router = Router()

DOCS_URL = "/docs"
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
REDOC_URL = "/redoc"
NOTE_ID = "docs-offline-note"

_SCRIPT_SRC = re.compile(r"<script[^>]*\ssrc=\"([^\"]+)\"")


def script_hosts(page: str) -> list[str]:
    """The hosts the page's scripts come from, in order, each once."""
    hosts = [urlsplit(src).netloc for src in _SCRIPT_SRC.findall(page)]
    return list(dict.fromkeys(host for host in hosts if host))


def with_offline_note(page: HTMLResponse, viewer: str, loaded_global: str, openapi_url: str) -> HTMLResponse:
    """The page with a note, first in its body, on what it needs to show anything;
    a script at the end of the body hides the note once `loaded_global` exists.
    A page whose scripts all come from the service itself is left as it is."""
    text = page.body.decode()
    hosts = script_hosts(text)
    if not hosts:
        return page
    sites = "that site" if len(hosts) == 1 else "those sites"
    schema = html.escape(openapi_url)
    note = (
        f'<p id="{NOTE_ID}" style="font-family: sans-serif; margin: 1em">'
        f"This page runs {viewer} in the browser, from scripts on {' and '.join(hosts)}: "
        f"without JavaScript or without access to {sites} it stays blank but for this note. "
        f'The OpenAPI schema it shows is served here, offline too: <a href="{schema}">{schema}</a>.</p>'
    )
    hide = f'<script>if (window.{loaded_global}) document.getElementById("{NOTE_ID}").style.display = "none";</script>'
    head, body_tag, rest = text.partition("<body>")
    rest, end_tag, tail = rest.rpartition("</body>")
    if not body_tag or not end_tag:
        raise ValueError(f"{viewer} page without a <body>: cannot add the offline note")
    return HTMLResponse(head + body_tag + "\n" + note + rest + hide + "\n" + end_tag + tail)


def _root_path(request: Request) -> str:
    # Behind a proxy that mounts the app under a prefix, as FastAPI's own pages do.
    return request.scope.get("root_path", "").rstrip("/")


@router.get(DOCS_URL, response_class=HTMLResponse, include_in_schema=False)
def swagger_ui(request: Request) -> HTMLResponse:
    app = request.app
    openapi_url = _root_path(request) + app.openapi_url
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{app.title} - Swagger UI",
        oauth2_redirect_url=_root_path(request) + OAUTH2_REDIRECT_URL,
        init_oauth=app.swagger_ui_init_oauth,
        swagger_ui_parameters=app.swagger_ui_parameters,
    )
    return with_offline_note(page, "Swagger UI", "SwaggerUIBundle", openapi_url)


@router.get(OAUTH2_REDIRECT_URL, response_class=HTMLResponse, include_in_schema=False)
def swagger_ui_oauth2_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get(REDOC_URL, response_class=HTMLResponse, include_in_schema=False)
def redoc(request: Request) -> HTMLResponse:
    openapi_url = _root_path(request) + request.app.openapi_url
    page = get_redoc_html(openapi_url=openapi_url, title=f"{request.app.title} - ReDoc")
    return with_offline_note(page, "ReDoc", "Redoc", openapi_url)
