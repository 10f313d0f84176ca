from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import security_group_rules


class PortsIgnoredByProtocol(Rule):
    id = "AG408"
    name = "ports-ignored-by-protocol"
    kinds = ("network",)
    summary = "Ports on an `icmp` rule (read as ICMP type and code) or an `all` rule (every port opens)."
    explanation = """\
## What it checks
Security group rules with `protocol: icmp` or `protocol: all` that list `ports` instead of `ports: all`.

## Why
ICMP has no ports: EC2 reads a rule's from-port as the ICMP *type* and its to-port as the ICMP *code*, so
`ports: [8]` asks for type 8 code 8 and a range asks for codes that do not exist. Apply fails with
`InvalidParameterValue: ICMP code (65535) out of range`. With `protocol: all` EC2 ignores ports entirely:
`ports: [443]` opens every port of every protocol, which is not what the rule says.

## Example
```yaml
security_groups:
  app: {ingress: [{cidr: 10.0.0.0/16, protocol: all, ports: [443]}]}
```

## Fix
Use `protocol: tcp` (or `udp`) to limit ports; for ICMP or every protocol write `ports: all`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        for group, direction, rule, path in security_group_rules(net):
            if rule.ports == "all" or rule.protocol not in ("icmp", "all"):
                continue
            if rule.protocol == "icmp":
                message = (f"`{group}` {direction} rule lists ports for ICMP, which EC2 would read as "
                           "ICMP type and code")
            else:
                message = f"`{group}` {direction} rule with `protocol: all` opens every port, not just these"
            yield self.finding((*path, "ports"), message,
                               "Write `ports: all`, or use `protocol: tcp` / `udp` to limit ports")
