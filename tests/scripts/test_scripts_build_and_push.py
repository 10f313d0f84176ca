"""build_and_push.sh, rendered and run against recorded fake aws, docker and git."""

from __future__ import annotations

import json

import pytest

from tests.scripts.fakes import Sandbox
from tests.scripts.render_helper import IMAGES, render, service

REGISTRY = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com"
COMMIT = "0123456789ab"


@pytest.fixture
def box(sandbox: Sandbox) -> Sandbox:
    sandbox.write("build_and_push.sh", render("scripts/build_and_push.sh.j2", service=service()))
    return sandbox


def builds(calls: list[dict]) -> list[list[str]]:
    return [c["argv"] for c in calls if c["cmd"] == "docker" and c["argv"][:2] == ["buildx", "build"]]


def option(argv: list[str], name: str) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == name]


def test_builds_every_image_for_its_platform_without_attestations(box):
    result = box.run("build_and_push.sh")
    assert result.returncode == 0, result.stderr
    done = builds(box.calls())
    assert len(done) == len(IMAGES)
    for image, argv in zip(IMAGES, done, strict=True):
        assert option(argv, "--platform") == [image.platform]
        assert "--provenance=false" in argv and "--sbom=false" in argv
        assert option(argv, "-f") == [image.dockerfile]
        assert option(argv, "-t") == [f"{REGISTRY}/{image.repository}:{COMMIT}",
                                      f"{REGISTRY}/{image.repository}:{image.tag}"]
        assert "--push" in argv
        assert argv[-1] == image.context


def test_logs_in_before_building_and_from_the_repository_root(box):
    assert box.run("build_and_push.sh").returncode == 0
    calls = box.calls()
    order = [(c["cmd"], c["argv"][0]) for c in calls]
    login = order.index(("docker", "login"))
    assert order.index(("aws", "ecr")) < login < order.index(("docker", "buildx"))
    login_call = calls[login]
    assert login_call["argv"] == ["login", "--username", "AWS", "--password-stdin", REGISTRY]
    assert login_call["stdin"] == "fake-ecr-password\n"
    assert ["ecr", "get-login-password", "--region", "ap-northeast-2"] in [c["argv"] for c in calls]
    assert {c["cwd"] for c in calls} == {str(box.root)}


def test_checks_the_manifest_of_function_images_after_the_push(box):
    assert box.run("build_and_push.sh").returncode == 0
    calls = box.calls()
    describes = [c["argv"] for c in calls if c["argv"][:2] == ["ecr", "describe-images"]]
    described = [option(argv, "--repository-name")[0] for argv in describes]
    assert described == [i.repository for i in IMAGES if i.kind == "function"]
    last_build = max(i for i, c in enumerate(calls) if c["cmd"] == "docker")
    first_describe = min(i for i, c in enumerate(calls) if c["argv"][:2] == ["ecr", "describe-images"])
    assert last_build < first_describe


def test_an_image_index_in_ecr_fails(box):
    result = box.run("build_and_push.sh", FAKE_MEDIA_TYPE="application/vnd.oci.image.index.v1+json")
    assert result.returncode != 0
    assert "image index" in result.stderr


def test_only_the_named_images(box):
    assert box.run("build_and_push.sh", "problem-runner").returncode == 0
    assert [option(argv, "--platform") for argv in builds(box.calls())] == [["linux/amd64"]]


def test_an_unknown_image_name_fails_before_anything_runs(box):
    result = box.run("build_and_push.sh", "problem-nope")
    assert result.returncode != 0 and "unknown image 'problem-nope'" in result.stderr
    assert box.calls() == []


def test_a_dirty_work_tree_is_refused(box):
    result = box.run("build_and_push.sh", FAKE_GIT_STATUS=" M backend/tasks/problem-runner/main.py\n")
    assert result.returncode != 0 and "--allow-dirty" in result.stderr
    assert not [c for c in box.calls() if c["cmd"] in ("docker", "aws")]
    status = [c["argv"] for c in box.calls() if c["argv"][:1] == ["status"]][0]
    assert "backend/tasks/problem-runner" in status and IMAGES[2].dockerfile in status


def test_allow_dirty_tags_commit_dirty(box):
    result = box.run("build_and_push.sh", "--allow-dirty", FAKE_GIT_STATUS="?? backend/x\n")
    assert result.returncode == 0, result.stderr
    for argv in builds(box.calls()):
        assert option(argv, "-t")[0].endswith(f":{COMMIT}-dirty")


def test_a_failing_build_stops_the_script(box):
    result = box.run("build_and_push.sh", FAKE_FAIL="buildx build --platform linux/arm64")
    assert result.returncode != 0
    assert len(builds(box.calls())) == 2  # the first succeeded, the second failed, the third never ran
    assert not [c for c in box.calls() if c["argv"][:2] == ["ecr", "describe-images"]]


def test_a_failing_login_stops_the_script(box):
    assert box.run("build_and_push.sh", FAKE_FAIL="get-login-password").returncode != 0
    assert builds(box.calls()) == []


def test_dry_run_prints_and_runs_no_aws_or_docker(box):
    result = box.run("build_and_push.sh", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert {c["cmd"] for c in box.calls()} <= {"git"}
    out = result.stdout
    assert "+ aws sts get-caller-identity" in out
    registry = "ACCOUNT_ID.dkr.ecr.ap-northeast-2.amazonaws.com"
    assert f"| docker login --username AWS --password-stdin {registry}" in out
    for image in IMAGES:
        assert (f"+ docker buildx build --platform {image.platform} --provenance=false --sbom=false "
                f"-f {image.dockerfile} -t {registry}/{image.repository}:{COMMIT}") in out
    assert out.index("docker login") < out.index("docker buildx build")


def test_a_wrong_root_is_caught_before_anything_runs(sandbox):
    context = service()
    context.root = "../.."
    sandbox.write("build_and_push.sh", render("scripts/build_and_push.sh.j2", service=context))
    result = sandbox.run("build_and_push.sh")
    assert result.returncode != 0 and "specs/problem_service.yaml" in result.stderr
    assert sandbox.calls() == []


def test_no_images_is_a_no_op(sandbox):
    sandbox.write("build_and_push.sh", render("scripts/build_and_push.sh.j2", service=service([])))
    result = sandbox.run("build_and_push.sh")
    assert result.returncode == 0 and sandbox.calls() == []


def test_help(box):
    result = box.run("build_and_push.sh", "--help")
    assert result.returncode == 0 and "--dry-run" in result.stdout
    assert box.run("build_and_push.sh", "--bogus").returncode == 2


def put_images(calls: list[dict]) -> list[list[str]]:
    return [c["argv"] for c in calls if c["argv"][:2] == ["ecr", "put-image"]]


def test_a_commit_tag_already_in_ecr_is_not_rebuilt_and_the_deploy_tag_moves_to_it(box, tmp_path):
    registry = tmp_path / "ecr.json"
    runner = IMAGES[2].repository
    registry.write_text(json.dumps({f"{runner}:{COMMIT}": "sha256:built-elsewhere", f"{runner}:latest": "sha256:old"}))
    result = box.run("build_and_push.sh", FAKE_ECR=str(registry))
    assert result.returncode == 0, result.stderr
    built = [option(argv, "-f")[0] for argv in builds(box.calls())]
    assert built == [i.dockerfile for i in IMAGES if i.repository != runner]
    (put,) = put_images(box.calls())
    assert (option(put, "--repository-name"), option(put, "--image-tag")) == ([runner], ["latest"])
    assert option(put, "--image-manifest-media-type") == ["application/vnd.docker.distribution.manifest.v2+json"]
    assert json.loads(registry.read_text())[f"{runner}:latest"] == "sha256:built-elsewhere"
    assert "not rebuilt" in result.stdout


def test_a_second_run_of_the_same_commit_builds_and_pushes_nothing(box, tmp_path):
    registry = tmp_path / "ecr.json"
    assert box.run("build_and_push.sh", FAKE_ECR=str(registry)).returncode == 0
    assert len(builds(box.calls())) == len(IMAGES)
    again = box.run("build_and_push.sh", FAKE_ECR=str(registry))
    assert again.returncode == 0, again.stderr
    assert builds(box.calls()) == [] and put_images(box.calls()) == []
    assert again.stdout.count("nothing to build") == len(IMAGES)


def test_dirty_builds_are_always_rebuilt(box, tmp_path):
    registry = tmp_path / "ecr.json"
    registry.write_text(json.dumps({f"{i.repository}:{COMMIT}-dirty": "sha256:x" for i in IMAGES}))
    result = box.run("build_and_push.sh", "--allow-dirty", FAKE_ECR=str(registry), FAKE_GIT_STATUS="?? x\n")
    assert result.returncode == 0, result.stderr
    assert len(builds(box.calls())) == len(IMAGES)
    assert not [c for c in box.calls() if c["argv"][:2] == ["ecr", "batch-get-image"]]


def test_a_failing_registry_lookup_stops_before_building(box):
    result = box.run("build_and_push.sh", FAKE_FAIL="batch-get-image")
    assert result.returncode != 0
    assert builds(box.calls()) == []
