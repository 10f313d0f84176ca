"""Findings: what every pipeline step reports instead of raising, and where it points in the spec."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from alpaco_gen.records import record

SpecPath = tuple[str | int, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@record
class Fix:
    """A mechanical fix of a finding, at the finding's `path`: editors offer it as a code action.

    `replacement` is the new value of the scalar at the path; None removes the mapping entry at the path.
    """

    title: str
    replacement: str | None = None


@record
class Finding:
    """One problem in a spec. Steps fill `path`; `locate` fills file/line/column from the source map."""

    rule_id: str
    name: str
    severity: Severity
    message: str
    help: str = ""
    path: SpecPath = ()
    key: bool = False  # point at the mapping key of `path` rather than its value
    file: str = ""
    line: int = 0
    column: int = 0
    environment: str = ""  # set when only some environments of a spec have this problem
    fix: Fix | None = None

    def located(self, file: str, line: int, column: int) -> Finding:
        return replace(self, file=file, line=line, column=column)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.column, self.rule_id, self.message, self.environment)

    @property
    def text(self) -> str:
        """The message as reports show it: with the environment it is about, when it is not about all."""
        return f"[{self.environment}] {self.message}" if self.environment else self.message


class UnusableInput(Exception):
    """The input cannot be read at all (missing file, not UTF-8, not a mapping): exit 2."""


class UsageError(Exception):
    """The command line names no spec that can be found: exit 2, like a wrong option."""
