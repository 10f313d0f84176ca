from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.network import Network
from alpaco_gen.kinds.security_group import SecurityGroupRule
from alpaco_gen.kinds.task import Task
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import ipv4_network, placed, port_range

HTTPS = 443


class EgressBlocksAwsApis(Rule):
    id = "AG418"
    name = "egress-blocks-aws-apis"
    kinds = ("network",)
    severity = Severity.WARNING
    summary = "A function or task whose security groups allow no HTTPS out to the AWS addresses it needs."
    explanation = """\
## What it checks
For each task, and each VPC function that `uses:` a table, bucket, API, function or a state machine not
served by a `states` interface endpoint: that one of its security groups allows egress on TCP 443 to
somewhere outside the VPC block (e.g. `0.0.0.0/0`).

## Why
S3 and DynamoDB gateway endpoints and NAT gateways forward traffic to the services' *public* addresses,
so security group egress limited to the VPC block (or to other security groups) drops it; only interface
endpoints live inside the VPC. Generated security groups start with no egress at all (Terraform removes
AWS's default allow-all rule). Nothing fails at deploy: calls hang until the function times out, and a
task cannot download its image layers, which ECR serves from S3 (`CannotPullContainerError ... i/o
timeout`).

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  endpoints: [s3, dynamodb, ecr_api, ecr_dkr, logs]
  security_groups:
    workers: {egress: [{cidr: 10.0.0.0/16, ports: [443]}]}
```

## Fix
Allow HTTPS out of the VPC: `egress: [{cidr: 0.0.0.0/0, ports: [443]}]`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.network
        if net is None:
            return
        vpc = ipv4_network(net.spec.cidr)
        # (any HTTPS egress, HTTPS egress out of the VPC) of each group, found once: many members share a group
        groups: dict[str, tuple[bool, bool]] = {}
        for kind, obj in placed(service):
            reason = _outside_traffic(kind, obj, net)
            if not obj.subnets or not obj.security_groups or reason is None:
                continue
            for group in obj.security_groups:
                if group.name not in groups:
                    egress = [rule for rule in group.spec.egress if _https(rule)]
                    groups[group.name] = (bool(egress), any(_outside(rule, vpc) for rule in egress))
            if any(groups[group.name][1] for group in obj.security_groups):
                continue
            allowed = "only inside the VPC" if any(groups[g.name][0] for g in obj.security_groups) else "nowhere"
            yield self.finding(
                (*obj.path, "security_groups"),
                f"the security groups of {kind} `{obj.name}` allow outbound HTTPS {allowed}, but {reason} "
                "is reached at public AWS addresses",
                "Add an egress rule such as `{cidr: 0.0.0.0/0, ports: [443]}` to one of its security groups")


def _outside_traffic(kind: str, obj: Function | Task, net: Network) -> str | None:
    """What the function or task reaches outside the VPC block, or None."""
    if kind == "task":
        return "its image (ECR serves layers from S3)"
    for use in obj.spec.uses:
        if use.kind != "state_machine" or "states" not in net.interface_endpoints:
            return f"`{use.kind}: {use.target}`"
    return None


def _https(rule: SecurityGroupRule) -> bool:
    if rule.protocol == "all" or (rule.protocol == "tcp" and rule.ports == "all"):
        return True
    if rule.protocol != "tcp" or rule.ports == "all":
        return False
    return any(r is not None and r[0] <= HTTPS <= r[1] for r in map(port_range, rule.ports))


def _outside(rule: SecurityGroupRule, vpc: ipaddress.IPv4Network | None) -> bool:
    block = ipv4_network(rule.cidr) if rule.cidr else None
    return block is not None and (vpc is None or not block.subnet_of(vpc))
