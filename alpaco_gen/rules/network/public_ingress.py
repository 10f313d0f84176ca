from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import security_group_rules

EVERYWHERE = ("0.0.0.0/0", "::/0")


class PublicIngress(Rule):
    id = "AG409"
    name = "public-ingress"
    summary = "Ingress from 0.0.0.0/0 in a security group without `allow_public_ingress: true`."
    explanation = """\
## What it checks
Ingress rules whose `cidr` is `0.0.0.0/0` (or `::/0`) in a security group that does not set
`allow_public_ingress: true`.

## Why
Secure by default: an ingress rule from everywhere exposes the ports to the whole internet as soon as
anything in the group gets a public address or sits behind a public load balancer. AWS accepts it
without complaint, and security scanners (checkov CKV_AWS_24/25/260, AWS Security Hub EC2.18/EC2.19)
flag it after the fact. Opening to the world should be a decision written in the spec, not an accident.

## Example
```yaml
security_groups:
  app: {ingress: [{cidr: 0.0.0.0/0, ports: [22]}]}
```

## Fix
Narrow the source to the VPC block or a `security_group`, or set `allow_public_ingress: true` on the group
when public access is intended.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        for group, direction, rule, path in security_group_rules(net):
            if direction == "ingress" and rule.cidr in EVERYWHERE and \
                    not net.security_groups[group].allow_public_ingress:
                yield self.finding(
                    (*path, "cidr"),
                    f"security group `{group}` allows ingress from everywhere (`{rule.cidr}`)",
                    "Narrow `cidr` or use `security_group`; if the group is public on purpose, set "
                    "`allow_public_ingress: true`")
