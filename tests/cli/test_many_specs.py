"""validate and render take several specs and folders; no argument finds them; `-` reads standard input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.support import ORDERS, run, scratch_project

SINGLE = re.sub(r"environments:.*", "", ORDERS, flags=re.S).replace("region:", "environment: dev\nregion:")
BILLING = SINGLE.replace("service: orders", "service: billing")
BROKEN = SINGLE.replace("service: orders", "service: broken").replace("memory: 256", "memory: 64")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return scratch_project(tmp_path, {"specs/a.yaml": SINGLE, "specs/b.yaml": BILLING, "other/c.yaml": ORDERS})


def test_validate_a_folder_reports_each_spec_and_one_total(project):
    (project / "specs" / "z.yaml").write_text(BROKEN)
    result = run("validate", "specs/", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "specs/a.yaml: ok" in lines and "specs/b.yaml: ok" in lines
    assert any(line.startswith("specs/z.yaml:") and "AG202" in line for line in lines)
    assert "specs/z.yaml: 1 error, 0 warnings" in lines
    assert lines[-1] == "3 specs, 3 environments: 1 error, 0 warnings"


def test_render_several_files_writes_each_tree(project):
    result = run("render", "specs/a.yaml", "specs/b.yaml", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    generated = project / "generated"
    assert (generated / "orders" / "terraform").is_dir() and (generated / "billing" / "terraform").is_dir()
    assert result.stderr.count(" created, ") == 2
    assert run("render", "--check", "specs", cwd=project).returncode == 0


def test_exit_code_is_the_worst_of_all(project):
    (project / "specs" / "z.yaml").write_text(BROKEN)
    findings = run("render", "specs/a.yaml", "specs/z.yaml", cwd=project)
    assert findings.returncode == 1 and "specs/z.yaml: not rendered" in findings.stderr
    assert (project / "generated" / "orders").is_dir()  # the clean spec is rendered all the same
    unusable = run("validate", "specs/a.yaml", "missing.yaml", "specs/z.yaml", cwd=project)
    assert unusable.returncode == 2
    assert "error: missing.yaml: no such file" in unusable.stderr
    assert "specs/a.yaml: ok" in unusable.stdout and "AG202" in unusable.stdout


def test_no_argument_finds_service_yaml_then_specs(project, tmp_path):
    listed = run("validate", cwd=project)
    assert listed.returncode == 0 and "2 specs, 2 environments" in listed.stdout
    (project / "service.yaml").write_text(BILLING)
    alone = run("validate", cwd=project)
    assert alone.returncode == 0 and alone.stderr == "service.yaml: ok\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("validate", cwd=empty)
    assert nothing.returncode == 2
    assert "neither service.yaml nor specs/*.yaml here" in nothing.stderr and "Traceback" not in nothing.stderr


def test_standard_input_is_for_validate_only(project):
    clean = run("validate", "-", cwd=project, stdin=SINGLE)
    assert clean.returncode == 0 and clean.stderr == "<stdin>: ok\n"
    broken = run("validate", "-", "--format", "json", cwd=project, stdin=BROKEN)
    document = json.loads(broken.stdout)
    assert broken.returncode == 1 and document["findings"][0]["file"] == "<stdin>"
    assert document["specs"] == [{"spec": "<stdin>", "environments": [], "summary": "1 error, 0 warnings"}]
    assert run("render", "-", cwd=project, stdin=SINGLE).returncode == 2


def test_sarif_of_several_specs_is_one_log(project):
    (project / "specs" / "z.yaml").write_text(BROKEN)
    result = run("validate", "specs", "other", "--format", "sarif", cwd=project)
    log = json.loads(result.stdout)
    assert result.returncode == 1 and len(log["runs"]) == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"specs/z.yaml"}
