from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.iam import _catalog


class UnknownConditionKey(Rule):
    id = "AG165"
    name = "unknown-condition-key"
    kinds = ("function", "task", "state_machine")
    summary = "A `policies:` condition key that neither IAM nor the statement's services define."
    explanation = """\
## What it checks
The `variable` of every condition of a `policies:` statement: a global key (`aws:SourceVpc`,
`aws:ResourceTag/<tag>`, ...) or a key the IAM catalog lists for one of the services of the statement's
actions.

## Why
IAM accepts any key and evaluates an unknown one as absent: an Allow with it grants nothing, a Deny with it
denies nothing. Both are applied without complaint.

## Example
```yaml
    policies:
      - actions: [ses:SendEmail]
        resources: ["arn:aws:ses:us-east-1:123456789012:identity/example.com"]
        conditions: [{test: StringEquals, variable: "ses:Sender", values: [batch@example.com]}]
```

## Fix
Use a key of the service (`ses:FromAddress`) or a global one.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, statement in _catalog.statements_of(service):
            if not statement.conditions:
                continue
            prefixes = {a.partition(":")[0].lower() for a in statement.actions if ":" in a}
            known = {k for p in prefixes for k in _catalog.service_condition_keys(p)}
            known |= {k for p in statement.actions for a in _catalog.actions(p) for k in a.condition_keys}
            for c, condition in enumerate(statement.conditions):
                key = condition.variable.lower()
                if "*" in statement.actions or _catalog.global_key(key):
                    continue
                if not any(_catalog.key_matches(k, key) for k in known):
                    yield self.finding((*path, "conditions", c, "variable"),
                                       f"condition key `{condition.variable}` is neither global nor a key of "
                                       f"{', '.join(sorted(f'`{p}`' for p in prefixes)) or 'the services'}",
                                       "Use a key the Service Authorization Reference lists for the service, "
                                       "or a global `aws:` key")
