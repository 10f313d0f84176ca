from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.storage._common import table_keys


class InvalidTtlAttribute(Rule):
    id = "AG505"
    name = "invalid-ttl-attribute"
    kinds = ("table",)
    summary = "A table `ttl` that is a key of the table, or an index key declared with a type other than N."
    explanation = """\
## What it checks
That a table's `ttl` attribute is not its `hash_key` or `range_key`, and, when an index uses it as a key,
that `attributes` declares it as a Number (`N`).

## Why
DynamoDB deletes an item once its TTL attribute holds a Number of epoch seconds in the past; it silently
skips items whose TTL attribute is a String or Binary, so nothing would ever expire. A table key can
never change after the item is written (UpdateItem fails with `One or more parameter values were invalid:
Cannot update attribute expires_at. This attribute is part of the key`), so an item's expiry could never
be extended or cleared, and a String or Binary key would never expire anything at all.

## Example
```yaml
tables:
  sessions:
    hash_key: session_id
    attributes: {session_id: S, user_id: S, expires_at: S}
    indexes: {by_user: {hash_key: user_id, range_key: expires_at}}
    ttl: expires_at
```

## Fix
Keep expiry in an attribute of its own written as epoch seconds; if an index sorts by it, declare it `N`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for table in service.tables:
            ttl = table.spec.ttl
            if ttl is None:
                continue
            declared = table.spec.attributes.get(ttl)
            if ttl in table_keys(table.spec):
                yield self.finding(
                    (*table.path, "ttl"), f"TTL attribute `{ttl}` of table `{table.name}` is a table key",
                    "Store the expiry time (epoch seconds) in an attribute that is not the table key")
            elif declared is not None and declared != "N":
                yield self.finding(
                    (*table.path, "ttl"),
                    f"TTL attribute `{ttl}` of table `{table.name}` is declared `{declared}`; "
                    "TTL reads Numbers only",
                    f"Declare `{ttl}: N` and store epoch seconds in it")
