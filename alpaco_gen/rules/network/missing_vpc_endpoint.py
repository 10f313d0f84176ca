from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds import KINDS
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.network._common import placed


class MissingVpcEndpoint(Rule):
    id = "AG414"
    name = "missing-vpc-endpoint"
    kinds = ("network",)
    severity = Severity.WARNING
    summary = "A VPC function or task without NAT that uses an AWS service the network has no endpoint for."
    explanation = """\
## What it checks
For each function and task in a VPC whose subnets have no NAT route (`nat: none`, no NAT gateway,
`isolated` or only public subnets), each `uses:` target needs a VPC endpoint: tables `dynamodb`, buckets `s3`, state
machines `states`, secrets `secretsmanager`, parameters `ssm`; so does every source of a task's `secrets:`,
which ECS reads before the container starts. APIs (execute-api, e.g. `manage_connections`) and other
functions (Lambda) have no endpoint option in the spec and need NAT.

## Why
A network interface in a private subnet reaches AWS service APIs only through a NAT gateway or a VPC
endpoint. Without either, nothing fails at deploy time; the SDK call hangs until the function times out
(`Task timed out after 30.00 seconds`), which is slow and confusing to debug.

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  nat: none
  subnets:
    private_a: {cidr: 10.0.1.0/24, az: a}
    private_c: {cidr: 10.0.2.0/24, az: c}
functions:
  worker:
    source: backend/lambdas/worker
    runtime: python3.12
    handler: app.handler
    subnets: [private_a, private_c]
    security_groups: [lambda]
    uses: [{table: orders, access: read}]
```

## Fix
Add the endpoint to `network.endpoints` (here `dynamodb`), or set `network.nat` with a public subnet.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.network
        if net is None:
            return
        endpoints = set(net.spec.endpoints)
        routed = {t.tf for t in net.route_tables if t.nat is not None}
        for kind, obj in placed(service):
            if not obj.subnets or any(s.route_table in routed for s in obj.subnets):
                continue
            reported = set()
            for i, use in enumerate(obj.spec.uses):
                called, endpoint = KINDS[use.kind].called_api, KINDS[use.kind].endpoint
                if endpoint in endpoints or called in reported:
                    continue
                reported.add(called)
                path = (*obj.path, "uses", i, use.kind)
                where = (f"{kind} `{obj.name}` calls {called} (`{use.kind}: {use.target}`) "
                         "from subnets without NAT")
                if endpoint:
                    yield self.finding(
                        path, f"{where}, and the network has no `{endpoint}` endpoint: calls will time out",
                        f"Add `{endpoint}` to `network.endpoints`, or set `network.nat`")
                else:
                    yield self.finding(
                        path, f"{where}; the spec has no VPC endpoint for it, so the calls will time out",
                        "Set `network.nat: single` (with a public subnet) for this traffic")
            for variable, source in getattr(obj.spec, "secrets", {}).items():
                endpoint = KINDS[source.kind].endpoint
                if endpoint is None or endpoint in endpoints or endpoint in reported:
                    continue
                reported.add(endpoint)
                yield self.finding(
                    (*obj.path, "secrets", variable, source.kind),
                    f"ECS reads `{variable}` of {kind} `{obj.name}` from {KINDS[source.kind].called_api} through "
                    f"subnets without NAT, and the network has no `{endpoint}` endpoint: the task will not start",
                    f"Add `{endpoint}` to `network.endpoints`, or set `network.nat`")
