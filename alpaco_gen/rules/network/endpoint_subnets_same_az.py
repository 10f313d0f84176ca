from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class EndpointSubnetsSameAz(Rule):
    id = "AG416"
    name = "endpoint-subnets-same-az"
    summary = "Interface VPC endpoints with two private subnets in the same availability zone."
    explanation = """\
## What it checks
When the network lists interface endpoints (everything but `s3` and `dynamodb`), that no two private
subnets share an availability zone: the generator places every interface endpoint in every private subnet.

## Why
An interface endpoint takes at most one subnet per zone. EC2 rejects the second at apply time with
`DuplicateSubnetsInSameZone: Found another VPC endpoint subnet in the availability zone of subnet-...
VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  subnets:
    app_a: {cidr: 10.0.1.0/24, az: a}
    db_a: {cidr: 10.0.2.0/24, az: a}
  endpoints: [logs]
```

## Fix
Keep one private subnet per zone (merge `db_a` into `app_a`), or drop the interface endpoints and use
`nat` instead.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.network
        if net is None or not net.interface_endpoints:
            return
        first_in_zone: dict[str, str] = {}
        for subnet in net.private_subnets:
            other = first_in_zone.setdefault(subnet.az, subnet.name)
            if other != subnet.name:
                yield self.finding(
                    (*subnet.path, "az"),
                    f"private subnets `{other}` and `{subnet.name}` are both in `{subnet.az}`; interface "
                    "endpoints take one subnet per zone",
                    "Keep one private subnet per availability zone, or remove the interface endpoints")
