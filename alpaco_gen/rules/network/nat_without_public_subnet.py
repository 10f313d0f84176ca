from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class NatWithoutPublicSubnet(Rule):
    id = "AG411"
    name = "nat-without-public-subnet"
    kinds = ("network",)
    summary = "`nat: single` or `per_az` in a network that has no public subnet to hold the NAT gateway."
    explanation = """\
## What it checks
That a network asking for NAT gateways declares at least one `public: true` subnet.

## Why
A NAT gateway reaches the internet through the internet gateway, so it must live in a public subnet
(the generator routes public subnets to an internet gateway automatically). With no public subnet there
is nowhere to put it: no NAT gateway is generated and every call from the private subnets to the internet
or to an AWS API without a VPC endpoint times out at run time.

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  nat: single
  subnets:
    private_a: {cidr: 10.0.1.0/24, az: a}
```

## Fix
Add a public subnet (`public_a: {cidr: 10.0.0.0/24, az: a, public: true}`), or set `nat: none` and
use VPC endpoints.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.network
        if net is None or net.spec.nat == "none" or net.has_public:
            return
        yield self.finding(
            ("network", "nat"),
            f"`nat: {net.spec.nat}` needs a public subnet for its NAT gateway, and none is declared",
            "Add a subnet with `public: true`, or set `nat: none` and add VPC `endpoints`")
