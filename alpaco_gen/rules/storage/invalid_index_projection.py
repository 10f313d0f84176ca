from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.storage._common import table_keys

# Projected non-key attributes, summed over all secondary indexes of a table.
MAX_PROJECTED = 100


class InvalidIndexProjection(Rule):
    id = "AG506"
    name = "invalid-index-projection"
    kinds = ("table",)
    summary = "An index projection list that is empty, repeats, lists a key, or is over 100 in all."
    explanation = f"""\
## What it checks
Index `projection` lists (DynamoDB's `INCLUDE` projection): not empty, no attribute twice, no key
attribute of the table or of the index (keys are always projected), and at most {MAX_PROJECTED} attributes
summed over all indexes of the table.

## Why
DynamoDB rejects each of these when it creates the table: `ValidationException: One or more parameter
values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified` for an empty list,
`Cannot have two attributes with the same name` for a repeat, a key attribute listed as a non-key
attribute, and more than {MAX_PROJECTED} projected attributes in total (an attribute projected into two
indexes counts twice).

## Example
```yaml
tables:
  orders:
    hash_key: order_id
    attributes: {{order_id: S, customer_id: S}}
    indexes: {{by_customer: {{hash_key: customer_id, projection: [order_id, total]}}}}
```

## Fix
List only non-key attributes (`projection: [total]`), or use `projection: keys_only` or `all`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for table in service.tables:
            total = 0
            for name, index in table.spec.indexes.items():
                if isinstance(index.projection, str):
                    continue
                path = (*table.path, "indexes", name, "projection")
                if not index.projection:
                    yield self.finding(path, f"index `{name}` projects an empty list",
                                       "List non-key attributes, or use `keys_only`")
                keys = {*table_keys(table.spec), index.hash_key, index.range_key}
                seen: set[str] = set()
                for i, attribute in enumerate(index.projection):
                    if attribute in keys:
                        yield self.finding((*path, i), f"index `{name}` lists key attribute `{attribute}`",
                                           "Remove it: key attributes are always projected")
                    elif attribute in seen:
                        yield self.finding((*path, i), f"index `{name}` lists `{attribute}` twice",
                                           "Remove the repeat")
                    seen.add(attribute)
                total += len(index.projection)
                if total > MAX_PROJECTED:
                    yield self.finding(path, f"table `{table.name}` projects {total} non-key attributes into "
                                       f"its indexes up to `{name}`; the limit is {MAX_PROJECTED}",
                                       "Project fewer attributes, or use `projection: all`")
                    break
