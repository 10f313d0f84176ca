import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.iam import _catalog

ARN = re.compile(r"^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$")


class MalformedPolicyResource(Rule):
    id = "AG163"
    name = "malformed-policy-resource"
    kinds = ("function", "task", "state_machine")
    summary = "A `policies:` resource that is neither `*` nor an ARN."
    explanation = """\
## What it checks
Every resource of `policies:` statements: `*`, or an ARN `arn:<partition>:<service>:<region>:<account>:<resource>`
(region and account may be empty, as in S3 and IAM ARNs; any part may use `*`).

## Why
IAM refuses the role policy when Terraform applies it: "MalformedPolicyDocument: Resource <name> must be in
ARN format or "*"." A bucket or table *name* is the usual mix-up.

## Example
```yaml
    policies:
      - actions: [s3:GetObject]
        resources: ["partner-exports/*"]
```

## Fix
Write the ARN: `arn:aws:s3:::partner-exports/*`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, statement in _catalog.statements_of(service):
            for k, resource in enumerate(statement.resources):
                if resource != "*" and not ARN.match(resource):
                    yield self.finding((*path, "resources", k), f"resource `{resource}` is not an ARN",
                                       "Write `arn:aws:<service>:<region>:<account>:<resource>`, or `*`")
