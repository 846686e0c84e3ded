"""Benchmarks of the Lambda handler: cold-start import time and warm request latency.

Run from lambda-app/ (make bench-python). Needs Mangum importable, like the
image has it; prints a skip line otherwise.

- Import time: `python -X importtime -c "import service.lambda_handler"`
  against a bare `import fastapi, mangum`, in fresh interpreters, alternating;
  the medians and their ratio.
- Warm latency: GET /health as a Function URL event through the handler, in
  this process, after a warm-up; median and p99.
- Init, per adapter, in fresh processes, alternating: mangum, from the
  interpreter's start until `service.lambda_handler` is imported (the app
  built, its lifespan started); web-adapter, from the start of `python -m
  uvicorn service.app:app` until /health answers, which is when the Lambda
  Web Adapter hands it the first invocation. This is the init SnapStart skips.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(APP_DIR))

IMPORT_RUNS = 21
INIT_RUNS = 11
REQUESTS = 2000
WARM_UP = 200


def import_microseconds(statement: str) -> int:
    """Total import time of a statement, from -X importtime's cumulative column."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
        cwd=APP_DIR,
    )
    total = 0
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        if not name.startswith(" " * 2):  # top-level imports only: nested ones are inside them
            total += int(cumulative)
    return total


def bench_import() -> None:
    handler, bare = [], []
    for _ in range(IMPORT_RUNS):
        handler.append(import_microseconds("import service.lambda_handler"))
        bare.append(import_microseconds("import fastapi, mangum"))
    h, b = statistics.median(handler), statistics.median(bare)
    print(f"import service.lambda_handler: median {h / 1000:.1f} ms over {IMPORT_RUNS} runs")
    print(f"import fastapi, mangum:        median {b / 1000:.1f} ms over {IMPORT_RUNS} runs")
    print(f"ratio: {h / b:.2f}x")


class Context:
    aws_request_id = "bench"
    function_name = "bench"
    memory_limit_in_mb = "512"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def bench_requests() -> None:
    import logging

    from service.lambda_handler import handler

    # The access log line is part of a real request; send it nowhere so the
    # terminal does not set the pace.
    logging.getLogger("service").handlers[0].stream = open("/dev/null", "w")

    event = json.loads((APP_DIR / "events" / "get-health.json").read_text())
    context = Context()
    for _ in range(WARM_UP):
        handler(event, context)
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = handler(event, context)
        samples.append(time.perf_counter() - start)
        assert response["statusCode"] == 200
    samples.sort()
    p50 = statistics.median(samples) * 1e6
    p99 = samples[int(len(samples) * 0.99) - 1] * 1e6
    print(f"GET /health through the handler, warm: median {p50:.0f} µs, p99 {p99:.0f} µs over {REQUESTS} requests")


def init_mangum() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import service.lambda_handler"], check=True, cwd=APP_DIR)
    return time.perf_counter() - start


def init_web_adapter() -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service.app:app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=APP_DIR, env={**os.environ, "PYTHONPATH": str(APP_DIR)}, stdout=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("uvicorn exited before /health answered")
                time.sleep(0.005)
    finally:
        server.terminate()
        server.wait()


def bench_init() -> None:
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        print("init, web-adapter: skipped: uvicorn not installed (apt-get install python3-uvicorn)")
        return
    mangum_runs, web_runs = [], []
    for _ in range(INIT_RUNS):
        mangum_runs.append(init_mangum())
        web_runs.append(init_web_adapter())
    m, w = statistics.median(mangum_runs) * 1000, statistics.median(web_runs) * 1000
    print(f"init, mangum (interpreter start to handler imported, lifespan started): median {m:.0f} ms over {INIT_RUNS} runs")
    print(f"init, web-adapter (uvicorn start to /health answering): median {w:.0f} ms over {INIT_RUNS} runs")


def main() -> None:
    try:
        import mangum  # noqa: F401
    except ImportError:
        print("skipped: mangum not installed (see the README for running the handler benchmarks)")
        return
    import fastapi

    print(f"python {sys.version.split()[0]}, fastapi {fastapi.__version__}")
    bench_import()
    bench_requests()
    bench_init()


if __name__ == "__main__":
    main()
