from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

MAX_LENGTH = 64  # botocore's iam roleNameType


def generated_roles(service: Service) -> Iterator[tuple[str, str, SpecPath]]:
    """(role name, what it is for, where in the spec its name comes from) of every role Terraform creates."""
    return ((role.name, role.owner, role.path) for role in service.roles)


class RoleNameTooLong(Rule):
    id = "AG802"
    name = "role-name-too-long"
    summary = "A generated IAM role name longer than 64 characters."
    explanation = """\
## What it checks
The name of every IAM role the generated Terraform creates, at most 64 characters:
`<project>-<service>-<name>-<environment>-<fn|task|exec|sfn|api>` for functions, tasks, state machines and
APIs, `<project>-<service>-<environment>-flow-logs` and `<project>-<service>-apigw-logs-<environment>`.

## Why
IAM limits role names to 64 characters. Terraform's provider rejects longer names at plan ("expected length
of name to be in the range (1 - 64)"), and IAM itself with "ValidationError: ... Member must have length less
than or equal to 64".

## Example
```yaml
project: alpaco
service: problem-service
environment: dev
state_machines:
  grade-submissions-and-notify-authors:  # its role, alpaco-problem-service-...-dev-sfn, has 67 characters
    start: grade
    states: {grade: {function: grader, end: true}}
```

## Fix
Shorten the resource name (here to `grade-and-notify`), or the project or service name; a function can
also use an existing role (`role_arn`).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for role, purpose, path in generated_roles(service):
            if len(role) > MAX_LENGTH:
                yield self.finding(path, f"the IAM role of {purpose}, `{role}`, has {len(role)} characters; "
                                   f"IAM allows {MAX_LENGTH}",
                                   f"Shorten the name by {len(role) - MAX_LENGTH} characters",
                                   key=path[0] not in ("service", "account"))
