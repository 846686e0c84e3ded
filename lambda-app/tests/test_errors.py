import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def failing_client(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("database password is hunter2")

    return TestClient(app, raise_server_exceptions=False)


def test_unhandled_error_is_json_500_with_request_id(failing_client):
    response = failing_client.get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert body == {"detail": "Internal Server Error", "request_id": response.headers["x-request-id"]}


def test_500_leaks_no_traceback_or_message(failing_client):
    text = failing_client.get("/boom").text
    assert "Traceback" not in text
    assert "hunter2" not in text
    assert "RuntimeError" not in text


def test_500_traceback_goes_to_the_log_with_the_same_request_id(failing_client, logs):
    response = failing_client.get("/boom")
    [error] = logs.with_message("unhandled error")
    assert error["level"] == "ERROR"
    assert error["requestId"] == response.headers["x-request-id"]
    assert "RuntimeError: database password is hunter2" in error["exception"]
    assert error["path"] == "/boom"


def test_unhandled_error_does_not_escape_the_app(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    # raise_server_exceptions=True: the test fails if the error propagates out of the app.
    assert TestClient(app).get("/boom").status_code == 500


def test_unknown_route_is_json_404(client):
    response = client.get("/no-such-route")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "Not Found", "request_id": response.headers["x-request-id"]}


def test_wrong_method_is_json_405(client):
    response = client.delete("/health")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed", "request_id": response.headers["x-request-id"]}
