from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.iam import _catalog

LISTED = 6  # actions a finding names before it only counts them


class IamWildcardAction(Rule):
    id = "AG161"
    name = "iam-wildcard-action"
    kinds = ("function", "task", "state_machine")
    severity = Severity.WARNING
    summary = "A `policies:` action with `*` or `?`: it grants every action it matches, today's and future ones."
    explanation = """\
## What it checks
Actions of `policies:` statements with `*` or `?` (`*`, `s3:*`, `dynamodb:Get*`). The finding counts what the
pattern matches in the IAM catalog.

## Why
A wildcard grants more than the code calls: `s3:*` includes `s3:DeleteBucket` and `s3:PutBucketPolicy`, and
an action AWS adds later is granted the day it appears. AWS accepts it; this is a warning. Everything the
generator grants itself is listed action by action.

## Example
```yaml
    policies:
      - actions: ["ses:*"]
        resources: ["arn:aws:ses:us-east-1:123456789012:identity/example.com"]
```

## Fix
List the actions the code calls (`ses:SendEmail`).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, statement in _catalog.statements_of(service):
            for j, action in enumerate(statement.actions):
                if "*" not in action and "?" not in action:
                    continue
                if action == "*":
                    yield self.finding((*path, "actions", j), "action `*` grants every action of every service",
                                       "List the actions the code calls")
                    continue
                matched = [a.full for a in _catalog.actions(action)]
                if not matched:
                    continue  # AG160
                shown = ", ".join(f"`{m}`" for m in matched[:LISTED]) + (", ..." if len(matched) > LISTED else "")
                yield self.finding((*path, "actions", j),
                                   f"action `{action}` grants {len(matched)} actions: {shown}",
                                   "List the actions the code calls")
