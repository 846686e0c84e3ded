import io
import json
import logging
import os

import pytest

# The service logger takes its level from AWS_LAMBDA_LOG_LEVEL when it is made,
# at import: the tests expect Lambda's default, INFO, whatever the shell says.
os.environ.pop("AWS_LAMBDA_LOG_LEVEL", None)

from fastapi.testclient import TestClient  # noqa: E402

from service.app import create_app  # noqa: E402
from service.logs import JsonFormatter  # noqa: E402


@pytest.fixture
def app():
    return create_app()  # its own, empty item store


@pytest.fixture
def client(app):
    return TestClient(app)


class LogLines:
    """JSON lines the service logger wrote during a test."""

    def __init__(self, stream: io.StringIO) -> None:
        self._stream = stream

    def all(self) -> list[dict]:
        return [json.loads(line) for line in self._stream.getvalue().splitlines()]

    def with_message(self, message: str) -> list[dict]:
        return [line for line in self.all() if line["message"] == message]


@pytest.fixture
def logs():
    """Captures the service logger's output through its own JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("service")
    logger.addHandler(handler)
    yield LogLines(stream)
    logger.removeHandler(handler)
