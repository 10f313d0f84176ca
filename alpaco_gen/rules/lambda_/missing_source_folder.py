import difflib
import os
from collections.abc import Iterator
from pathlib import Path

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.project import path_problem
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class MissingSourceFolder(Rule):
    id = "AG216"
    name = "missing-source-folder"
    kinds = ("function", "task")
    severity = Severity.WARNING
    summary = "A `source` folder that does not exist, or an image source without requirements.txt."
    explanation = """\
## What it checks
That the `source` folder of every function and task exists below the project root (the spec file's folder
joined with `source_root`), and that the source of every container image has the `requirements.txt` the
generated Dockerfile copies.

The project root is found from the spec's path as given on the command line, so run alpaco-gen from where
that path is valid (as every command does). When not even the first folder of `source` (e.g. `backend/`)
exists there, the sources are taken to be absent from this checkout (a spec checked on its own, in CI or in
a test) and nothing is reported; a typo further down the path is reported.

## Why
The generated Terraform zips the folder at plan time and stops with "error archiving directory: could not
archive missing directory"; an image build stops with "unable to prepare context: path ... not found", or,
without `requirements.txt`, "COPY failed: file not found in build context".

## Example
```yaml
functions:
  problem-grader:
    source: backend/lambdas/problem-grade
    runtime: python3.12
    handler: app.handler
```

## Fix
Correct the path (the help suggests the closest folder), or create the folder; for an image, add a
`requirements.txt` (a comment line is enough when there are no dependencies).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        root = Path(service.spec_file).parent / service.spec.source_root
        if path_problem(service.spec.source_root):
            return  # AG218 reports it; the file system cannot be asked about it
        objs: tuple[Function | Task, ...] = service.functions + service.tasks
        for obj in objs:
            if path_problem(obj.spec.source):
                continue
            try:
                yield from self._check_source(root, obj)
            except OSError:
                continue  # an unreadable folder: the build will say more than a guess here could

    def _check_source(self, root: Path, obj: Function | Task) -> Iterator[Finding]:
        folder_text = os.path.join(root, obj.spec.source)
        path = (*obj.path, "source")
        image = obj.spec.image is not None
        if os.path.isdir(folder_text):  # the common case, as strings: pathlib costs more than the check
            if image and not os.path.isfile(os.path.join(folder_text, "requirements.txt")):
                yield self.finding(
                    path, f"`{Path(obj.spec.source).as_posix()}` has no requirements.txt, which the image build of "
                    f"`{obj.name}` copies",
                    "Add requirements.txt (a comment line is enough without dependencies)")
            return
        source, folder = Path(obj.spec.source), Path(folder_text)
        if not source.parts or not (root / source.parts[0]).exists():
            return  # the source tree is not part of this checkout
        parent = folder.parent
        siblings = [p.name for p in parent.iterdir() if p.is_dir()] if parent.is_dir() else []
        close = difflib.get_close_matches(folder.name, siblings, n=1)
        hint = f"did you mean `{(source.parent / close[0]).as_posix()}`? " if close else ""
        yield self.finding(
            path, f"source folder `{source.as_posix()}` of `{obj.name}` does not exist under the project "
            f"root `{root.as_posix()}`",
            f"{hint}Fix the path (relative to the project root) or create the folder")
