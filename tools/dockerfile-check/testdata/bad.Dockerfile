# Findings the check must report (make test runs it on this file and wants a failure).
FROM python:3.13-slim-bookworm as build
RUN echo build
from python:3.13-slim-bookworm
CMD python -m awslambdaric service.lambda_handler.handler
