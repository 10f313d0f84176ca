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
CATEGORIES = {
    0: "Spec structure", 1: "References", 2: "Lambda", 3: "Images and containers", 4: "Network",
    5: "Data (DynamoDB and S3)", 6: "APIs", 7: "State machines", 8: "IAM, names and hygiene", 9: "Preflight",
}


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement `check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[str]
    explanation: ClassVar[str]  # Markdown with the HEADINGS, in order
    # Rules whose findings another step emits (loader, models, resolve, preflight) have no check of their own.
    emitted_by: ClassVar[str | None] = None

    def check(self, service: Service) -> Iterator[Finding]:
        return iter(())

    @classmethod
    def finding(cls, path: SpecPath, message: str, help: str = "", *, key: bool = False,
                severity: Severity | None = None, fix: Fix | None = None) -> Finding:
        return Finding(cls.id, cls.name, severity or cls.severity, message, help, tuple(path), key, fix=fix)

    @classmethod
    def category(cls) -> str:
        return CATEGORIES[int(cls.id[2])]
