import os
from collections.abc import Iterator
from pathlib import Path

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.project import inside, path_problem, project_root
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class InvalidSourcePath(Rule):
    id = "AG218"
    name = "invalid-source-path"
    summary = "A `source` or `source_root` that leaves the project root, starts with `-`, or is no usable path."
    explanation = """\
## What it checks
`source_root` and the `source` of every function and task. Each must be a relative path with `/`
separators that stays inside the project root once `..` and symlinks are resolved, does not start with
`-`, holds no control characters, and fits the file system (at most 1024 bytes, 255 per folder name).

The project root is the nearest folder, from the spec's folder upwards, that holds `.git`; failing that,
the nearest that holds `pyproject.toml`; failing both, the parent of the spec's folder.

## Why
`source` becomes Terraform's `source_dir` (zipped and uploaded as the function's code) and the build context
of `docker buildx build`. `source: ../../etc` would package a folder outside the repository into a function
anyone with `lambda:GetFunction` can download; `source: "--output=type=local,dest=/"` would be read by
buildx as an option. An overlong name fails every tool with "File name too long".

## Example
```yaml
functions:
  api: {source: ../../etc, runtime: python3.12, handler: app.handler}
```

## Fix
Point `source` at a folder of this project, relative to `source_root`, e.g. `backend/lambdas/api`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        spec_folder = Path(service.spec_file).parent
        root = project_root(Path(service.spec_file))
        source_root = service.spec.source_root
        real_folders: dict[str, str] = {}  # of this check: sources share their folders
        problem = _problem(spec_folder, source_root, root, real_folders)
        if problem:
            yield self.finding(("source_root",), f"`source_root` {problem}",
                               "Use a folder inside the project, relative to the spec's folder (default `..`)")
            return
        objs: tuple[Function | Task, ...] = service.functions + service.tasks
        base = str(spec_folder / source_root)
        for obj in objs:
            problem = _problem(base, obj.spec.source, root, real_folders)
            if problem:
                yield self.finding((*obj.path, "source"), f"`source` of `{obj.name}` {problem}",
                                   "Use a folder inside the project, relative to `source_root`, e.g. "
                                   "`backend/lambdas/<name>`")


def _problem(base: Path | str, text: str, root: Path, real_folders: dict[str, str]) -> str:
    problem = path_problem(text)
    if problem:
        return problem
    if not inside(os.path.join(base, text), root, real_folders):
        return "leaves the project root (see `alpaco-gen explain AG218`)"
    return ""
