import unicodedata
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# The tag character set AWS documents for every service: letters, digits, spaces and _ . : / = + - @
_PUNCTUATION = set("_.:/=+-@")


def _allowed(text: str) -> bool:
    return all(ch in _PUNCTUATION or unicodedata.category(ch)[0] in "LNZ" for ch in text)


class InvalidTag(Rule):
    id = "AG807"
    name = "invalid-tag"
    summary = ("A tag AWS rejects: bad characters or length, the reserved `aws:` prefix, or a key repeated in "
               "another case.")
    explanation = """\
## What it checks
Every entry of `tags`, which the provider puts on every resource next to the generated `Project`, `Service`,
`Environment` and `ManagedBy` tags: keys of 1-128 and values of at most 256 characters, made of letters,
digits, spaces and `_ . : / = + - @`; no key starting with `aws:`; no two keys that differ only in case
(including the generated ones).

## Why
Each service rejects such tags when Terraform creates the resource, typically "ValidationException: 1
validation error detected: Value '...' at 'tags' failed to satisfy constraint", "InvalidParameterValue: Tag
keys starting with 'aws:' are reserved for internal use", or, for IAM roles, "Duplicate tag keys found.
Please note that Tag keys are case insensitive."

## Example
```yaml
tags: {project: shop, "owner/email": "ops@example.com", "cost center": "a&b"}
```

## Fix
Use the allowed characters, drop the `aws:` prefix, and spell each key once (the generator already sets
`Project`, `Service`, `Environment` and `ManagedBy`).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        generated = {k.lower(): k for k in ("Project", "Service", "Environment", "ManagedBy")}
        seen: dict[str, str] = {}
        for key, value in service.spec.tags.items():
            path = ("tags", key)
            problems = []
            if not 1 <= len(key) <= 128 or not _allowed(key):
                problems.append("its key must have 1-128 letters, digits, spaces or `_ . : / = + - @`")
            if key.lower().startswith("aws:"):
                problems.append("keys starting with `aws:` are reserved by AWS")
            if len(value) > 256 or not _allowed(value):
                problems.append("its value must have at most 256 letters, digits, spaces or `_ . : / = + - @`")
            twin = seen.get(key.lower()) or (generated.get(key.lower()) if key not in generated.values() else None)
            if twin:
                problems.append(f"`{twin}` is the same key in another case, and tag keys are case-insensitive")
            seen.setdefault(key.lower(), key)
            for problem in problems:
                yield self.finding(path, f"tag `{key}`: {problem}", "Rename or remove the tag", key=True)
