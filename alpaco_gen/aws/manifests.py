"""Reading ECR image manifests: which kind a tag points at and which platforms it holds. No AWS calls."""

from __future__ import annotations

import hashlib
import json

from alpaco_gen.records import record

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
# Everything ECR may answer with for a tag. Without the index types in acceptedMediaTypes, ECR reports an
# index as a failure (UnsupportedImageType) instead of showing it.
ACCEPTED_MEDIA_TYPES = (DOCKER_MANIFEST, OCI_MANIFEST, OCI_INDEX, DOCKER_LIST)
INDEX_TYPES = (OCI_INDEX, DOCKER_LIST)
IMAGE_CONFIG_TYPES = ("application/vnd.docker.container.image.v1+json",
                      "application/vnd.oci.image.config.v1+json")
# Filesystem layers; an attestation manifest has an image config too, but in-toto layers.
IMAGE_LAYER_PREFIXES = ("application/vnd.docker.image.rootfs.", "application/vnd.oci.image.layer.")
KIND = {DOCKER_MANIFEST: "a Docker image manifest (schema 2)", OCI_MANIFEST: "an OCI image manifest",
        OCI_INDEX: "an OCI image index", DOCKER_LIST: "a Docker manifest list"}
# The spec's `architecture` (Lambda's words) and the OCI platform architecture of the same thing.
OCI_ARCHITECTURE = {"x86_64": "amd64", "arm64": "arm64"}
ATTESTATION = "attestation-manifest"


@record
class Platform:
    os: str
    architecture: str
    variant: str = ""

    def __str__(self) -> str:
        return "/".join(p for p in (self.os, self.architecture, self.variant) if p)

    def runs(self, architecture: str) -> bool:
        """Whether an image of this platform runs on a function or task of the spec's `architecture`."""
        return self.os == "linux" and self.architecture == OCI_ARCHITECTURE[architecture]


UNKNOWN = Platform("unknown", "unknown")  # what buildx writes for the platform of an attestation manifest


@record
class Manifest:
    """What a tag points at. For an index, `platforms` are its images; attestations are only counted."""

    media_type: str
    platforms: tuple[Platform, ...] = ()
    attestations: int = 0
    config_digest: str = ""
    config_media_type: str = ""
    layer_media_types: tuple[str, ...] = ()

    @property
    def is_index(self) -> bool:
        return self.media_type in INDEX_TYPES

    @property
    def is_image(self) -> bool:
        """A single manifest of a container image, not an attestation, signature or other artifact."""
        layers = self.layer_media_types
        return (not self.is_index and self.config_media_type in IMAGE_CONFIG_TYPES and bool(layers)
                and all(t.startswith(IMAGE_LAYER_PREFIXES) for t in layers))

    def contents(self) -> str:
        """What a single manifest holds, for a message: its config and layer media types."""
        layers = ", ".join(sorted(set(self.layer_media_types))) or "no layers"
        return f"config `{self.config_media_type or 'none'}`, layers {layers}"

    def describe(self) -> str:
        """E.g. `an OCI image index (linux/amd64 + 1 attestation manifest)`, `an OCI image manifest`."""
        kind = KIND.get(self.media_type, f"a `{self.media_type}` manifest")
        if not self.is_index:
            return kind
        parts = [", ".join(str(p) for p in self.platforms) or "no images"]
        if self.attestations:
            parts.append(f"{self.attestations} attestation manifest{'s' if self.attestations > 1 else ''}")
        return f"{kind} ({' + '.join(parts)})"


def parse_manifest(text: str, media_type: str = "") -> Manifest:
    """A manifest from its JSON text; `media_type` is ECR's imageManifestMediaType (OCI may omit mediaType).

    Raises ValueError when the text is not a JSON object.
    """
    document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError("the manifest is not a JSON object")
    kind = media_type or document.get("mediaType") or (OCI_INDEX if "manifests" in document else OCI_MANIFEST)
    if kind in INDEX_TYPES or "manifests" in document:
        platforms, attestations = [], 0
        for entry in document.get("manifests") or []:
            platform = _platform(entry.get("platform"))
            annotations = entry.get("annotations") or {}
            if annotations.get("vnd.docker.reference.type") == ATTESTATION or platform == UNKNOWN:
                attestations += 1
            elif platform is not None:
                platforms.append(platform)
        return Manifest(kind, tuple(platforms), attestations)
    config = document.get("config") or {}
    layers = tuple(str(layer.get("mediaType", "")) for layer in document.get("layers") or [])
    return Manifest(kind, config_digest=str(config.get("digest", "")),
                    config_media_type=str(config.get("mediaType", "")), layer_media_types=layers)


def config_platform(blob: bytes, digest: str) -> Platform | None:
    """The platform an image config blob declares; None when the blob is not the one `digest` names."""
    algorithm, _, expected = digest.partition(":")
    if algorithm != "sha256" or hashlib.sha256(blob).hexdigest() != expected:
        return None
    try:
        config = json.loads(blob)
    except ValueError:
        return None
    return _platform(config) if isinstance(config, dict) else None


def _platform(data: object) -> Platform | None:
    if not isinstance(data, dict) or not data.get("architecture"):
        return None
    return Platform(str(data.get("os", "")), str(data["architecture"]), str(data.get("variant", "")))

