"""One spec, several environments: separate trees, located overrides, and trees that belong to one spec only."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from alpaco_gen.pipeline import check_spec
from tests.cli.support import ORDERS, line_of, run, scratch_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return scratch_project(tmp_path, {"specs/orders.yaml": ORDERS})


def memory_of(tree: Path) -> int:
    match = re.search(r"memory_size\s+=\s+(\d+)", (tree / "terraform" / "lambda.tf").read_text())
    assert match, "no memory_size in lambda.tf"
    return int(match.group(1))


def test_two_environments_render_into_separate_trees(project):
    result = run("render", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    dev, prod = project / "generated" / "orders" / "dev", project / "generated" / "orders" / "prod"
    assert memory_of(dev) == 256 and memory_of(prod) == 1024
    assert '"orders/prod/terraform.tfstate"' in (prod / "terraform" / "versions.tf").read_text()
    assert '"orders/dev/terraform.tfstate"' in (dev / "terraform" / "versions.tf").read_text()
    assert "CostCenter" in (prod / "terraform" / "locals.tf").read_text()
    assert "CostCenter" not in (dev / "terraform" / "locals.tf").read_text()
    assert "preflight \"$SPEC\" --env prod" in (prod / "scripts" / "deploy.sh").read_text()
    for name, tree in (("dev", dev), ("prod", prod)):
        manifest = json.loads((tree / ".alpaco-gen-manifest.json").read_text())
        assert manifest["spec"] == "../../../specs/orders.yaml"
        assert (manifest["service"], manifest["environment"]) == ("orders", name)
    assert not (project / "generated" / "orders" / "terraform").exists()
    assert run("render", "--check", cwd=project).returncode == 0


def test_env_option_selects_environments(project):
    result = run("render", "--env", "prod", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "generated" / "orders" / "prod").is_dir()
    assert not (project / "generated" / "orders" / "dev").exists()
    unknown = run("validate", "--env", "qa", cwd=project)
    assert unknown.returncode == 2 and "no environment `qa`; it has dev, prod" in unknown.stderr


def test_override_findings_point_at_the_override_and_name_the_environment(project):
    spec = project / "specs" / "orders.yaml"
    text = ORDERS.replace("api: {memory: 1024}", "api: {memory: 20480}").replace("memory: 256", "memory: 64")
    spec.write_text(text)
    result = run("validate", cwd=project)
    assert result.returncode == 1
    prod_line = line_of(text, "memory: 20480")
    prod_column = text.splitlines()[prod_line - 1].index("20480") + 1
    assert (f"specs/orders.yaml:{prod_line}:{prod_column}: error AG202 function-memory-range: [prod] "
            "`memory` of function `api` is 20480 MB") in result.stdout
    # The base value is only dev's (prod overrides it): it is reported for dev, at the base's line.
    base_line = line_of(text, "memory: 64")
    assert f"specs/orders.yaml:{base_line}:13: error AG202 function-memory-range: [dev] " in result.stdout
    assert result.stdout.count("AG202") == 2


def test_findings_every_environment_shares_are_reported_once_without_a_name(project):
    spec = project / "specs" / "orders.yaml"
    spec.write_text(ORDERS.replace("handler: app.handler", "handler: app.handler\n    timeout: 0"))
    result = run("validate", cwd=project)
    assert result.returncode == 1
    assert result.stdout.count("AG203") == 1 and "[dev]" not in result.stdout and "[prod]" not in result.stdout


def test_library_checks_one_environment(project):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        prod = check_spec(Path("specs/orders.yaml"), environment="prod")
        both = check_spec(Path("specs/orders.yaml"))
    finally:
        os.chdir(cwd)
    assert prod.service is not None and prod.service.spec.functions["api"].memory == 1024
    assert prod.environment == "prod" and prod.tree == "orders/prod"
    assert prod.service.functions[0].aws_name.endswith("-prod")
    assert both.service is None and not both.has_errors


def test_a_second_spec_cannot_write_into_a_tree_it_does_not_own(project):
    """The issue's case: prod as a copy of the dev spec rendered into the same folder and replaced dev."""
    single = re.sub(r"environments:.*", "", ORDERS, flags=re.S).replace("region:", "environment: dev\nregion:")
    (project / "specs" / "orders.yaml").write_text(single)
    (project / "specs" / "orders_prod.yaml").write_text(single.replace("environment: dev", "environment: prod"))
    assert run("render", "specs/orders.yaml", cwd=project).returncode == 0
    tree = project / "generated" / "orders"
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}

    refused = run("render", "specs/orders_prod.yaml", cwd=project)
    assert refused.returncode == 1
    assert "generated/orders: owned by specs/orders.yaml (environment `dev`), not specs/orders_prod.yaml" in (
        refused.stderr)
    assert "nothing written" in refused.stderr
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    assert run("render", "--check", "specs/orders_prod.yaml", cwd=project).returncode == 1

    # The same spec with another environment value is refused too; --force is the explicit way to take over.
    (project / "specs" / "orders.yaml").write_text(single.replace("environment: dev", "environment: qa"))
    other_env = run("render", "specs/orders.yaml", cwd=project)
    assert other_env.returncode == 1 and "holds environment `dev` of specs/orders.yaml, not `qa`" in other_env.stderr
    assert run("render", "--force", "specs/orders.yaml", cwd=project).returncode == 0
    assert json.loads((tree / ".alpaco-gen-manifest.json").read_text())["environment"] == "qa"


def test_single_environment_tree_and_environment_trees_do_not_mix(project):
    single = re.sub(r"environments:.*", "", ORDERS, flags=re.S).replace("region:", "environment: dev\nregion:")
    (project / "specs" / "orders.yaml").write_text(single)
    assert run("render", cwd=project).returncode == 0
    (project / "specs" / "orders.yaml").write_text(ORDERS)
    refused = run("render", cwd=project)
    assert refused.returncode == 1
    assert ("generated/orders: another generated tree of this service, rendered without `environments:`; delete it"
            in refused.stderr)
    assert not (project / "generated" / "orders" / "dev").exists()
