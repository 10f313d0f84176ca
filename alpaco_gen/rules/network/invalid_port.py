from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import MAX_PORT, port_range, security_group_rules


class InvalidPort(Rule):
    id = "AG407"
    name = "invalid-port"
    kinds = ("network",)
    summary = "A security group rule port that is malformed, beyond 0-65535 or a reversed range; or no ports."
    explanation = """\
## What it checks
Every entry of a security group rule's `ports`: a number or a `"low-high"` range, within 0-65535, with
`low <= high`; and that the list is not empty.

## Why
Terraform stops at plan with `expected from_port to be in the range (-1 - 65535), got 70000`, and EC2
rejects a range whose from-port is above its to-port at apply time. A malformed entry such as
`"https"` or `"80,443"` would be left out of the generated rules, and an empty list generates no rule at
all, so the traffic the rule was written for would silently be blocked.

## Example
```yaml
security_groups:
  web: {ingress: [{security_group: lb, ports: ["8100-8000", 70000]}]}
```

## Fix
Write ports as numbers (`443`) or quoted ranges (`"8000-8100"`), low end first; `ports: all` for every port.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        for group, direction, rule, path in security_group_rules(net):
            if rule.ports == "all":
                continue
            if not rule.ports:
                yield self.finding((*path, "ports"), f"`{group}` {direction} rule has an empty `ports` list",
                                   "List ports or ranges, or write `ports: all`")
            for j, entry in enumerate(rule.ports):
                problem = _problem(entry)
                if problem:
                    yield self.finding(
                        (*path, "ports", j), f"port `{entry}` {problem}",
                        'Write a port (`443`) or a quoted range (`"8000-8100"`) within 0-65535')


def _problem(entry: int | str) -> str | None:
    ports = port_range(entry)
    if ports is None:
        return "is not a port number or a `low-high` range"
    low, high = ports
    if high > MAX_PORT:
        return f"is outside 0-{MAX_PORT}"
    if low > high:
        return "is a reversed range: the low end comes first"
    return None
