"""ECR: every image function and task has its repository, its tag, a manifest Lambda accepts, its platform."""

from __future__ import annotations

import functools
import urllib.request
from collections.abc import Iterator

from alpaco_gen.aws.context import Context
from alpaco_gen.aws.manifests import (
    ACCEPTED_MEDIA_TYPES,
    OCI_ARCHITECTURE,
    Manifest,
    Platform,
    config_platform,
    parse_manifest,
)
from alpaco_gen.aws.session import error_code
from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.rules.preflight.image_index_manifest import ImageIndexManifest
from alpaco_gen.rules.preflight.image_not_pushed import ImageNotPushed
from alpaco_gen.rules.preflight.image_platform_mismatch import ImagePlatformMismatch

CONFIG_LIMIT = 1 << 20  # image configs are a few KB; never download a layer by mistake
DOWNLOAD_TIMEOUT = 10


class _Registry:
    """ECR lookups, each made once however many functions and tasks share a repository or tag."""

    def __init__(self, ctx: Context) -> None:
        self.ecr = ctx.client("ecr")
        self.repository_exists = functools.cache(self._repository_exists)
        self.manifest = functools.cache(self._manifest)
        self.config_platform = functools.cache(self._config_platform)

    def _repository_exists(self, name: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.ecr.describe_repositories(repositoryNames=[name])
        except ClientError as exc:
            if error_code(exc) == "RepositoryNotFoundException":
                return False
            raise
        return True

    def _manifest(self, repository: str, tag: str) -> Manifest | str:
        """The tag's manifest, or ECR's failure code (`ImageNotFound`, `UnsupportedImageType`, ...)."""
        answer = self.ecr.batch_get_image(repositoryName=repository, imageIds=[{"imageTag": tag}],
                                          acceptedMediaTypes=list(ACCEPTED_MEDIA_TYPES))
        for image in answer.get("images", []):
            try:
                return parse_manifest(image["imageManifest"], image.get("imageManifestMediaType", ""))
            except ValueError:
                return "InvalidManifest"
        failures = answer.get("failures") or [{}]
        return str(failures[0].get("failureCode") or "ImageNotFound")

    def _config_platform(self, repository: str, digest: str) -> Platform | None:
        """The platform in the image config blob; None whenever it cannot be read.

        Best effort on purpose: the blob comes from a presigned S3 URL, which some endpoints (moto) do not
        serve, and a platform we cannot read is not a finding.
        """
        try:
            answer = self.ecr.get_download_url_for_layer(repositoryName=repository, layerDigest=digest)
            url = str(answer["downloadUrl"])
        except Exception:  # NotImplementedError from moto, AccessDenied, ...: all mean "unknown"
            return None
        if not url.startswith(("https://", "http://")):
            return None
        try:
            with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310 - http(s) only
                blob = response.read(CONFIG_LIMIT + 1)
        except (OSError, ValueError):
            return None
        return config_platform(blob, digest) if len(blob) <= CONFIG_LIMIT else None


def check_images(ctx: Context) -> Iterator[Finding]:
    registry = _Registry(ctx)
    for image in ctx.service.images:
        yield from _check_image(ctx, registry, image)


def _check_image(ctx: Context, registry: _Registry, image: Function | Task) -> Iterator[Finding]:
    repository, spec_image = image.repository, image.spec.image
    assert repository is not None and spec_image is not None
    is_function = isinstance(image, Function)
    kind = "function" if is_function else "task"
    uri = f"{ctx.registry}/{repository.aws_name}:{spec_image.tag}"
    where = f"account {ctx.account_id}, region {ctx.region}"
    if not registry.repository_exists(repository.aws_name):
        yield ImageNotPushed.finding(
            (*image.path, "image", "repository"),
            f"ECR repository `{repository.aws_name}` of {kind} `{image.name}` does not exist in {where}",
            f"Create the repositories first: `terraform -chdir={ctx.generated}/terraform apply "
            f"-target={repository.address}` (the generated deploy.sh does this), then push "
            f"with {ctx.push_commands(image)}")
        return
    manifest = registry.manifest(repository.aws_name, spec_image.tag)
    if manifest == "ImageNotFound":
        consequence = (
            "`terraform plan` fails reading its digest, and Lambda would reject the function with "
            f"\"InvalidParameterValueException: Source image {uri} does not exist\"" if is_function else
            "`terraform plan` fails reading its digest (with `pin_digest: false` the task cannot start: "
            "\"CannotPullContainerError\")")
        yield ImageNotPushed.finding(
            (*image.path, "image", "tag"),
            f"`{repository.aws_name}` has no image tagged `{spec_image.tag}` in {where}: {consequence}",
            f"Push it: {ctx.push_commands(image)}")
        return
    rebuild = f"Rebuild and push a single image manifest without attestations: {ctx.push_commands(image)}"
    if isinstance(manifest, str):
        yield ImageIndexManifest.finding(
            (*image.path, "image", "tag"),
            f"ECR cannot return `{uri}` as an image manifest or index ({manifest})", rebuild)
        return
    if manifest.is_index:
        platforms = manifest.platforms
        if is_function:
            yield ImageIndexManifest.finding(
                (*image.path, "image", "tag"),
                f"`{uri}` is {manifest.describe()}, not a single image manifest: Lambda rejects it with "
                "\"InvalidParameterValueException: The image manifest, config or layer media type for the "
                "source image ... is not supported\" (buildx adds provenance attestations by default)",
                f"Build with `--provenance=false --sbom=false`. {rebuild}")
    elif not manifest.is_image:
        yield ImageIndexManifest.finding(
            (*image.path, "image", "tag"),
            f"`{uri}` is {manifest.describe()} but not of a container image ({manifest.contents()}): an "
            "attestation or another artifact was pushed with this tag", rebuild)
        return
    else:
        platform = registry.config_platform(repository.aws_name, manifest.config_digest)
        platforms = (platform,) if platform else ()
    architecture = image.spec.architecture
    if platforms and not any(p.runs(architecture) for p in platforms):
        yield ImagePlatformMismatch.finding(
            (*image.path, "architecture"),
            f"`{uri}` is built for {', '.join(str(p) for p in platforms)}; {kind} `{image.name}` has "
            f"`architecture: {architecture}` and needs linux/{OCI_ARCHITECTURE[architecture]}",
            f"Rebuild for the spec's platform: {ctx.push_commands(image)}; or change `architecture`")
