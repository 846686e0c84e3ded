"""Structured JSON logs on stdout, one object per line, ready for CloudWatch Logs Insights.

Every line carries the id of the request being served: the Lambda request id
under Lambda, a generated one elsewhere. The keys a query filters on are the
ones awslambdaric's own JSON lines use (its JsonFormatter, with Lambda's JSON
log format): `timestamp` (RFC 3339, UTC), `level` (Python's level name),
`message` and `requestId`, so one query reads both. Which lines are written
follows Lambda's application log level (AWS_LAMBDA_LOG_LEVEL), INFO without it.
"""

import contextvars
import json
import logging
import os
import sys
import time

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}

# Lambda's application log levels as awslambdaric maps them to Python's:
# TRACE is DEBUG, WARN and FATAL are Python's own aliases of WARNING and CRITICAL.
_LAMBDA_LEVELS = {
    "TRACE": logging.DEBUG,
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARN": logging.WARNING,
    "WARNING": logging.WARNING,
    "ERROR": logging.ERROR,
    "FATAL": logging.CRITICAL,
    "CRITICAL": logging.CRITICAL,
}


def level_from_env() -> int:
    """The level Lambda's ApplicationLogLevel asks for through AWS_LAMBDA_LOG_LEVEL;
    INFO when it is unset or names no level."""
    return _LAMBDA_LEVELS.get(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper(), logging.INFO)


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object: timestamp, level, logger, message, requestId, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            # RFC 3339 in UTC like awslambdaric's, which stops at whole seconds: the
            # milliseconds keep apart the lines of one second.
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "requestId": request_id.get(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _RECORD_ATTRS})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def get_logger(name: str = "service") -> logging.Logger:
    """Returns the service's logger, writing JSON to stdout at the level of level_from_env().

    It does not propagate to the root logger, where awslambdaric installs its
    own handler (plain text, or JSON with Lambda's JSON log format): each line
    is written once, in this module's format.
    """
    logger = logging.getLogger(name)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(level_from_env())
        logger.propagate = False
    return logger
