from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.iam import _catalog
from alpaco_gen.rules.iam.malformed_policy_resource import ARN


class PolicyResourceMismatch(Rule):
    id = "AG164"
    name = "policy-resource-mismatch"
    kinds = ("function", "task", "state_machine")
    summary = "A `policies:` ARN that none of the statement's actions acts on (another service or resource type)."
    explanation = """\
## What it checks
Each ARN of a `policies:` statement against the resource types its actions take in the IAM catalog: the ARN
must be of the actions' service and fit the ARN format of one of their resource types (a bucket is not an
object, a table is not its stream). An action that takes no resource type needs `*`.

## Why
IAM applies such a statement without complaint and it grants nothing: `s3:GetObject` on
`arn:aws:s3:::exports` (the bucket, not its objects) fails at run time with AccessDenied.

## Example
```yaml
    policies:
      - actions: [s3:GetObject]
        resources: ["arn:aws:s3:::partner-exports"]
```

## Fix
Use the ARN of the resource type the action takes: `arn:aws:s3:::partner-exports/*` for objects.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, statement in _catalog.statements_of(service):
            if any(p == "*" for p in statement.actions):
                continue
            found = [a for p in statement.actions for a in _catalog.actions(p)]
            if not found:
                continue  # AG160
            formats = sorted({f for a in found for f in a.resource_arns})
            for k, resource in enumerate(statement.resources):
                if resource == "*" or not ARN.match(resource):
                    continue  # AG162, AG163
                if not formats:
                    yield self.finding((*path, "resources", k),
                                       "the statement's actions ("
                                       f"{', '.join(sorted({f'`{a.full}`' for a in found}))}) take no resource "
                                       f"type, only `*`: `{resource}` grants nothing", "Use `*` as the resource")
                elif not any(_catalog.arn_fits(f, resource) for f in formats):
                    shown = ", ".join(f"`{f}`" for f in formats[:3]) + (", ..." if len(formats) > 3 else "")
                    yield self.finding((*path, "resources", k),
                                       f"`{resource}` is no resource the statement's actions act on",
                                       f"Use an ARN of the form {shown}")
