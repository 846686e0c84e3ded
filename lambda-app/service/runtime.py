"""What the service does once per execution environment, not per request.

Lifespan: Lambda runs the module that defines the handler once, at init, then
calls the handler per request. Mangum's own lifespan support would run the
app's startup and shutdown around every invocation (lifespan="auto"), or never
(lifespan="off"). Lifespan runs the app's ASGI lifespan startup once, at init
(so that SnapStart's snapshot holds what it opened), keeps it open for the
execution environment's life, and hands each request the state it yielded,
as an ASGI server does. Its shutdown runs on SIGTERM, which Lambda sends
before it stops an environment that has an extension; without one Lambda
sends none, and the environment is frozen and dropped.

Snapshots: with SnapStart, Lambda initializes a version once, snapshots it,
and starts every new execution environment from that snapshot. What init
made is then shared by every restored environment. after_restore reseeds
Python's random number generator (its state is in the snapshot), clears the
request-id context, and runs what the app registered with on_restore, such as
reopening a connection opened at init; before_snapshot runs what it
registered with on_snapshot, such as closing one. Request ids are uuid4,
drawn from the operating system per request: not in the snapshot.
"""

from __future__ import annotations

import asyncio
import atexit
import random
import signal
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .logs import get_logger, request_id

logger = get_logger()


class LifespanError(RuntimeError):
    """The app's lifespan startup failed: the execution environment must not serve."""


class Lifespan:
    """An ASGI app's lifespan, run once: startup() at init, shutdown() at the end.

    The lifespan runs on loop, the event loop the requests run on (Mangum
    runs each on the current one): a pool or client that startup opens is
    bound to it.
    """

    def __init__(self, app: ASGIApp, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.app = app
        if loop is None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
        self.loop = loop
        self.state: dict[str, Any] = {}
        self.started = False
        self._to_app: asyncio.Queue[Message] | None = None
        self._from_app: asyncio.Queue[Message] | None = None
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        assert self._to_app is not None and self._from_app is not None
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        try:
            await self.app(scope, self._to_app.get, self._from_app.put)
        except BaseException as error:
            await self._from_app.put({"type": "lifespan.error", "error": error})
        else:
            await self._from_app.put({"type": "lifespan.returned"})

    def _exchange(self, message: Message) -> Message:
        assert self._to_app is not None and self._from_app is not None
        self._to_app.put_nowait(message)
        return self.loop.run_until_complete(self._from_app.get())

    def startup(self) -> None:
        """Runs the app's lifespan startup; raises LifespanError if it failed."""

        async def queues() -> None:
            self._to_app, self._from_app = asyncio.Queue(), asyncio.Queue()

        self.loop.run_until_complete(queues())
        self._task = self.loop.create_task(self._run())
        reply = self._exchange({"type": "lifespan.startup"})
        if reply["type"] == "lifespan.startup.complete":
            self.started = True
        elif reply["type"] == "lifespan.startup.failed":
            raise LifespanError(f"the app's lifespan startup failed: {reply.get('message', '')}")
        elif reply["type"] == "lifespan.error":
            raise LifespanError(f"the app's lifespan startup raised {reply['error']!r}") from reply["error"]
        else:
            raise LifespanError(f"the app's lifespan ended before its startup completed ({reply['type']})")

    def shutdown(self) -> None:
        """Runs the app's lifespan shutdown, once; nothing if startup did not complete."""
        if not self.started:
            return
        self.started = False
        reply = self._exchange({"type": "lifespan.shutdown"})
        if reply["type"] != "lifespan.shutdown.complete":
            logger.error("lifespan shutdown did not complete", extra={"reply": reply["type"]})

    def shutdown_on_exit(self) -> None:
        """Runs shutdown when Lambda sends SIGTERM (it does when an extension is
        registered), or when the interpreter exits."""
        atexit.register(self.shutdown)
        previous = signal.getsignal(signal.SIGTERM)

        def on_sigterm(signum: int, frame: Any) -> None:
            self.shutdown()
            if callable(previous):
                previous(signum, frame)

        signal.signal(signal.SIGTERM, on_sigterm)


class LifespanState:
    """Hands each request a shallow copy of the lifespan's state, as an ASGI server does."""

    def __init__(self, app: ASGIApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = {**scope, "state": {**self.state, **scope.get("state", {})}}
        await self.app(scope, receive, send)


_before_snapshot: list[Callable[[], None]] = []
_after_restore: list[Callable[[], None]] = []


def on_snapshot(hook: Callable[[], None]) -> Callable[[], None]:
    """Registers hook to run before Lambda snapshots the environment (close what init opened)."""
    _before_snapshot.append(hook)
    return hook


def on_restore(hook: Callable[[], None]) -> Callable[[], None]:
    """Registers hook to run in each environment restored from the snapshot (reopen it)."""
    _after_restore.append(hook)
    return hook


def before_snapshot() -> None:
    """Lambda's before-snapshot hook: the app's on_snapshot hooks, in order."""
    for hook in _before_snapshot:
        hook()


def after_restore() -> None:
    """Lambda's after-restore hook: what restored environments must not share."""
    random.seed()  # from the operating system: the snapshot's state is every environment's
    request_id.set(None)
    for hook in _after_restore:
        hook()


def register_snapshot_hooks() -> bool:
    """Registers the hooks with the runtime, where snapshot-restore-py is installed (the image)."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:
        return False
    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)
    return True
