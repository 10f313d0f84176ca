from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

FIELDS = (("maximum_attempts", "retry_attempts", ""), ("maximum_event_age", "event_age", " seconds"))


class RetryRange(Rule):
    id = "AG143"
    name = "delivery-retry-range"
    kinds = ("schedule", "event_rule")
    summary = "A schedule's or event rule's `retry` outside the ranges AWS takes (0-185 attempts, 60-86400 s)."
    explanation = """\
## What it checks
That `retry.maximum_attempts` and `retry.maximum_event_age` of every schedule and event rule lie in the ranges
botocore's Scheduler and EventBridge models give (`MaximumRetryAttempts` 0-185, `MaximumEventAgeInSeconds`
60-86400).

## Why
Both services refuse the schedule or target at apply: "ValidationException: 1 validation error detected: Value
'30' at 'target.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value
greater than or equal to 60".

## Example
```yaml
schedules:
  nightly:
    expression: cron(0 2 * * ? *)
    target: {state_machine: nightly}
    retry: {maximum_event_age: 30}
```

## Fix
Keep attempts within 0-185 and the event age within 60-86400 seconds (one minute to one day).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for what, section, objs in (("schedule", "scheduler", service.schedules),
                                    ("event rule", "events", service.event_rules)):
            data = aws()[section]
            for obj in objs:
                for field, limit, unit in FIELDS:
                    value = getattr(obj.spec.retry, field)
                    low, high = data[f"{limit}_min"], data[f"{limit}_max"]
                    if value is not None and not low <= value <= high:
                        yield self.finding((*obj.path, "retry", field),
                                           f"`retry.{field}` of {what} `{obj.name}` is {value}{unit}; AWS allows "
                                           f"{low}-{high}{unit}",
                                           f"Set it between {low} and {high}, e.g. `{field}: "
                                           f"{min(max(value, low), high)}`")
