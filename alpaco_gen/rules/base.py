"""What a rule is: an id, a kebab-case name, a default severity, a summary, an explanation and a check.

Rules read the resolved model and never change it. They report a spec *path*; the pipeline turns paths into
file:line:col. The catalog (`alpaco-gen rules`), `explain` and docs/rules.md all read these class attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from alpaco_gen.diagnostics import Finding, Fix, Severity, SpecPath
from alpaco_gen.resolve.model import Service

HEADINGS = ("## What it checks", "## Why", "## Example", "## Fix")
ID_PATTERN = re.compile(r"^AG[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# id prefix -> category, in catalog order; the longest prefix of a rule's id decides (AG1xx holds several).
CATEGORIES = {
    "AG0": "Spec structure", "AG1": "References", "AG12": "Queues, topics and event sources",
    "AG13": "Queues, topics and event sources", "AG14": "Schedules, event rules and buses",
    "AG15": "Schedules, event rules and buses", "AG16": "Secrets, parameters and extra IAM",
    "AG17": "Secrets, parameters and extra IAM", "AG2": "Lambda", "AG3": "Images and containers",
    "AG4": "Network", "AG5": "Data (DynamoDB and S3)", "AG6": "APIs", "AG7": "State machines",
    "AG8": "IAM, names and hygiene", "AG9": "Preflight",
}


def category_of(rule_id: str) -> str:
    return CATEGORIES[max((p for p in CATEGORIES if rule_id.startswith(p)), key=len)]


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement `check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[str]
    explanation: ClassVar[str]  # Markdown with the HEADINGS, in order
    # Rules whose findings another step emits (loader, models, resolve, preflight) have no check of their own.
    emitted_by: ClassVar[str | None] = None
    # The kinds (registry keys, alpaco_gen.kinds.KINDS) the check is about: a spec that declares none of them
    # cannot give it anything to report, so its module is not even imported (alpaco_gen/rules/_index.py).
    # Empty: it runs on every spec.
    kinds: ClassVar[tuple[str, ...]] = ()

    def check(self, service: Service) -> Iterator[Finding]:
        return iter(())

    @classmethod
    def finding(cls, path: SpecPath, message: str, help: str = "", *, key: bool = False,
                severity: Severity | None = None, fix: Fix | None = None) -> Finding:
        return Finding(cls.id, cls.name, severity or cls.severity, message, help, tuple(path), key, fix=fix)

    @classmethod
    def category(cls) -> str:
        return category_of(cls.id)
