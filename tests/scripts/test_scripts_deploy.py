"""deploy.sh: the ordered first deploy, run against recorded fakes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.scripts.fakes import Sandbox
from tests.scripts.render_helper import IMAGES, render, service

TF = "-chdir=generated/problem-service/terraform"


def setup(sandbox: Sandbox, images: list | None = None) -> Sandbox:
    context = service(images)
    sandbox.write("deploy.sh", render("scripts/deploy.sh.j2", service=context))
    sandbox.write("build_and_push.sh", render("scripts/build_and_push.sh.j2", service=context))
    return sandbox


@pytest.fixture
def box(sandbox: Sandbox) -> Sandbox:
    return setup(sandbox)


def phases(calls: list[dict]) -> list[str]:
    """The calls as deploy phases, consecutive duplicates merged."""
    names = []
    for call in calls:
        cmd, argv = call["cmd"], call["argv"]
        if cmd == "terraform" and "init" in argv:
            name = "init"
        elif cmd == "terraform" and "apply" in argv:
            name = "bootstrap" if any(a.startswith("-target=") for a in argv) else "apply"
        elif cmd == "docker" and argv[0] == "login":
            name = "login"
        elif cmd == "docker":
            name = "build"
        elif cmd == "alpaco-gen":
            name = "preflight"
        else:
            continue
        if not names or names[-1] != name:
            names.append(name)
    return names


def terraform(calls: list[dict]) -> list[list[str]]:
    return [c["argv"] for c in calls if c["cmd"] == "terraform"]


def test_first_deploy_order(box):
    result = box.run("deploy.sh")
    assert result.returncode == 0, result.stderr
    calls = box.calls()
    assert phases(calls) == ["init", "bootstrap", "login", "build", "preflight", "apply"]
    init, bootstrap, apply = terraform(calls)
    assert init == [TF, "init", "-input=false"]
    targets = [a.removeprefix("-target=") for a in bootstrap if a.startswith("-target=")]
    assert targets == service().bootstrap_targets
    assert {f"aws_ecr_repository.{i.name.replace('-', '_')}" for i in IMAGES} <= set(targets)
    assert bootstrap[:2] == [TF, "apply"] and apply == [TF, "apply"]
    preflights = [c["argv"] for c in calls if c["cmd"] == "alpaco-gen"]
    assert preflights == [["preflight", "specs/problem_service.yaml"]]
    assert len([c for c in calls if c["argv"][:2] == ["buildx", "build"]]) == len(IMAGES)


def test_auto_approve_reaches_both_applies(box):
    assert box.run("deploy.sh", "--auto-approve").returncode == 0
    applies = [argv for argv in terraform(box.calls()) if "apply" in argv]
    assert len(applies) == 2 and all("-auto-approve" in argv for argv in applies)


def test_dry_run_prints_everything_and_runs_nothing(box):
    result = box.run("deploy.sh", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert {c["cmd"] for c in box.calls()} <= {"git"}
    out = result.stdout
    steps = [f"+ terraform {TF} init -input=false", f"+ terraform {TF} apply -target=aws_ecr_repository.",
             "+ docker buildx build --platform", "+ alpaco-gen preflight specs/problem_service.yaml",
             f"+ terraform {TF} apply\n"]
    positions = [out.index(step) for step in steps]
    assert positions == sorted(positions)


def test_a_failing_build_stops_the_deploy(box):
    result = box.run("deploy.sh", FAKE_FAIL="buildx build")
    assert result.returncode != 0
    assert phases(box.calls()) == ["init", "bootstrap", "login", "build"]


def test_a_failing_bootstrap_stops_before_building(box):
    result = box.run("deploy.sh", FAKE_FAIL="-target=")
    assert result.returncode != 0
    assert phases(box.calls()) == ["init", "bootstrap"]


def test_a_failing_preflight_stops_before_the_apply(box):
    assert box.run("deploy.sh", FAKE_FAIL="alpaco-gen preflight").returncode != 0
    assert phases(box.calls())[-1] == "preflight"


def test_allow_dirty_reaches_the_build(box):
    assert box.run("deploy.sh", FAKE_GIT_STATUS=" M backend/x\n").returncode != 0
    assert box.run("deploy.sh", "--allow-dirty", FAKE_GIT_STATUS=" M backend/x\n").returncode == 0


def test_without_images_there_is_no_bootstrap_and_no_build(sandbox):
    box = setup(sandbox, [])
    result = box.run("deploy.sh", "--auto-approve")
    assert result.returncode == 0, result.stderr
    assert phases(box.calls()) == ["init", "preflight", "apply"]
    assert not [c for c in box.calls() if c["cmd"] in ("docker", "aws", "git")]


def test_missing_tools_are_reported_before_anything_runs(box, tmp_path):
    (box.bin / "docker").unlink()
    result = box.run("deploy.sh", PATH=f"{box.bin}:/usr/bin:/bin")
    assert result.returncode != 0 and "docker" in result.stderr
    assert box.calls() == []


def test_unknown_flag(box):
    assert box.run("deploy.sh", "--yes").returncode == 2


def test_a_second_deploy_of_the_same_commit_succeeds_without_building(box, tmp_path):
    registry = str(tmp_path / "ecr.json")
    assert box.run("deploy.sh", "--auto-approve", FAKE_ECR=registry).returncode == 0
    again = box.run("deploy.sh", "--auto-approve", FAKE_ECR=registry)
    assert again.returncode == 0, again.stderr
    assert phases(box.calls()) == ["init", "bootstrap", "login", "preflight", "apply"]


def test_zip_functions_are_staged_before_terraform_reads_the_configuration(sandbox):
    context = service()
    context.zip_functions = [SimpleNamespace(name="grader", source="backend/lambdas/grader", runtime="python3.12",
                                             python_version="3.12", platform="manylinux2014_x86_64")]
    sandbox.write("deploy.sh", render("scripts/deploy.sh.j2", service=context))
    sandbox.write("build_and_push.sh", render("scripts/build_and_push.sh.j2", service=context))
    sandbox.write("package_functions.sh", render("scripts/package_functions.sh.j2", service=context))
    source = sandbox.root / "backend" / "lambdas" / "grader"
    source.mkdir(parents=True)
    (source / "app.py").write_text("def handler(event, context):\n    return 1\n")
    result = sandbox.run("deploy.sh", "--auto-approve")
    assert result.returncode == 0, result.stderr
    assert result.stdout.index("stage the zip functions") < result.stdout.index("terraform init")
    assert (sandbox.root / context.build_dir / "grader" / "app.py").is_file()
    assert phases(sandbox.calls())[0] == "init"  # nothing of terraform ran before the staging
