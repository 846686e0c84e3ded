"""/stream: server-sent events, the shape of a token stream from a model.

Each event is `event: tick` with `data: {"n": N, "of": EVENTS}`, `interval`
seconds apart, and a comment line (`: heartbeat`) every `heartbeat` seconds
in between, so that a proxy or client waiting on a quiet stream keeps the
connection open. Served by uvicorn (behind the Lambda Web Adapter, or `make
run`), each event reaches the client as it is produced. Under Mangum the
response is buffered: the client gets every event at once, at the end,
because Mangum answers Lambda with one payload.
"""

import asyncio
import json

from fastapi import Query
from fastapi.responses import StreamingResponse

from .routing import Router

router = Router()

MEDIA_TYPE = "text/event-stream"


async def events(count: int, interval: float, heartbeat: float):
    for n in range(1, count + 1):
        if n > 1:
            waited = 0.0
            while interval - waited > heartbeat:
                await asyncio.sleep(heartbeat)
                waited += heartbeat
                yield ": heartbeat\n\n"
            await asyncio.sleep(interval - waited)
        yield f"event: tick\ndata: {json.dumps({'n': n, 'of': count})}\n\n"


@router.get("/stream", tags=["stream"], response_class=StreamingResponse,
            responses={200: {"content": {MEDIA_TYPE: {}}, "description": "Server-sent events"}})
def stream(
    count: int = Query(3, ge=1, le=100, description="how many events"),
    interval: float = Query(0.05, ge=0, le=10, description="seconds between events"),
    heartbeat: float = Query(15, gt=0.01, le=60, description="seconds between heartbeat comments while waiting"),
) -> StreamingResponse:
    """Server-sent events, one every `interval` seconds; buffered under Mangum."""
    return StreamingResponse(
        events(count, interval, heartbeat),
        media_type=MEDIA_TYPE,
        # No proxy may buffer or transform the stream.
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
