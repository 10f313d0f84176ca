from alpaco_gen.rules.base import Rule


class DuplicateKey(Rule):
    id = "AG002"
    name = "duplicate-key"
    summary = "A mapping sets the same key twice."
    emitted_by = "loader"
    explanation = """\
## What it checks
That no mapping in the spec repeats a key.

## Why
Most YAML loaders silently keep the last value, so the first one is lost without a word; Terraform itself
rejects repeated arguments ("Attribute redefined").

## Example
```yaml
functions:
  api: {memory: 512}
  api: {memory: 1024}
```

## Fix
Keep one of the entries, or rename one of them.
"""
