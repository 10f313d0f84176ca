"""Helpers of the preflight tests: the test spec, real manifest JSON, a seeded account, canned AWS answers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from alpaco_gen.aws import PreflightResult, run_preflight
from alpaco_gen.pipeline import check_spec

SPEC = Path(__file__).with_name("service.yaml")
REGION = "eu-west-1"
ACCOUNT = "123456789012"  # moto's default account
OWNER_TAGS = {"ManagedBy": "alpaco-gen", "Project": "acme", "Service": "shop", "Environment": "dev"}
# The generated names of service.yaml (alpaco_gen.resolve.names); written out, as users see them.
STREAM_REPO, WORKER_REPO = "acme/stream-dev", "acme/worker-dev"
BUCKET, TABLE = "acme-shop-uploads-dev", "acme-shop-orders-dev"
CHECKOUT, STREAM = "acme-shop-checkout-dev", "acme-shop-stream-dev"

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"


def write_spec(tmp_path: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """service.yaml, changed by `change` (which edits the loaded mapping), written to tmp_path."""
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    if change:
        change(data)
    path = tmp_path / "service.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def position(line_text: str, value: str, spec: Path = SPEC) -> tuple[int, int]:
    """(line, column) of `value` on the first line of `spec` that contains `line_text`."""
    for number, line in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1):
        if line_text in line:
            return number, line.index(value, line.index(line_text)) + 1
    raise AssertionError(f"no line with {line_text!r} in {spec}")


def preflight(session: Any, spec: Path = SPEC) -> PreflightResult:
    checked = check_spec(spec)
    assert not checked.has_errors, [f.message for f in checked.findings]
    return run_preflight(checked, session=session)


def ids(result: PreflightResult, severity: str | None = None) -> list[str]:
    """Rule ids of the preflight findings (AG9xx), optionally of one severity."""
    return sorted(f.rule_id for f in result.checked.findings
                  if f.rule_id.startswith("AG9") and (severity is None or f.severity.value == severity))


def finding(result: PreflightResult, rule_id: str) -> Any:
    found = [f for f in result.checked.findings if f.rule_id == rule_id]
    assert len(found) == 1, [f"{f.rule_id} {f.message}" for f in result.checked.findings]
    return found[0]


# --- manifests, as docker buildx and the registries write them ------------------------------------------

def digest(data: bytes | str) -> str:
    return "sha256:" + hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def image_config(architecture: str, seed: str = "") -> bytes:
    """An image config blob (what the manifest's `config` descriptor points at)."""
    return json.dumps({
        "architecture": architecture, "os": "linux",
        "config": {"Cmd": ["app.handler"], "Env": ["PATH=/usr/local/bin:/usr/bin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": [digest(f"diff {seed}")]},
        "history": [{"created_by": f"COPY . . # {seed}"}],
    }, separators=(",", ":")).encode()


def docker_manifest(architecture: str = "amd64", seed: str = "") -> str:
    config = image_config(architecture, seed)
    return json.dumps({
        "schemaVersion": 2, "mediaType": DOCKER_MANIFEST,
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config),
                   "digest": digest(config)},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2811478,
                    "digest": digest(f"layer 1 {seed}")},
                   {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 4176,
                    "digest": digest(f"layer 2 {seed}")}],
    }, indent=3)


def oci_manifest(architecture: str = "amd64", seed: str = "") -> str:
    config = image_config(architecture, seed)
    return json.dumps({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": len(config),
                   "digest": digest(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 3623807,
                    "digest": digest(f"oci layer {seed}")}],
        "annotations": {"org.opencontainers.image.created": "2024-05-14T19:44:14Z"},
    })


def attestation_manifest(subject: str, seed: str = "") -> str:
    """The provenance attestation buildx attaches to an image: an image config, in-toto layers."""
    config = b'{"architecture":"unknown","os":"unknown","config":{},"rootfs":{"type":"layers","diff_ids":[]}}'
    return json.dumps({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": len(config),
                   "digest": digest(config)},
        "layers": [{"mediaType": "application/vnd.in-toto+json", "size": 1464,
                    "digest": digest(f"in-toto {seed}"), "annotations": {"in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2"}}],
        "annotations": {"vnd.docker.reference.digest": subject},
    })


def oci_index(architecture: str = "amd64", seed: str = "") -> str:
    """What `docker buildx build --push` writes by default: the image plus a provenance attestation."""
    image = oci_manifest(architecture, seed)
    attestation = attestation_manifest(digest(image), seed)
    return json.dumps({
        "schemaVersion": 2, "mediaType": OCI_INDEX,
        "manifests": [
            {"mediaType": OCI_MANIFEST, "digest": digest(image), "size": len(image),
             "platform": {"architecture": architecture, "os": "linux"}},
            {"mediaType": OCI_MANIFEST, "digest": digest(attestation), "size": len(attestation),
             "annotations": {"vnd.docker.reference.digest": digest(image),
                             "vnd.docker.reference.type": "attestation-manifest"},
             "platform": {"architecture": "unknown", "os": "unknown"}},
        ],
    })


def docker_manifest_list(*architectures: str, seed: str = "") -> str:
    entries = []
    for architecture in architectures or ("amd64", "arm64"):
        manifest = docker_manifest(architecture, f"{seed} {architecture}")
        platform = {"architecture": architecture, "os": "linux"}
        if architecture == "arm64":
            platform["variant"] = "v8"
        entries.append({"mediaType": DOCKER_MANIFEST, "digest": digest(manifest), "size": len(manifest),
                        "platform": platform})
    return json.dumps({"schemaVersion": 2, "mediaType": DOCKER_LIST, "manifests": entries})


# --- the account -----------------------------------------------------------------------------------------

def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def push(session: Any, repository: str, tag: str, manifest: str, media_type: str) -> None:
    session.client("ecr", region_name=REGION).put_image(
        repositoryName=repository, imageTag=tag, imageManifest=manifest, imageManifestMediaType=media_type)


def seed_clean_account(session: Any) -> None:
    """What the deploy procedure leaves before preflight: repositories (tagged by the targeted apply), both
    images pushed as plain manifests for their platforms, and the account's API Gateway CloudWatch role."""
    ecr = session.client("ecr", region_name=REGION)
    for name in (STREAM_REPO, WORKER_REPO):
        ecr.create_repository(repositoryName=name, tags=tag_list(OWNER_TAGS))
    push(session, STREAM_REPO, "v1", docker_manifest("amd64", "stream"), DOCKER_MANIFEST)
    push(session, WORKER_REPO, "v1", oci_manifest("arm64", "worker"), OCI_MANIFEST)
    role = session.client("iam").create_role(
        RoleName="apigateway-cloudwatch", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"Service": "apigateway.amazonaws.com"}}]}))
    session.client("apigateway", region_name=REGION).update_account(patchOperations=[
        {"op": "replace", "path": "/cloudwatchRoleArn", "value": role["Role"]["Arn"]}])
    account_settings(session, quota=1000, unreserved=1000)


def account_settings(session: Any, quota: int, unreserved: int) -> None:
    """lambda:GetAccountSettings, which moto does not implement."""
    answer(session, "lambda.GetAccountSettings", 200, {"AccountLimit": {
        "ConcurrentExecutions": quota, "UnreservedConcurrentExecutions": unreserved,
        "TotalCodeSize": 80530636800, "CodeSizeUnzipped": 262144000, "CodeSizeZipped": 52428800}})


def answer(session: Any, event: str, status: int, parsed: dict[str, Any]) -> None:
    """Make every client of `session` answer `event` (e.g. `s3.HeadBucket`) with `parsed` and HTTP `status`.

    For what moto cannot do: a 403 of a bucket of another account, lambda:GetAccountSettings, layer downloads.
    botocore's before-call event lets a handler return the response, so the call never leaves the process.
    """
    from botocore.awsrequest import AWSResponse

    def respond(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        return AWSResponse("https://example.invalid/", status, {}, None), {
            **parsed, "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}}}

    name = f"before-call.{event}"
    session.events.unregister(name, unique_id=name)  # a later answer replaces an earlier one
    session.events.register(name, respond, unique_id=name)
