"""The rule catalog: every rule class under this package, found once, sorted by id."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


@functools.cache
def catalog() -> tuple[type[Rule], ...]:
    """All rules, by id. Importing the rule modules registers them as subclasses of Rule."""
    for module in pkgutil.walk_packages(__path__, f"{__name__}."):
        importlib.import_module(module.name)
    rules: list[type[Rule]] = []
    pending = list(Rule.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "id" in cls.__dict__:
            rules.append(cls)
    return tuple(sorted(rules, key=lambda r: r.id))


def find(id_or_name: str) -> type[Rule] | None:
    wanted = id_or_name.strip()
    return next((r for r in catalog() if wanted.upper() == r.id or wanted.lower() == r.name), None)


def run_rules(service: Service) -> list[Finding]:
    """Findings of every rule that checks the resolved model."""
    findings: list[Finding] = []
    for rule in catalog():
        if rule.emitted_by is None:
            findings.extend(rule().check(service))
    return findings
