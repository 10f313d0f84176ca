from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

LIMIT = 64


class FunctionNameLength(Rule):
    id = "AG211"
    name = "function-name-length"
    kinds = ("function",)
    summary = "A generated function name (`<project>-<service>-<name>-<environment>`) over 64 characters."
    explanation = """\
## What it checks
The length of the AWS name alpaco-gen gives each function, `<project>-<service>-<name>-<environment>`
(e.g. `alpaco-problem-service-problem-grader-dev`), against Lambda's 64 characters. The spec's short
name can be fine while the generated one is not.

## Why
Lambda rejects longer names at apply: "ValidationException: 1 validation error detected: Value '...' at
'functionName' failed to satisfy constraint: Member must have length less than or equal to 64".

## Example
```yaml
project: alpaco
service: problem-service
environment: staging
functions:
  problem-generator-streaming-websocket-handler: {source: backend/lambdas/gen, runtime: python3.12,
                                                  handler: app.handler}
```

## Fix
Shorten the function's name (the key under `functions:`), or the project, service or environment name,
by at least the number of characters the message gives.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn in service.functions:
            if len(fn.aws_name) > LIMIT:
                yield self.finding(
                    fn.path,
                    f"function name `{fn.aws_name}` is {len(fn.aws_name)} characters; Lambda allows {LIMIT}",
                    f"Shorten `{fn.name}` (or the project, service or environment) by at least "
                    f"{len(fn.aws_name) - LIMIT} characters", key=True)
