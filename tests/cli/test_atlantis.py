"""`alpaco-gen atlantis`: one Atlantis project per generated root, checked against Atlantis's config format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.cli.support import ORDERS, run, scratch_project
from tests.helpers import REPO

SCHEMA = json.loads((REPO / "tests" / "data" / "atlantis-repo-config.schema.json").read_text())
BILLING = ORDERS.split("environments:")[0].replace("service: orders", "service: billing").replace(
    "region:", "environment: dev\nregion:")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return scratch_project(tmp_path, {"specs/orders.yaml": ORDERS, "specs/billing.yaml": BILLING})


def test_projects_match_the_rendered_roots_and_what_they_watch(project):
    assert run("render", cwd=project).returncode == 0
    result = run("atlantis", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "atlantis.yaml").read_text()
    config = yaml.safe_load(text)
    jsonschema.Draft202012Validator(SCHEMA).validate(config)
    names = [p["name"] for p in config["projects"]]
    assert names == ["billing", "orders-dev", "orders-prod"] and len(set(names)) == len(names)
    assert config["parallel_plan"] is True and config["parallel_apply"] is True
    for entry in config["projects"]:
        root = project / entry["dir"]
        assert list(root.glob("*.tf")), f"{entry['dir']} is no Terraform root"
        watched = entry["autoplan"]["when_modified"]
        assert watched[0] == "*.tf"
        spec = next(w for w in watched if w.endswith(".yaml"))
        assert (root / spec).resolve().parent == (project / "specs").resolve()
        sources = [w for w in watched if w.endswith("/**")]
        assert [(root / s[:-3]).resolve() for s in sources] == [(project / "backend/lambdas/api").resolve()]
    assert run("atlantis", "--check", cwd=project).returncode == 0


def test_check_reports_a_stale_config_and_foreign_files_are_kept(project):
    (project / "atlantis.yaml").write_text("version: 3\nprojects: []\n")
    refused = run("atlantis", cwd=project)
    assert refused.returncode == 1 and "not written by alpaco-gen" in refused.stderr
    assert (project / "atlantis.yaml").read_text() == "version: 3\nprojects: []\n"
    stale = run("atlantis", "--check", cwd=project)
    assert stale.returncode == 1 and "+- name: orders-prod" in stale.stdout
    assert run("atlantis", "--force", cwd=project).returncode == 0


def test_the_schema_rejects_what_atlantis_rejects():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = {"version": 3, "projects": [{"name": "a/b", "dir": "x", "autoplan": {"when_modified": ["*.tf"]}}]}
    assert validator.is_valid(good)
    for bad in ({"projects": []}, {"version": 1}, {"version": 3, "projects": [{"dir": "../x"}]},
                {"version": 3, "projects": [{"dir": "x", "autoplan": {"when_changed": []}}]},
                {"version": 3, "projects": [{"name": "a b", "dir": "x"}]}):
        assert not validator.is_valid(bad), bad
