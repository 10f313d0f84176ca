"""Reference checks: every name a spec uses must be declared; AG101 with a did-you-mean otherwise."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from alpaco_gen.diagnostics import Finding, Fix, Severity, SpecPath

UNDECLARED = ("AG101", "undeclared-reference")


class References:
    """Checks names against what the spec declares and collects AG101 findings."""

    def __init__(self, declared: Mapping[str, Mapping[str, object]], sections: Mapping[str, str]) -> None:
        self.declared = declared  # kind -> name -> spec entry
        self.sections = sections  # kind -> `network.subnets`
        self.findings: list[Finding] = []

    def ok(self, kind: str, name: str, path: SpecPath) -> bool:
        if name in self.declared[kind]:
            return True
        section = self.sections[kind]
        close = difflib.get_close_matches(name, list(self.declared[kind]), n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        what = f"{kind.replace('_', ' ')} `{name}`" if name else f"an empty {kind.replace('_', ' ')} name"
        self.findings.append(Finding(
            *UNDECLARED, Severity.ERROR, f"{what} is not declared in `{section}`",
            f"{hint}Declare it under `{section}` or use one of: {', '.join(sorted(self.declared[kind])) or 'none'}",
            path, fix=Fix(f"Replace with `{close[0]}`", close[0]) if close else None))
        return False
