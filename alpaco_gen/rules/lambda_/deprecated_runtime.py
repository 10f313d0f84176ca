import re
from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# Where a retired family went: .NET Core became .NET, Go moved to the OS-only runtimes.
SUCCESSOR_FAMILY = {"dotnetcore": "dotnet", "go": "provided"}


class DeprecatedRuntime(Rule):
    id = "AG210"
    name = "deprecated-runtime"
    kinds = ("function",)
    summary = "A function `runtime` that Lambda no longer lets you create or update."
    explanation = """\
## What it checks
`runtime` of every zip function against the runtimes past their deprecation date (the "Deprecated
runtimes" table of the Lambda developer guide, kept in `alpaco_gen/data/aws.json`).

## Why
Once a runtime's update block starts, Lambda refuses to create functions with it or to update them:
"InvalidParameterValueException: The runtime parameter of python3.8 is no longer supported for creating or
updating AWS Lambda functions. We recommend you use the new runtime (python3.13) while creating or updating
functions." Such runtimes also get no security patches.

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python3.8, handler: app.handler}
```

## Fix
Move to the newest runtime of the language (the help names it) and test the code on it.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        deprecated = set(aws()["lambda"]["deprecated_runtimes"])
        for fn in service.functions:
            runtime = fn.spec.runtime
            if runtime is not None and runtime in deprecated:
                newest = _successor(runtime, [r for r in aws()["lambda"]["runtimes"] if r not in deprecated])
                yield self.finding((*fn.path, "runtime"),
                                   f"runtime `{runtime}` is deprecated: Lambda no longer creates or updates "
                                   "functions with it",
                                   f"Use `{newest}`" if newest else "Use a supported runtime")


def _successor(runtime: str, current: list[str]) -> str | None:
    """The newest supported runtime of the same language: `python3.8` -> `python3.14`."""
    family = re.match(r"[a-z]*", runtime).group()  # type: ignore[union-attr]
    family = SUCCESSOR_FAMILY.get(family, family)
    same = [r for r in current if re.match(r"[a-z]*", r).group() == family]  # type: ignore[union-attr]
    return max(same, key=lambda r: tuple(int(n) for n in re.findall(r"[0-9]+", r)), default=None)
