from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import ipv4_network


class OverlappingSubnets(Rule):
    id = "AG404"
    name = "overlapping-subnets"
    kinds = ("network",)
    summary = "Two subnets whose CIDR blocks share addresses."
    explanation = """\
## What it checks
That no two subnets of the network overlap (the same block, or one block inside another).

## Why
An address belongs to exactly one subnet. EC2 creates the first subnet and rejects the second at apply
time with `InvalidSubnet.Conflict: The CIDR '10.0.1.0/24' conflicts with another subnet`.

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  subnets:
    private_a: {cidr: 10.0.0.0/23, az: a}
    private_c: {cidr: 10.0.1.0/24, az: c}
```

## Fix
Give each subnet its own block, e.g. `10.0.0.0/24` and `10.0.1.0/24`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        blocks = []
        for order, (name, subnet) in enumerate(net.subnets.items()):
            block = ipv4_network(subnet.cidr)
            if block is not None:
                blocks.append((block, order, name))
        # CIDR blocks either nest or are disjoint: sorted by start, each block overlaps an earlier one
        # exactly when it starts before the furthest end seen so far.
        blocks.sort(key=lambda b: (b[0].network_address, b[0].prefixlen))
        widest = None
        for current in blocks:
            if widest is not None and current[0].network_address <= widest[0].broadcast_address:
                later, earlier = sorted((current, widest), key=lambda b: b[1], reverse=True)
                yield self.finding(
                    ("network", "subnets", later[2], "cidr"),
                    f"subnet `{later[2]}` block `{later[0]}` overlaps subnet `{earlier[2]}` (`{earlier[0]}`)",
                    "Give each subnet a block of its own inside the VPC block")
            if widest is None or current[0].broadcast_address > widest[0].broadcast_address:
                widest = current
