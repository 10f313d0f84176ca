"""Every command and every exit code, through the real entry point (no tracebacks, ever)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REFERENCE, REPO


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alpaco_gen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the reference project: the spec and the backend folders its sources point at."""
    (tmp_path / "specs").mkdir()
    shutil.copy(REFERENCE, tmp_path / "specs" / "problem_service.yaml")
    shutil.copytree(REPO / "backend", tmp_path / "backend")
    return tmp_path


def test_version(project):
    result = run("--version", cwd=project)
    assert result.returncode == 0 and "0.1.0" in result.stdout


def test_validate_clean_spec_exits_0(project):
    result = run("validate", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_undeclared_subnet_exits_1_with_position(project):
    spec = project / "specs" / "problem_service.yaml"
    text = spec.read_text().replace("subnets: [private_a, private_c]\n    security_groups: [lambda]",
                                    "subnets: [private_a, private_b]\n    security_groups: [lambda]")
    spec.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "private_b]" in row)
    column = text.splitlines()[line - 1].index("private_b") + 1
    result = run("validate", cwd=project)
    assert result.returncode == 1
    assert f"specs/problem_service.yaml:{line}:{column}: error AG101 undeclared-reference" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b"", b"- a\n- b\n", b"\xff\xfe\x00bad", b"just a string\n"])
def test_unusable_input_exits_2_without_traceback(project, content):
    (project / "bad.yaml").write_bytes(content)
    result = run("validate", "bad.yaml", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "bad.yaml" in result.stderr


def test_missing_file_and_usage_errors_exit_2(project):
    assert run("validate", "nope.yaml", cwd=project).returncode == 2
    assert run("render", "--no-such-option", cwd=project).returncode == 2
    assert run("explain", "AG999", cwd=project).returncode == 2


def test_yaml_error_exits_1(project):
    (project / "broken.yaml").write_text("version: 1\nproject: [unclosed\n")
    result = run("validate", "broken.yaml", cwd=project)
    assert result.returncode == 1 and "AG001" in result.stdout


def test_render_check_and_hand_edits(project):
    assert run("render", cwd=project).returncode == 0
    assert run("render", "--check", cwd=project).returncode == 0
    lambda_tf = project / "generated" / "problem-service" / "terraform" / "lambda.tf"
    original = lambda_tf.read_text()

    edited = re.sub(r"memory_size( +)= 512", r"memory_size\1= 640", original)
    assert edited != original
    lambda_tf.write_text(edited)
    stale = run("render", "--check", cwd=project)
    assert stale.returncode == 1 and re.search(r"^\+ +memory_size +- 512".replace("-", "="), stale.stdout, re.M)

    refused = run("render", cwd=project)
    assert refused.returncode == 1 and "edited by hand" in refused.stderr
    assert "640" in lambda_tf.read_text()  # not overwritten without --force

    assert run("render", "--force", cwd=project).returncode == 0
    assert lambda_tf.read_text() == original


def test_render_check_sees_spec_changes(project):
    assert run("render", cwd=project).returncode == 0
    spec = project / "specs" / "problem_service.yaml"
    spec.write_text(spec.read_text().replace("memory: 512", "memory: 768"))
    result = run("render", "--check", cwd=project)
    assert result.returncode == 1 and "memory_size" in result.stdout


def test_render_refuses_to_write_with_errors(project):
    spec = project / "specs" / "problem_service.yaml"
    spec.write_text(spec.read_text().replace("hash_key: problem_id, attributes", "hash_key: problem_id, atributes"))
    result = run("render", cwd=project)
    assert result.returncode == 1 and "AG003" in result.stdout
    assert not (project / "generated").exists()


def test_rules_and_explain(project):
    listing = run("rules", cwd=project)
    assert listing.returncode == 0 and "AG101  undeclared-reference" in listing.stdout
    explained = run("explain", "undeclared-reference", cwd=project)
    assert explained.returncode == 0 and "## Fix" in explained.stdout


def test_schema_is_written(project):
    result = run("schema", cwd=project)
    assert result.returncode == 0
    assert (project / "generated" / "schema" / "service.schema.json").is_file()
