from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ImageFunctionRuntime(Rule):
    id = "AG207"
    name = "image-function-runtime"
    kinds = ("function",)
    summary = "A container image function that also sets `runtime` or `handler`."
    explanation = """\
## What it checks
That a function with `image:` sets neither `runtime` nor `handler`.

## Why
A container image brings its own runtime (the base image) and its own entry point (the image's `CMD`).
Lambda takes neither from the function for package type `Image`, so the generated Terraform has nowhere to
put them and they would be dropped without a word: a `handler` written here would silently not be the
handler that runs.

## Example
```yaml
functions:
  stream:
    source: backend/lambdas/stream
    image: {repository: stream}
    runtime: python3.12
    handler: app.stream
```

## Fix
Delete `runtime`; write the handler as `image.handler` (it becomes the generated Dockerfile's `CMD`), and
the Python version as `image.python`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn in service.functions:
            if not fn.is_image:
                continue
            if fn.spec.runtime is not None:
                yield self.finding((*fn.path, "runtime"),
                                   f"image function `{fn.name}` sets `runtime`; an image brings its own",
                                   "Remove `runtime`; set the Python version with `image.python` instead",
                                   key=True)
            if fn.spec.handler is not None:
                yield self.finding((*fn.path, "handler"),
                                   f"image function `{fn.name}` sets `handler`; an image has its own CMD",
                                   f"Move it to `image.handler: {fn.spec.handler}` (the image's CMD)",
                                   key=True)
