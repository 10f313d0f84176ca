"""ECR checks (AG902-AG904) on moto, with real manifest JSON of every media type."""

from __future__ import annotations

from tests.aws.support import (
    DOCKER_LIST,
    DOCKER_MANIFEST,
    OCI_INDEX,
    OCI_MANIFEST,
    STREAM_REPO,
    WORKER_REPO,
    attestation_manifest,
    digest,
    docker_manifest_list,
    finding,
    ids,
    oci_index,
    oci_manifest,
    position,
    preflight,
    push,
    write_spec,
)


def test_the_clean_set_up_passes(clean):
    result = preflight(clean)
    assert ids(result) == []
    assert result.account_id == "123456789012" and result.region == "eu-west-1"


def test_a_missing_tag_fails_with_the_push_command(clean):
    clean.client("ecr").batch_delete_image(repositoryName=STREAM_REPO, imageIds=[{"imageTag": "v1"}])
    result = preflight(clean)
    assert ids(result) == ["AG902"]
    found = finding(result, "AG902")
    assert (found.line, found.column) == position("repository: stream, tag: v1", "v1")
    assert "`acme/stream-dev` has no image tagged `v1`" in found.message
    assert "Source image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/stream-dev:v1 does not exist" \
        in found.message
    assert "`generated/shop/scripts/build_and_push.sh stream`" in found.help
    assert ("docker buildx build --platform linux/amd64 --provenance=false --sbom=false "
            "-f generated/shop/docker/stream.Dockerfile "
            "-t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/stream-dev:v1 --push src/stream") \
        in found.help


def test_a_missing_repository_fails_with_the_bootstrap_command(clean):
    clean.client("ecr").delete_repository(repositoryName=WORKER_REPO, force=True)
    result = preflight(clean)
    assert ids(result) == ["AG902"]
    found = finding(result, "AG902")
    assert (found.line, found.column) == position("repository: worker", "worker")
    assert "ECR repository `acme/worker-dev` of task `worker` does not exist" in found.message
    assert "apply -target=aws_ecr_repository.worker" in found.help
    assert "build_and_push.sh worker" in found.help and "--platform linux/arm64" in found.help


def test_an_oci_image_index_with_an_attestation_fails_with_the_provenance_fix(clean):
    push(clean, STREAM_REPO, "v1", oci_index("amd64", "index"), OCI_INDEX)
    result = preflight(clean)
    assert ids(result) == ["AG903"]
    found = finding(result, "AG903")
    assert (found.line, found.column) == position("repository: stream, tag: v1", "v1")
    assert "is an OCI image index (linux/amd64 + 1 attestation manifest), not a single image manifest" \
        in found.message
    assert "The image manifest, config or layer media type for the source image" in found.message
    assert "--provenance=false --sbom=false" in found.help
    assert "docker buildx build --platform linux/amd64 --provenance=false --sbom=false" in found.help


def test_a_docker_manifest_list_fails(clean):
    push(clean, STREAM_REPO, "v1", docker_manifest_list("amd64", "arm64", seed="list"), DOCKER_LIST)
    result = preflight(clean)
    assert ids(result) == ["AG903"]
    assert "a Docker manifest list (linux/amd64, linux/arm64/v8)" in finding(result, "AG903").message


def test_an_oci_image_manifest_passes_for_a_function(clean):
    push(clean, STREAM_REPO, "v1", oci_manifest("amd64", "oci"), OCI_MANIFEST)
    assert ids(preflight(clean)) == []


def test_a_tagged_attestation_is_not_an_image(clean):
    push(clean, STREAM_REPO, "v1", attestation_manifest(digest("some image"), "lone"), OCI_MANIFEST)
    found = finding(preflight(clean), "AG903")
    assert "not of a container image" in found.message and "application/vnd.in-toto+json" in found.message


def test_a_task_may_use_an_index_that_holds_its_platform(clean):
    push(clean, WORKER_REPO, "v1", docker_manifest_list("amd64", "arm64", seed="multi"), DOCKER_LIST)
    assert ids(preflight(clean)) == []


def test_an_index_without_the_tasks_platform_fails(clean):
    push(clean, WORKER_REPO, "v1", oci_index("amd64", "worker-amd64"), OCI_INDEX)
    result = preflight(clean)
    assert ids(result) == ["AG904"]
    found = finding(result, "AG904")
    assert (found.line, found.column) == position("architecture: arm64", "arm64")
    assert "is built for linux/amd64; task `worker` has `architecture: arm64` and needs linux/arm64" \
        in found.message
    assert "--platform linux/arm64 --provenance=false" in found.help


def test_an_index_of_the_wrong_platform_fails_twice_for_a_function(clean):
    push(clean, STREAM_REPO, "v1", oci_index("arm64", "stream-arm"), OCI_INDEX)
    assert ids(preflight(clean)) == ["AG903", "AG904"]


def test_each_tag_is_fetched_once_accepting_every_manifest_type(clean, tmp_path):
    def second_function_on_the_same_image(data):
        data["functions"]["replay"] = dict(data["functions"]["stream"])

    calls = []
    clean.events.register("provide-client-params.ecr.BatchGetImage", lambda params, **_: calls.append(params))
    assert ids(preflight(clean, write_spec(tmp_path, second_function_on_the_same_image))) == []
    assert sorted(c["repositoryName"] for c in calls) == [STREAM_REPO, WORKER_REPO]
    accepted = {DOCKER_MANIFEST, OCI_MANIFEST, OCI_INDEX, DOCKER_LIST}
    assert all(set(c["acceptedMediaTypes"]) == accepted for c in calls)
