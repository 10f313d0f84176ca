from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

PATHS = ("input_path", "result_path", "output_path")
# The fields the Amazon States Language (and so the generator) has for each state type; `type` and `comment`
# fit every type.
FIELDS = {
    "task": {"function", "task", "environment", "callback", "dynamodb", "next", "end", "timeout", "retry", "catch",
             *PATHS},
    "pass": {"next", "end", "result", *PATHS},
    "wait": {"next", "end", "seconds", "timestamp_path", "input_path", "output_path"},
    "choice": {"choices", "default", "input_path", "output_path"},
    "succeed": {"input_path", "output_path"},
    "fail": {"error", "cause"},
    "map": {"next", "end", "items_path", "iterator", "max_concurrency", "retry", "catch", *PATHS},
    "parallel": {"next", "end", "branches", "retry", "catch", *PATHS},
}


class StateFieldNotApplicable(Rule):
    id = "AG710"
    name = "state-field-not-applicable"
    kinds = ("state_machine",)
    summary = "A state field its state type does not have (e.g. `seconds` on a task, `choices` on a pass)."
    explanation = """\
## What it checks
Every field set on a state against the fields its type has: `next` and `end` not on choice, succeed and fail
states; `retry` and `catch` only on task, map and parallel states; `seconds` only on waits; `choices` and
`default` only on choices; `result` only on passes; `error` and `cause` only on fails; and so on.

## Why
The generator writes only the fields a type has, so anything else is silently dropped: a `catch` on a pass
state never catches, a `timeout` on a map never fires. Often the type itself is the mistake, e.g. a state
with `function:` and `type: pass` that never calls the function.

## Example
```yaml
states:
  record: {type: pass, function: recorder, next: done}
  done: {type: succeed, next: notify}
```

## Fix
Remove the field, or change `type` to the one the fields describe (here drop `type: pass` so the state is a
task, and end the workflow at `done`).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                kind = state.kind
                for field in sorted(state.model_fields_set - FIELDS[kind] - {"type", "comment"}):
                    value = getattr(state, field)
                    if value is None or value is False or value == []:
                        continue  # written out, but the same as leaving it away
                    yield self.finding((*path, field), f"{kind} state `{name}` sets `{field}`, which {kind} "
                                       "states do not have; the generator drops it",
                                       f"Remove `{field}`, or change the state's `type`", key=True)
