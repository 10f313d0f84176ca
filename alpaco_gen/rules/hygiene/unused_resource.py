from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class UnusedResource(Rule):
    id = "AG805"
    name = "unused-resource"
    severity = Severity.WARNING
    summary = "A repository, security group or subnet that nothing in the spec uses."
    explanation = """\
## What it checks
Repositories no function or task image comes from; security groups no function or task is attached to;
subnets no function or task runs in, no NAT gateway lives in and (for private subnets) no interface endpoint
is placed in.

## Why
Terraform creates and keeps them all the same: a repository that scans and stores images nobody runs, a
security group whose rules protect nothing, an address range that holds nothing. More often than not the
unused name is a typo's twin: the function references `private-a` while `private_a` sits unused, or the
resource was meant to be wired up and never was.

## Example
```yaml
repositories:
  runner: {}
  runner-old: {}
tasks:
  runner: {image: {repository: runner, tag: v1}, source: backend/tasks/runner}
```

## Fix
Wire the resource up where it was meant to be used, or remove it. Suppress with `ignore: [unused-resource]`
on a repository or security group that is used from outside the spec.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        workloads: tuple[Function | Task, ...] = (*service.functions, *service.tasks)
        repositories = {w.repository.name for w in workloads if w.repository}
        for repo in service.repositories:
            if repo.name not in repositories:
                yield self.finding(repo.path, f"repository `{repo.name}` is the image source of no function "
                                   "or task", "Point an `image.repository` at it, or remove it", key=True)
        net = service.network
        if net is None:
            return
        groups = {g.name for w in workloads for g in w.security_groups}
        for group in net.security_groups:
            if group.name not in groups:
                yield self.finding(group.path, f"security group `{group.name}` is attached to no function or "
                                   "task", "Add it to a function's or task's `security_groups`, or remove it",
                                   key=True)
        used = {s.name for w in workloads for s in w.subnets} | {nat.subnet.name for nat in net.nat_gateways}
        if net.interface_endpoints:
            used |= {s.name for s in net.private_subnets}
        for subnet in net.subnets:
            if subnet.name not in used:
                role = "hosts no NAT gateway and " if subnet.spec.public else ""
                yield self.finding(subnet.path, f"subnet `{subnet.name}` {role}runs no function or task",
                                   "Place something in it (`subnets:` of a function or task"
                                   + (", or `nat: per_az`" if subnet.spec.public else "") + "), or remove it",
                                   key=True)
