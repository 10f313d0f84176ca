"""The wheel ships every package and the templates: install it into a fresh venv and render."""

from __future__ import annotations

import subprocess
import sys
import venv

import tomllib

from tests.helpers import REFERENCE, REPO


def test_package_list_covers_every_package_folder():
    declared = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "alpaco_gen").rglob("__init__.py")}
    assert found <= declared, f"add to [tool.setuptools] packages: {sorted(found - declared)}"


def test_built_wheel_renders_outside_the_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(wheels), str(REPO)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    wheel = next(wheels.glob("alpaco_gen-*.whl"))
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                              str(wheel)], capture_output=True, text=True, timeout=300)
    if "no such option: --python" in install.stderr:  # pip < 22.3
        install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                                 capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    (project / "specs" / "problem_service.yaml").write_text(REFERENCE.read_text())
    result = subprocess.run([str(python), "-I", "-m", "alpaco_gen", "render"], cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    rendered = project / "generated" / "problem-service" / "terraform" / "lambda.tf"
    assert rendered.read_text() == (REPO / "generated" / "problem-service" / "terraform" / "lambda.tf").read_text()
