from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.project import path_problem
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# Requirement lines pip can only satisfy by building from source (or from files on this machine).
_SOURCE_ONLY = re.compile(r"^(-e\b|--editable\b|--no-binary\b|\.{0,2}/|file:|git\+|hg\+|svn\+|bzr\+)"
                          r"|\.(tar\.gz|tar\.bz2|tgz|zip)(#|$)|@\s*(git\+|file:|https?://\S+\.(tar\.gz|zip))")
_PYTHON = re.compile(r"^python[0-9]+\.[0-9]+$")


def requirement_lines(text: str) -> list[tuple[int, str]]:
    """(line number, requirement) of every line that is not blank or a comment."""
    lines = ((n, line.split(" #", 1)[0].strip()) for n, line in enumerate(text.splitlines(), 1))
    return [(n, line) for n, line in lines if line and not line.startswith("#")]


class UnpackageableRequirements(Rule):
    id = "AG217"
    name = "unpackageable-requirements"
    kinds = ("function",)
    severity = Severity.WARNING
    summary = "A zip function's requirements.txt that the generated packaging cannot install."
    explanation = """\
## What it checks
The `requirements.txt` in the source folder of every zip function (no `image:`). `package_functions.sh`
installs it with `pip --only-binary=:all: --platform manylinux2014_<arch> --python-version X.Y`: only
wheels built for Lambda's Linux, the function's architecture and its Python. Reported: a runtime that is not
Python (pip cannot package for it), and lines that need a source build or a file of this machine (`-e`,
`--no-binary`, local paths, `file:`, VCS URLs such as `git+https://`, sdist archives). Folders that are not in
this checkout are not read.

## Why
A source build compiles for the machine that runs it, not for Lambda; packaging stops with "No matching
distribution found" (pip refuses to build), and a zip deployed without the package fails at the first
import: `Runtime.ImportModuleError: Unable to import module 'app': No module named ...`.

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: nodejs20.x, handler: index.handler}  # with a requirements.txt
```

## Fix
Require released packages that publish manylinux wheels (pin a version that has one for your architecture
and Python), vendor pure-Python code into the source folder, or deploy the function as a container image
(`image:`), whose build can compile.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        root = str(Path(service.spec_file).parent / service.spec.source_root)
        if path_problem(service.spec.source_root):
            return  # AG218 reports it; the file system cannot be asked about it
        for fn in service.zip_functions:
            if path_problem(fn.spec.source):
                continue
            requirements = os.path.join(root, fn.spec.source, "requirements.txt")  # pathlib costs more than the check
            try:
                if not os.path.isfile(requirements):
                    continue
                with open(requirements, encoding="utf-8", errors="replace") as file:
                    lines = requirement_lines(file.read())
            except OSError:
                continue  # unreadable: packaging will say more than a guess here could
            if not lines:
                continue
            where = f"{fn.spec.source}/requirements.txt"
            if fn.spec.runtime and not _PYTHON.match(fn.spec.runtime):
                yield self.finding((*fn.path, "runtime"),
                                   f"`{where}` lists packages, but `{fn.name}` runs {fn.spec.runtime}: pip cannot "
                                   "package for it", "Remove requirements.txt, or package the function yourself "
                                   "as a container image (`image:`)")
                continue
            for number, line in lines:
                if _SOURCE_ONLY.search(line):
                    yield self.finding((*fn.path, "source"),
                                       f"`{where}` line {number} (`{line}`) needs a source build or a local "
                                       f"file; the zip of `{fn.name}` is built from manylinux wheels only",
                                       "Require a released package with a manylinux wheel, vendor the code into "
                                       "the source folder, or deploy an image (`image:`)")
