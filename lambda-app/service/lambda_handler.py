"""Lambda entry point: the Dockerfile's CMD names `service.lambda_handler.handler`.

Lambda imports this module once per execution environment, at init: the
app's lifespan startup runs here, once (and SnapStart's snapshot holds what
it opened), not around every invocation, and each request gets the state it
yielded. Mangum's own lifespan handling is off for that reason.
"""

from mangum import Mangum

from .app import app
from .runtime import Lifespan, LifespanState, register_snapshot_hooks

lifespan = Lifespan(app)
lifespan.startup()
lifespan.shutdown_on_exit()
register_snapshot_hooks()

handler = Mangum(LifespanState(app, lifespan.state), lifespan="off")
