import re
from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

VERSION = re.compile(r"[0-9]+\.[0-9]+")


class ImagePythonVersion(Rule):
    id = "AG310"
    name = "image-python-version"
    kinds = ("function", "task", "repository")
    summary = "An `image.python` that is not `<major>.<minor>`, or that has no Lambda base image."
    explanation = """\
## What it checks
`image.python` of every function and task: it must be `<major>.<minor>` such as `3.12`, because it becomes
the tag of the generated Dockerfile's base image (`public.ecr.aws/lambda/python:<version>` for functions,
`python:<version>-slim` for tasks). For functions the version must also be one Lambda publishes a base
image for (a `python3.x` runtime); a deprecated one is a warning, as Lambda runs it but no longer patches it.

## Why
A malformed or unknown version makes the image build fail ("public.ecr.aws/lambda/python:3.12.1: not
found", "invalid reference format"), so nothing can be pushed and the function or task cannot be created.
(An unquoted `python: 3.12` is a YAML number, which rule AG004 reports; quote it.)

## Example
```yaml
functions:
  generator: {source: backend/lambdas/generator, image: {repository: generator, python: "3.12.4"}}
```

## Fix
Write the version as a quoted `"<major>.<minor>"`, e.g. `python: "3.12"`; for functions, one of the Python
versions Lambda supports.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        runtimes = set(aws()["lambda"]["runtimes"])
        deprecated = set(aws()["lambda"]["deprecated_runtimes"])
        for section in ("functions", "tasks"):
            for name, obj in getattr(service.spec, section).items():
                if obj.image is None:
                    continue
                version, path = obj.image.python, (section, name, "image", "python")
                if not VERSION.fullmatch(version):
                    yield self.finding(path, f"`python: {version}` of `{name}` is not a `<major>.<minor>` "
                                       "version", 'Write it as a quoted version, e.g. `python: "3.12"`')
                elif section == "functions" and f"python{version}" not in runtimes:
                    yield self.finding(path, f"Lambda has no Python {version} base image",
                                       f"Use a supported version: {_supported(runtimes - deprecated)}")
                elif section == "functions" and f"python{version}" in deprecated:
                    yield self.finding(path, f"Python {version} is a deprecated Lambda runtime; its base "
                                       "image gets no more patches",
                                       f"Move to a supported version: {_supported(runtimes - deprecated)}",
                                       severity=Severity.WARNING)


def _supported(runtimes: set[str]) -> str:
    versions = sorted((r.removeprefix("python") for r in runtimes if r.startswith("python")),
                      key=lambda v: tuple(map(int, v.split("."))))
    return ", ".join(versions)
