from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# What a Fargate task reaches before its code runs: the ECR API (auth, manifest), the registry (ecr.dkr),
# S3 (ECR serves layers from S3) and CloudWatch Logs (the awslogs driver).
NEEDED = ("ecr_api", "ecr_dkr", "s3", "logs")


class TaskCannotPullImage(Rule):
    id = "AG307"
    name = "task-cannot-pull-image"
    kinds = ("function", "task", "repository")
    summary = "A task in a subnet with no way to ECR: no NAT route and not all ECR, S3 and logs endpoints."
    explanation = """\
## What it checks
For every subnet a task may run in: that the task can reach ECR, S3 and CloudWatch Logs, either through a
NAT gateway (a private subnet whose route table has the NAT route: `network.nat: single` or `per_az`, with
a public subnet for the gateway) or through VPC endpoints (`network.endpoints` with all of `ecr_api`,
`ecr_dkr`, `s3` and `logs`).

A public subnet does not count as a way out: the generated state machines start tasks with
`AssignPublicIp: DISABLED`, and without a public IP the internet gateway route leads nowhere.

Image functions are not checked: Lambda pulls a function's image itself, outside the function's VPC.

## Why
Fargate pulls the image through the task's own network interface. With no route to ECR, every run stops
before the code starts: "CannotPullContainerError: ... dial tcp ...:443: i/o timeout" or
"ResourceInitializationError: unable to pull secrets or registry auth: ... Please check your task network
configuration."; without a route to CloudWatch Logs the log driver fails instead
("ResourceInitializationError: failed to validate logger args"). Nothing fails at apply.

## Example
```yaml
network:
  cidr: 10.0.0.0/16
  nat: none
  subnets: {private_a: {cidr: 10.0.10.0/24, az: a}}
  endpoints: [s3, dynamodb]
tasks:
  runner: {source: backend/tasks/runner, image: {repository: runner}, subnets: [private_a]}
```

## Fix
Either set `network.nat: single` (with a public subnet for the NAT gateway), or add the endpoints
`ecr_api`, `ecr_dkr`, `s3` and `logs` to `network.endpoints` (the cheaper choice when nothing else needs
the internet). The task's security groups must allow outbound HTTPS (443) as well.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        network = service.network
        if network is None:
            return
        missing = [e for e in NEEDED if e not in network.spec.endpoints]
        if not missing:
            return
        routed = {t.tf for t in network.route_tables if not t.public and t.nat is not None}
        for task in service.tasks:
            subnets = {s.name: s for s in task.subnets}
            for i, name in enumerate(task.spec.subnets):
                subnet = subnets.get(name)
                if subnet is None or (not subnet.spec.public and subnet.route_table in routed):
                    continue
                why = ("a public subnet, and tasks start without a public IP" if subnet.spec.public
                       else "no NAT route")
                yield self.finding(
                    (*task.path, "subnets", i),
                    f"task `{task.name}` cannot pull its image in subnet `{name}`: {why}, and the VPC lacks "
                    f"the endpoint{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                    f"Add {', '.join(missing)} to `network.endpoints`, or run the task in private subnets "
                    "with `network.nat: single`")
