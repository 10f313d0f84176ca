"""The committed deploy path of the reference service, run with recorded fake executables.

The template tests use an example context; this one runs what `alpaco-gen render` actually wrote, so the
context wiring (paths to the repository root, Dockerfiles, Terraform targets) is covered too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.helpers import REPO
from tests.scripts.fakes import Sandbox

SERVICE = REPO / "generated" / "problem-service"


def _sandbox(tmp_path: Path) -> Sandbox:
    box = Sandbox(tmp_path / "repo")
    shutil.rmtree(box.root / "generated" / "problem-service")
    shutil.copytree(SERVICE, box.root / "generated" / "problem-service")
    shutil.copy(REPO / "specs" / "problem_service.yaml", box.root / "specs" / "problem_service.yaml")
    shutil.copytree(REPO / "backend", box.root / "backend")
    return box


def test_first_deploy_runs_in_order(tmp_path):
    box = _sandbox(tmp_path)
    result = box.run("deploy.sh", "--auto-approve")
    assert result.returncode == 0, result.stdout + result.stderr
    calls = [(c["cmd"], c["argv"]) for c in box.calls()]
    kinds = []
    for cmd, argv in calls:
        words = [a for a in argv if not a.startswith("-")]
        if cmd == "terraform" and words[:1] in (["init"], ["apply"]):
            kinds.append("bootstrap" if any(a.startswith("-target=") for a in argv) else words[0])
        elif cmd == "docker" and argv[:2] == ["buildx", "build"]:
            kinds.append("build")
        elif cmd == "alpaco-gen" and words[:1] == ["preflight"]:
            kinds.append("preflight")
    first = {k: kinds.index(k) for k in set(kinds)}
    assert first["init"] < first["bootstrap"] < first["build"] < first["preflight"] < first["apply"], kinds
    assert kinds.count("apply") == 1 and kinds[-1] == "apply"

    spec = yaml.safe_load((REPO / "specs" / "problem_service.yaml").read_text())
    bootstrap = next(argv for cmd, argv in calls if cmd == "terraform" and any(a.startswith("-target=") for a in argv))
    targets = {a.removeprefix("-target=") for a in bootstrap if a.startswith("-target=")}
    assert {f"aws_ecr_repository.{name.replace('-', '_')}" for name in spec["repositories"]} <= targets

    builds = [argv for cmd, argv in calls if cmd == "docker" and argv[:2] == ["buildx", "build"]]
    assert len(builds) == len(spec["tasks"]) + sum(1 for f in spec["functions"].values() if "image" in f)
    for argv in builds:
        assert "--provenance=false" in argv and "--sbom=false" in argv
        assert argv[argv.index("--platform") + 1] == "linux/amd64"
        dockerfile = argv[argv.index("-f") + 1]
        assert (box.root / dockerfile).is_file(), dockerfile
        assert (box.root / argv[-1]).is_dir()  # the build context: the source folder


def test_preflight_failure_stops_before_apply(tmp_path):
    box = _sandbox(tmp_path)
    result = box.run("deploy.sh", "--auto-approve", FAKE_FAIL="alpaco-gen preflight")
    assert result.returncode != 0
    applies = [c for c in box.calls() if c["cmd"] == "terraform" and "apply" in c["argv"]
               and not any(a.startswith("-target=") for a in c["argv"])]
    assert any(c["cmd"] == "alpaco-gen" for c in box.calls())
    assert applies == []
