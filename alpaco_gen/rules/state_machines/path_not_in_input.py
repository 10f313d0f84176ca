from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.state_machines._flow import ANY, flow


class PathNotInInput(Rule):
    id = "AG718"
    name = "path-not-in-input"
    kinds = ("state_machine",)
    summary = "A state reads a JSON path that its input cannot have on some way into the state."
    explanation = """\
## What it checks
The data flow of each state machine, state by state and along every transition (`next`, choices, `default`,
`catch`): what the previous state's `result_path` and `output_path` leave in the input, given what each
generated integration returns. An ECS task state (`.sync`) returns the task description, not what the
container printed; a DynamoDB state returns the service response (`Item`, `Attributes`, ...); a function
state returns the function's value, or the whole invoke response (the value under `Payload`) when it has a
`result_path`; a pass state returns its `result`. Choice `variable`s, `input_path`, `items_path`,
`timestamp_path`, `output_path` and the `$.` values of DynamoDB calls must exist on every way in.

## Why
Step Functions fails the execution at that state with `States.Runtime`: "An error occurred while executing
the state 'check_size'. Invalid path '$.shards': The choice state's condition path references an invalid
value." Nothing at deploy time notices; every run fails.

## Example
```yaml
extract:
  task: extractor          # no result_path: the task description replaces the input
  next: check_size
check_size:
  type: choice
  choices:
    - {variable: $.shards, numeric_greater_than: 1, next: load}
```

## Fix
Give the state that produces the value a `result_path` (e.g. `result_path: $.extract`) and read the field
where it lands, or have the task hand its result back (a callback task) instead of printing it.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            reported = set()
            for read in flow(sm.graph, ANY):
                if read.path in reported:
                    continue
                reported.add(read.path)
                why = f": {read.shape.source}" if read.shape.source else ""
                yield self.finding(
                    read.path, f"state `{read.state}` reads `{read.json_path}`, which is not in its input on "
                    f"every way in{why}", "Set `result_path` on the state that produces the value and read "
                    "it where it lands, or read a field that exists", key=True)
