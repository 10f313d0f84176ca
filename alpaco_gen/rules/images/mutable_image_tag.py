from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.images._images import describe

# Tags that by convention move with every push.
MOVING_TAGS = frozenset({"latest"})


class MutableImageTag(Rule):
    id = "AG301"
    name = "mutable-image-tag"
    kinds = ("function", "task", "repository")
    severity = Severity.WARNING
    summary = "An image deployed by a moving tag (`latest`) with `pin_digest: false` (seed failure 3)."
    explanation = """\
## What it checks
Functions and tasks whose image sets `pin_digest: false` and uses a moving tag such as `latest`.

By default (`pin_digest: true`) the generated Terraform reads the tag at plan time (`data "aws_ecr_image"`)
and deploys the image *digest*: a tag that was never pushed fails the plan, not the apply, and a new push
becomes a visible change (a function update, a new task definition revision) at the next apply. Those
images are not reported, whatever their tag. With `pin_digest: false` the function or task definition names
the tag itself, and neither happens.

## Why
This is the seed's third failure: the function named `...:latest` before anything had been pushed, and
`terraform apply` stopped with "InvalidParameterValueException: Source image ...:latest does not exist".
Unpinned, `latest` also misleads later: Lambda resolves the tag once, when the function is created or
updated, so pushing a new `latest` changes nothing and Terraform sees no difference to apply; ECS resolves
it each time a task starts, so a push changes what the next run executes with no review and no way back,
and a missing image only shows at run time ("CannotPullContainerError: ... not found").

## Example
```yaml
functions:
  problem-generator-streaming:
    source: backend/lambdas/problem-generator-streaming
    image: {repository: problem-generator-streaming, tag: latest, pin_digest: false}
```

## Fix
Remove `pin_digest: false` (pinning is the default), or set `tag` to an immutable version: the build script
also pushes every image under its commit, so `tag: <commit>` names exactly one image.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for image in service.images:
            spec = image.spec.image
            if spec is None or spec.pin_digest or spec.tag not in MOVING_TAGS:
                continue
            yield self.finding(
                (*image.path, "image", "tag"),
                f"{describe(image)} deploys `:{spec.tag}` unpinned (`pin_digest: false`): nothing checks at "
                "plan time that it was pushed, and which image runs depends on the last push",
                "Remove `pin_digest: false` so the digest is pinned at plan time, or use an immutable tag "
                "such as the commit the build script also pushes")
