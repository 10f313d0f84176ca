from alpaco_gen.rules.base import Rule


class MissingField(Rule):
    id = "AG005"
    name = "missing-field"
    summary = "A required field is missing."
    emitted_by = "models"
    explanation = """\
## What it checks
That required fields are present, e.g. `source` of a function or `hash_key` of a table.

## Why
AWS cannot create the resource without them ("Missing required argument" at validate, or an API error).

## Example
```yaml
tables:
  orders: {attributes: {id: S}}
```

## Fix
Add the field the message names, e.g. `hash_key: id`.
"""
