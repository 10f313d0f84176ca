"""The pipeline, top to bottom: load -> models -> resolve -> rules -> report; then render -> write.

`check_spec` runs everything up to the findings; `render_files` turns a clean result into the generated tree.
The CLI is a thin layer over these two.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from alpaco_gen.diagnostics import Finding, Severity, SpecPath, UnusableInput
from alpaco_gen.project import require_printable, spec_name
from alpaco_gen.resolve.model import Service
from alpaco_gen.spec.loader import LoadedYaml, load_yaml, locate
from alpaco_gen.spec.models import Spec

if TYPE_CHECKING:
    from alpaco_gen.spec.sections import YamlCache

UNKNOWN_SUPPRESSION = ("AG007", "unknown-suppression")


@dataclass
class Checked:
    """The outcome of checking one spec: the resolved service (when it resolved) and located findings."""

    spec_file: str
    spec_path: Path
    loaded: LoadedYaml
    service: Service | None
    findings: list[Finding] = field(default_factory=list)
    environment: str | None = None  # set for a spec with `environments:`: which one this is

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def tree(self) -> str:
        """The folder of the generated tree below `--out`: `<service>`, or `<service>/<environment>` for a spec
        with several environments."""
        assert self.service is not None
        service = self.service.spec.service
        return f"{service}/{self.environment}" if self.environment else service


def display_path(path: Path) -> str:
    """The spec path as users wrote it: relative to the working directory when it is below it."""
    if path.is_absolute():
        return path.as_posix()
    return Path(os.path.relpath(path.resolve(), Path.cwd())).as_posix()


def check_spec(path: Path, ignore: Sequence[str] = (), environment: str | None = None, *, text: str | None = None,
               cache: YamlCache | None = None) -> Checked:
    """Load, validate, resolve and lint one spec. Raises UnusableInput when the file cannot be used at all.

    A spec with several environments is checked for `environment`; without one, for all of them at once
    (findings of every environment, `service` None: see alpaco_gen.environments for one result each).
    With `text`, that is the spec's content instead of what is on disk (an editor's unsaved buffer); `path`
    still names it and anchors its relative `source` folders. A `cache` kept for the document between calls
    spares parsing what did not change (see `spec.sections`).
    """
    from alpaco_gen.environments import check_loaded_environments, combined

    display = display_path(path)
    require_printable("the spec file name", display)
    loaded = load_yaml(path, display, text, cache)
    checks = check_loaded_environments(loaded, path, ignore, [environment] if environment else None)
    return checks[0] if len(checks) == 1 else combined(checks)


def check_loaded(loaded: LoadedYaml, path: Path, ignore: Sequence[str] = (),
                 environment: str | None = None) -> Checked:
    """Validate, resolve and lint a loaded spec (of `environment`, for a spec with several)."""
    from alpaco_gen.resolve.resolver import resolve
    from alpaco_gen.rules import run_rules
    from alpaco_gen.spec.validate import parse_spec

    spec_file = loaded.file
    findings = list(loaded.findings)
    spec, model_findings = parse_spec(loaded)
    findings += model_findings
    service = None
    if spec is not None:
        service, reference_findings = resolve(spec, spec_file)
        findings += reference_findings
        findings += run_rules(service)
        findings = suppress(findings, spec, ignore)
    located = sorted(locate(findings, loaded), key=lambda f: f.sort_key)
    return Checked(spec_file, path, loaded, service, located, environment)


def suppress(findings: list[Finding], spec: Spec, cli_ignore: Iterable[str]) -> list[Finding]:
    """Drop findings that `--ignore`, `lint.ignore` or a resource's `ignore:` silences; report unknown ids."""
    from alpaco_gen.rules import rule_id

    extra: list[Finding] = []

    def canonical(entries: Iterable[str], path: SpecPath | None) -> set[str]:
        ids = set()
        for i, entry in enumerate(entries):
            known = rule_id(entry)
            if known:
                ids.add(known)
            elif path is not None:
                extra.append(Finding(*UNKNOWN_SUPPRESSION, Severity.ERROR,
                                     f"`{entry}` is not a rule id or name",
                                     "Run `alpaco-gen rules` for the catalog", (*path, i)))
            else:
                extra.append(Finding(*UNKNOWN_SUPPRESSION, Severity.ERROR,
                                     f"--ignore `{entry}` is not a rule id or name",
                                     "Run `alpaco-gen rules` for the catalog"))
        return ids

    everywhere = canonical(cli_ignore, None) | canonical(spec.lint.ignore, ("lint", "ignore"))
    per_resource = {path: canonical(entries, (*path, "ignore")) for path, entries in _resource_ignores(spec)}
    kept = []
    for f in findings:
        if f.rule_id in everywhere:
            continue
        if any(f.rule_id in ids and f.path[: len(p)] == p for p, ids in per_resource.items()):
            continue
        kept.append(f)
    return kept + extra


def _resource_ignores(spec: Spec) -> Iterable[tuple[SpecPath, list[str]]]:
    from alpaco_gen.kinds import KINDS

    for kind in KINDS.values():
        for name, resource in kind.entries(spec).items():
            if getattr(resource, "ignore", None):
                yield (*kind.section, name), resource.ignore


def project_root(checked: Checked) -> Path:
    """The folder that `source` paths of the spec are relative to."""
    assert checked.service is not None
    return (checked.spec_path.parent / checked.service.spec.source_root).resolve()


def render_files(checked: Checked, out_dir: Path) -> dict[str, str]:
    """The whole generated tree of a checked spec, in memory: {path relative to out_dir: text}."""
    from alpaco_gen.render.files import render_service

    assert checked.service is not None and not checked.has_errors
    if checked.spec_file == "<stdin>":
        raise UnusableInput("render needs a spec file, not standard input: its folder anchors `source` paths")
    require_printable("the spec's path in its project", spec_name(checked.spec_path))
    require_printable("the output folder", str(out_dir))
    return render_service(checked.service, out_dir, project_root(checked), checked.spec_path, checked.tree,
                          checked.environment)


def planned_resource_count(spec_path: Path | str) -> int:
    """How many resource instances `terraform plan` of the generated root must add."""
    from alpaco_gen.resolve.inventory import planned_resources

    checked = check_spec(Path(spec_path))
    assert checked.service is not None, f"{spec_path} does not resolve"
    return len(planned_resources(checked.service))
