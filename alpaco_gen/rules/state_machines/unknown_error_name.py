import difflib
from collections.abc import Iterator, Sequence

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds import states as m
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# The error names Step Functions defines ("Error names" in the developer guide's error handling chapter).
STATES_ERRORS = (
    "States.ALL", "States.BranchFailed", "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout", "States.Http.Socket", "States.IntrinsicFailure", "States.ItemReaderFailed",
    "States.NoChoiceMatched", "States.ParameterPathFailure", "States.Permissions",
    "States.QueryEvaluationError", "States.ResultPathMatchFailure", "States.ResultWriterFailed",
    "States.Runtime", "States.TaskFailed", "States.Timeout",
)


class UnknownErrorName(Rule):
    id = "AG708"
    name = "unknown-error-name"
    kinds = ("state_machine",)
    summary = "An error name with the reserved `States.` prefix that Step Functions does not define."
    explanation = """\
## What it checks
Every name in `retry[].errors` and `catch[].errors`, and a fail state's `error`: names starting with
`States.` (in any case) must be one Step Functions defines, spelled exactly (`States.TaskFailed`,
`States.Timeout`, `States.ALL`, ...). Each `errors` list needs at least one name.

## Why
Error names are case-sensitive strings, and the `States.` prefix is reserved for the service's own errors;
other names cannot start with it. A misspelt `States.Timeout` never matches anything, so the retry or catch
that should handle it silently does nothing and the execution fails. An empty `ErrorEquals` is rejected when
the state machine is created.

## Example
```yaml
retry: [{errors: [States.TimeOut], max_attempts: 2}]
```

## Fix
Use the exact name (`States.Timeout`), or your own error name without the `States.` prefix.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for name, state, path in sm.walk():
                for field in ("retry", "catch"):
                    entries: Sequence[m.Retry | m.Catch] = state.retry if field == "retry" else state.catch
                    for i, entry in enumerate(entries):
                        if not entry.errors:
                            yield self.finding((*path, field, i, "errors"),
                                               f"{field} entry {i} of state `{name}` lists no errors",
                                               "Name the errors it handles: `errors: [States.TaskFailed]`")
                        for j, error in enumerate(entry.errors):
                            if self._unknown(error):
                                yield self._finding((*path, field, i, "errors", j), error)
                if state.kind == "fail" and state.error and self._unknown(state.error):
                    yield self._finding((*path, "error"), state.error)

    @staticmethod
    def _unknown(error: str) -> bool:
        return error.lower().startswith("states.") and error not in STATES_ERRORS

    def _finding(self, path: tuple, error: str) -> Finding:
        close = difflib.get_close_matches(error, STATES_ERRORS, n=1, cutoff=0.7)
        exact = next((e for e in STATES_ERRORS if e.lower() == error.lower()), None)
        hint = f"did you mean `{exact or close[0]}`? " if exact or close else ""
        return self.finding(path, f"`{error}` is not an error name Step Functions defines",
                            f"{hint}Use a defined `States.` name, or your own name without that prefix")
