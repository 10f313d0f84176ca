from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.iam import _catalog


class IamWildcardResource(Rule):
    id = "AG162"
    name = "iam-wildcard-resource"
    kinds = ("function", "task", "state_machine")
    severity = Severity.WARNING
    summary = "A `policies:` resource `*` for actions that can be limited to resources."
    explanation = """\
## What it checks
`policies:` statements whose resources are `*` (or an ARN whose resource part is `*`) while at least one of
their actions takes a resource type in the IAM catalog. Actions that take none (`xray:PutTraceSegments`,
`ecr:GetAuthorizationToken`) need `*`, and are not reported.

## Why
`*` grants the action on every resource of the account, other services' included: a role meant to send
from one SES identity can send from all. AWS accepts it; this is a warning.

## Example
```yaml
    policies:
      - actions: [ses:SendEmail]
        resources: ["*"]
```

## Fix
Name the resources: `arn:aws:ses:us-east-1:123456789012:identity/example.com`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, statement in _catalog.statements_of(service):
            scoped = sorted({a.full for p in statement.actions for a in _catalog.actions(p) if a.resource_arns})
            if not scoped:
                continue
            for k, resource in enumerate(statement.resources):
                if resource == "*" or resource.split(":", 5)[-1] == "*":
                    yield self.finding((*path, "resources", k),
                                       f"resource `{resource}` grants `{scoped[0]}`"
                                       f"{f' and {len(scoped) - 1} more' if len(scoped) > 1 else ''} on every "
                                       "resource", "Name the resources the code uses by their ARNs")
