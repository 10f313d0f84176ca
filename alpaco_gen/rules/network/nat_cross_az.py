from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class NatCrossAz(Rule):
    id = "AG412"
    name = "nat-cross-az"
    kinds = ("network",)
    severity = Severity.WARNING
    summary = "`nat: per_az` with private subnets in a zone lacking a public subnet for its own NAT gateway."
    explanation = """\
## What it checks
With `nat: per_az`, that every availability zone holding private subnets also holds a public subnet.

## Why
`per_az` puts one NAT gateway in each zone's public subnet so that a zone outage does not cut the other
zones off the internet. A zone with private subnets but no public subnet has no NAT gateway of its own:
its traffic goes to another zone's gateway, which costs cross-zone data transfer and fails together with
that zone, the very thing `per_az` is paid for to avoid.

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  nat: per_az
  subnets:
    public_a: {cidr: 10.0.0.0/24, az: a, public: true}
    private_a: {cidr: 10.0.10.0/24, az: a}
    private_c: {cidr: 10.0.11.0/24, az: c}
```

## Fix
Add a public subnet in that zone (`public_c: {cidr: 10.0.1.0/24, az: c, public: true}`), or use
`nat: single` if one gateway is enough.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.network
        if net is None or net.spec.nat != "per_az" or not net.has_public:
            return
        public_zones = {s.spec.az for s in net.subnets if s.spec.public}
        reported = set()
        for subnet in net.private_subnets:
            if subnet.spec.isolated or subnet.spec.az in public_zones or subnet.spec.az in reported:
                continue
            reported.add(subnet.spec.az)
            yield self.finding(
                (*subnet.path, "az"),
                f"zone `{subnet.az}` has private subnets but no public subnet, "
                "so no NAT gateway of its own",
                f"Add a public subnet in zone `{subnet.spec.az}`, or use `nat: single`")
