from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# The default per-table quota "Global secondary indexes per table"; it can be raised through Service Quotas.
MAX_GLOBAL_INDEXES = 20


class TooManyGlobalIndexes(Rule):
    id = "AG503"
    name = "too-many-global-indexes"
    kinds = ("table",)
    summary = f"A table with more than {MAX_GLOBAL_INDEXES} global secondary indexes."
    explanation = f"""\
## What it checks
That a table declares at most {MAX_GLOBAL_INDEXES} `indexes`.

## Why
DynamoDB's default quota is {MAX_GLOBAL_INDEXES} global secondary indexes per table. Creating the table fails
at apply time with `ValidationException: One or more parameter values were invalid: GlobalSecondaryIndex
count exceeds the per-table limit of {MAX_GLOBAL_INDEXES}` (adding one more index to an existing table fails
with `LimitExceededException`) until the quota is raised.

## Example
```yaml
tables:
  events:
    hash_key: id
    attributes: {{id: S, a1: S, a2: S}}  # ... a21
    indexes: {{by_a1: {{hash_key: a1}}, by_a2: {{hash_key: a2}}}}  # ... by_a21
```

## Fix
Merge indexes with an overloaded key design, or raise the quota with Service Quotas and add
`ignore: [too-many-global-indexes]` to the table.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for table in service.tables:
            count = len(table.spec.indexes)
            if count > MAX_GLOBAL_INDEXES:
                extra = list(table.spec.indexes)[MAX_GLOBAL_INDEXES]
                yield self.finding(
                    (*table.path, "indexes", extra),
                    f"table `{table.name}` has {count} global secondary indexes; "
                    f"the quota is {MAX_GLOBAL_INDEXES}",
                    "Merge indexes, or raise the quota and ignore this rule for the table", key=True)
