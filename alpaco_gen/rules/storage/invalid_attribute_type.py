from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class InvalidAttributeType(Rule):
    id = "AG504"
    name = "invalid-attribute-type"
    kinds = ("table",)
    summary = "A table attribute type other than S, N or B."
    explanation = """\
## What it checks
Every type in a table's `attributes` against the key attribute types DynamoDB knows (from botocore):
`S` (string), `N` (number), `B` (binary).

## Why
Key attributes can only be scalars of those three types. Terraform stops at plan with
`expected attribute.0.type to be one of ["S" "N" "B"]`, and the API answers `ValidationException: 1
validation error detected: Value 'string' at 'attributeDefinitions.1.member.attributeType' failed to
satisfy constraint: Member must satisfy enum value set: [B, N, S]`.

## Example
```yaml
tables:
  orders: {hash_key: order_id, attributes: {order_id: string}}
```

## Fix
Use `S`, `N` or `B` (upper case).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        types = aws()["dynamodb"]["attribute_types"]
        for table in service.tables:
            for attribute, kind in table.spec.attributes.items():
                if kind not in types:
                    guess = {"string": "S", "number": "N", "binary": "B"}.get(kind.lower(), kind.upper())
                    hint = f"did you mean `{guess}`? " if guess in types else ""
                    yield self.finding(
                        (*table.path, "attributes", attribute),
                        f"attribute `{attribute}` of table `{table.name}` has type `{kind}`",
                        f"{hint}Use one of {', '.join(types)}")
