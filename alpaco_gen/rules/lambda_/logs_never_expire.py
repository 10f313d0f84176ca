from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

NEVER = 0  # the AWS provider's retention_in_days for "never expire"


class LogsNeverExpire(Rule):
    id = "AG219"
    name = "logs-never-expire"
    severity = Severity.WARNING
    summary = "A `log_retention_days` or `flow_logs_retention_days` of 0: the log group keeps its logs forever."
    explanation = """\
## What it checks
The retention of every log group alpaco-gen creates (functions, tasks, state machines, VPC flow logs) for
`0`, which the AWS provider passes on as "never expire".

## Why
Logs kept forever cost storage every month without end, and keep whatever personal or secret data the code
ever logged for longer than any retention policy allows. AWS accepts it, so nothing fails; this is a
warning. (Security scanners flag the opposite extreme: checkov CKV_AWS_338 wants at least a year.)

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python3.12, handler: app.handler, log_retention_days: 0}
```

## Fix
Choose a retention, e.g. `365` (the default) or `3653` (ten years) where a regulation asks for long
retention; suppress the rule with `ignore: [logs-never-expire]` on the resource when forever is meant.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for kind, objs in (("function", service.functions), ("task", service.tasks),
                           ("state machine", service.state_machines)):
            for obj in objs:
                if obj.spec.log_retention_days == NEVER:
                    yield self.finding((*obj.path, "log_retention_days"),
                                       f"the logs of {kind} `{obj.name}` never expire (`log_retention_days: 0`)",
                                       "Set a retention in days, e.g. 365")
        if service.network and service.network.spec.flow_logs_retention_days == NEVER:
            yield self.finding(("network", "flow_logs_retention_days"),
                               "the VPC flow logs never expire (`flow_logs_retention_days: 0`)",
                               "Set a retention in days, e.g. 365")
