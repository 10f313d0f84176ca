from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class TaskTimeoutShorterThanFunction(Rule):
    id = "AG711"
    name = "task-timeout-shorter-than-function"
    kinds = ("state_machine",)
    severity = Severity.WARNING
    summary = "A Lambda task state whose `timeout` is shorter than the function's own timeout."
    explanation = """\
## What it checks
Task states with `function:` and a `timeout` (seconds): the state's timeout against the function's
`timeout`.

## Why
When the state times out, Step Functions raises `States.Timeout` and moves on (to a retry or a catch), but
the invocation it started keeps running until the function's own timeout. A retry then runs the function a
second time alongside the first, and both may write results.

## Example
```yaml
functions:
  grader: {source: backend/lambdas/grader, runtime: python3.12, handler: app.handler, timeout: 300}
state_machines:
  grading:
    start: grade
    states:
      grade: {function: grader, timeout: 60, end: true}
```

## Fix
Make the state's `timeout` at least the function's `timeout`, or lower the function's timeout to what the
workflow is willing to wait.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for node in sm.graph.walk():
                name, state, path, fn = node.name, node.spec, node.path, node.function
                if state.kind != "task" or fn is None or state.timeout is None:
                    continue
                if state.timeout < fn.spec.timeout:
                    yield self.finding(
                        (*path, "timeout"),
                        f"state `{name}` times out after {state.timeout} s, but function `{fn.name}` may run "
                        f"{fn.spec.timeout} s and keeps running after the state gives up",
                        f"Set `timeout: {fn.spec.timeout}` or more, or lower `functions.{fn.name}.timeout`")
