from collections.abc import Iterator, Sequence

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.kinds import states as m
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class StatesAllPosition(Rule):
    id = "AG707"
    name = "states-all-position"
    kinds = ("state_machine",)
    summary = "`States.ALL` not alone in its `errors`, or not in the last retrier or catcher."
    explanation = """\
## What it checks
Every `retry` and `catch` list: `States.ALL` may only appear alone in `errors`, and only in the last entry.

## Why
The Amazon States Language requires it ("States.ALL ... MUST appear alone in the ErrorEquals array and MUST
appear in the last Retrier/Catcher"), and Step Functions rejects other definitions when the state machine is
created. Entries after a `States.ALL` could never match anyway: the wildcard takes every error first.

## Example
```yaml
catch:
  - {errors: [States.ALL], next: record_failure}
  - {errors: [States.Timeout], next: retry_later}
```

## Fix
Move the `States.ALL` entry last, and give it `errors: [States.ALL]` on its own.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                for field in ("retry", "catch"):
                    entries: Sequence[m.Retry | m.Catch] = state.retry if field == "retry" else state.catch
                    for i, entry in enumerate(entries):
                        if "States.ALL" in entry.errors:
                            yield from self._check(name, field, i, len(entries), entry.errors, path)

    def _check(self, state: str, field: str, i: int, count: int, errors: list[str],
               path: SpecPath) -> Iterator[Finding]:
        where = (*path, field, i, "errors")
        if len(errors) > 1:
            yield self.finding(where, f"`States.ALL` shares `errors` with other names in {field} entry {i} "
                               f"of state `{state}`", "Give it its own entry: `errors: [States.ALL]`")
        if i != count - 1:
            yield self.finding(where, f"{field} entry {i} of state `{state}` matches `States.ALL` but is not "
                               f"the last; the {count - 1 - i} after it can never match",
                               f"Move this entry to the end of `{field}`")
