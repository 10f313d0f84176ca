"""Reading manifests without AWS: the kinds, the platforms of an index, the platform of a config blob."""

from __future__ import annotations

from alpaco_gen.aws.manifests import Platform, config_platform, parse_manifest
from tests.aws.support import (
    DOCKER_LIST,
    DOCKER_MANIFEST,
    OCI_INDEX,
    OCI_MANIFEST,
    attestation_manifest,
    digest,
    docker_manifest,
    docker_manifest_list,
    image_config,
    oci_index,
    oci_manifest,
)


def test_a_docker_image_manifest_is_a_single_image():
    manifest = parse_manifest(docker_manifest("amd64", "x"), DOCKER_MANIFEST)
    assert not manifest.is_index and manifest.is_image
    assert manifest.config_digest == digest(image_config("amd64", "x"))
    assert manifest.describe() == "a Docker image manifest (schema 2)"


def test_an_oci_image_manifest_is_a_single_image_even_without_its_optional_media_type():
    text = oci_manifest("arm64", "x").replace(f'"mediaType": "{OCI_MANIFEST}", ', "")
    assert parse_manifest(text).is_image
    assert parse_manifest(text, OCI_MANIFEST).describe() == "an OCI image manifest"


def test_an_oci_index_from_buildx_holds_one_image_and_one_attestation():
    manifest = parse_manifest(oci_index("amd64", "x"), OCI_INDEX)
    assert manifest.is_index and not manifest.is_image
    assert manifest.platforms == (Platform("linux", "amd64"),) and manifest.attestations == 1
    assert manifest.describe() == "an OCI image index (linux/amd64 + 1 attestation manifest)"


def test_a_docker_manifest_list_holds_its_platforms():
    manifest = parse_manifest(docker_manifest_list("amd64", "arm64"), DOCKER_LIST)
    assert [str(p) for p in manifest.platforms] == ["linux/amd64", "linux/arm64/v8"]
    assert manifest.platforms[1].runs("arm64") and not manifest.platforms[1].runs("x86_64")


def test_an_attestation_manifest_is_not_an_image():
    manifest = parse_manifest(attestation_manifest(digest("subject")), OCI_MANIFEST)
    assert not manifest.is_index and not manifest.is_image


def test_the_config_blob_names_the_platform_only_when_it_matches_its_digest():
    blob = image_config("arm64", "x")
    assert config_platform(blob, digest(blob)) == Platform("linux", "arm64")
    assert config_platform(blob, digest(b"something else")) is None
    assert config_platform(b"not json", digest(b"not json")) is None
