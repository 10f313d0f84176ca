import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.iam import _catalog

OPERATORS = ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
             "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan",
             "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
             "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
             "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
             "ArnNotLike")
OPERATOR = re.compile(rf"^(ForAllValues:|ForAnyValue:)?({'|'.join(OPERATORS)})(IfExists)?$|^Null$")


class UnknownConditionOperator(Rule):
    id = "AG166"
    name = "unknown-condition-operator"
    kinds = ("function", "task", "state_machine")
    summary = "A `policies:` condition `test` that is not an IAM condition operator."
    explanation = """\
## What it checks
The `test` of every condition of a `policies:` statement against IAM's operators (`StringEquals`,
`ArnLike`, `NumericLessThan`, `Bool`, `IpAddress`, `Null`, ... with `IfExists` and the `ForAllValues:` /
`ForAnyValue:` set operators), case included.

## Why
IAM refuses the role policy when Terraform applies it: "MalformedPolicyDocument: Invalid Condition type :
StringEqual".

## Example
```yaml
        conditions: [{test: StringEqual, variable: "ses:FromAddress", values: [batch@example.com]}]
```

## Fix
Use the operator's exact name: `StringEquals`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, statement in _catalog.statements_of(service):
            for c, condition in enumerate(statement.conditions):
                if not OPERATOR.match(condition.test):
                    yield self.finding((*path, "conditions", c, "test"),
                                       f"`{condition.test}` is not an IAM condition operator",
                                       "Use one of StringEquals, StringLike, ArnLike, NumericLessThan, Bool, "
                                       "IpAddress, Null, ... (docs/rules.md)")
