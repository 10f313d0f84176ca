from alpaco_gen.rules.base import Rule


class WrongType(Rule):
    id = "AG004"
    name = "wrong-type"
    summary = "A value of the wrong type (a list where a mapping is expected, text where a number is)."
    emitted_by = "models"
    explanation = """\
## What it checks
The type of every value: numbers, text, booleans, lists and mappings where the format expects them.

## Why
Terraform would reject the generated value ("Incorrect attribute value type"), one error per apply.

## Example
```yaml
functions:
  api: {memory: lots}
```

## Fix
Write a value of the expected type, e.g. `memory: 512`.
"""
