import re

import pytest


def test_landing_page_links_docs_and_health(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/docs"' in response.text
    assert 'href="/health"' in response.text


def test_health_reports_app_and_lambda_version(client, monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_VERSION", "7")
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": "1.0.0", "lambda_version": "7"}


def test_health_outside_lambda_has_no_lambda_version(client, monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_VERSION", raising=False)
    assert client.get("/health").json()["lambda_version"] is None


def test_head_health_has_no_body(client):
    response = client.head("/health")
    assert response.status_code == 200
    assert response.content == b""


def test_create_then_read_item(client):
    created = client.post("/items", json={"name": "Widget", "price": 9.5, "tags": ["tools"]})
    assert created.status_code == 201
    item = created.json()
    assert item == {"id": 1, "name": "Widget", "price": 9.5, "tags": ["tools"]}
    assert client.get("/items/1").json() == item
    assert client.get("/items").json() == [item]


def test_list_items_honours_limit(client):
    for name in ("a", "b", "c"):
        client.post("/items", json={"name": name, "price": 1})
    assert [i["name"] for i in client.get("/items", params={"limit": 2}).json()] == ["a", "b"]


def test_missing_item_is_json_404(client):
    response = client.get("/items/42")
    assert response.status_code == 404
    assert response.json()["detail"] == "item 42 not found"


def _error_fields(response):
    return {tuple(error["loc"]) for error in response.json()["detail"]}


def test_invalid_item_is_422_naming_each_field(client):
    response = client.post("/items", json={"name": "", "price": 0, "tags": ["t"] * 11})
    assert response.status_code == 422
    assert _error_fields(response) == {("body", "name"), ("body", "price"), ("body", "tags")}
    assert response.json()["request_id"] == response.headers["x-request-id"]


def test_missing_field_is_422(client):
    response = client.post("/items", json={"name": "no price"})
    assert response.status_code == 422
    assert _error_fields(response) == {("body", "price")}


def test_bad_query_and_path_types_are_422(client):
    assert client.get("/items", params={"limit": 0}).status_code == 422
    assert client.get("/items/not-a-number").status_code == 422


def test_openapi_documents_the_routes(client):
    schema = client.get("/openapi.json").json()
    assert schema["info"]["version"] == "1.0.0"
    assert {"/health", "/items", "/items/{item_id}"} <= set(schema["paths"])
    assert "post" in schema["paths"]["/items"]
    assert "/" not in schema["paths"]


def test_docs_page_loads_the_schema_from_the_same_origin(client):
    # The Function URL serves the app at its root, so relative URLs resolve.
    response = client.get("/docs")
    assert response.status_code == 200
    assert "/openapi.json" in response.text


# Found by the generated requests (test_properties.py), kept as examples.
@pytest.mark.parametrize("body", ['{"name": "x", "price": 1e999}', '{"name": "\\ud800", "price": 1}',
                                  '{"name": "x", "price": 1, "tags": ["\\udfff"]}'])
def test_an_item_json_cannot_answer_is_refused_and_the_list_still_answers(client, body):
    response = client.post("/items", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert client.get("/items").status_code == 200
    assert client.get("/items").json() == []


@pytest.mark.parametrize("method,path,allow", [("PUT", "/items", "GET, HEAD, POST"), ("POST", "/health", "GET, HEAD"),
                                               ("DELETE", "/", "GET, HEAD"), ("POST", "/items/1", "GET, HEAD")])
def test_405_allow_names_every_method_of_the_path(client, method, path, allow):
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow


# HEAD wherever GET: the front door caches GET and HEAD answers.

def get_paths(app):
    """Every GET route: the OpenAPI schema's, and the routes it leaves out
    (the landing page, the docs), path parameters filled with 1."""
    schema_paths = {path for path, operations in app.openapi()["paths"].items() if "get" in operations}
    route_paths = {route.path for route in app.routes if "GET" in (getattr(route, "methods", None) or ())}
    assert schema_paths <= route_paths
    return sorted(re.sub(r"\{[^}]+\}", "1", path) for path in route_paths)


def test_head_answers_every_get_route_as_get_does(app, client):
    client.post("/items", json={"name": "Widget", "price": 1})  # /items/1 exists
    paths = get_paths(app)
    assert {"/", "/health", "/items", "/items/1", "/docs", "/openapi.json"} <= set(paths)
    for path in paths:
        get, head = client.get(path), client.head(path)
        assert (path, head.status_code) == (path, get.status_code)
        assert head.content == b"", path
        # The GET's headers, Content-Length included; each request has its own id.
        assert {k: v for k, v in head.headers.items() if k != "x-request-id"} == \
               {k: v for k, v in get.headers.items() if k != "x-request-id"}, path


@pytest.mark.parametrize("path", ["/items", "/items?limit=0", "/items/42", "/items/not-a-number"])
def test_head_items_answers_as_get(client, path):
    client.post("/items", json={"name": "Widget", "price": 1})
    assert client.head(path).status_code == client.get(path).status_code


def test_head_items_is_200(client):
    response = client.head("/items")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-type"] == "application/json"


def test_head_stays_out_of_the_schema(app):
    assert not [path for path, operations in app.openapi()["paths"].items() if "head" in operations]


def test_405_allow_names_head_wherever_it_names_get(app, client):
    for path in get_paths(app):
        response = client.delete(path)
        assert response.status_code == 405, path
        allow = response.headers["allow"].split(", ")
        assert {"GET", "HEAD"} <= set(allow), (path, allow)
        assert client.head(path).status_code != 405, path


def test_router_gives_each_get_route_one_head_twin_out_of_the_schema():
    from service.routing import Router

    router = Router()
    router.add_api_route("/default", lambda: 1)  # no methods: GET
    router.api_route("/both", methods=["get", "post"])(lambda: 2)
    router.api_route("/named", methods=["GET", "HEAD"])(lambda: 3)
    router.post("/post")(lambda: 4)
    methods = sorted((route.path, sorted(route.methods), route.include_in_schema) for route in router.routes)
    assert methods == [
        ("/both", ["GET", "POST"], True), ("/both", ["HEAD"], False),
        ("/default", ["GET"], True), ("/default", ["HEAD"], False),
        ("/named", ["GET", "HEAD"], True),
        ("/post", ["POST"], True),
    ]
