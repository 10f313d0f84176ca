from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.events._patterns import pattern_errors


class EventPatternSyntax(Rule):
    id = "AG144"
    name = "event-pattern-syntax"
    kinds = ("event_rule",)
    summary = "An event rule's `pattern` that EventBridge refuses: values not in lists, unknown matchers."
    explanation = """\
## What it checks
The `pattern` of every event rule as EventBridge reads it: a non-empty mapping whose fields hold a mapping
(a nested field) or a non-empty list of values to match; objects in those lists are one matcher (`prefix`,
`suffix`, `anything-but`, `numeric`, `exists`, `cidr`, `equals-ignore-case`, `wildcard`) with the kind of
value it takes; `$or` holds a list of at least two patterns.

## Why
EventBridge refuses the rule at apply: "InvalidEventPatternException: Event pattern is not valid. Reason:
"source" must be an object or an array". A bare string where a list belongs is the usual cause, and an
unknown matcher such as `starts-with` is refused the same way.

## Example
```yaml
event_rules:
  failed:
    pattern: {source: aws.states, detail: {status: [FAILED]}}
    target: {function: alert}
```

## Fix
Put every value to match in a list: `source: [aws.states]`; use the matchers EventBridge documents.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for rule in service.event_rules:
            for where, error in pattern_errors(rule.spec.pattern):
                yield self.finding((*rule.path, "pattern", *where), f"event rule `{rule.name}`: {error}",
                                   "Match a field with a list (`source: [aws.states]`) or a mapping of nested "
                                   "fields; see the EventBridge event pattern reference")
