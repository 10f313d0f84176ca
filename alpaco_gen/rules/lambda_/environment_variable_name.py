import re
from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class EnvironmentVariableName(Rule):
    id = "AG205"
    name = "environment-variable-name"
    kinds = ("function",)
    summary = "A function environment variable name Lambda refuses (letters, digits, `_`; 2+ characters)."
    explanation = """\
## What it checks
Every key of a function's `environment` against Lambda's pattern `[a-zA-Z]([a-zA-Z0-9_])+` (from botocore),
matched against the whole name: a letter first, then at least one letter, digit or underscore. So `X` (one
character), `2FA_MODE`, `LOG-LEVEL` and `log.level` are all refused.

## Why
Lambda rejects the whole environment at apply: "ValidationException: 1 validation error detected: Value at
'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy
regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]".

## Example
```yaml
functions:
  api:
    source: backend/lambdas/api
    runtime: python3.12
    handler: app.handler
    environment: {LOG-LEVEL: INFO}
```

## Fix
Rename the variable, e.g. `LOG_LEVEL`, and read that name in the code.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        pattern = re.compile(aws()["lambda"]["environment_variable_name_pattern"])
        for fn in service.functions:
            for key in fn.spec.environment:
                if pattern.fullmatch(key):
                    continue
                better = re.sub(r"[^A-Za-z0-9_]", "_", key).lstrip("_0123456789")
                hint = f", e.g. `{better}`" if pattern.fullmatch(better) else ""
                yield self.finding((*fn.path, "environment", key),
                                   f"`{key}` is not a valid Lambda environment variable name",
                                   "Start with a letter and use only letters, digits and `_`, at least two "
                                   f"characters{hint}", key=True)
