from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ExpressSyncTask(Rule):
    id = "AG713"
    name = "express-sync-task"
    kinds = ("state_machine",)
    summary = "An express state machine that runs an ECS task (a `.sync` integration)."
    explanation = """\
## What it checks
Task states with `task:` in a state machine with `type: express`.

## Why
The generator runs ECS tasks with `arn:aws:states:::ecs:runTask.sync`, which waits for the task to finish.
Express workflows support neither `.sync` nor callback integrations, and Step Functions rejects the
definition: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not
support '.sync' service integration.'".

## Example
```yaml
state_machines:
  grading:
    type: express
    start: run
    states:
      run: {task: runner, end: true}
```

## Fix
Use `type: standard` (the default) for workflows that wait for containers, or run the work in a function.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            if sm.spec.type != "express":
                continue
            for name, state, path in sm.walk():
                if state.kind == "task" and state.task:
                    yield self.finding(
                        (*path, "task"),
                        f"state `{name}` of express state machine `{sm.name}` runs ECS task `{state.task}` "
                        "with runTask.sync; express workflows do not support `.sync` integrations",
                        "Use `type: standard` for this state machine, or run the work in a function")
