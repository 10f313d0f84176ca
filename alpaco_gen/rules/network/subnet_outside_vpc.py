from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import ipv4_network


class SubnetOutsideVpc(Rule):
    id = "AG403"
    name = "subnet-outside-vpc"
    kinds = ("network",)
    summary = "A subnet CIDR that is not inside the VPC CIDR."
    explanation = """\
## What it checks
That every subnet's block lies entirely inside `network.cidr`.

## Why
A subnet takes its addresses from the VPC's block. EC2 rejects any other block at apply time with
`InvalidSubnet.Range: The CIDR '10.1.0.0/24' is invalid.`

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  subnets:
    private_a: {cidr: 10.1.0.0/24, az: a}
```

## Fix
Choose a subnet block inside the VPC block (here `10.0.x.0/24`), or widen the VPC block.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        vpc = ipv4_network(net.cidr) if net else None
        if net is None or vpc is None:
            return
        for name, subnet in net.subnets.items():
            block = ipv4_network(subnet.cidr)
            if block is not None and not block.subnet_of(vpc):
                yield self.finding(
                    ("network", "subnets", name, "cidr"),
                    f"subnet `{name}` block `{subnet.cidr}` is not inside the VPC block `{net.cidr}`",
                    f"Pick a block inside `{net.cidr}`, or widen `network.cidr`")
