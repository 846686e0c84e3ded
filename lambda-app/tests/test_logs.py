import copy
import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from service.logs import JsonFormatter, get_logger, level_from_env, request_id

# The keys a Logs Insights query relies on, in the app's lines and the runtime's alike.
SHARED_KEYS = ("timestamp", "level", "message", "requestId")

# A line of awslambdaric 3.1.1's own JSON, as Lambda's JSON log format makes it
# write records that reach the root logger (another library's, say): written
# from awslambdaric/lambda_runtime_log_utils.py, JsonFormatter.format (keys,
# "%Y-%m-%dT%H:%M:%SZ" timestamps, None values dropped), and
# awslambdaric/bootstrap.py, LambdaLoggerFilter (the request id) and
# _setup_logging (UTC timestamps).
RUNTIME_LINE = json.loads(
    '{"timestamp": "2025-05-27T15:51:34Z", "level": "INFO",'
    ' "message": "Found credentials in environment variables.", "logger": "botocore.credentials",'
    ' "requestId": "8f5f1e2c-0d7e-4a51-9b1a-3c1f2a9d4e01"}'
)

RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def is_rfc3339_utc(value: str) -> bool:
    return bool(RFC3339_UTC.fullmatch(value)) and datetime.fromisoformat(value).utcoffset() == timedelta(0)


def test_every_request_logs_one_access_line(client, logs):
    response = client.post("/items", json={"name": "Widget", "price": 1})
    [line] = logs.with_message("request")
    assert line["requestId"] == response.headers["x-request-id"]
    assert line["method"] == "POST"
    assert line["path"] == "/items"
    assert line["status"] == 201
    assert line["level"] == "INFO"
    assert line["logger"] == "service"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["timestamp"])


def test_access_line_has_the_runtimes_keys(client, logs):
    client.get("/health")
    [line] = logs.with_message("request")
    assert set(SHARED_KEYS) <= RUNTIME_LINE.keys()
    assert set(SHARED_KEYS) <= line.keys()
    assert "request_id" not in line
    assert line["level"] == RUNTIME_LINE["level"]
    # Both RFC 3339 in UTC, YYYY-MM-DDTHH:MM:SS; the app's adds milliseconds.
    assert is_rfc3339_utc(line["timestamp"]) and is_rfc3339_utc(RUNTIME_LINE["timestamp"])


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL])
def test_same_record_same_shared_fields_as_awslambdarics_formatter(monkeypatch, level):
    log_utils = pytest.importorskip(
        "awslambdaric.lambda_runtime_log_utils", reason="awslambdaric not installed: pip install -r requirements-dev.txt"
    )
    monkeypatch.setattr(logging.Formatter, "converter", time.gmtime)  # as awslambdaric's _setup_logging does
    record = logging.LogRecord("service", level, __file__, 1, "cache %s", ("miss",), None)
    runtime_record = copy.copy(record)  # awslambdaric's formatter changes the record it formats
    runtime_record.aws_request_id = "req-123"  # what awslambdaric's LambdaLoggerFilter adds
    runtime = json.loads(log_utils.JsonFormatter().format(runtime_record))
    token = request_id.set("req-123")
    try:
        app = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)

    assert set(SHARED_KEYS) <= runtime.keys(), "awslambdaric's JSON keys changed: update SHARED_KEYS, the app and the README"
    assert set(SHARED_KEYS) <= app.keys()
    for key in ("level", "message", "requestId"):
        assert app[key] == runtime[key], key
    assert is_rfc3339_utc(runtime["timestamp"]) and is_rfc3339_utc(app["timestamp"])
    assert app["timestamp"].split(".")[0] == runtime["timestamp"].rstrip("Z")  # the same second, the same layout


def test_request_ids_differ_between_requests(client, logs):
    client.get("/health")
    client.get("/health")
    ids = [line["requestId"] for line in logs.with_message("request")]
    assert len(ids) == 2 and ids[0] != ids[1]


def test_formatter_writes_extras_and_the_current_request_id():
    token = request_id.set("req-123")
    try:
        record = logging.LogRecord("service", logging.WARNING, __file__, 1, "cache %s", ("miss",), None)
        record.key = "user:7"
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "cache miss"
    assert line["level"] == "WARNING"
    assert line["requestId"] == "req-123"
    assert line["key"] == "user:7"
    assert "args" not in line and "msg" not in line


def test_service_logger_writes_json_to_stdout_once():
    logger = get_logger()
    [handler] = logger.handlers[:1]
    assert isinstance(handler.formatter, JsonFormatter)
    assert handler.stream in (sys.stdout, sys.__stdout__)
    # awslambdaric puts its own handler on the root logger: do not reach it.
    assert logger.propagate is False


@pytest.mark.parametrize(
    "value, level",
    [
        ("TRACE", logging.DEBUG),
        ("DEBUG", logging.DEBUG),
        ("INFO", logging.INFO),
        ("WARN", logging.WARNING),
        ("ERROR", logging.ERROR),
        ("FATAL", logging.CRITICAL),
        ("warn", logging.WARNING),
        ("VERBOSE", logging.INFO),
        ("", logging.INFO),
        (None, logging.INFO),
    ],
)
def test_level_follows_lambdas_application_log_level(monkeypatch, value, level):
    if value is None:
        monkeypatch.delenv("AWS_LAMBDA_LOG_LEVEL", raising=False)
    else:
        monkeypatch.setenv("AWS_LAMBDA_LOG_LEVEL", value)
    assert level_from_env() == level


@pytest.fixture
def new_logger_name():
    """A logger name no other test uses, forgotten by logging afterwards."""
    name = f"test-logs-{uuid.uuid4().hex}"
    yield name
    logger = logging.Logger.manager.loggerDict.pop(name, None)
    for handler in getattr(logger, "handlers", [])[:]:
        logger.removeHandler(handler)


@pytest.mark.parametrize("value, level", [("WARN", logging.WARNING), ("DEBUG", logging.DEBUG), (None, logging.INFO)])
def test_get_logger_takes_its_level_from_lambda(monkeypatch, new_logger_name, value, level):
    if value is None:
        monkeypatch.delenv("AWS_LAMBDA_LOG_LEVEL", raising=False)
    else:
        monkeypatch.setenv("AWS_LAMBDA_LOG_LEVEL", value)
    assert get_logger(new_logger_name).level == level


@pytest.fixture
def lambda_log_level(monkeypatch):
    """Sets AWS_LAMBDA_LOG_LEVEL and, as get_logger does at start, the service
    logger's level from it; both are restored after the test."""
    logger = logging.getLogger("service")
    saved = logger.level

    def apply(value: str) -> None:
        monkeypatch.setenv("AWS_LAMBDA_LOG_LEVEL", value)
        logger.setLevel(level_from_env())

    yield apply
    logger.setLevel(saved)


def test_warn_hides_access_lines_but_not_errors(lambda_log_level, app, logs):
    lambda_log_level("WARN")

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    client = TestClient(app, raise_server_exceptions=False)
    assert client.get("/health").status_code == 200
    assert client.get("/boom").status_code == 500
    assert logs.with_message("request") == []
    [error] = logs.with_message("unhandled error")
    assert error["level"] == "ERROR" and error["path"] == "/boom"


def test_unknown_level_logs_access_lines(lambda_log_level, client, logs):
    lambda_log_level("VERBOSE")
    client.get("/health")
    assert len(logs.with_message("request")) == 1
