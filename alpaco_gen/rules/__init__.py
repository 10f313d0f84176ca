"""The rule catalog: every rule class under this package, sorted by id.

`catalog()` imports every rule module (the `rules` and `explain` commands, SARIF, docs). A check needs less:
`_index.py` says where each rule lives and which kinds it checks, so `run_rules` imports only the rules that can
report something on the spec at hand, and a rule id or name resolves without importing any rule.
"""

from __future__ import annotations

import functools
import importlib

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules._index import RULES
from alpaco_gen.rules.base import Rule


@functools.cache
def catalog() -> tuple[type[Rule], ...]:
    """All rules, by id. Importing the rule modules registers them as subclasses of Rule."""
    import pkgutil

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


def rule_id(id_or_name: str) -> str | None:
    """The id of the rule with this id (any case) or name, None for no rule; imports nothing."""
    wanted = id_or_name.strip()
    return next((row[0] for row in RULES if wanted.upper() == row[0] or wanted.lower() == row[1]), None)


def find(id_or_name: str) -> type[Rule] | None:
    wanted = rule_id(id_or_name)
    return next((_load(row) for row in RULES if row[0] == wanted), None)


def run_rules(service: Service) -> list[Finding]:
    """Findings of every rule that checks the resolved model and can find something in it, in id order."""
    from alpaco_gen.kinds import KINDS

    declared = {key for key, kind in KINDS.items() if kind.entries(service.spec)}
    findings: list[Finding] = []
    for row in RULES:
        _, _, _, checks, kinds = row
        if checks and (not kinds or declared.intersection(kinds)):
            findings.extend(_load(row)().check(service))
    return findings


@functools.cache
def _load(row: tuple[str, str, str, bool, tuple[str, ...]]) -> type[Rule]:
    module = importlib.import_module(f"{__name__}.{row[2]}")
    return next(cls for cls in vars(module).values()
                if isinstance(cls, type) and issubclass(cls, Rule) and cls.__dict__.get("id") == row[0])
