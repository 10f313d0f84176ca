from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import placed


class SingleAzPlacement(Rule):
    id = "AG410"
    name = "single-az-placement"
    kinds = ("network",)
    severity = Severity.WARNING
    summary = "A function or task placed in subnets of only one availability zone."
    explanation = """\
## What it checks
That the `subnets` of each VPC function and each task span at least two availability zones.

## Why
AWS accepts a single zone, but then one zone outage stops the function or task entirely. The Lambda
console warns about exactly this ("we recommend that you choose at least two subnets for Lambda to run
your functions in high availability mode"), and Fargate can only place a task in the zones of its subnets.

## Example
```yaml
functions:
  worker: {source: backend/lambdas/worker, runtime: python3.12, handler: app.handler,
           subnets: [private_a], security_groups: [lambda]}
```

## Fix
Add a subnet in a second zone (e.g. `private_c`) to `subnets`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for kind, obj in placed(service):
            zones = sorted({s.az for s in obj.subnets})
            # With an undeclared subnet in the list (AG101) the zones are not known yet.
            if len(zones) == 1 and len(obj.subnets) == len(obj.spec.subnets):
                yield self.finding(
                    (*obj.path, "subnets"),
                    f"{kind} `{obj.name}` runs in one availability zone only ({zones[0]})",
                    "Add a subnet of another availability zone to `subnets`")
