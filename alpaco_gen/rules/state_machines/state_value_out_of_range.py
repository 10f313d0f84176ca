from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# field -> (lowest value the Amazon States Language allows, what the number is)
STATE_LIMITS: dict[str, tuple[float, str]] = {
    "timeout": (1, "TimeoutSeconds"), "seconds": (0, "Seconds"), "max_concurrency": (0, "MaxConcurrency")}
RETRY_LIMITS: dict[str, tuple[float, str]] = {
    "interval_seconds": (1, "IntervalSeconds"), "max_attempts": (0, "MaxAttempts"),
    "backoff_rate": (1.0, "BackoffRate")}


class StateValueOutOfRange(Rule):
    id = "AG717"
    name = "state-value-out-of-range"
    kinds = ("state_machine",)
    summary = "A timeout, wait, concurrency or retry number below what Step Functions allows."
    explanation = """\
## What it checks
Lower bounds of the numbers in a state machine: `timeout` (of the state machine and of task states) at least
1 second, wait `seconds` and map `max_concurrency` at least 0, and in `retry`: `interval_seconds` at least 1,
`max_attempts` at least 0, `backoff_rate` at least 1.0.

## Why
Step Functions rejects the definition when the state machine is created (`SCHEMA_VALIDATION_FAILED`):
`TimeoutSeconds` and `IntervalSeconds` must be positive integers, `BackoffRate` must be 1.0 or more.

## Example
```yaml
retry: [{errors: [States.TaskFailed], interval_seconds: 0, backoff_rate: 0.5}]
```

## Fix
Use `interval_seconds: 1` or more and `backoff_rate: 1.0` or more (2.0 doubles the wait each time).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            if sm.spec.timeout is not None and sm.spec.timeout < 1:
                yield self._finding((*sm.path, "timeout"), "TimeoutSeconds", sm.spec.timeout, 1)
            for _, state, path in sm.walk():
                for field, (low, asl) in STATE_LIMITS.items():
                    value = getattr(state, field)
                    if value is not None and value < low:
                        yield self._finding((*path, field), asl, value, low)
                for i, retry in enumerate(state.retry):
                    for field, (low, asl) in RETRY_LIMITS.items():
                        value = getattr(retry, field)
                        if value is not None and value < low:
                            yield self._finding((*path, "retry", i, field), asl, value, low)

    def _finding(self, path: tuple, asl: str, value: float, low: float) -> Finding:
        return self.finding(path, f"`{path[-1]}: {value}` is below {low:g}, the lowest {asl} Step Functions "
                            "accepts", f"Use {low:g} or more")
