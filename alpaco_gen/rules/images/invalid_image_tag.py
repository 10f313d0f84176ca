import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# Docker's reference grammar for a tag.
TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")


class InvalidImageTag(Rule):
    id = "AG308"
    name = "invalid-image-tag"
    kinds = ("function", "task", "repository")
    summary = "An `image.tag` that is not a valid Docker tag."
    explanation = """\
## What it checks
`image.tag` of every function and task against Docker's tag grammar: letters, digits, `_`, `.` and `-`,
not starting with `.` or `-`, at most 128 characters.

## Why
The build script cannot push such a tag (`docker buildx build -t ...` stops with "invalid reference
format"), and the generated Terraform's image lookup and task definition would name an image that can
never exist, so the plan fails (image functions) or every task run stops with "CannotPullContainerError"
(tasks).

## Example
```yaml
functions:
  generator: {source: backend/lambdas/generator, image: {repository: generator, tag: "v1.2 beta"}}
```

## Fix
Use a tag such as `latest`, `v1.2.0` or a commit hash; replace spaces, `/` and `:` with `-`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for section in ("functions", "tasks"):
            for name, obj in getattr(service.spec, section).items():
                if obj.image is not None and not TAG.fullmatch(obj.image.tag):
                    fixed = re.sub(r"[^A-Za-z0-9._-]+", "-", obj.image.tag).lstrip(".-")[:128]
                    hint = f", e.g. `{fixed}`" if TAG.fullmatch(fixed) else ""
                    yield self.finding((section, name, "image", "tag"),
                                       f"`{obj.image.tag}` is not a valid Docker image tag",
                                       "Use letters, digits, `_`, `.` and `-` (not first), at most 128 "
                                       f"characters{hint}")
