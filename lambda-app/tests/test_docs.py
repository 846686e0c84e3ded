"""The documentation pages say where they load from: their scripts come from a CDN."""

import re

import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from service.docs import NOTE_ID, script_hosts, with_offline_note

PAGES = [("/docs", "Swagger UI", "SwaggerUIBundle"), ("/redoc", "ReDoc", "Redoc")]


def note_of(page: str) -> str:
    match = re.search(rf'<p id="{NOTE_ID}"[^>]*>(.*?)</p>', page, re.S)
    assert match, "no offline note"
    return match.group(1)


@pytest.mark.parametrize("path,viewer,loaded_global", PAGES)
def test_a_docs_page_names_the_cdn_it_loads_from_and_links_the_schema(client, path, viewer, loaded_global):
    response = client.get(path)
    assert response.status_code == 200
    page = response.text
    hosts = script_hosts(page)
    assert "cdn.jsdelivr.net" in hosts  # FastAPI's pages load their viewer from there
    note = note_of(page)
    assert viewer in note and all(host in note for host in hosts)
    assert 'href="/openapi.json"' in note
    # First in the body, before any script can fail; hidden only once the viewer loaded.
    body = page.split("<body>", 1)[1]
    assert body.index(NOTE_ID) < body.index("<script")
    hide = f'if (window.{loaded_global}) document.getElementById("{NOTE_ID}").style.display = "none";'
    assert hide in page and page.index(hide) > page.rindex("<script src=")


def test_the_docs_page_still_loads_the_schema_from_the_same_origin(client):
    page = client.get("/docs").text
    assert "url: '/openapi.json'" in page
    assert "'/docs/oauth2-redirect'" in page
    assert client.get("/docs/oauth2-redirect").status_code == 200


def test_the_schema_the_note_links_is_served(client):
    assert client.get("/openapi.json").json()["info"]["title"] == "fastapi-lambda-cdk"


def test_behind_a_prefix_the_pages_link_the_prefixed_schema(app):
    client = TestClient(app, root_path="/api")
    assert 'href="/api/openapi.json"' in note_of(client.get("/docs").text)
    assert "url: '/api/openapi.json'" in client.get("/docs").text
    assert 'spec-url="/api/openapi.json"' in client.get("/redoc").text


def test_the_landing_page_says_the_docs_need_the_cdn(client):
    landing = client.get("/").text
    docs_item = next(line for line in landing.splitlines() if 'href="/docs"' in line)
    assert all(host in docs_item for host in script_hosts(client.get("/docs").text))
    assert 'href="/openapi.json"' in landing


def test_a_page_with_its_own_scripts_gets_no_note():
    page = HTMLResponse('<html><body><script src="/static/ui.js"></script></body></html>')
    assert with_offline_note(page, "UI", "UI", "/openapi.json") is page


def test_two_hosts_are_both_named():
    page = HTMLResponse('<html><body><script src="https://a.example/x.js"></script>'
                        '<script src="https://b.example/y.js"></script></body></html>')
    note = note_of(with_offline_note(page, "UI", "UI", "/openapi.json").body.decode())
    assert "a.example and b.example" in note and "those sites" in note


def test_a_page_without_a_body_is_refused():
    with pytest.raises(ValueError, match="without a <body>"):
        with_offline_note(HTMLResponse('<script src="https://a.example/x.js"></script>'), "UI", "UI", "/openapi.json")
