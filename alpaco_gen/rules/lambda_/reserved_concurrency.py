from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ReservedConcurrency(Rule):
    id = "AG212"
    name = "reserved-concurrency"
    kinds = ("function",)
    summary = "A negative `reserved_concurrency` (rejected), or 0, which throttles every invocation."
    explanation = """\
## What it checks
`reserved_concurrency` of every function: a negative value is an error; `0` is a warning.

## Why
A negative value fails at apply: "ValidationException: 1 validation error detected: Value '-1' at
'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal
to 0". Zero is accepted but means the function may never run: every invocation is throttled
(`TooManyRequestsException` / "Rate Exceeded"), which is the documented way to switch a function off, and
otherwise a silent outage.

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python3.12, handler: app.handler, reserved_concurrency: 0}
```

## Fix
Remove `reserved_concurrency` to use the account's unreserved pool, or set a positive limit. If the function
is meant to be switched off, keep `0` and add `ignore: [reserved-concurrency]` to the function.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn in service.functions:
            value = fn.spec.reserved_concurrency
            path = (*fn.path, "reserved_concurrency")
            if value is not None and value < 0:
                yield self.finding(path, f"`reserved_concurrency` of function `{fn.name}` is {value}; it "
                                   "must be >= 0", "Set a positive limit, or remove the field")
            elif value == 0:
                yield self.finding(path, f"`reserved_concurrency: 0` throttles every invocation of function "
                                   f"`{fn.name}`", "Remove the field or set a positive limit; to switch the "
                                   "function off on purpose, add `ignore: [reserved-concurrency]`",
                                   severity=Severity.WARNING)
