"""Generated requests for every route of the app's OpenAPI schema, every HTTP
method on every path, and bodies of any JSON (numbers JSON allows and Python
parses surprisingly, lone surrogates, deep values). Bounded and deterministic:
a fixed example budget, derandomized, no example database.

Properties: no 5xx, ever; every error is JSON with detail and request_id; a
405's Allow lists exactly the methods the path supports; after any sequence
of generated requests, every GET route still answers 200; and a 422 never
holds what was sent, however large, whether pydantic 1 or 2 shaped the error.
"""

import base64
import json
from urllib.parse import quote, urlencode

import pytest

pytest.importorskip(
    "hypothesis",
    reason="hypothesis not installed: apt-get install python3-hypothesis (Debian), or pip install -r requirements-dev.txt",
)

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from service.app import create_app  # noqa: E402
from service.errors import LIMIT_KEYS, public_error  # noqa: E402

from lambda_events import LambdaContext, load  # noqa: E402

try:
    from mangum import Mangum
except ImportError:
    Mangum = None

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
BUDGET = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

APP = create_app()
SCHEMA = APP.openapi()
# The schema's paths, and the routes it leaves out (the landing page, the docs).
PATH_TEMPLATES = sorted(set(SCHEMA["paths"]) | {route.path for route in APP.routes})
GET_ROUTES = ["/", "/health", "/items", "/docs", "/redoc", "/openapi.json"]

# Text of every kind, lone surrogates included (JSON escapes them; Python
# parses "\ud800" into a str that UTF-8 cannot encode).
try:
    any_character = st.characters(exclude_categories=())
except TypeError:  # Hypothesis before 6.98 (Debian's 6.67) names it the old way
    any_character = st.characters(blacklist_categories=())
texts = st.text(alphabet=any_character, max_size=12)
# Numbers as JSON text: what json.loads turns into inf, nan, huge ints.
raw_numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1E400", "0.1e-400", "-0", "0.0"]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12,
)


@st.composite
def item_bodies(draw):
    """Bodies shaped like an item, each field from anything plausible."""
    name = draw(st.one_of(texts, json_values).map(json.dumps))
    price = draw(st.one_of(raw_numbers, json_values.map(json.dumps)))
    tags = draw(st.one_of(st.lists(texts, max_size=12), json_values).map(json.dumps))
    fields = {"name": name, "price": price, "tags": tags}
    kept = draw(st.lists(st.sampled_from(sorted(fields)), unique=True))
    return "{" + ",".join(f'"{key}":{fields[key]}' for key in kept) + "}"


bodies = st.one_of(st.none(), item_bodies(), json_values.map(json.dumps), texts)


@st.composite
def paths(draw):
    """A concrete path: a template's parameters filled with any value."""
    template = draw(st.sampled_from(PATH_TEMPLATES))
    parts = []
    for segment in template.split("/"):
        if segment.startswith("{"):
            segment = quote(str(draw(st.one_of(st.integers(), texts.filter(bool)))).encode("utf-8", "surrogatepass"), safe="")
        parts.append(segment)
    path = "/".join(parts)
    query = draw(st.dictionaries(st.sampled_from(["limit", "q", "x"]), st.one_of(st.integers(), texts), max_size=2))
    if query:
        path += "?" + urlencode({k: str(v).encode("utf-8", "surrogatepass") for k, v in query.items()})
    return path


requests_ = st.tuples(st.sampled_from(METHODS), paths(), bodies)


def send(client, method, path, body):
    headers = {"content-type": "application/json"} if body is not None else {}
    content = body.encode("utf-8", "surrogatepass") if body is not None else None
    return client.request(method, path, content=content, headers=headers)


def check_answer(method, response):
    assert response.status_code < 500, response.text
    if response.status_code >= 400 and method != "HEAD":
        body = response.json()
        assert set(body) == {"detail", "request_id"}
        assert body["request_id"] == response.headers["x-request-id"]


@pytest.fixture
def client():
    return TestClient(create_app(), raise_server_exceptions=False)


@BUDGET
@given(request=requests_)
def test_no_request_is_answered_with_a_server_error(client, request):
    method, path, body = request
    check_answer(method, send(client, method, path, body))


@BUDGET
@given(path=paths(), method=st.sampled_from(METHODS))
def test_405_allow_lists_exactly_the_supported_methods(client, path, method):
    response = send(client, method, path, None)
    if response.status_code != 405:
        return
    # The oracle: the methods that are not answered 405 on this path.
    supported = {m for m in METHODS if send(client, m, path, None).status_code != 405}
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert allowed == supported, f"{method} {path}: Allow {sorted(allowed)}, supported {sorted(supported)}"


@BUDGET
@given(sequence=st.lists(requests_, max_size=8), items=st.lists(item_bodies(), max_size=4))
def test_every_get_route_answers_after_any_requests(sequence, items):
    client = TestClient(create_app(), raise_server_exceptions=False)
    for body in items:
        check_answer("POST", send(client, "POST", "/items", body))
    for method, path, body in sequence:
        check_answer(method, send(client, method, path, body))
    for path in GET_ROUTES:
        assert client.get(path).status_code == 200, path


EVENT = load("post-item-json.json")


def function_url_event(method, path, body):
    """A Function URL event (payload 2.0) for a request, the body base64-encoded."""
    event = json.loads(json.dumps(EVENT))
    raw_path, _, query = path.partition("?")
    event["rawPath"] = raw_path
    event["rawQueryString"] = query
    event["requestContext"]["http"]["method"] = method
    event["requestContext"]["http"]["path"] = raw_path
    if body is None:
        del event["body"]
        event["isBase64Encoded"] = False
    else:
        event["body"] = base64.b64encode(body.encode("utf-8", "surrogatepass")).decode()
        event["isBase64Encoded"] = True
    return event


@pytest.mark.skipif(Mangum is None, reason="mangum not installed: pip install -r requirements-dev.txt, or put its source on PYTHONPATH (README)")
@BUDGET
@given(request=requests_)
def test_no_function_url_event_is_answered_with_a_server_error(request):
    method, path, body = request
    handler = Mangum(create_app(), lifespan="off")
    response = handler(function_url_event(method, path, body), LambdaContext())
    assert response["statusCode"] < 500, response
    if response["statusCode"] >= 400 and method != "HEAD":
        raw = response["body"]
        if response.get("isBase64Encoded"):
            raw = base64.b64decode(raw).decode()
        assert set(json.loads(raw)) == {"detail", "request_id"}


# What a client sent, marked so an answer holding any of it shows: capitals
# that are no hex digit (request ids are lowercase hex), unlike any word of
# the service's own messages.
secrets = st.text(alphabet="GHIJKLMNOPQRSTUVWXYZ", min_size=12, max_size=24)

# Bodies a JSON parser refuses, and JSON an item cannot be, around a filler.
MALFORMED = [
    lambda f: '{"name": "' + f,
    lambda f: '{"name": ' + f + "}",
    lambda f: '{"name": "x", "price": 1}' + f,
    lambda f: "[" + f,
    lambda f: f,
    lambda f: '{"' + f + '": 1',
    lambda f: '{"name": "x", "price": ' + f + "}",
    lambda f: '{"name": "' + f + '", "price": 1',
]
WRONG = [
    lambda f: '{"name": "' + f + '", "price": 1}',  # over 100 characters
    lambda f: '{"name": "x", "price": "' + f + '"}',
    lambda f: '["' + f + '"]',
    lambda f: '"' + f + '"',
    lambda f: '{"name": "x", "price": 1, "tags": ' + json.dumps([f[:50]] * 11) + "}",
]


@st.composite
def large_refused_bodies(draw):
    """(secret, body): a body up to a megabyte, made of the secret, that the app refuses."""
    secret = draw(secrets)
    size = draw(st.integers(min_value=128, max_value=1 << 20))
    filler = (secret * (size // len(secret) + 1))[:size]
    return secret, draw(st.sampled_from(MALFORMED + WRONG))(filler)


@BUDGET
@given(case=large_refused_bodies())
def test_a_422_never_holds_the_body(client, case):
    secret, body = case
    response = send(client, "POST", "/items", body)
    assert response.status_code == 422, response.text[:300]
    assert len(response.content) < 2048, f"{len(response.content)} bytes of 422"
    # Not the secret, nor any 8 characters of the body made of it.
    text = response.text
    doubled = secret * 2
    assert not any(doubled[i:i + 8] in text for i in range(len(secret))), text
    for error in response.json()["detail"]:
        assert error["loc"] and error["msg"] and error["type"]


# Error dicts as pydantic 1 and 2 make them, with the input wherever either
# puts it: pydantic 2's `input` and `url`, ctx entries of both (pydantic 1's
# `doc` and `given`, pydantic 2's `tag` and `error`), next to the limits a
# 422 keeps.
ctx_keys = st.sampled_from(sorted(LIMIT_KEYS) + ["doc", "given", "error", "tag", "expected", "pattern", "field_type", "msg"])
limits = st.one_of(st.integers(), st.floats(), st.booleans())


@st.composite
def pydantic_errors(draw):
    secret = draw(secrets)
    echoed = st.one_of(
        st.just(secret),
        st.just(secret * 1000),
        st.lists(st.just(secret), max_size=3),
        st.dictionaries(st.just(secret), st.just(secret), max_size=1),
        st.just(ValueError(secret)),
    )
    error = {
        "loc": tuple(draw(st.lists(st.one_of(st.sampled_from(["body", "query", "path", "name", "price", "tags"]),
                                             st.integers(min_value=0, max_value=10**7)), min_size=1, max_size=4))),
        "msg": draw(st.sampled_from(["Field required", "JSON decode error", "Expecting value: line 1 column 2 (char 1)",
                                     "String should have at most 100 characters", "value is not a valid integer"])),
        "type": draw(st.sampled_from(["missing", "json_invalid", "value_error.jsondecode", "string_too_long", "type_error.integer"])),
    }
    if draw(st.booleans()):
        error["input"] = draw(echoed)
    if draw(st.booleans()):
        error["url"] = "https://errors.pydantic.dev/2.11/v/" + secret
    ctx = draw(st.dictionaries(ctx_keys, st.one_of(limits, echoed), max_size=5))
    if ctx:
        error["ctx"] = ctx
    return secret, error


@BUDGET
@given(case=pydantic_errors())
def test_public_error_never_holds_the_input(case):
    secret, error = case
    public = public_error(error)
    # It renders as the 422 does, strict JSON: no infinity, no NaN.
    text = json.dumps(public, ensure_ascii=True, allow_nan=False)
    assert secret not in text
    assert public["loc"] == list(error["loc"]) and public["msg"] == error["msg"] and public["type"] == error["type"]
    kept = public.get("ctx", {})
    assert set(public) <= {"loc", "msg", "type", "ctx"} and set(kept) <= LIMIT_KEYS
    assert all(error["ctx"][key] == value and not isinstance(value, bool) for key, value in kept.items())
