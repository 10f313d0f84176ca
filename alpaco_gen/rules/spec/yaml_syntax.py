from alpaco_gen.rules.base import Rule


class YamlSyntax(Rule):
    id = "AG001"
    name = "yaml-syntax"
    summary = "The spec is not well-formed YAML."
    emitted_by = "loader"
    explanation = """\
## What it checks
That the file parses as YAML: indentation, quotes, brackets, `key: value` pairs.

## Why
Nothing else can be checked until the document parses; the position points at where the parser gave up.

## Example
```yaml
functions:
  api: {memory: 512
```

## Fix
Close the bracket or quote, or fix the indentation at the reported line.
"""
