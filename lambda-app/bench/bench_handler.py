"""Benchmarks of the Lambda handler: cold-start import time and warm request latency.

Run from lambda-app/ (make bench-python). Needs Mangum importable, like the
image has it; prints a skip line otherwise.

- Import time: `python -X importtime -c "import service.lambda_handler"`
  against a bare `import fastapi, mangum`, in fresh interpreters, alternating;
  the medians and their ratio.
- Warm latency: GET /health as a Function URL event through the handler, in
  this process, after a warm-up; median and p99.
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(APP_DIR))

IMPORT_RUNS = 21
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


if __name__ == "__main__":
    main()
