from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import placed


class ComputeInPublicSubnet(Rule):
    id = "AG413"
    name = "compute-in-public-subnet"
    kinds = ("network",)
    severity = Severity.WARNING
    summary = "A function or task in a public subnet, where it has no public IP and so no internet access."
    explanation = """\
## What it checks
That no function or task lists a `public: true` subnet in its `subnets`.

## Why
The generator routes public subnets to the internet gateway, but only network interfaces with a public
IP can use that route. Lambda never gives its VPC network interfaces a public IP, and the generated
tasks run with `AssignPublicIp: DISABLED`; NAT gateways serve only private subnets. So from a public
subnet a function's calls to the internet and to AWS APIs without a VPC endpoint time out, and a task
cannot pull its image (`CannotPullContainerError`).

## Example
```yaml
functions:
  worker: {source: backend/lambdas/worker, runtime: python3.12, handler: app.handler,
           subnets: [public_a, public_c], security_groups: [lambda]}
```

## Fix
Place functions and tasks in private subnets and give those a way out: `nat: single` (or `per_az`),
or VPC `endpoints` for the AWS services they call.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        subnets = {s.name: s for s in service.network.subnets} if service.network else {}
        for kind, obj in placed(service):
            for i, name in enumerate(obj.spec.subnets):
                if name in subnets and subnets[name].spec.public:
                    yield self.finding(
                        (*obj.path, "subnets", i),
                        f"{kind} `{obj.name}` is placed in public subnet `{name}`, where it has no "
                        "public IP and so no internet access",
                        "Use private subnets with `nat` or VPC `endpoints` instead")
