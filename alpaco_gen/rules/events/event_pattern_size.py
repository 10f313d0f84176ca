from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class EventPatternSize(Rule):
    id = "AG145"
    name = "event-pattern-size"
    kinds = ("event_rule",)
    summary = "An event rule's `pattern` longer than EventBridge takes (2,048 characters by default, 4,096 at most)."
    explanation = """\
## What it checks
The length of every event rule's pattern as the generated Terraform sends it (compact JSON): an error above
the most EventBridge takes (botocore's `EventPattern` maximum, 4,096 characters), a warning above the
default quota of 2,048 characters, which a quota increase can raise.

## Why
EventBridge refuses a longer pattern at apply: "InvalidEventPatternException: Event pattern is not valid.
Reason: Event pattern exceeds maximum size" (or a ValidationException on `eventPattern`).

## Example
```yaml
event_rules:
  known-customers:
    pattern: {detail: {customer_id: [c-000001, c-000002, "... 400 more"]}}
    target: {function: handle}
```

## Fix
Match on fewer values (a `prefix`, a `wildcard`, a field the producer sets), split the rule, or filter in the
target; above 2,048 characters, raise the account's "Event pattern size" quota first.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        data = aws()["events"]
        quota, most = data["pattern_default_quota"], data["pattern_max"]
        for rule in service.event_rules:
            size = len(rule.pattern)
            if size > most:
                yield self.finding((*rule.path, "pattern"),
                                   f"the pattern of event rule `{rule.name}` has {size} characters; EventBridge "
                                   f"takes at most {most}", "Match fewer values, or split the rule")
            elif size > quota:
                yield self.finding((*rule.path, "pattern"),
                                   f"the pattern of event rule `{rule.name}` has {size} characters, above "
                                   f"EventBridge's default quota of {quota}",
                                   "Raise the account's \"Event pattern size\" quota first, or match fewer values",
                                   severity=Severity.WARNING)
