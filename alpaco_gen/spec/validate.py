"""Validate loaded data against the Spec models and turn every pydantic error into a finding with a spec path.

Pydantic's error locations mix real spec keys with the names of union branches ("literal['all']",
"list[union[int,str]]"); walking the data along the location tells them apart. For a union, only the
branch that got furthest is reported, or one finding listing every accepted form when none got anywhere.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import defaultdict
from dataclasses import replace
from typing import Any, Literal, get_origin

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from alpaco_gen.diagnostics import Finding, Severity, SpecPath
from alpaco_gen.records import record
from alpaco_gen.spec import model_paths
from alpaco_gen.spec.loader import LoadedYaml
from alpaco_gen.spec.model_paths import annotation_at, kind_name, members, model_at
from alpaco_gen.spec.models import ENV_NAME_PATTERN, NAME_PATTERN, Spec

UNKNOWN_KEY = ("AG003", "unknown-key")
WRONG_TYPE = ("AG004", "wrong-type")
MISSING_FIELD = ("AG005", "missing-field")
INVALID_VALUE = ("AG006", "invalid-value")

_TYPE_WORDS = {
    "int": "an integer", "float": "a number", "finite": "a number", "string": "a string",
    "bool": "true or false", "list": "a list", "tuple": "a list", "set": "a list",
    "dict": "a mapping", "model": "a mapping", "mapping": "a mapping", "none": "empty",
}
_TYPE_HELP = {
    "an integer": "Write a whole number, without quotes or units.",
    "a number": "Write a number, without quotes or units.",
    "a string": "Quote the value: YAML reads unquoted numbers, dates, yes/no and on/off as other types.",
    "true or false": "Write `true` or `false`.",
    "a list": "Write a list: `[a, b]`, or one `- item` line per entry.",
    "a mapping": "Write a mapping: `key: value` lines indented under this key.",
}
_PATTERNS = {
    NAME_PATTERN: "a lowercase letter followed by lowercase letters, digits, `_` or `-`",
    ENV_NAME_PATTERN: "a lowercase letter followed by lowercase letters or digits",
}
_RANGES = {"greater_than_equal": ("ge", "at least"), "greater_than": ("gt", "greater than"),
           "less_than_equal": ("le", "at most"), "less_than": ("lt", "less than")}


@record
class _Error:
    path: SpecPath  # a real spec path: branch names removed
    branches: tuple[tuple[int, str], ...]  # (depth in path, union branch name) outermost first
    key: bool  # the error is about the mapping key at `path`, not its value
    raw: ErrorDetails


@record
class _Union:
    path: SpecPath  # no branch of the union accepted the value here


def parse_spec(loaded: LoadedYaml) -> tuple[Spec | None, list[Finding]]:
    """Validate the loaded data; on failure return every problem as a finding with a path (not yet located).

    Returns (None, []) when the YAML itself was broken: its findings are already in `loaded.findings`.
    """
    if loaded.data is None:
        return None, []
    if loaded.entry_models is not None and (spec := loaded.entry_models.validate(Spec, loaded.data)) is not None:
        return spec, []
    try:
        return Spec.model_validate(loaded.data), []
    except ValidationError as exc:
        errors = [_split(raw, loaded.data) for raw in exc.errors(include_url=False)]
        findings = [_finding(error, loaded.data) for error in _pick_branches(errors)]
        return None, list(dict.fromkeys(findings))


def _split(raw: ErrorDetails, data: Any) -> _Error:
    """Separate real keys and indexes in a pydantic loc from union branch names and the `[key]` marker."""
    path: list[str | int] = []
    branches: list[tuple[int, str]] = []
    key = False
    current = data
    loc = raw["loc"]
    for i, part in enumerate(loc):
        if part == "[key]":
            key = True
        elif _contains(current, part):
            path.append(part)
            current = current[part]
        elif raw["type"] == "missing" and i == len(loc) - 1:
            path.append(part)
        else:
            branches.append((len(path), str(part)))
    return _Error(tuple(path), tuple(branches), key, raw)


def _contains(value: Any, part: str | int) -> bool:
    if isinstance(value, dict):
        return part in value
    return isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)


def _pick_branches(errors: list[_Error]) -> list[_Error | _Union]:
    """Keep plain errors; for each union keep the branch that matched deepest, or one `_Union` if none did."""
    picked: list[_Error | _Union] = [e for e in errors if not e.branches]
    unions: dict[SpecPath, dict[str, list[_Error]]] = defaultdict(lambda: defaultdict(list))
    for error in errors:
        if error.branches:
            (depth, branch), *rest = error.branches
            unions[error.path[:depth]][branch].append(replace(error, branches=tuple(rest)))
    for at, by_branch in unions.items():
        reach = {branch: max(len(e.path) for e in errs) for branch, errs in by_branch.items()}
        best = max(reach, key=lambda branch: reach[branch])
        if reach[best] > len(at):
            picked.extend(_pick_branches(by_branch[best]))
        else:
            picked.append(_Union(at))
    return picked


def _finding(error: _Error | _Union, data: Any) -> Finding:
    if isinstance(error, _Union):
        return _union_finding(error.path, data)
    kind = error.raw["type"]
    if kind == "missing":
        return _missing(error.path)
    if kind == "extra_forbidden":
        return _unknown_key(error.path)
    if kind.endswith(("_type", "_parsing", "_parsing_size")) or kind in ("int_from_float", "finite_number"):
        return _wrong_type(error)
    return _invalid_value(error)


def _missing(path: SpecPath) -> Finding:
    field = path[-1]
    model = model_at(path[:-1])
    info = model.model_fields.get(str(field)) if model else None
    hint = f" {info.description.rstrip('.')}." if info and info.description else ""
    return Finding(
        *MISSING_FIELD, Severity.ERROR, f"{_where(path[:-1])} is missing the required field `{field}`",
        help=f"Add `{field}:` to this mapping.{hint}", path=path, key=True,
    )


def _unknown_key(path: SpecPath) -> Finding:
    name = str(path[-1])
    model = model_at(path[:-1])
    allowed = sorted(model.model_fields) if model else []
    close = difflib.get_close_matches(name, allowed, n=1)
    guess = f"; did you mean `{close[0]}`?" if close else ""
    listing = f" Allowed keys here: {', '.join(allowed)}." if allowed else ""
    return Finding(
        *UNKNOWN_KEY, Severity.ERROR, f"unknown key `{name}` in {_where(path[:-1])}{guess}",
        help=f"Fix the spelling or remove the key.{listing}", path=path, key=True,
    )


def _wrong_type(error: _Error) -> Finding:
    value = error.raw["input"]
    expected = _TYPE_WORDS.get(error.raw["type"].split("_")[0], "a different kind of value")
    if error.key:
        message = f"key {_show(value)} in {_where(error.path[:-1])}: expected {expected}"
        help_text = "Quote the key to make it a string."
    else:
        message = f"{_where(error.path)}: expected {expected}, got {_show(value)}"
        help_text = _TYPE_HELP.get(expected, "Change the value to the expected kind.")
        if value is None:
            help_text = "The value is empty: fill it in, or remove the line to use the default."
    return Finding(*WRONG_TYPE, Severity.ERROR, message, help=help_text, path=error.path, key=error.key)


def _invalid_value(error: _Error) -> Finding:
    kind, value, ctx = error.raw["type"], error.raw.get("input"), error.raw.get("ctx") or {}
    subject = f"key {_show(value)} in {_where(error.path[:-1])}" if error.key else _where(error.path)
    got = "" if error.key else f"; got {_show(value)}"
    help_text = "Change the value as described."
    key = error.key
    if kind == "literal_error":
        literals = [] if error.key else model_paths.literals(annotation_at(error.path))
        allowed = _one_of(literals) if literals else f"one of {ctx.get('expected', '')}"
        message = f"{subject} must be {allowed}{got}"
        help_text = "Use one of the listed values; they are case-sensitive."
    elif kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        message = f"{subject} must be {_PATTERNS.get(pattern, f'a string matching {pattern}')}{got}"
        suggestion = _suggest_name(str(value), pattern)
        help_text = f"Rename it, e.g. `{suggestion}`." if suggestion else "Rename it to match."
    elif kind in _RANGES:
        bound, words = _RANGES[kind]
        message = f"{subject} must be {words} {ctx.get(bound)}{got}"
        help_text = "Use a value inside the allowed range."
    elif kind == "value_error" and "error" in ctx:
        message = f"{subject}: {ctx['error']}"
        if "exactly one" in str(ctx["error"]):
            help_text = "These fields exclude each other: keep exactly one of them in this mapping."
        key = key or isinstance(value, dict)  # a model validator: point at the mapping's own key
    else:
        message = f"{subject}: {error.raw['msg'].removeprefix('Value error, ')}"
    return Finding(*INVALID_VALUE, Severity.ERROR, message, help=help_text, path=error.path, key=key)


def _union_finding(path: SpecPath, data: Any) -> Finding:
    value = _value_at(data, path)
    annotation = annotation_at(path)
    literals = model_paths.literals(annotation)
    kinds = [_TYPE_WORDS.get(kind_name(m), "") for m in members(annotation) if get_origin(m) is not Literal]
    expected = " or ".join(filter(None, [_one_of(literals) if literals else "", *kinds]))
    expected = expected or "a different value"
    model = model_at(path[:-1]) if path else None
    info = model.model_fields.get(str(path[-1])) if model else None
    help_text = info.description if info and info.description else f"Write {expected}."
    if isinstance(value, str) and any(isinstance(v, str) for v in literals):
        rule, message = INVALID_VALUE, f"{_where(path)} must be {expected}; got {_show(value)}"
    else:
        rule, message = WRONG_TYPE, f"{_where(path)}: expected {expected}, got {_show(value)}"
    return Finding(*rule, Severity.ERROR, message, help=help_text, path=path)


# --- wording ------------------------------------------------------------------------------------------


def _where(path: SpecPath) -> str:
    """The last key of a path with any list indexes after it: `ports[1]`; the spec itself for ()."""
    names = [i for i, part in enumerate(path) if isinstance(part, str)]
    if not names:
        return "the spec" if not path else f"item {''.join(f'[{p}]' for p in path)}"
    last = names[-1]
    return f"`{path[last]}{''.join(f'[{p}]' for p in path[last + 1:])}`"


def _one_of(values: list[Any]) -> str:
    shown = [_plain(v) for v in values]
    return shown[0] if len(shown) == 1 else f"one of {', '.join(shown)}"


def _plain(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _show(value: Any) -> str:
    """A value as the user wrote it in YAML, never as a Python type name."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a value of another kind"


def _suggest_name(value: str, pattern: str) -> str | None:
    allowed = "a-z0-9" if pattern == ENV_NAME_PATTERN else "a-z0-9_-"
    fixed = re.sub(f"[^{allowed}]+", "-" if "-" in allowed else "", value.lower()).strip("-_")
    fixed = re.sub(r"^[^a-z]+", "", fixed)
    return fixed if fixed and re.fullmatch(pattern, fixed) else None


def _value_at(data: Any, path: SpecPath) -> Any:
    for part in path:
        data = data[part]
    return data
