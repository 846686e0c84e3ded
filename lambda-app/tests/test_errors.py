import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def failing_client(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("database password is hunter2")

    return TestClient(app, raise_server_exceptions=False)


def test_unhandled_error_is_json_500_with_request_id(failing_client):
    response = failing_client.get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert body == {"detail": "Internal Server Error", "request_id": response.headers["x-request-id"]}


def test_500_leaks_no_traceback_or_message(failing_client):
    text = failing_client.get("/boom").text
    assert "Traceback" not in text
    assert "hunter2" not in text
    assert "RuntimeError" not in text


def test_500_traceback_goes_to_the_log_with_the_same_request_id(failing_client, logs):
    response = failing_client.get("/boom")
    [error] = logs.with_message("unhandled error")
    assert error["level"] == "ERROR"
    assert error["requestId"] == response.headers["x-request-id"]
    assert "RuntimeError: database password is hunter2" in error["exception"]
    assert error["path"] == "/boom"


def test_unhandled_error_does_not_escape_the_app(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    # raise_server_exceptions=True: the test fails if the error propagates out of the app.
    assert TestClient(app).get("/boom").status_code == 500


def test_unknown_route_is_json_404(client):
    response = client.get("/no-such-route")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "Not Found", "request_id": response.headers["x-request-id"]}


def test_wrong_method_is_json_405(client):
    response = client.delete("/health")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed", "request_id": response.headers["x-request-id"]}


# Validation errors: where and what, never the rejected input.

from service.errors import LIMIT_KEYS, MAX_LOC_TEXT, MAX_MSG, public_error  # noqa: E402

SECRET = "SECRETPAYLOAD"  # stands for what a client sent: never in an answer
MEGABYTE = 1 << 20


def _json_post(client, body: str):
    return client.post("/items", content=body.encode(), headers={"content-type": "application/json"})


def _assert_names_fields_only(response, size_limit=1024):
    assert response.status_code == 422
    assert len(response.content) < size_limit, f"{len(response.content)} bytes of 422"
    assert SECRET not in response.text
    body = response.json()
    assert set(body) == {"detail", "request_id"}
    for error in body["detail"]:
        assert set(error) <= {"loc", "msg", "type", "ctx"}
        assert error["loc"][0] == "body" and error["msg"] and error["type"]


@pytest.mark.parametrize("shape", [
    '{{"name": "{}',                    # unterminated string
    '{{"name": {}}}',                    # bare word
    '{{"name": "x", "price": 1}}{}',     # trailing data
    '[{}',                               # unterminated array
    '{{"{}": 1',                         # unterminated object
])
def test_a_malformed_megabyte_body_gets_a_small_422_without_it(client, shape):
    response = _json_post(client, shape.format(SECRET * (MEGABYTE // len(SECRET))))
    _assert_names_fields_only(response)
    [error] = response.json()["detail"]
    assert isinstance(error["loc"][1], int)  # where the JSON broke


@pytest.mark.parametrize("shape,field", [
    ('{{"name": "{}", "price": 1}}', "name"),       # too long: pydantic 2 puts it in `input`
    ('{{"name": "x", "price": "{}"}}', "price"),     # not a number
    ('["{}"]', None),                                # not an object: the whole body is the input
])
def test_a_megabyte_of_wrong_json_gets_a_small_422_without_it(client, shape, field):
    response = _json_post(client, shape.format(SECRET * (MEGABYTE // len(SECRET))))
    _assert_names_fields_only(response)
    if field:
        assert ["body", field] in [error["loc"] for error in response.json()["detail"]]


def test_a_field_error_keeps_the_limit_it_broke(client):
    response = client.post("/items", json={"name": "x" * 101, "price": 1})
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "name"]
    assert "100" in error["msg"]
    assert list(error["ctx"].values()) == [100]  # limit_value (pydantic 1) or max_length (pydantic 2)


URL = "https://errors.pydantic.dev/2.11/v/"

# pydantic 2's errors as FastAPI 0.115 hands them over (pydantic 2 is the
# image's; the tests here run on pydantic 1), each with the input in it.
PYDANTIC_2_ERRORS = [
    ({"type": "json_invalid", "loc": ("body", 9), "msg": "JSON decode error", "input": {}, "ctx": {"error": "Expecting value"}},
     {"type": "json_invalid", "loc": ["body", 9], "msg": "JSON decode error"}),
    ({"type": "string_too_long", "loc": ("body", "name"), "msg": "String should have at most 100 characters",
      "input": SECRET * 1000, "ctx": {"max_length": 100}, "url": URL + "string_too_long"},
     {"type": "string_too_long", "loc": ["body", "name"], "msg": "String should have at most 100 characters", "ctx": {"max_length": 100}}),
    ({"type": "greater_than", "loc": ("body", "price"), "msg": "Input should be greater than 0", "input": -1.5,
      "ctx": {"gt": 0.0}, "url": URL + "greater_than"},
     {"type": "greater_than", "loc": ["body", "price"], "msg": "Input should be greater than 0", "ctx": {"gt": 0.0}}),
    ({"type": "too_long", "loc": ("body", "tags"), "msg": "List should have at most 10 items after validation, not 11",
      "input": [SECRET] * 11, "ctx": {"field_type": "List", "max_length": 10, "actual_length": 11}, "url": URL + "too_long"},
     {"type": "too_long", "loc": ["body", "tags"], "msg": "List should have at most 10 items after validation, not 11",
      "ctx": {"max_length": 10, "actual_length": 11}}),
    ({"type": "value_error", "loc": ("body", "price"), "msg": "Value error, must be a finite number", "input": float("inf"),
      "ctx": {"error": ValueError(SECRET)}, "url": URL + "value_error"},
     {"type": "value_error", "loc": ["body", "price"], "msg": "Value error, must be a finite number"}),
    ({"type": "model_attributes_type", "loc": ("body",), "msg": "Input should be a valid dictionary or object to extract fields from",
      "input": [SECRET] * 1000, "url": URL + "model_attributes_type"},
     {"type": "model_attributes_type", "loc": ["body"], "msg": "Input should be a valid dictionary or object to extract fields from"}),
    ({"type": "missing", "loc": ("body", "price"), "msg": "Field required", "input": {"name": SECRET}, "url": URL + "missing"},
     {"type": "missing", "loc": ["body", "price"], "msg": "Field required"}),
    ({"type": "int_parsing", "loc": ("query", "limit"), "msg": "Input should be a valid integer, unable to parse string as an integer",
      "input": SECRET, "url": URL + "int_parsing"},
     {"type": "int_parsing", "loc": ["query", "limit"], "msg": "Input should be a valid integer, unable to parse string as an integer"}),
    ({"type": "union_tag_invalid", "loc": ("body",), "msg": "Input tag 'X' found using 'kind' does not match any of the expected tags: 'a', 'b'",
      "input": {"kind": SECRET}, "ctx": {"discriminator": "'kind'", "tag": SECRET, "expected_tags": "'a', 'b'"}},
     {"type": "union_tag_invalid", "loc": ["body"], "msg": "Input tag 'X' found using 'kind' does not match any of the expected tags: 'a', 'b'"}),
]

# pydantic 1's (Debian's FastAPI 0.92), the ones whose ctx holds input.
PYDANTIC_1_ERRORS = [
    ({"loc": ("body", 9), "msg": "Expecting value: line 1 column 10 (char 9)", "type": "value_error.jsondecode",
      "ctx": {"msg": "Expecting value", "doc": '{"name": ' + SECRET, "pos": 9, "lineno": 1, "colno": 10}},
     {"loc": ["body", 9], "msg": "Expecting value: line 1 column 10 (char 9)", "type": "value_error.jsondecode"}),
    ({"loc": ("body", "kind"), "msg": "unexpected value; permitted: 'a'", "type": "value_error.const",
      "ctx": {"given": SECRET, "permitted": ["a"]}},
     {"loc": ["body", "kind"], "msg": "unexpected value; permitted: 'a'", "type": "value_error.const"}),
    ({"loc": ("body", "tags"), "msg": "ensure this value has at most 10 items", "type": "value_error.list.max_items",
      "ctx": {"limit_value": 10}},
     {"loc": ["body", "tags"], "msg": "ensure this value has at most 10 items", "type": "value_error.list.max_items", "ctx": {"limit_value": 10}}),
]


@pytest.mark.parametrize("error,public", PYDANTIC_2_ERRORS + PYDANTIC_1_ERRORS, ids=lambda case: case.get("type") if isinstance(case, dict) else None)
def test_public_error_keeps_where_and_what_and_drops_the_input(error, public):
    assert public_error(error) == public


def test_public_error_cuts_long_text_from_the_input():
    # A dict's keys reach loc, and a check may quote what it refused in msg.
    error = public_error({"loc": ("body", "labels", SECRET * 100), "msg": "bad label " + SECRET * 100, "type": "value_error"})
    assert len(error["loc"][2]) == MAX_LOC_TEXT and error["loc"][2].endswith("...")
    assert len(error["msg"]) == MAX_MSG and error["msg"].startswith("bad label ")


def test_public_error_keeps_only_finite_numeric_limits():
    error = public_error({"loc": ("body", "price"), "msg": "m", "type": "t",
                          "ctx": {"gt": float("inf"), "ge": True, "le": "10", "lt": 5, "limit_value": float("nan")}})
    assert error["ctx"] == {"lt": 5}
    assert "max_length" in LIMIT_KEYS and "limit_value" in LIMIT_KEYS
