import json
import logging
import re
import sys

from service.logs import JsonFormatter, get_logger, request_id


def test_every_request_logs_one_access_line(client, logs):
    response = client.post("/items", json={"name": "Widget", "price": 1})
    [line] = logs.with_message("request")
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["method"] == "POST"
    assert line["path"] == "/items"
    assert line["status"] == 201
    assert line["level"] == "INFO"
    assert line["logger"] == "service"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["timestamp"])


def test_request_ids_differ_between_requests(client, logs):
    client.get("/health")
    client.get("/health")
    ids = [line["request_id"] for line in logs.with_message("request")]
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
    assert line["request_id"] == "req-123"
    assert line["key"] == "user:7"
    assert "args" not in line and "msg" not in line


def test_service_logger_writes_json_to_stdout_once():
    logger = get_logger()
    [handler] = logger.handlers[:1]
    assert isinstance(handler.formatter, JsonFormatter)
    assert handler.stream in (sys.stdout, sys.__stdout__)
    # awslambdaric puts a plain-text handler on the root logger: do not reach it.
    assert logger.propagate is False
