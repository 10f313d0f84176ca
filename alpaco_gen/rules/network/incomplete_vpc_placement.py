from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class IncompleteVpcPlacement(Rule):
    id = "AG417"
    name = "incomplete-vpc-placement"
    kinds = ("function", "task")
    summary = "A function with subnets but no security groups (or the reverse), or a task without both."
    explanation = """\
## What it checks
Functions: `subnets` and `security_groups` are both set or both empty. Tasks (Fargate, `awsvpc` network
mode): both are set.

## Why
Lambda rejects a VPC configuration with only one of them:
`InvalidParameterValueException: SubnetIds and SecurityIds must coexist or be both empty list.`
(and the generator leaves security groups without subnets out entirely, so they would silently not
apply). A Fargate task with no subnets fails to start (`InvalidParameterException: subnets can not be
empty.`); without security groups it gets the VPC's default group, which the generator strips of all
rules, so the task cannot even pull its image.

## Example
```yaml
functions:
  worker: {source: backend/lambdas/worker, runtime: python3.12, handler: app.handler,
           subnets: [private_a, private_c]}
```

## Fix
Add the missing list: `security_groups: [lambda]` (or remove `subnets` to run the function outside the VPC).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for name, fn in service.spec.functions.items():
            if bool(fn.subnets) != bool(fn.security_groups):
                have, lack = ("subnets", "security_groups") if fn.subnets else ("security_groups", "subnets")
                yield self.finding(
                    ("functions", name, have), f"function `{name}` sets `{have}` but no `{lack}`",
                    f"Add `{lack}`, or remove `{have}` to run the function outside the VPC")
        for name, task in service.spec.tasks.items():
            for field in ("subnets", "security_groups"):
                if not getattr(task, field):
                    yield self.finding(
                        ("tasks", name, field), f"task `{name}` has no `{field}`",
                        f"Fargate tasks run in the VPC: list the {field.replace('_', ' ')} to use")
