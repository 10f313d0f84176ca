from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.storage._common import key_uses


class UnusedAttributeDefinition(Rule):
    id = "AG502"
    name = "unused-attribute-definition"
    kinds = ("table",)
    summary = "An entry of a table's `attributes` that is no key of the table or of its indexes."
    explanation = """\
## What it checks
That every attribute declared in a table's `attributes` is the hash or range key of the table or of one
of its `indexes`.

## Why
`attributes` becomes DynamoDB's `AttributeDefinitions`, which may name key attributes only; other
attributes are schemaless and need no declaration. Terraform stops at plan with `all attributes must be
indexed. Unused attributes: ["status"]`, and the API itself answers `ValidationException: One or more
parameter values were invalid: Number of attributes in KeySchema does not exactly match number of
attributes defined in AttributeDefinitions`. A TTL attribute is not declared here either.

## Example
```yaml
tables:
  orders:
    hash_key: order_id
    attributes: {order_id: S, status: S}
```

## Fix
Remove the attribute from `attributes`, or add the index that uses it as a key.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for table in service.tables:
            keys = {attribute for attribute, _ in key_uses(table.spec)}
            for attribute in table.spec.attributes:
                if attribute not in keys:
                    ttl = " (TTL attributes are not declared here)" if attribute == table.spec.ttl else ""
                    yield self.finding(
                        (*table.path, "attributes", attribute),
                        f"attribute `{attribute}` of table `{table.name}` is not a key of the table "
                        "or of an index",
                        f"Remove `{attribute}` from `attributes`{ttl}, or use it as an index key", key=True)
