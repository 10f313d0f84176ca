from alpaco_gen.rules.base import Rule


class UnknownKey(Rule):
    id = "AG003"
    name = "unknown-key"
    summary = "A key that the spec format does not have (often a typo)."
    emitted_by = "models"
    explanation = """\
## What it checks
Every key against the fields of the spec format, version 1 (see docs/spec.md).

## Why
A misspelt key such as `memroy` would otherwise be ignored and the default used instead, which is how
settings silently fail to reach AWS.

## Example
```yaml
functions:
  api: {memroy: 512}
```

## Fix
Use the suggested field name, or remove the key.
"""
