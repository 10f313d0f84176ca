from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class ChoiceWithoutDefault(Rule):
    id = "AG716"
    name = "choice-without-default"
    kinds = ("state_machine",)
    severity = Severity.WARNING
    summary = "A choice state without `default`."
    explanation = """\
## What it checks
Choice states that have rules but no `default`.

## Why
When no rule matches (a field is missing, has an unexpected value or type), the execution fails at once with
`States.NoChoiceMatched`. Choice states cannot `catch`, so nothing in the workflow can handle it.

## Example
```yaml
route:
  type: choice
  choices:
    - {variable: $.status, string_equals: passed, next: record_pass}
    - {variable: $.status, string_equals: failed, next: record_fail}
```

## Fix
Add `default:` naming the state for everything else, e.g. a fail state with a clear `error`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                if state.kind == "choice" and state.choices and state.default is None:
                    yield self.finding(path, f"choice state `{name}` has no `default`; input that matches "
                                       "none of its rules fails the execution with States.NoChoiceMatched",
                                       "Add `default:` naming the state for everything else", key=True)
