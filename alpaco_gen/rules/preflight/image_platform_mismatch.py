from alpaco_gen.rules.base import Rule


class ImagePlatformMismatch(Rule):
    id = "AG904"
    name = "image-platform-mismatch"
    summary = "The pushed image is built for another platform than the function's or task's `architecture`."
    emitted_by = "preflight"
    explanation = """\
## What it checks
Where the platform can be read: the images of an index or manifest list (attestation manifests aside), or
the image config of a single manifest (`ecr:GetDownloadUrlForLayer`). `architecture: x86_64` needs
`linux/amd64`, `architecture: arm64` needs `linux/arm64`. An image whose platform cannot be read is not
reported.

## Why
An arm64 image (the default on Apple silicon) on an x86_64 function starts with "Runtime.InvalidEntrypoint"
/ "exec format error"; an ECS task fails with "CannotPullContainerError: ... image Manifest does not contain
descriptor matching platform 'linux/amd64'", or with "exec format error" at start.

## Example
```yaml
functions:
  streaming:
    architecture: x86_64
    image: {repository: streaming, tag: latest}   # built on an M1 Mac without --platform
```

## Fix
Rebuild for the spec's platform: `docker buildx build --platform linux/amd64 --provenance=false --sbom=false
...` (the generated `build_and_push.sh` derives `--platform` from `architecture`), or change `architecture`.
"""
