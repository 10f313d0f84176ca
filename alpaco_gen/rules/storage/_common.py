"""Key attributes of a DynamoDB table, shared by the data rules."""

from __future__ import annotations

from alpaco_gen.kinds.table import TableSpec


def table_keys(table: TableSpec) -> list[str]:
    """The table's own key attributes: hash key, then range key."""
    return [k for k in (table.hash_key, table.range_key) if k]


def key_uses(table: TableSpec) -> list[tuple[str, tuple[str, ...]]]:
    """(attribute, path below the table) of every key of the table and of its indexes, in spec order."""
    uses: list[tuple[str, tuple[str, ...]]] = [(table.hash_key, ("hash_key",))]
    if table.range_key:
        uses.append((table.range_key, ("range_key",)))
    for name, index in table.indexes.items():
        uses.append((index.hash_key, ("indexes", name, "hash_key")))
        if index.range_key:
            uses.append((index.range_key, ("indexes", name, "range_key")))
    return uses
