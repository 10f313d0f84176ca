"""The grammar of EventBridge event patterns: where a pattern is wrong, as (path inside it, what is wrong)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MATCHERS = ("prefix", "suffix", "anything-but", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard")
NUMERIC_OPERATORS = ("<", "<=", "=", ">", ">=")
Where = tuple[Any, ...]


def pattern_errors(pattern: Any, where: Where = ()) -> Iterator[tuple[Where, str]]:
    """Every mistake EventBridge would refuse in `pattern` (a mapping of field -> list of values or mapping)."""
    if not isinstance(pattern, dict) or not pattern:
        yield where, "an event pattern (and each `$or` branch) is a non-empty mapping of fields"
        return
    for key, value in pattern.items():
        here = (*where, key)
        if key == "$or":
            if not isinstance(value, list) or len(value) < 2:
                yield here, "`$or` takes a list of at least two patterns"
                continue
            for i, branch in enumerate(value):
                yield from pattern_errors(branch, (*here, i))
        elif isinstance(value, dict):
            yield from pattern_errors(value, here)
        elif not isinstance(value, list):
            yield here, f"`{key}` must be a list of values to match (`[{_show(value)}]`) or a mapping"
        elif not value:
            yield here, f"`{key}` is an empty list, which matches nothing; EventBridge refuses it"
        else:
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _matcher_errors(item, (*here, i))
                elif isinstance(item, list):
                    yield (*here, i), "a value to match cannot be a list"


def _matcher_errors(matcher: dict[str, Any], where: Where) -> Iterator[tuple[Where, str]]:
    if len(matcher) != 1:
        yield where, f"a matcher is a mapping with one of {', '.join(MATCHERS)}"
        return
    [(name, value)] = matcher.items()
    here = (*where, name)
    if name not in MATCHERS:
        yield here, f"`{name}` is no matcher; EventBridge knows {', '.join(MATCHERS)}"
    elif name == "exists" and not isinstance(value, bool):
        yield here, "`exists` takes true or false"
    elif name in ("prefix", "suffix") and not (isinstance(value, str) or _nested(value)):
        yield here, f"`{name}` takes a string (or `{{equals-ignore-case: ...}}`)"
    elif name in ("cidr", "equals-ignore-case", "wildcard") and not isinstance(value, str):
        yield here, f"`{name}` takes a string"
    elif name == "numeric":
        yield from _numeric_errors(value, here)
    elif name == "anything-but" and isinstance(value, dict):
        yield from _matcher_errors(value, here)
    elif name == "anything-but" and isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        yield here, "`anything-but` takes a value, a list of values or one matcher"


def _nested(value: Any) -> bool:
    return isinstance(value, dict) and list(value) == ["equals-ignore-case"] and isinstance(
        value["equals-ignore-case"], str)


def _numeric_errors(value: Any, where: Where) -> Iterator[tuple[Where, str]]:
    pairs = value if isinstance(value, list) else []
    ok = len(pairs) in (2, 4) and all(
        pairs[i] in NUMERIC_OPERATORS and isinstance(pairs[i + 1], (int, float)) and not isinstance(pairs[i + 1], bool)
        for i in range(0, len(pairs), 2))
    if not ok:
        yield where, "`numeric` takes one or two comparisons, e.g. `[\">\", 0, \"<=\", 5]`"


def _show(value: Any) -> str:
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
