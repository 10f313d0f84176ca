from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.kinds import states as m
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

FIELDS = ("input_path", "result_path", "output_path", "items_path", "timestamp_path")


def paths_of(state: m.State, path: SpecPath) -> Iterator[tuple[str, SpecPath]]:
    """Every JSONPath a state holds, with where it sits in the spec."""
    for field in FIELDS:
        value = getattr(state, field)
        if value is not None:
            yield value, (*path, field)
    for i, choice in enumerate(state.choices):
        yield choice.variable, (*path, "choices", i, "variable")
    for i, catch in enumerate(state.catch):
        if catch.result_path is not None:
            yield catch.result_path, (*path, "catch", i, "result_path")


class InvalidJsonPath(Rule):
    id = "AG714"
    name = "invalid-json-path"
    kinds = ("state_machine",)
    summary = "A path field (`input_path`, `result_path`, a choice `variable`, ...) that is not a JSONPath."
    explanation = """\
## What it checks
`input_path`, `result_path`, `output_path`, `items_path`, `timestamp_path`, every choice `variable` and every
catch `result_path`: each must be a JSONPath, which starts with `$` (`$`, `$.result`, `$.items[0]`).

## Why
Step Functions rejects the definition when the state machine is created: the field "must be a valid
JSONPath" (`SCHEMA_VALIDATION_FAILED`). Writing `result` or `.result` instead of `$.result` is the usual
slip.

## Example
```yaml
states:
  grade: {function: grader, result_path: grade, next: done}
```

## Fix
Start the path at the state's input: `result_path: $.grade`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                for value, value_path in paths_of(state, path):
                    if not value.startswith("$"):
                        field = value_path[-1]
                        suggestion = "$." + value.lstrip(".") if value.strip(".") else "$"
                        yield self.finding(value_path,
                                           f"`{field}: {value}` of state `{name}` is not a JSONPath",
                                           f"JSONPaths start with `$`: did you mean `{suggestion}`?")
