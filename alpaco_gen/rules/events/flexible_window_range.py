from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class FlexibleWindowRange(Rule):
    id = "AG142"
    name = "flexible-window-range"
    kinds = ("schedule",)
    summary = "A schedule's `flexible_window` outside Scheduler's 1-1440 minutes."
    explanation = """\
## What it checks
That `flexible_window` of every schedule, when set, lies within the range botocore's Scheduler model gives
`MaximumWindowInMinutes` (1 to 1440 minutes).

## Why
Scheduler refuses the schedule at apply: "ValidationException: 1 validation error detected: Value '2000' at
'flexibleTimeWindow.maximumWindowInMinutes' failed to satisfy constraint: Member must have value less than or
equal to 1440".

## Example
```yaml
schedules:
  nightly: {expression: cron(0 2 * * ? *), flexible_window: 2000, target: {state_machine: nightly}}
```

## Fix
Set it between 1 and 1440, or leave it out to deliver on time.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        data = aws()["scheduler"]
        low, high = data["flexible_window_min"], data["flexible_window_max"]
        for schedule in service.schedules:
            window = schedule.spec.flexible_window
            if window is not None and not low <= window <= high:
                yield self.finding((*schedule.path, "flexible_window"),
                                   f"`flexible_window` of schedule `{schedule.name}` is {window} minutes; "
                                   f"Scheduler allows {low}-{high}",
                                   f"Set it between {low} and {high}, e.g. `flexible_window: "
                                   f"{min(max(window, low), high)}`, or remove it to deliver on time")
