from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# kind -> (the field it cannot do without, an example of it)
REQUIRED = {
    "choice": ("choices", "choices: [{variable: $.ok, boolean_equals: true, next: done}]"),
    "map": ("iterator", "iterator: {start: one, states: {one: {function: worker, end: true}}}"),
    "parallel": ("branches", "branches: [{start: a, states: {a: {function: worker, end: true}}}]"),
}


class IncompleteState(Rule):
    id = "AG706"
    name = "incomplete-state"
    kinds = ("state_machine",)
    summary = "A state without the part its type needs: choices, an iterator, branches or a task target."
    explanation = """\
## What it checks
That each state has what its type cannot do without: a choice needs at least one rule in `choices`, a map an
`iterator`, a parallel at least one entry in `branches`, and a `type: task` one of `function`, `task` or
`dynamodb`.

## Why
Step Functions rejects the definition when the state machine is created ("InvalidDefinition: Invalid State
Machine Definition: 'SCHEMA_VALIDATION_FAILED: ...'"): `Choices` and `Branches` must be non-empty, a Map
state needs its `Iterator`, a Task state its `Resource`.

## Example
```yaml
states:
  fan_out: {type: map, items_path: $.items, end: true}
```

## Fix
Add the missing part, e.g. `iterator: {start: one, states: {one: {function: worker, end: true}}}`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                kind = state.kind
                if kind in REQUIRED and not getattr(state, REQUIRED[kind][0]):
                    field, example = REQUIRED[kind]
                    yield self.finding(path, f"{kind} state `{name}` has no `{field}`", f"Add `{example}`",
                                       key=True)
                elif kind == "task" and not (state.function or state.task or state.dynamodb):
                    yield self.finding(path, f"task state `{name}` names no `function`, `task` or `dynamodb` "
                                       "call", "Add what the task runs, e.g. `function: worker`", key=True)
