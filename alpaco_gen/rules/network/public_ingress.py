from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.kinds.security_group import SecurityGroupRule, SecurityGroupSpec
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import MAX_PORT, ipv4_network, port_range

EVERYWHERE = ("0.0.0.0/0", "::/0")
# Addresses no internet host has (RFC 6890 special-purpose blocks that are not globally reachable): rules
# that cover everything but these are open to the whole internet all the same.
NOT_PUBLIC = tuple(ipaddress.IPv4Network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4"))
PROTOCOLS = ("tcp", "udp", "icmp")

Open = tuple[SpecPath, ipaddress.IPv4Network]  # the path of an ingress rule and the network it admits


class PublicIngress(Rule):
    id = "AG409"
    name = "public-ingress"
    kinds = ("network",)
    summary = "Ingress open to the whole internet in a security group without `allow_public_ingress: true`."
    explanation = """\
## What it checks
The ingress rules of every security group that does not set `allow_public_ingress: true`: for each
protocol and port, whether the `cidr` blocks that admit it, taken together, cover every public IPv4
address. `0.0.0.0/0` (or `::/0`) does alone; so do `0.0.0.0/1` and `128.0.0.0/1` on the same port, or a
list of blocks that leaves out only private and reserved ranges (10.0.0.0/8, 192.168.0.0/16, ...).

## Why
Secure by default: an ingress rule from everywhere exposes the ports to the whole internet as soon as
anything in the group gets a public address or sits behind a public load balancer. AWS accepts it
without complaint, and security scanners (checkov CKV_AWS_24/25/260, AWS Security Hub EC2.18/EC2.19)
flag it after the fact, though only for the literal `0.0.0.0/0`. Opening to the world should be a
decision written in the spec, not an accident, nor an accident split into halves.

## Example
```yaml
security_groups:
  app: {ingress: [{cidr: 0.0.0.0/1, ports: [22]}, {cidr: 128.0.0.0/1, ports: [22]}]}
```

## Fix
Narrow the sources to the VPC block or a `security_group`, or set `allow_public_ingress: true` on the
group when public access is intended.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        for name, group in net.security_groups.items():
            if group.allow_public_ingress:
                continue
            base: SpecPath = ("network", "security_groups", name, "ingress")
            alone = []
            for i, rule in enumerate(group.ingress):
                network = ipv4_network(rule.cidr) if rule.cidr else None
                if rule.cidr in EVERYWHERE or (network is not None and _public([network])):
                    alone.append((*base, i))
                    yield self.finding(
                        (*base, i, "cidr"), f"security group `{name}` allows ingress from everywhere (`{rule.cidr}`)",
                        "Narrow `cidr` or use `security_group`; if the group is public on purpose, set "
                        "`allow_public_ingress: true`")
            for protocol, low, high, opens in _combined(group, base):
                if any(path in alone for path, _ in opens):
                    continue  # reported above, rule by rule
                ports = "" if protocol == "icmp" else f" port {low}" if low == high else f" ports {low}-{high}"
                rules = ", ".join(f"ingress[{path[-1]}] (`{network}`)" for path, network in opens)
                yield self.finding(
                    (*opens[0][0], "cidr"),
                    f"security group `{name}` allows {protocol}{ports} from every public IPv4 address: {rules} "
                    "together cover the internet",
                    "Narrow the `cidr` blocks or use `security_group`; if the group is public on purpose, set "
                    "`allow_public_ingress: true`")


def _combined(group: SecurityGroupSpec, base: SpecPath) -> Iterator[tuple[str, int, int, list[Open]]]:
    """(protocol, first port, last port, rules) for every port range the rules open to the internet together."""
    for protocol in PROTOCOLS:
        spans: list[tuple[int, int, Open]] = []
        for i, rule in enumerate(group.ingress):
            network = ipv4_network(rule.cidr) if rule.cidr else None
            if network is None or rule.protocol not in (protocol, "all"):
                continue
            for low, high in _ports(rule, protocol):
                spans.append((low, high, ((*base, i), network)))
        cuts = sorted({low for low, _, _ in spans} | {high + 1 for _, high, _ in spans})
        found: list[tuple[int, int, list[Open]]] = []
        for start, stop in zip(cuts, cuts[1:], strict=False):
            opens = [o for low, high, o in spans if low <= start and stop - 1 <= high]
            if opens and _public([n for _, n in opens]):
                if found and found[-1][1] == start - 1 and found[-1][2] == opens:
                    found[-1] = (found[-1][0], stop - 1, opens)
                else:
                    found.append((start, stop - 1, opens))
        for low, high, opens in found:
            yield protocol, low, high, list(dict.fromkeys(opens))


def _ports(rule: SecurityGroupRule, protocol: str) -> list[tuple[int, int]]:
    if protocol == "icmp" or rule.protocol == "all" or rule.ports == "all":
        return [(0, 0)] if protocol == "icmp" else [(0, MAX_PORT)]
    return [r for r in (port_range(p) for p in rule.ports) if r]


def _public(networks: list[ipaddress.IPv4Network]) -> bool:
    """Do `networks` admit every globally reachable IPv4 address?"""
    covered = ipaddress.collapse_addresses([*networks, *NOT_PUBLIC])
    return list(covered) == [ipaddress.IPv4Network("0.0.0.0/0")]
