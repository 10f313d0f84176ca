from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class GeneratedNameInvalid(Rule):
    id = "AG803"
    name = "generated-name-invalid"
    summary = "A generated state machine, API, log group, ECS or security group name that AWS rejects."
    explanation = """\
## What it checks
The AWS names the generator derives from project, service, resource name and environment, against their
limits: state machines 80 characters, APIs 128, log groups 512, ECS clusters and task definition families
255, security groups 255 and not starting with `sg-`. (Lambda, DynamoDB, S3 and ECR names have their own
rules.)

## Why
AWS rejects the resource when Terraform creates it, e.g. Step Functions with "InvalidName" for a state
machine name over 80 characters, and EC2 with "InvalidParameterValue: Group names may not be in the format
sg-*" for a project called `sg`.

## Example
```yaml
project: alpaco
service: problem-service
environment: dev
state_machines:
  grade-every-submission-of-every-contest-then-publish-the-leaderboard:  # 95 characters with the prefix
    start: grade
    states: {grade: {function: grader, end: true}}
```

## Fix
Shorten the resource, project or service name so the generated name fits; rename a project that starts
with `sg-`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for name, what, limit, path in service.generated_names:
            if len(name) > limit:
                yield self.finding(path, f"the generated name of the {what}, `{name}`, has {len(name)} "
                                   f"characters; AWS allows {limit}",
                                   f"Shorten the name by {len(name) - limit} characters",
                                   key=path[0] != "service")
        net = service.network
        if net and (net.security_groups or net.interface_endpoints) and service.prefix.startswith("sg-"):
            yield self.finding(("project",), f"security group names start with `{service.prefix}-`, and EC2 "
                               "reserves the `sg-` prefix for security group ids", "Rename the project")
