"""Lambda entry point: the Dockerfile's CMD names `service.lambda_handler.handler`."""

from mangum import Mangum

from .app import app

# Lifespan events are off: Lambda gives no shutdown signal to run them on.
handler = Mangum(app, lifespan="off")
