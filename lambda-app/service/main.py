"""Entry module: builds the FastAPI app and the Lambda handler that wraps it."""

from fastapi import FastAPI
from mangum import Mangum

app = FastAPI(title="fastapi-lambda-cdk")


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


handler = Mangum(app, lifespan="off")
