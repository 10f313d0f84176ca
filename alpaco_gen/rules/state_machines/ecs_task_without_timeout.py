from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class EcsTaskWithoutTimeout(Rule):
    id = "AG712"
    name = "ecs-task-without-timeout"
    kinds = ("state_machine",)
    severity = Severity.WARNING
    summary = "An ECS task state without a `timeout` in a state machine without one."
    explanation = """\
## What it checks
Task states with `task:` (they run the ECS task and wait for it, `.sync`) that set no `timeout`, in a state
machine that sets no `timeout` either.

## Why
Step Functions waits for a `.sync` task as long as it runs. A container that hangs (a deadlock, a stuck
network call) holds the execution open for up to a year, the limit of a standard workflow, and keeps paying
for the Fargate task the whole time; nothing reports it as failed.

## Example
```yaml
states:
  run_submission: {task: runner, next: grade}
```

## Fix
Set `timeout:` on the state (seconds, e.g. `timeout: 600`) so a stuck task fails with `States.Timeout`,
which a `catch` can handle; or at least a `timeout` for the whole state machine.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            if sm.spec.timeout is not None:
                continue
            for name, state, path in sm.walk():
                if state.kind == "task" and state.task and state.timeout is None:
                    yield self.finding(
                        (*path, "task"),
                        f"state `{name}` runs ECS task `{state.task}` and waits for it without a `timeout`; "
                        "a stuck task keeps the execution open for up to a year",
                        "Add `timeout:` (seconds) to the state, e.g. `timeout: 3600`")
