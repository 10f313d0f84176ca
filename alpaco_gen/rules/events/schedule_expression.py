from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.events._expressions import expression_error


class ScheduleExpression(Rule):
    id = "AG140"
    name = "schedule-expression-syntax"
    kinds = ("schedule",)
    summary = "A schedule's `expression` that EventBridge Scheduler does not read: cron, rate or at syntax."
    explanation = """\
## What it checks
That `expression` of every schedule is one Scheduler accepts: `cron(...)` with six fields (minutes, hours,
day-of-month, month, day-of-week, year), each in its range, with `?` in exactly one of day-of-month and
day-of-week; `rate(value unit)` with a positive whole value and `minute`, `hour` or `day` when the value is 1,
`minutes`, `hours` or `days` otherwise; `at(yyyy-mm-ddThh:mm:ss)` with a real date and time.

## Why
Scheduler refuses the schedule at apply: "ValidationException: Invalid Schedule Expression". The five-field
cron of Unix, `*` in both day fields and `rate(1 hours)` are the usual causes.

## Example
```yaml
schedules:
  nightly:
    expression: cron(0 2 * * *)
    target: {state_machine: nightly}
```

## Fix
Write the six-field form with `?` in one day field: `cron(0 2 * * ? *)`; `rate(1 hour)`, `rate(2 hours)`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        longest = aws()["scheduler"]["expression_max"]
        for schedule in service.schedules:
            expression = schedule.spec.expression
            error = expression_error(expression) or (
                f"it has {len(expression)} characters; Scheduler takes {longest}" if len(expression) > longest else "")
            if error:
                yield self.finding((*schedule.path, "expression"),
                                   f"schedule `{schedule.name}`: `{expression}` is not a schedule expression: {error}",
                                   "Use `cron(minutes hours day-of-month month day-of-week year)` with `?` in one day "
                                   "field, `rate(5 minutes)` / `rate(1 hour)`, or `at(2030-01-31T09:00:00)`")
