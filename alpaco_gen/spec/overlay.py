"""Environments: one spec file, a base and per-environment overrides, merged into one spec per environment.

```yaml
environment: ...        # not set: each environment is named by its key below
functions:
  api: {memory: 256}
environments:
  dev: {}
  prod:
    functions:
      api: {memory: 1024}
```

The merge happens on the loaded data, before the models see it: mappings merge key by key, anything else (a
scalar, a list) replaces the base's value. The source map is merged the same way, so a finding about a value
points at the line that set it: the override's line for an overridden value, the base's otherwise.
"""

from __future__ import annotations

from typing import Any

from alpaco_gen.diagnostics import Finding, Severity, SpecPath
from alpaco_gen.spec.loader import LoadedYaml, SourceMap

ENVIRONMENTS = "environments"
# What makes a spec the spec it is, and where its output goes: never different per environment.
FIXED = ("version", "project", "service", "environment", ENVIRONMENTS)
INVALID_OVERRIDE = ("AG008", "invalid-environment-override")


def environment_names(data: Any) -> list[str] | None:
    """The environments a spec declares, in file order; None when it has none (or the section is malformed,
    which the models then report against the section itself)."""
    section = data.get(ENVIRONMENTS) if isinstance(data, dict) else None
    if not isinstance(section, dict) or not section:
        return None
    if not all(isinstance(name, str) and (value is None or isinstance(value, dict)) for name, value in section.items()):
        return None
    return list(section)


def overlay(loaded: LoadedYaml, name: str) -> LoadedYaml:
    """The spec of environment `name`: the base with that environment's overrides merged in."""
    data, source = loaded.data, loaded.source_map
    prefix: SpecPath = (ENVIRONMENTS, name)
    merged_map = SourceMap(
        {p: pos for p, pos in source.values.items() if p[:1] != (ENVIRONMENTS,)},
        {p: pos for p, pos in source.keys.items() if p[:1] != (ENVIRONMENTS,)},
    )
    findings = list(loaded.findings)
    if "environment" in data:
        findings.append(_invalid(loaded, ("environment",),
                                 "`environment` is set together with `environments`, whose keys name each "
                                 "environment", "Remove `environment`: the keys under `environments` name them"))
    overrides = data[ENVIRONMENTS][name] or {}
    base = {k: v for k, v in data.items() if k != ENVIRONMENTS}
    for key in FIXED:
        if key in overrides:
            findings.append(_invalid(loaded, (*prefix, key), f"`{key}` cannot differ per environment",
                                     f"Set `{key}` once, at the top of the spec, or use another spec file"))
    allowed = {k: v for k, v in overrides.items() if k not in FIXED}
    merged = _merge(base, allowed, (), _Positions(source, prefix, merged_map))
    merged["environment"] = name
    # The environment's name is its key under `environments`: that is where a finding about it points.
    merged_map.values[("environment",)] = merged_map.keys[("environment",)] = source.keys[prefix]
    return LoadedYaml(loaded.file, merged, merged_map, findings)


class _Positions:
    """Moves source positions of an override (environments.<name>.<path>) to the path it overrides."""

    def __init__(self, source: SourceMap, prefix: SpecPath, target: SourceMap) -> None:
        self.target = target
        self.values = {p[len(prefix):]: pos for p, pos in source.values.items() if p[:len(prefix)] == prefix}
        self.keys = {p[len(prefix):]: pos for p, pos in source.keys.items() if p[:len(prefix)] == prefix}

    def replace(self, path: SpecPath) -> None:
        """`path` and everything below it now come from the override."""
        for table in (self.target.values, self.target.keys):
            for stale in [p for p in table if p[:len(path)] == path]:
                del table[stale]
        for source, table in ((self.values, self.target.values), (self.keys, self.target.keys)):
            table.update({p: pos for p, pos in source.items() if p[:len(path)] == path})


def _merge(base: dict[Any, Any], overrides: dict[Any, Any], path: SpecPath, positions: _Positions) -> dict[Any, Any]:
    merged = dict(base)  # a copy at every level that changes: the base is shared by every environment
    for key, value in overrides.items():
        child = (*path, key)
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, child, positions)
            if not base[key]:
                positions.replace(child)
        else:
            merged[key] = value
            positions.replace(child)
    return merged


def _invalid(loaded: LoadedYaml, path: SpecPath, message: str, help: str) -> Finding:
    line, column = loaded.source_map.locate(path, key=True)
    return Finding(*INVALID_OVERRIDE, Severity.ERROR, message, help, path, True, loaded.file, line, column)
