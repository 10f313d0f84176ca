"""Check every environment of a spec: one result per environment, merged from the base and its overrides.

A spec without `environments:` is one environment, the one its `environment` names, and checks exactly as it
always did. For a spec with several, each environment is checked on its own (its own resolved service, its own
generated tree); a finding that every environment has in common is reported once, the others name theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from alpaco_gen.diagnostics import Finding, Severity, UnusableInput
from alpaco_gen.pipeline import Checked, check_loaded, display_path
from alpaco_gen.spec.loader import LoadedYaml, load_yaml, parse_yaml
from alpaco_gen.spec.overlay import environment_names, overlay

SHARED_STATE = ("AG809", "shared-state-backend")


def check_environments(path: Path, ignore: Sequence[str] = (), only: Sequence[str] | None = None) -> list[Checked]:
    """Check the spec at `path` for each environment it declares (or those in `only`), in file order."""
    return check_loaded_environments(load_yaml(path, display_path(path)), path, ignore, only)


def check_text(text: str, display: str, ignore: Sequence[str] = (),
               only: Sequence[str] | None = None) -> list[Checked]:
    """As `check_environments`, for spec text that is not a file (standard input); sources resolve from here."""
    return check_loaded_environments(parse_yaml(text, display), Path(display), ignore, only)


def check_loaded_environments(loaded: LoadedYaml, path: Path, ignore: Sequence[str] = (),
                              only: Sequence[str] | None = None) -> list[Checked]:
    names = environment_names(loaded.data)
    if names is None:
        declared = loaded.data.get("environment") if isinstance(loaded.data, dict) else None
        wrong = [name for name in only or () if name != declared]
        if wrong:
            raise UnusableInput(f"{loaded.file}: no environment `{wrong[0]}`: the spec is for `{declared}` only")
        return [check_loaded(loaded, path, ignore)]
    wrong = [name for name in only or () if name not in names]
    if wrong:
        raise UnusableInput(f"{loaded.file}: no environment `{wrong[0]}`; it has {', '.join(names)}")
    checks = []
    for name in names:
        if only and name not in only:
            continue
        checked = check_loaded(overlay(loaded, name), path, ignore, environment=name)
        checked.findings = [replace(f, environment=name) for f in checked.findings]
        checks.append(checked)
    _shared_state(checks, ignore)
    return checks


def report_findings(checks: Sequence[Checked]) -> list[Finding]:
    """The findings of one spec's environments as reported: those of every environment once, without a name."""
    if len(checks) == 1 or not checks[0].environment:
        return [f for c in checks for f in c.findings]
    seen: dict[Finding, set[str]] = {}
    for checked in checks:
        for f in checked.findings:
            seen.setdefault(replace(f, environment=""), set()).add(f.environment)
    everywhere = {c.environment for c in checks}
    reported = []
    for finding, environments in seen.items():
        if environments == everywhere:
            reported.append(finding)
        else:
            reported += [replace(finding, environment=name) for name in sorted(environments)]
    return sorted(reported, key=lambda f: f.sort_key)


def combined(checks: Sequence[Checked]) -> Checked:
    """All environments of one spec as a single result (findings only: there is no single service)."""
    first = checks[0]
    return Checked(first.spec_file, first.spec_path, first.loaded, None, report_findings(checks))


def _shared_state(checks: list[Checked], ignore: Sequence[str]) -> None:
    """Two environments with one S3 state object would plan and apply over each other's resources."""
    from alpaco_gen.rules import rule_id

    owners: dict[tuple[str, str], str] = {}
    for checked in checks:
        if checked.service is None or checked.environment is None:
            continue
        s3 = checked.service.spec.terraform.backend.s3
        silenced = set(map(rule_id, (*ignore, *checked.service.spec.lint.ignore)))
        if s3 is None or SHARED_STATE[0] in silenced:
            continue
        first = owners.setdefault((s3.bucket, s3.key), checked.environment)
        if first == checked.environment:
            continue
        path = ("terraform", "backend", "s3", "key")
        line, column = checked.loaded.source_map.locate(path)
        checked.findings.append(Finding(
            *SHARED_STATE, Severity.ERROR,
            f"environment `{checked.environment}` keeps its Terraform state in s3://{s3.bucket}/{s3.key}, "
            f"like `{first}`: each would plan to destroy the other's resources",
            f"Override `terraform: {{backend: {{s3: {{key: ...}}}}}}` under `environments: {{{checked.environment}: "
            f"...}}`, e.g. `{checked.service.spec.service}/{checked.environment}/terraform.tfstate`",
            path, False, checked.spec_file, line, column, checked.environment))
        checked.findings.sort(key=lambda f: f.sort_key)
