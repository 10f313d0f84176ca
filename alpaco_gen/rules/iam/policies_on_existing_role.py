from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class PoliciesOnExistingRole(Rule):
    id = "AG167"
    name = "policies-on-existing-role"
    kinds = ("function", "task", "state_machine")
    summary = "`policies:` on a function that runs with an existing role (`role_arn`): they would go nowhere."
    explanation = """\
## What it checks
Functions with both `role_arn` and `policies:`.

## Why
`policies:` become statements of the role alpaco-gen generates. With `role_arn` there is none: the
statements are not applied anywhere, and the calls they were meant to allow fail at run time with
AccessDenied.

## Example
```yaml
functions:
  mailer:
    role_arn: arn:aws:iam::123456789012:role/shared-lambda
    policies: [{actions: [ses:SendEmail], resources: ["arn:aws:ses:us-east-1:123456789012:identity/example.com"]}]
```

## Fix
Remove `role_arn` to let alpaco-gen generate the role, or add the statements to the existing role.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn in service.functions:
            if fn.spec.role_arn and fn.spec.policies:
                yield self.finding((*fn.path, "policies"),
                                   f"function `{fn.name}` runs with the existing role `{fn.spec.role_arn}`, "
                                   "so its `policies:` are applied nowhere",
                                   "Remove `role_arn`, or add the statements to that role")
