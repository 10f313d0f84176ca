from alpaco_gen.rules.base import Rule


class UnknownSuppression(Rule):
    id = "AG007"
    name = "unknown-suppression"
    summary = "An `ignore` entry (spec-level, per-resource or --ignore) that names no rule."
    emitted_by = "pipeline"
    explanation = """\
## What it checks
Every id or name in `lint.ignore`, a resource's `ignore:` and `--ignore` against the rule catalog.

## Why
A misspelt suppression silences nothing, so the finding it was meant to silence keeps failing the build,
or worse, a renamed rule quietly starts reporting again without anyone noticing why.

## Example
```yaml
lint: {ignore: [AG9999]}
```

## Fix
Use an id or name from `alpaco-gen rules`, or remove the entry.
"""
