"""The Lambda handler fed Function URL events (payload format 2.0), as Lambda sends them."""

import base64
import json

import pytest

pytest.importorskip("mangum", reason="mangum not installed: pip install -r requirements-dev.txt, or put its source on PYTHONPATH (README)")

from fastapi import FastAPI, Request  # noqa: E402
from mangum import Mangum  # noqa: E402

from service import items  # noqa: E402
from service.app import app  # noqa: E402
from service.lambda_handler import handler  # noqa: E402

from lambda_events import LambdaContext, load  # noqa: E402


def body_of(response: dict):
    raw = response.get("body", "")
    if response.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode()
    return json.loads(raw) if raw else None


@pytest.fixture(autouse=True)
def empty_store():
    """The handler serves the module's app: each test gives it an empty store."""
    fresh = items.ItemStore()
    app.dependency_overrides[items.get_store] = lambda: fresh
    yield
    app.dependency_overrides.clear()


def test_get_with_query_string_and_cookies():
    handler(load("post-item-json.json"), LambdaContext())
    handler(load("post-item-base64.json"), LambdaContext())
    response = handler(load("get-items-query-cookies.json"), LambdaContext())
    assert response["statusCode"] == 200
    assert [item["name"] for item in body_of(response)] == ["Widget"]  # limit=1


def test_query_string_and_cookies_reach_the_app():
    probe = FastAPI()

    @probe.get("/items")
    def echo(request: Request):
        return {"tags": request.query_params.getlist("tag"), "cookies": dict(request.cookies)}

    response = Mangum(probe, lifespan="off")(load("get-items-query-cookies.json"), LambdaContext())
    assert body_of(response) == {"tags": ["a", "b"], "cookies": {"session": "abc123", "theme": "dark"}}


def test_post_json_body_creates_item():
    response = handler(load("post-item-json.json"), LambdaContext())
    assert response["statusCode"] == 201
    assert body_of(response) == {"id": 1, "name": "Widget", "price": 9.5, "tags": ["tools"]}
    assert response["headers"]["content-type"] == "application/json"


def test_base64_encoded_body_is_decoded():
    response = handler(load("post-item-base64.json"), LambdaContext())
    assert response["statusCode"] == 201
    assert body_of(response)["name"] == "Gadget"


def test_head_answers_without_body():
    response = handler(load("head-health.json"), LambdaContext())
    assert response["statusCode"] == 200
    assert response.get("body", "") == ""


@pytest.mark.parametrize("path", ["/items", "/items/1", "/", "/docs", "/openapi.json"])
def test_head_answers_every_get_route_without_body(path):
    handler(load("post-item-json.json"), LambdaContext())  # /items/1 exists
    event = load("head-health.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    get = load("get-health.json")
    get["rawPath"] = get["requestContext"]["http"]["path"] = path
    head_response, get_response = handler(event, LambdaContext()), handler(get, LambdaContext())
    assert head_response["statusCode"] == get_response["statusCode"] == 200
    assert head_response.get("body", "") == ""
    assert head_response["headers"]["content-length"] == get_response["headers"]["content-length"]


def test_health_shows_the_lambda_version(monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_VERSION", "3")
    response = handler(load("get-health.json"), LambdaContext())
    assert body_of(response) == {"status": "ok", "version": "1.0.0", "lambda_version": "3"}


def test_unknown_route_is_json_404_with_the_lambda_request_id():
    response = handler(load("get-unknown.json"), LambdaContext())
    assert response["statusCode"] == 404
    assert body_of(response) == {"detail": "Not Found", "request_id": LambdaContext.aws_request_id}
    assert response["headers"]["x-request-id"] == LambdaContext.aws_request_id


def test_log_lines_carry_the_lambda_request_id(logs):
    handler(load("get-health.json"), LambdaContext())
    [line] = logs.with_message("request")
    assert line["requestId"] == LambdaContext.aws_request_id
    assert line["path"] == "/health"


def test_a_malformed_megabyte_body_gets_a_small_422_without_it():
    event = load("post-item-json.json")
    event["body"] = '{"name": "' + "SECRETPAYLOAD" * 80_000  # a megabyte, the string never closed
    response = handler(event, LambdaContext())
    assert response["statusCode"] == 422
    assert len(response["body"]) < 1024
    assert "SECRETPAYLOAD" not in response["body"]
    [error] = body_of(response)["detail"]
    assert error["loc"] == ["body", 9] and error["type"]
