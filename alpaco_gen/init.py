"""`alpaco-gen init`: a first spec that validates and renders clean, its function's code and a README section.

Nothing that exists is overwritten: init refuses when its spec or code are already there, and adds its
README section only once.
"""

from __future__ import annotations

import re
from pathlib import Path

from alpaco_gen.records import record
from alpaco_gen.spec.base import ENV_NAME_PATTERN, NAME_PATTERN

SPEC_NAME = "service.yaml"
SCHEMA_PATH = "generated/schema/service.schema.json"
README_MARKER = "## Infrastructure"


@record
class Plan:
    """What init writes into `root`: {relative path: text}, and the README with its section added."""

    root: Path
    files: dict[str, str]
    readme: str


class InitRefused(Exception):
    """Something init would write is there already."""


def name_from(folder: Path) -> str:
    """A service name from a folder name: lowercase, `-` for anything else, starting with a letter."""
    name = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    name = re.sub(r"^[^a-z]+", "", name)
    return name or "service"


def plan_init(root: Path, *, service: str | None = None, project: str | None = None, region: str = "us-east-1",
              environment: str = "dev") -> Plan:
    """The files of a new project in `root`. Raises ValueError for a name AWS would not take, InitRefused when a
    file it would write exists."""
    from alpaco_gen.render.environment import environment as jinja
    from alpaco_gen.spec.schema import schema_text

    service = service or name_from(root)
    project = project or service.split("-")[0]
    for label, value, pattern in (("service", service, NAME_PATTERN), ("project", project, NAME_PATTERN),
                                  ("environment", environment, ENV_NAME_PATTERN)):
        if not re.fullmatch(pattern, value):
            raise ValueError(f"{label} `{value}` must match {pattern}")
    context = {"service": service, "project": project, "region": region, "environment": environment,
               "schema": SCHEMA_PATH}
    env = jinja()
    files = {
        SPEC_NAME: env.get_template("init/service.yaml.j2").render(context),
        "backend/lambdas/hello/app.py": env.get_template("init/app.py.j2").render(context),
        SCHEMA_PATH: schema_text(),
    }
    existing = [path for path in files if (root / path).exists()]
    if existing:
        raise InitRefused(f"{(root / existing[0]).as_posix()} exists; init never overwrites: run it in a new "
                          "folder, or write the spec by hand")
    readme_path = root / "README.md"
    readme = readme_path.read_text(encoding="utf-8") if readme_path.is_file() else f"# {service}\n"
    if README_MARKER not in readme:
        section = env.get_template("init/README.section.md.j2").render(context)
        readme = readme.rstrip("\n") + "\n\n" + section
    return Plan(root, files, readme)


def apply_init(plan: Plan) -> list[str]:
    """Write the plan; returns the paths written, relative to its root."""
    from alpaco_gen import writer

    written = []
    for path, text in plan.files.items():
        if path == SCHEMA_PATH:  # through the writer, so that `alpaco-gen schema` owns and updates it later
            out_dir, relative = plan.root / "generated", path.removeprefix("generated/")
            writer.apply_write(writer.plan_write(out_dir, {relative: text}))
        else:
            target = plan.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never replace a file
                handle.write(text)
        written.append(path)
    readme = plan.root / "README.md"
    if not readme.is_file() or readme.read_text(encoding="utf-8") != plan.readme:
        readme.write_text(plan.readme, encoding="utf-8", newline="\n")
        written.append("README.md")
    return written
