import difflib
import re
from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class UnknownRuntime(Rule):
    id = "AG209"
    name = "unknown-runtime"
    kinds = ("function",)
    summary = "A function `runtime` that Lambda does not know."
    explanation = """\
## What it checks
`runtime` of every zip function against the runtimes in botocore's Lambda model (`alpaco_gen/data/aws.json`,
refreshed with `scripts/refresh_aws_data.py`).

## Why
Lambda rejects unknown identifiers at apply: "ValidationException: 1 validation error detected: Value
'python3.21' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [...]".
Typical slips are `python3.12.1`, `python-3.12` or `node20`.

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python-3.12, handler: app.handler}
```

## Fix
Use a runtime identifier exactly as Lambda spells it, e.g. `python3.12` or `nodejs22.x`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        runtimes = aws()["lambda"]["runtimes"]
        deprecated = set(aws()["lambda"]["deprecated_runtimes"])
        current = [r for r in runtimes if r not in deprecated]
        for fn in service.functions:
            runtime = fn.spec.runtime
            if runtime is None or runtime in runtimes:
                continue
            close = difflib.get_close_matches(runtime, current, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`? " if close else ""
            family = sorted((r for r in current if _family(r) == _family(runtime)),
                            key=lambda r: tuple(int(n) for n in re.findall(r"[0-9]+", r)))
            yield self.finding((*fn.path, "runtime"), f"`{runtime}` is not a Lambda runtime",
                               f"{hint}Supported: {', '.join(family or current)}")


def _family(runtime: str) -> str:
    """`python3.12` -> `python`, `nodejs22.x` -> `nodejs`."""
    return re.match(r"[a-z]*", runtime).group()  # type: ignore[union-attr]
