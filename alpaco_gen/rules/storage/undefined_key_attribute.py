from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.storage._common import key_uses


class UndefinedKeyAttribute(Rule):
    id = "AG501"
    name = "undefined-key-attribute"
    kinds = ("table",)
    summary = "A table or index key attribute that `attributes` does not declare with a type."
    explanation = """\
## What it checks
That the table's `hash_key` and `range_key`, and the `hash_key` and `range_key` of each of its
`indexes`, are all declared in the table's `attributes` with their type.

## Why
DynamoDB needs the type of every key attribute to create the table. It rejects the table at apply time
with `ValidationException: One or more parameter values were invalid: Some index key attributes are not
defined in AttributeDefinitions. Keys: [problem_id], AttributeDefinitions: [submission_id]` (or, without
indexes, `Invalid KeySchema: Some index key attribute have no definition`).

## Example
```yaml
tables:
  submissions:
    hash_key: submission_id
    attributes: {submission_id: S}
    indexes: {by_problem: {hash_key: problem_id}}
```

## Fix
Declare the key with its type: `attributes: {submission_id: S, problem_id: S}`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for table in service.tables:
            declared = table.spec.attributes
            for attribute, path in key_uses(table.spec):
                if attribute not in declared:
                    yield self.finding(
                        (*table.path, *path),
                        f"key attribute `{attribute}` of table `{table.name}` has no type in `attributes`",
                        f"Add `{attribute}: S` (or N, B) to `tables.{table.name}.attributes`")
