import unicodedata
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


def _texts(service: Service) -> Iterator[tuple[SpecPath, str]]:
    """The free text the generated Terraform carries: tags, environments, descriptions."""
    spec = service.spec
    yield from ((("tags", k), v) for k, v in spec.tags.items())
    for fn in service.functions:
        yield from (((*fn.path, "environment", k), v) for k, v in fn.spec.environment.items())
        if fn.spec.description:
            yield (*fn.path, "description"), fn.spec.description
    for task in service.tasks:
        yield from (((*task.path, "environment", k), v) for k, v in task.spec.environment.items())
    for api in service.apis:
        if api.spec.description:
            yield (*api.path, "description"), api.spec.description


class NonNfcText(Rule):
    id = "AG808"
    name = "non-nfc-text"
    severity = Severity.WARNING
    summary = "Text that Terraform will change: it normalises every string to Unicode NFC."
    explanation = """\
## What it checks
Tag values, environment variables and descriptions whose Unicode is not in normalisation form C, such as an
`e` followed by a combining accent instead of the single character `é`.

## Why
Terraform normalises every string in its configuration to NFC, so the value deployed is not the bytes in the
spec. Code that compares the value (a signature, a key, a checksum) then sees a different string than the
one written, and no error says why.

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python3.12, handler: app.handler,
        environment: {GREETING: "Cafe\\u0301"}}
```

## Fix
Write the composed form (`Café`), or keep such data out of Terraform (S3, SSM Parameter Store).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for path, text in _texts(service):
            if not unicodedata.is_normalized("NFC", text):
                yield self.finding(path, f"{ascii(text)} is not in Unicode NFC; Terraform deploys "
                                   f"{ascii(unicodedata.normalize('NFC', text))} instead",
                                   "Write the composed (NFC) form of the text")
