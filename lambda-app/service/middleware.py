"""ASGI middleware that gives every request an id, an access log line and a JSON 500."""

import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response
from .logs import get_logger, request_id

logger = get_logger()


def _lambda_request_id(scope: Scope) -> str | None:
    # Mangum puts the Lambda context object in the scope.
    context = scope.get("aws.context")
    return getattr(context, "aws_request_id", None)


class RequestContextMiddleware:
    """Sets the request id, logs each request, and turns an unhandled error into a JSON 500.

    The 500 names the request id and carries no traceback; the traceback goes
    to the log line with the same request id. A HEAD response loses its body
    here: an HTTP server such as uvicorn drops it, but Mangum hands whatever
    the app sends to the Function URL.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        rid = _lambda_request_id(scope) or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        response_started = False
        is_head = scope["method"] == "HEAD"

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            elif is_head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled error", extra={"method": scope["method"], "path": scope["path"]})
            if not response_started:
                await error_response("Internal Server Error", 500)(scope, receive, send_with_id)
        finally:
            logger.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id.reset(token)
