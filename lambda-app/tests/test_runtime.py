"""The app's lifespan runs once per execution environment; the snapshot hooks
reset what restored environments must not share."""

import asyncio
import inspect
import random
import sys
import types

import pytest
from fastapi import FastAPI, Request

from service import runtime
from service.logs import request_id
from service.runtime import Lifespan, LifespanError, LifespanState

from lambda_events import LambdaContext, load

HAS_LIFESPAN_PARAM = "lifespan" in inspect.signature(FastAPI).parameters


class Pool:
    """A resource the app's startup opens and its shutdown closes."""

    opened = 0
    closed = 0

    def __init__(self):
        Pool.opened += 1

    def close(self):
        Pool.closed += 1


def app_with_lifespan(style: str) -> FastAPI:
    """A FastAPI app whose lifespan opens a Pool and puts it in app.state and
    (where the lifespan may yield state) in the request state."""
    if style == "lifespan":
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def lifespan(app):
            pool = Pool()
            app.state.pool = pool
            yield {"pool": pool}
            pool.close()

        app = FastAPI(lifespan=lifespan)
    else:
        app = FastAPI()

        @app.on_event("startup")
        async def open_pool():
            app.state.pool = Pool()

        @app.on_event("shutdown")
        async def close_pool():
            app.state.pool.close()

    @app.get("/pool")
    async def pool(request: Request):
        from_state = getattr(request.state, "pool", None)
        return {"pool": id(request.app.state.pool), "state": id(from_state) if from_state else None}

    return app


STYLES = ["on_event"] + (["lifespan"] if HAS_LIFESPAN_PARAM else [])


@pytest.fixture(autouse=True)
def fresh_pool():
    Pool.opened = Pool.closed = 0


def get(app, loop, path="/pool"):
    """One HTTP request through the app, on loop, as Mangum makes it."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "https",
             "path": path, "raw_path": path.encode(), "query_string": b"", "headers": [], "server": ("x", 443),
             "client": ("1.2.3.4", 1), "root_path": ""}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    loop.run_until_complete(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.parametrize("style", STYLES)
def test_startup_runs_once_across_many_requests_and_shutdown_once(style):
    app = app_with_lifespan(style)
    lifespan = Lifespan(app, asyncio.new_event_loop())
    lifespan.startup()
    served = LifespanState(app, lifespan.state)
    bodies = {get(served, lifespan.loop)[1] for _ in range(50)}
    assert Pool.opened == 1 and Pool.closed == 0
    assert len(bodies) == 1  # every request saw the one pool
    if style == "lifespan":
        assert b'"state":null' not in bodies.pop()  # the yielded state reached each request
    lifespan.shutdown()
    lifespan.shutdown()
    assert Pool.closed == 1


def test_a_failed_startup_fails_init():
    app = FastAPI()

    @app.on_event("startup")
    async def broken():
        raise ConnectionError("database unreachable")

    with pytest.raises(LifespanError, match="database unreachable"):
        Lifespan(app, asyncio.new_event_loop()).startup()


def test_each_request_gets_its_own_copy_of_the_state():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["state"])
        scope["state"]["mine"] = True

    state = {"pool": "p"}
    loop = asyncio.new_event_loop()
    for _ in range(2):
        loop.run_until_complete(LifespanState(app, state)({"type": "http"}, None, None))
    assert seen[0] is not seen[1] and state == {"pool": "p"}


@pytest.mark.parametrize("style", STYLES)
def test_through_mangum_the_lifespan_runs_once(style):
    mangum = pytest.importorskip("mangum", reason="mangum not installed: pip install -r requirements-dev.txt, or put its source on PYTHONPATH (README)")
    app = app_with_lifespan(style)
    lifespan = Lifespan(app)  # on the current loop, as the handler module does
    lifespan.startup()
    handler = mangum.Mangum(LifespanState(app, lifespan.state), lifespan="off")
    event = load("get-health.json")
    event["rawPath"] = "/pool"
    event["requestContext"]["http"]["path"] = "/pool"
    answers = {handler(event, LambdaContext())["body"] for _ in range(30)}
    assert Pool.opened == 1 and Pool.closed == 0 and len(answers) == 1
    lifespan.shutdown()
    assert Pool.closed == 1


def test_the_handler_module_started_the_app_at_import():
    pytest.importorskip("mangum", reason="mangum not installed: pip install -r requirements-dev.txt, or put its source on PYTHONPATH (README)")
    from service import lambda_handler

    assert lambda_handler.lifespan.started
    assert lambda_handler.handler.lifespan == "off"


def test_after_restore_reseeds_random_and_clears_the_request_id():
    random.seed(42)
    in_snapshot = [random.random() for _ in range(3)]
    random.seed(42)  # every restored environment starts from the snapshot's state
    request_id.set("request-before-the-snapshot")
    runtime.after_restore()
    assert [random.random() for _ in range(3)] != in_snapshot
    assert request_id.get() is None


def test_the_apps_hooks_run_in_order(monkeypatch):
    monkeypatch.setattr(runtime, "_before_snapshot", [])
    monkeypatch.setattr(runtime, "_after_restore", [])
    calls = []
    runtime.on_snapshot(lambda: calls.append("close"))
    runtime.on_restore(lambda: calls.append("reopen"))
    runtime.on_restore(lambda: calls.append("warm"))
    runtime.before_snapshot()
    runtime.after_restore()
    assert calls == ["close", "reopen", "warm"]


def test_hooks_are_registered_with_snapshot_restore_py(monkeypatch):
    registered = {}
    fake = types.ModuleType("snapshot_restore_py")
    fake.register_before_snapshot = lambda hook: registered.setdefault("before", hook)
    fake.register_after_restore = lambda hook: registered.setdefault("after", hook)
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", fake)
    assert runtime.register_snapshot_hooks()
    assert registered == {"before": runtime.before_snapshot, "after": runtime.after_restore}
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", None)  # not installed
    assert not runtime.register_snapshot_hooks()
