from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class InterfaceEndpointWithoutSubnet(Rule):
    id = "AG415"
    name = "interface-endpoint-without-subnet"
    kinds = ("network",)
    summary = "Interface VPC endpoints (all but `s3` and `dynamodb`) in a network with no private subnet."
    explanation = """\
## What it checks
That a network listing interface endpoints (`ecr_api`, `ecr_dkr`, `logs`, `sts`, `states`,
`secretsmanager`, `ssm`) has at least one private subnet.

## Why
An interface endpoint is a set of network interfaces that the generator places in the private subnets.
With none, there is nowhere to put them: the endpoint would have no network interface to answer on, so it
serves nothing while still being billed by the hour. (`s3` and `dynamodb` are gateway endpoints: they are
routes, not interfaces, and need no subnet.)

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  subnets:
    public_a: {cidr: 10.0.0.0/24, az: a, public: true}
  endpoints: [logs]
```

## Fix
Add private subnets for the endpoints (and the functions and tasks that use them), or remove the
interface endpoints from `endpoints`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.network
        if net is None or not net.interface_endpoints or net.private_subnets:
            return
        first = next(i for i, e in enumerate(net.spec.endpoints) if e in net.interface_endpoints)
        listed = ", ".join(f"`{e}`" for e in net.interface_endpoints)
        yield self.finding(
            ("network", "endpoints", first),
            f"interface endpoints {listed} have no private subnet to place their network interfaces in",
            "Declare private subnets, or remove the interface endpoints")
