from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.state_machines._graphs import NO_NEXT

TARGETS = ("function", "task", "dynamodb")


class ConflictingStateFields(Rule):
    id = "AG705"
    name = "conflicting-state-fields"
    kinds = ("state_machine",)
    summary = "Fields that exclude each other: `next` with `end: true`, two task targets, two wait durations."
    explanation = """\
## What it checks
Fields that exclude each other within one state: `next` together with `end: true`; more than one of
`function`, `task` and `dynamodb` on a task; both `seconds` and `timestamp_path` on a wait.

## Why
Amazon States Language allows exactly one of each pair ("SCHEMA_VALIDATION_FAILED" otherwise). The generator
would have to pick one silently: it writes `Next` and drops `end: true`, calls only one of the targets, and
waits until `timestamp_path`, so the state machine does something other than what the spec says.

## Example
```yaml
states:
  grade: {function: grader, task: runner, next: done, end: true}
```

## Fix
Keep one: `next` to continue or `end: true` to stop; one target per task state (split it into two states);
`seconds` or `timestamp_path`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                kind = state.kind
                if kind not in NO_NEXT and state.next is not None and state.end:
                    yield self.finding((*path, "end"), f"state `{name}` sets both `next: {state.next}` and "
                                       "`end: true`", "Keep `next` to continue, or `end: true` to stop here")
                targets = [t for t in TARGETS if getattr(state, t) is not None]
                if kind == "task" and len(targets) > 1:
                    yield self.finding((*path, targets[1]), f"task state `{name}` sets "
                                       f"{' and '.join(f'`{t}`' for t in targets)}; a task calls one target",
                                       "Split it into one state per target, chained with `next`")
                for field in ("callback", "environment"):  # container settings of ECS task states
                    if kind == "task" and getattr(state, field) and not state.task and targets:
                        yield self.finding((*path, field), f"task state `{name}` sets `{field}`, which only "
                                           f"ECS task states (`task:`) have; it calls `{targets[0]}`",
                                           f"Remove `{field}`")
                if kind == "wait" and state.seconds is not None and state.timestamp_path is not None:
                    yield self.finding((*path, "timestamp_path"), f"wait state `{name}` sets both `seconds` "
                                       "and `timestamp_path`", "Keep one of them")
