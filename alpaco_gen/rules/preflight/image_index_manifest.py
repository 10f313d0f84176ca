from alpaco_gen.rules.base import Rule


class ImageIndexManifest(Rule):
    id = "AG903"
    name = "image-index-manifest"
    summary = "A Lambda image tag points at an image index or manifest list, not a single image manifest."
    emitted_by = "preflight"
    explanation = """\
## What it checks
The manifest an image function's tag points at (`ecr:BatchGetImage`) must be a single-platform Docker image
manifest (`application/vnd.docker.distribution.manifest.v2+json`) or OCI image manifest
(`application/vnd.oci.image.manifest.v1+json`), not an OCI image index
(`application/vnd.oci.image.index.v1+json`) or a Docker manifest list
(`application/vnd.docker.distribution.manifest.list.v2+json`). For functions and tasks alike, a manifest whose
config is not a container image config (an attestation or another artifact) is reported too. ECS tasks may
use an index: ECS picks the platform from it (AG904 checks that it is there).

## Why
This is the seed's fourth failure: "InvalidParameterValueException: The image manifest, config or layer
media type for the source image ...:latest is not supported", also from the console and with
`--platform linux/amd64`. Docker buildx (Docker Desktop included) adds provenance attestations by default,
which turns even a single-platform build into an image index with an `unknown/unknown` attestation
manifest; Lambda accepts only a single image manifest.

## Example
```yaml
functions:
  streaming:
    image: {repository: streaming, tag: latest}   # pushed by a plain `docker buildx build --push`
```

## Fix
Rebuild without attestations and push again:
`docker buildx build --platform linux/amd64 --provenance=false --sbom=false -t <repository>:<tag> --push .`
The generated `build_and_push.sh` passes these flags.
"""
