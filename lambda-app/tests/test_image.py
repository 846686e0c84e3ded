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


def test_final_stage_is_a_supported_slim_python():
    base = final_stage()[0][1]
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
