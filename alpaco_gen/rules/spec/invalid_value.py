from alpaco_gen.rules.base import Rule


class InvalidValue(Rule):
    id = "AG006"
    name = "invalid-value"
    summary = "A value outside what the field allows (an unknown choice, a malformed name, a bad combination)."
    emitted_by = "models"
    explanation = """\
## What it checks
Choices (`nat: none | single | per_az`), name patterns, and fields that must be set together or alone
(a `uses:` entry names exactly one target).

## Why
AWS rejects values it does not know at apply time, e.g. `ValidationException` for an unknown enum value.

## Example
```yaml
network: {cidr: 10.0.0.0/16, nat: double}
```

## Fix
Use one of the values the message lists.
"""
