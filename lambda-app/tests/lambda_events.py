"""What a Lambda invocation hands the handler, for the tests that call it."""

import json
from pathlib import Path

EVENTS = Path(__file__).resolve().parent.parent / "events"


class LambdaContext:
    """The attributes of the context awslambdaric passes to the handler."""

    function_name = "FastApiLambda-ServiceFunction"
    function_version = "3"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:111111111111:function:FastApiLambda-ServiceFunction:live"
    memory_limit_in_mb = "512"
    aws_request_id = "8f5f1e2c-0d7e-4a51-9b1a-3c1f2a9d4e01"
    log_group_name = "/aws/lambda/FastApiLambda-ServiceFunction"
    log_stream_name = "2026/11/26/[3]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


def load(name: str) -> dict:
    """An event of events/, as the emulator and the tests send it."""
    return json.loads((EVENTS / name).read_text())
