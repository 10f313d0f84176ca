from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import ipv4_network

# EC2 accepts VPC and subnet IPv4 blocks from /16 (65,536 addresses) to /28 (16 addresses).
SMALLEST, LARGEST = 28, 16


class CidrBlockSize(Rule):
    id = "AG402"
    name = "cidr-block-size"
    kinds = ("network",)
    summary = "A VPC or subnet CIDR block larger than /16 or smaller than /28."
    explanation = """\
## What it checks
That the prefix length of `network.cidr` and of every subnet's `cidr` is between /16 and /28.

## Why
EC2 only creates VPC and subnet IPv4 blocks from /16 to /28; anything else fails at apply with
`InvalidVpc.Range: The CIDR '10.0.0.0/8' is invalid.` for the VPC, or
`InvalidSubnet.Range: The CIDR '10.0.0.0/30' is invalid.` for a subnet.

## Example
```yaml
network:
  cidr: 10.0.0.0/8
```

## Fix
Use a /16 to /28 block, e.g. `10.0.0.0/16` for the VPC and `/24` blocks for its subnets.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        blocks: list[tuple[SpecPath, str, str]] = [(("network", "cidr"), "the VPC", net.cidr)]
        blocks += [(("network", "subnets", n, "cidr"), f"subnet `{n}`", s.cidr)
                   for n, s in net.subnets.items()]
        for path, what, cidr in blocks:
            block = ipv4_network(cidr)
            if block is not None and not LARGEST <= block.prefixlen <= SMALLEST:
                size = "larger" if block.prefixlen < LARGEST else "smaller"
                yield self.finding(
                    path, f"{what} block `{cidr}` is {size} than AWS allows (/{LARGEST} to /{SMALLEST})",
                    f"Use a prefix length between /{LARGEST} and /{SMALLEST}")
