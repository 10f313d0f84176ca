from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ZipFunctionRuntime(Rule):
    id = "AG206"
    name = "zip-function-runtime"
    kinds = ("function",)
    summary = "A function without `image` (a zip package) that lacks `runtime` or `handler`."
    explanation = """\
## What it checks
That every function that is not a container image (`image:` unset) has both `runtime` and `handler`.

## Why
A zip package carries only code; Lambda needs to know what runs it and where to start. Without them
creation fails: "InvalidParameterValueException: Runtime and Handler are mandatory parameters for
functions created with deployment packages."

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, handler: app.handler}
```

## Fix
Add the missing field, e.g. `runtime: python3.12` and `handler: app.handler` (module `app.py`, function
`handler`); or, for a container image, set `image: {repository: ...}` instead.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn in service.zip_functions:
            missing = [f"`{k}`" for k in ("runtime", "handler") if getattr(fn.spec, k) is None]
            if missing:
                yield self.finding(fn.path, f"zip function `{fn.name}` has no {' or '.join(missing)}",
                                   "Add `runtime: python3.12` and `handler: app.handler` (module.function), "
                                   "or set `image:` to deploy a container image instead", key=True)
