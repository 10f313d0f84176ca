from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.kinds import states as m
from alpaco_gen.kinds.table import TableSpec
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# action -> (the field that holds the key attributes, fields the action does not take)
SHAPES = {
    "get_item": ("key", ("item", "update_expression", "values")),
    "delete_item": ("key", ("item", "update_expression", "values")),
    "update_item": ("key", ("item",)),
    "put_item": ("item", ("key", "update_expression", "values")),
}


class DynamodbCallShape(Rule):
    id = "AG715"
    name = "dynamodb-call-shape"
    kinds = ("state_machine",)
    summary = "A DynamoDB call of a state without its key or item, or with attributes that are not the key."
    explanation = """\
## What it checks
`dynamodb:` calls of task states: `get_item`, `update_item` and `delete_item` need `key`, `put_item` needs
`item`; the attributes of `key` must be exactly the table's `hash_key` (and `range_key`), and an `item` must
contain them; fields the action does not take (`item` on a get, `key` on a put, `update_expression` outside
`update_item`) are reported too.

## Why
DynamoDB checks the key on every call, so the state fails at run time, every time:
"ValidationException: The provided key element does not match the schema", or for a put "One or more
parameter values were invalid: Missing the key run_id in the item". Fields an action does not take make
Step Functions reject the definition.

## Example
```yaml
tables:
  runs: {hash_key: run_id, attributes: {run_id: S}}
state_machines:
  nightly:
    start: record
    states:
      record:
        dynamodb: {action: get_item, table: runs, key: {id: $.run_id}}
        end: true
```

## Fix
Name the table's key attributes: `key: {run_id: $.run_id}`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for node in sm.graph.walk():
                if node.table:  # an undeclared table is AG101's
                    yield from self._check(node.name, node.spec.dynamodb, node.table.spec, (*node.path, "dynamodb"))

    def _check(self, state: str, call: m.DynamoDbCall, table: TableSpec, path: SpecPath) -> Iterator[Finding]:
        needed, extra = SHAPES[call.action]
        for field in extra:
            if getattr(call, field) is not None:
                yield self.finding((*path, field), f"`{call.action}` in state `{state}` takes no `{field}`",
                                   f"Remove `{field}`", key=True)
        attributes = getattr(call, needed)
        keys = [k for k in (table.hash_key, table.range_key) if k]
        if attributes is None:
            yield self.finding(path, f"`{call.action}` in state `{state}` has no `{needed}`",
                               f"Add `{needed}: {{{', '.join(f'{k}: $.{k}' for k in keys)}}}`", key=True)
            return
        missing = [k for k in keys if k not in attributes]
        unknown = [a for a in attributes if a not in keys] if needed == "key" else []
        if missing or unknown:
            problems = [f"lacks {', '.join(f'`{k}`' for k in missing)}"] if missing else []
            if unknown:
                problems.append(f"has {', '.join(f'`{a}`' for a in unknown)}, not part of the key")
            yield self.finding((*path, needed), f"`{needed}` of `{call.action}` in state `{state}` "
                               f"{'; '.join(problems)}; table `{call.table}` is keyed on "
                               f"{' and '.join(f'`{k}`' for k in keys)}",
                               f"Give `{needed}` exactly the key attributes: {', '.join(keys)}")
