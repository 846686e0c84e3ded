"""/stream: events reach an HTTP client as they are produced, through uvicorn
(what the Lambda Web Adapter runs, and `make run`); buffered under Mangum."""

import json
import socket
import threading
import time

import pytest

uvicorn = pytest.importorskip("uvicorn", reason="uvicorn not installed: apt-get install python3-uvicorn, or pip install -r requirements-dev.txt")
httpx = pytest.importorskip("httpx", reason="httpx not installed: apt-get install python3-httpx")

from service.app import create_app  # noqa: E402

from lambda_events import LambdaContext, load  # noqa: E402


@pytest.fixture(scope="module")
def server():
    """The app under a real uvicorn, on a free local port, in a thread."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


def events_of(text: str) -> list[dict]:
    return [json.loads(line[len("data: "):]) for line in text.splitlines() if line.startswith("data: ")]


def test_events_arrive_one_by_one_as_they_are_produced(server):
    interval = 0.4
    arrivals = []
    with httpx.stream("GET", f"{server}/stream", params={"count": 3, "interval": interval}, timeout=10) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        started = time.monotonic()
        for chunk in response.iter_text():
            for event in events_of(chunk):
                arrivals.append((event["n"], time.monotonic() - started))
    assert [n for n, _ in arrivals] == [1, 2, 3]
    first, last = arrivals[0][1], arrivals[-1][1]
    # The first event was read before the last was produced, two intervals later.
    assert first < interval / 2, arrivals
    assert last - first >= 2 * interval * 0.9, arrivals


def test_heartbeats_keep_a_quiet_stream_talking(server):
    response = httpx.get(f"{server}/stream", params={"count": 2, "interval": 0.5, "heartbeat": 0.2}, timeout=10)
    assert response.text.count(": heartbeat\n\n") == 2
    assert events_of(response.text) == [{"n": 1, "of": 2}, {"n": 2, "of": 2}]


@pytest.mark.parametrize("params", [{"count": 0}, {"count": 101}, {"interval": -1}, {"interval": 11}, {"heartbeat": 0}])
def test_out_of_range_is_a_422(client, params):
    assert client.get("/stream", params=params).status_code == 422


def test_under_mangum_the_stream_is_buffered():
    mangum = pytest.importorskip("mangum", reason="mangum not installed: pip install -r requirements-dev.txt, or put its source on PYTHONPATH (README)")
    handler = mangum.Mangum(create_app(), lifespan="off")
    event = load("get-health.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/stream"
    event["rawQueryString"] = "count=3&interval=0"
    response = handler(event, LambdaContext())
    assert response["statusCode"] == 200
    assert events_of(response["body"]) == [{"n": n, "of": 3} for n in (1, 2, 3)]  # all of them, in one payload
