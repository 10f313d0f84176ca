from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# TableName and IndexName: 3-255 characters of [a-zA-Z0-9_.-] (the spec's name patterns allow only those).
MIN_LENGTH, MAX_LENGTH = 3, 255


class DynamodbNameLength(Rule):
    id = "AG507"
    name = "dynamodb-name-length"
    kinds = ("table",)
    summary = "A generated table name or an index name outside 3-255 characters."
    explanation = """\
## What it checks
The generated table name `<project>-<service>-<table>-<environment>` and each index name against
DynamoDB's 3-255 character limit.

## Why
DynamoDB rejects the table at apply time, e.g. `ValidationException: 1 validation error detected: Value
'id' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length
greater than or equal to 3`. Short index names such as `id` or `ix` are the usual cause.

## Example
```yaml
tables:
  orders:
    hash_key: order_id
    attributes: {order_id: S, customer_id: S}
    indexes: {ix: {hash_key: customer_id}}
```

## Fix
Name indexes after what they look up (`by_customer`); shorten long table names.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for table in service.tables:
            if not MIN_LENGTH <= len(table.aws_name) <= MAX_LENGTH:
                yield self.finding(
                    table.path, f"table name `{table.aws_name}` has {len(table.aws_name)} characters",
                    f"Shorten the table's name: DynamoDB allows {MIN_LENGTH}-{MAX_LENGTH}", key=True)
            for name in table.spec.indexes:
                if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
                    yield self.finding(
                        (*table.path, "indexes", name),
                        f"index name `{name}` of table `{table.name}` has {len(name)} characters",
                        f"Use a name of {MIN_LENGTH}-{MAX_LENGTH} characters, e.g. `by_{name}`", key=True)
