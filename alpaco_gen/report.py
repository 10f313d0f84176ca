"""Render located findings for people (text), scripts (json), code scanning (sarif) and GitHub Actions."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import Any, Protocol, TextIO
from urllib.parse import quote

from alpaco_gen.diagnostics import Finding, Severity

FORMATS = ("text", "json", "sarif", "github")
TOOL_NAME = "alpaco-gen"
# No project home page yet: the package's registry page. Change it together with pyproject's URLs.
INFORMATION_URI = "https://pypi.org/project/alpaco-gen/"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

_COLORS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m", Severity.NOTE: "\033[1;36m"}
_DIM, _RESET = "\033[2m", "\033[0m"
_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


class RuleInfo(Protocol):
    """What the report needs of a rule of the catalog."""

    id: str
    name: str
    severity: Any  # a Severity or its string value
    summary: str
    explanation: str


def use_color(stream: TextIO) -> bool:
    """Color only for a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def format_findings(
    findings: Iterable[Finding],
    fmt: str,
    *,
    rules: Sequence[RuleInfo] = (),
    color: bool = False,
    tool_version: str = "0.1.0",
) -> str:
    """Render findings, sorted by position, as `text`, `json`, `sarif` or `github`; ends with a newline."""
    ordered = sorted(findings, key=lambda f: f.sort_key)
    if fmt == "text":
        return _text(ordered, color)
    if fmt == "json":
        return _dump({"findings": [_json_finding(f) for f in ordered], "summary": _counts(ordered)})
    if fmt == "sarif":
        return _dump(_sarif(ordered, rules, tool_version))
    if fmt == "github":
        return "".join(_github(f) + "\n" for f in ordered)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def summary_line(findings: Sequence[Finding]) -> str:
    """`2 errors, 1 warning` (and notes when there are any)."""
    counts = _counts(findings)
    parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning")]
    if counts["notes"]:
        parts.append(_plural(counts["notes"], "note"))
    return ", ".join(parts)


def _text(findings: Sequence[Finding], color: bool) -> str:
    lines = []
    for f in findings:
        severity = f.severity.value
        rule = f"{f.rule_id} {f.name}"
        if color:
            severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
            rule = f"{_DIM}{rule}{_RESET}"
        lines.append(f"{_visible(_where(f))}: {severity} {rule}: {_visible(f.text)}")
        if f.help:
            lines.append(f"  help: {_visible(f.help)}")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def _visible(text: str) -> str:
    """Spec text in a message, with control characters (a newline, a terminal escape) shown escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _where(f: Finding) -> str:
    parts = [f.file or "<spec>"]
    if f.line:
        parts += [str(f.line), str(f.column or 1)]
    return ":".join(parts)


def _json_finding(f: Finding) -> dict[str, Any]:
    found = {
        "file": f.file, "line": f.line, "column": f.column, "severity": f.severity.value,
        "rule_id": f.rule_id, "name": f.name, "message": f.message, "help": f.help,
    }
    if f.environment:
        found["environment"] = f.environment
    return found


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    severities = [f.severity for f in findings]
    return {
        "errors": severities.count(Severity.ERROR),
        "warnings": severities.count(Severity.WARNING),
        "notes": severities.count(Severity.NOTE),
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _dump(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif(findings: Sequence[Finding], rules: Sequence[RuleInfo], version: str) -> dict[str, Any]:
    descriptors = {rule.id: _descriptor(rule) for rule in rules}
    for f in findings:  # a finding whose rule is not in the catalog still needs a descriptor
        descriptors.setdefault(f.rule_id, {
            "id": f.rule_id, "name": f.name, "defaultConfiguration": {"level": f.severity.value},
        })
    ordered = [descriptors[rule_id] for rule_id in sorted(descriptors)]
    index = {d["id"]: i for i, d in enumerate(ordered)}
    driver = {"name": TOOL_NAME, "version": version, "informationUri": INFORMATION_URI, "rules": ordered}
    run = {
        "tool": {"driver": driver},
        # Our columns count characters; SARIF's default is UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(f, index[f.rule_id]) for f in findings],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    level = getattr(rule.severity, "value", rule.severity)
    descriptor: dict[str, Any] = {"id": rule.id, "name": rule.name}
    if rule.summary:
        descriptor["shortDescription"] = {"text": rule.summary}
    if rule.explanation:
        descriptor["fullDescription"] = {"text": rule.explanation, "markdown": rule.explanation}
        descriptor["help"] = {"text": rule.explanation, "markdown": rule.explanation}
    descriptor["defaultConfiguration"] = {"level": str(level)}
    return descriptor


def _sarif_result(f: Finding, rule_index: int) -> dict[str, Any]:
    text = f"{f.text}\nhelp: {f.help}" if f.help else f.text
    result: dict[str, Any] = {
        "ruleId": f.rule_id, "ruleIndex": rule_index, "level": f.severity.value, "message": {"text": text},
    }
    if f.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(f.file)}}
        if f.line:
            physical["region"] = {"startLine": f.line, "startColumn": f.column or 1}
        result["locations"] = [{"physicalLocation": physical}]
    return result


def _uri(file: str) -> str:
    """A relative URI reference with forward slashes (what code scanning resolves against the repository)."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return quote(PurePath(path).as_posix().replace("\\", "/"), safe="/")


def _github(f: Finding) -> str:
    props = [f"file={_escape_property(f.file)}"] if f.file else []
    if f.line:
        props += [f"line={f.line}", f"col={f.column or 1}"]
    props.append(f"title={_escape_property(f'{f.rule_id} {f.name}')}")
    text = f"{f.text}\nhelp: {f.help}" if f.help else f.text
    return f"::{_GITHUB_COMMANDS[f.severity]} {','.join(props)}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    # GitHub reads %0D and %0A as line breaks; other control characters are shown escaped
    lines = text.replace("%", "%25").replace("\r", "%0D").split("\n")
    return "%0A".join(_visible(line) for line in lines)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
