from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# CloudWatch Logs' PutRetentionPolicy accepts only these; 0 is the AWS provider's "never expire".
ALLOWED = (0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
           3288, 3653)


class LogRetentionDays(Rule):
    id = "AG213"
    name = "log-retention-days"
    summary = "A `log_retention_days` or `flow_logs_retention_days` that CloudWatch Logs does not offer."
    explanation = """\
## What it checks
The retention of every log group alpaco-gen creates: `log_retention_days` of functions, tasks and state
machines, and `network.flow_logs_retention_days`. CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90,
120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 and 3653 days, and the AWS provider
also takes 0 for "never expire". The rule sits with the Lambda rules because function log groups are the
common case, but it covers every generated log group.

## Why
Any other number fails: the AWS provider stops the plan with "expected retention_in_days to be one of
[0 1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653]", and the API itself
answers "InvalidParameterException: 1 validation error detected: Value '10' at 'retentionInDays' failed
to satisfy constraint: Member must satisfy enum value set: [...]".

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python3.12, handler: app.handler, log_retention_days: 10}
```

## Fix
Use one of the allowed values; the help names the nearest ones.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for kind, objs in (("function", service.functions), ("task", service.tasks),
                           ("state machine", service.state_machines)):
            for obj in objs:
                days = obj.spec.log_retention_days
                if days not in ALLOWED:
                    yield self._finding((*obj.path, "log_retention_days"), f"{kind} `{obj.name}`", days)
        if service.network and service.network.spec.flow_logs_retention_days not in ALLOWED:
            yield self._finding(("network", "flow_logs_retention_days"), "the VPC flow logs",
                                service.network.spec.flow_logs_retention_days)

    def _finding(self, path: SpecPath, what: str, days: int) -> Finding:
        below = max((d for d in ALLOWED if d < days), default=None)
        above = min((d for d in ALLOWED if d > days), default=None)
        nearest = " or ".join(str(d) for d in (below, above) if d is not None)
        return self.finding(path, f"log retention of {what} is {days} days, which CloudWatch Logs does not "
                            "offer", f"Use an allowed value; the nearest are {nearest}")
