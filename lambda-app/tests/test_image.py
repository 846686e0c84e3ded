"""The image's contract with Lambda, read from the Dockerfile and requirements without building."""

import ast
import json
import re
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parent.parent
SUPPORTED_PYTHONS = {"3.13", "3.14"}


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (APP_DIR / "Dockerfile").read_text()
    text = re.sub(r"\\\n", " ", text)
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def final_stage() -> list[tuple[str, str]]:
    pairs = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(pairs) if keyword == "FROM")
    return pairs[last_from:]


def exec_form(keyword: str) -> list[str]:
    values = [rest for k, rest in final_stage() if k == keyword]
    assert len(values) == 1, f"the final stage needs exactly one {keyword}"
    parsed = json.loads(values[0])  # exec form: a JSON array, no shell in between
    assert isinstance(parsed, list)
    return parsed


def test_is_multi_stage():
    assert sum(1 for keyword, _ in instructions() if keyword == "FROM") >= 2


def stage(name: str) -> list[tuple[str, str]]:
    """The instructions of the stage named name, up to the next FROM."""
    pairs = instructions()
    start = next(i for i, (k, rest) in enumerate(pairs) if k == "FROM" and rest.lower().endswith(f" as {name}"))
    end = next((i for i in range(start + 1, len(pairs)) if pairs[i][0] == "FROM"), len(pairs))
    return pairs[start:end]


def test_final_stage_is_a_supported_slim_python():
    base = re.sub(r"(?i)\s+as\s+\S+$", "", final_stage()[0][1])
    match = re.fullmatch(r"python:(3\.\d+)-slim(-\w+)?", base)
    assert match, f"final base image {base!r} is not an official slim Python"
    assert match.group(1) in SUPPORTED_PYTHONS


def test_entrypoint_runs_awslambdaric():
    assert exec_form("ENTRYPOINT") == ["python", "-m", "awslambdaric"]


def test_cmd_names_a_module_attribute_that_exists():
    [target] = exec_form("CMD")
    module, _, attribute = target.rpartition(".")
    path = APP_DIR.joinpath(*module.split(".")).with_suffix(".py")
    assert path.is_file(), f"CMD {target!r}: no module file {path}"
    tree = ast.parse(path.read_text())
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert attribute in assigned, f"CMD {target!r}: {module} does not define {attribute}"


def test_handler_module_is_copied_into_the_image():
    [target] = exec_form("CMD")
    package = target.split(".")[0]
    copies = [rest for keyword, rest in instructions() if keyword == "COPY"]
    assert any(rest.startswith(f"{package}/") for rest in copies), f"no COPY of {package}/"


def test_bytecode_is_compiled_at_build_time():
    runs = " ".join(rest for keyword, rest in instructions() if keyword == "RUN")
    assert "compileall" in runs


def test_build_tools_stay_out_of_the_final_stage():
    runs = " ".join(rest for keyword, rest in final_stage() if keyword == "RUN")
    assert "apt-get" not in runs and "pip install" not in runs


def requirements(name: str) -> dict[str, str]:
    pins = {}
    for line in (APP_DIR / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-r"):
            continue
        package, sep, version = line.partition("==")
        assert sep, f"{name}: {line!r} is not pinned with =="
        pins[package.lower()] = version
    return pins


@pytest.mark.parametrize("package", ["fastapi", "mangum", "awslambdaric", "pydantic", "starlette"])
def test_runtime_requirements_are_pinned(package):
    assert package in requirements("requirements.txt")


def test_dev_requirements_are_pinned():
    assert {"pytest", "httpx"} <= set(requirements("requirements-dev.txt"))


def test_dockerignore_keeps_tests_out_of_the_build_context():
    rules = (APP_DIR / ".dockerignore").read_text().splitlines()
    assert "*" in rules and "!service/" in rules and "!tests/" not in rules


def test_mangum_is_the_default_last_stage():
    """A build without --target (the construct's for mangum) gets the Mangum image."""
    assert final_stage()[0][1].lower().endswith(" as mangum")


def test_web_adapter_stage_runs_uvicorn_behind_the_pinned_extension():
    web = stage("web-adapter")
    copies = [rest for k, rest in web if k == "COPY"]
    extension = [c for c in copies if "/opt/extensions/lambda-adapter" in c]
    assert len(extension) == 1
    assert re.search(r"--from=public\.ecr\.aws/awsguru/aws-lambda-adapter:\d+\.\d+\.\d+@sha256:[0-9a-f]{64} ", extension[0]), extension[0]
    entrypoint = [json.loads(rest) for k, rest in web if k == "ENTRYPOINT"]
    cmd = [json.loads(rest) for k, rest in web if k == "CMD"]
    assert entrypoint == [["python", "-m", "uvicorn"]]
    module, _, attribute = cmd[0][0].partition(":")
    assert attribute in ast.unparse(ast.parse((APP_DIR / (module.replace(".", "/") + ".py")).read_text()))
    assert cmd[0][1:] == ["--host", "127.0.0.1", "--port", "8080"]
    env = " ".join(rest for k, rest in web if k == "ENV")
    for setting in ("AWS_LWA_PORT=8080", "AWS_LWA_READINESS_CHECK_PATH=/health", "AWS_LWA_INVOKE_MODE=response_stream"):
        assert setting in env


def test_web_adapter_requirements_are_pinned_and_hold_uvicorn():
    lines = [line.strip() for line in (APP_DIR / "requirements-web-adapter.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line) for line in lines), lines
    assert any(line.startswith("uvicorn==") for line in lines)


def test_every_file_the_dockerfile_copies_is_in_the_build_context():
    allowed = {rule[1:].rstrip("/") for rule in (APP_DIR / ".dockerignore").read_text().splitlines() if rule.startswith("!")}
    for keyword, rest in instructions():
        if keyword == "COPY" and "--from=" not in rest:
            source = rest.split()[0].rstrip("/")
            assert source in allowed, f"COPY {source}: .dockerignore keeps it out of the build context"
