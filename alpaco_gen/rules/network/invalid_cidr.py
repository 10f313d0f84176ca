from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import ipv4_network, security_group_rules


class InvalidCidr(Rule):
    id = "AG401"
    name = "invalid-cidr"
    kinds = ("network",)
    summary = "A VPC, subnet or security group rule CIDR that is not an IPv4 network address with a prefix."
    explanation = """\
## What it checks
`network.cidr`, every subnet's `cidr` and every security group rule's `cidr`: each must be an IPv4 block
written `a.b.c.d/n` whose address is the first address of the block (no host bits set).

## Why
Terraform stops at plan with `"10.0.0.1/24" is not a valid IPv4 CIDR network address` (or
`expected "cidr_ipv4" to contain a valid network CIDR`), and the EC2 API answers a malformed block with
`InvalidParameterValue: Value (10.0.0.1/24) for parameter cidrBlock is invalid`. The generated VPC and its
security group rules are IPv4 only, so an IPv6 block such as `::/0` fails the same way.

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  subnets:
    private_a: {cidr: 10.0.1.1/24, az: a}
```

## Fix
Write the network address of the block (`10.0.1.0/24`), or pick the prefix you meant.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        cidrs: list[tuple[SpecPath, str]] = [(("network", "cidr"), net.cidr)]
        cidrs += [(("network", "subnets", n, "cidr"), s.cidr) for n, s in net.subnets.items()]
        cidrs += [((*path, "cidr"), rule.cidr) for _, _, rule, path in security_group_rules(net) if rule.cidr]
        for path, cidr in cidrs:
            if ipv4_network(cidr) is None:
                yield self.finding(path, *_problem(cidr))


def _problem(cidr: str) -> tuple[str, str]:
    try:
        loose = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return (f"`{cidr}` is not an IPv4 CIDR block",
                "Write an address and a prefix length, e.g. `10.0.0.0/16`")
    if loose.version == 6:
        return (f"`{cidr}` is an IPv6 block; the generated VPC and security group rules are IPv4 only",
                "Use an IPv4 block, e.g. `0.0.0.0/0` instead of `::/0`")
    if "/" not in cidr:
        return f"`{cidr}` has no prefix length", f"Write the block with its prefix, e.g. `{loose}`"
    return (f"`{cidr}` has host bits set: the block it names starts at `{loose.network_address}`",
            f"Write `{loose}`")
