from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

MAX_LENGTH = 80  # botocore's stepfunctions Name shape; state names in history events share it


class StateNameTooLong(Rule):
    id = "AG709"
    name = "state-name-too-long"
    kinds = ("state_machine",)
    summary = "A state name longer than 80 characters."
    explanation = """\
## What it checks
The length of every state name, nested iterators and branches included: at most 80 characters.

## Why
Step Functions limits state names to 80 Unicode characters and rejects longer ones when the state machine is
created (`InvalidDefinition`, "SCHEMA_VALIDATION_FAILED").

## Example
```yaml
states:
  run_the_submission_in_the_sandbox_then_collect_stdout_stderr_and_exit_code_for_grading:
    {task: runner, end: true}
```

## Fix
Shorten the name, and put the description in `comment:`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, _, path in sm.walk():
                if len(name) > MAX_LENGTH:
                    yield self.finding(path, f"state name `{name[:24]}...` is {len(name)} characters long; "
                                       f"Step Functions allows {MAX_LENGTH}",
                                       "Shorten the name; describe the state in `comment:`", key=True)
