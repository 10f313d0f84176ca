from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class SameHashAndRangeKey(Rule):
    id = "AG510"
    name = "same-hash-and-range-key"
    kinds = ("table",)
    summary = "A table or index whose `range_key` is its `hash_key`."
    explanation = """\
## What it checks
That the `range_key` of a table and of each of its indexes differs from its `hash_key`.

## Why
A composite key is two different attributes. DynamoDB rejects the table at apply time with
`ValidationException: Both the Hash Key and the Range Key element in the KeySchema have the same name`.

## Example
```yaml
tables:
  orders: {hash_key: order_id, range_key: order_id, attributes: {order_id: S}}
```

## Fix
Remove `range_key`, or use the attribute you sort by (e.g. `created_at`).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for table in service.tables:
            spec = table.spec
            keyed: list[tuple[tuple[str, ...], str, str | None]] = [((), spec.hash_key, spec.range_key)]
            keyed += [(("indexes", n), i.hash_key, i.range_key) for n, i in spec.indexes.items()]
            for below, hash_key, range_key in keyed:
                if hash_key == range_key:
                    what = f"index `{below[1]}`" if below else f"table `{table.name}`"
                    yield self.finding((*table.path, *below, "range_key"),
                                       f"{what} uses `{hash_key}` as both hash and range key",
                                       "Remove `range_key`, or use a different attribute for it")
