"""HCL text: escaping values into string literals, and the layout `terraform fmt` would give.

Templates emit HCL without caring about indentation or `=` alignment; `format_hcl` re-indents by bracket depth
and aligns the `=` of consecutive one-line attributes exactly as hclwrite does (a blank line, a comment, a
nested block or a multi-line value ends an alignment group). We generate no heredocs, so every line can be
read with a small scanner.
"""

from __future__ import annotations

import json
import re

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control characters as \uXXXX, except those with a short escape.
_TRANSLATE = {code: f"\\u{code:04x}" for code in (*range(0x20), 0x7F)}
_TRANSLATE |= {ord(k): v for k, v in _ESCAPES.items()}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def hcl_string(value: object) -> str:
    """A quoted HCL string literal that Terraform reads back as exactly `value` (no interpolation)."""
    escaped = str(value).translate(_TRANSLATE)
    # `${` and `%{` start template sequences inside HCL strings; doubling the sigil makes them literal.
    escaped = escaped.replace("${", "$${").replace("%{", "%%{")
    return f'"{escaped}"'


def hcl_key(key: str) -> str:
    """A map/object key: bare when it is an identifier, quoted otherwise."""
    # `{ for = 1 }` would open a for expression, and checkov's parser fails on a bare `if` (skipping the file)
    bare = _IDENTIFIER.match(key) and key not in ("true", "false", "null", "for", "if")
    return key if bare else hcl_string(key)


def hcl_value(value: object) -> str:
    """Booleans, numbers, strings, lists and string maps as HCL literals (one line)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(hcl_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{hcl_key(k)} = {hcl_value(v)}" for k, v in value.items()) + " }"
    return hcl_string(value)


# The characters `_scan` acts on: everything else is skipped in one regex search.
_IN_STRING = re.compile(r'\\|"|(?<!\$)\$\{|(?<!%)%\{')  # `$${` and `%%{` are escapes, not openers
_OUTSIDE = re.compile(r'["{}\[\]()#=]|//')


# The two shapes most generated lines have, whose scan needs no walk: `key = value` or `key = "plain text"`
# (no bracket, comment or template outside the string), and a block opening `resource "a" "b" {`.
_PLAIN_ATTRIBUTE = re.compile(r'[^"#/=(){}\[\]<>!]*=(?:[^"#/=(){}\[\]<>!]*|\s*"[^"\\$%]*")')
_BLOCK_OPENING = re.compile(r'[A-Za-z_][\w-]*(?:\s+"[^"\\$%]*")*\s*\{')


def _scan(line: str) -> tuple[int, int, int | None]:
    """(opening minus closing brackets, leading closers, column of a top-level `=`) of one line of HCL."""
    if _PLAIN_ATTRIBUTE.fullmatch(line):
        return 0, 0, line.index("=")
    if _BLOCK_OPENING.fullmatch(line):
        return 1, 0, None
    return _walk(line)


def _walk(line: str) -> tuple[int, int, int | None]:
    """`_scan` of any line: a walk over its strings, templates, brackets and comments."""
    depth_change = 0
    leading_closers = len(line) - len(line.lstrip("}])"))
    equals: int | None = None
    stack: list[str] = []  # "s" inside a string, "t" inside a ${...} of a string, or a bracket
    i = 0
    while True:
        in_string = bool(stack) and stack[-1] == "s"
        match = (_IN_STRING if in_string else _OUTSIDE).search(line, i)
        if match is None:
            break
        i = match.start()
        ch = line[i]
        if in_string:
            if ch == '"':
                stack.pop()
            elif ch != "\\":  # `${` or `%{`
                stack.append("t")
            i += 2 if ch != '"' else 1  # a backslash escapes the next character
            continue
        if ch == "#" or ch == "/":
            break
        top = stack[-1] if stack else ""
        if ch == '"':
            stack.append("s")
        elif ch in "{[(":
            stack.append(ch)
            depth_change += 1
        elif ch in "}])":
            if top == "t" and ch == "}":
                stack.pop()
            else:
                if stack and stack[-1] in "{[(":
                    stack.pop()
                depth_change -= 1
        elif not stack and equals is None and line[i + 1 : i + 2] not in ("=", ">") and (
            i == 0 or line[i - 1] not in "!<>="
        ):
            equals = i
        i += 1
    return depth_change, leading_closers, equals


def format_hcl(text: str) -> str:
    """Indent by bracket depth, align `=` in groups, collapse blank lines; ends with one newline."""
    # hclwrite indents one level per line that leaves brackets open, however many it opens (`jsonencode({`).
    levels: list[int] = []  # unclosed brackets of each open indent level
    lines: dict[str, _Line] = {}  # generated HCL repeats lines a lot: scan each once
    out: list[str] = []
    group: list[tuple[int, str, str]] = []  # (indent, key, value) of consecutive one-line attributes
    for raw in text.split("\n"):  # not splitlines(): it also splits at U+2028, U+0085, ... inside strings
        line = raw.strip()
        if not line:
            if group:
                _flush(group, out)
            out.append("")
            continue
        known = lines.get(line)
        if known is None:
            known = lines[line] = _line(line)
        change, closers, equals, key, value = known
        if closers:
            _close(levels, closers)
        indent = len(levels)
        if change + closers > 0:
            levels.append(change + closers)
        elif change + closers < 0:
            _close(levels, -(change + closers))
        if equals and change == 0:  # a one-line attribute
            if group and group[-1][0] != indent:
                _flush(group, out)
            group.append((indent, key, value))
            continue
        if group:
            _flush(group, out)
        # an attribute whose value continues on the next lines is not aligned, only spaced
        out.append("  " * indent + (f"{key} = {value}" if equals else line))
    if group:
        _flush(group, out)
    return _tidy_blank_lines(out)


# (bracket change, leading closers, whether it has a top-level `=`, the key and value around it) of a line
_Line = tuple[int, int, bool, str, str]


def _line(line: str) -> _Line:
    change, closers, equals = _scan(line)
    if equals is None:
        return change, closers, False, "", ""
    return change, closers, True, line[:equals].rstrip(), line[equals + 1 :].strip()


def _flush(group: list[tuple[int, str, str]], out: list[str]) -> None:
    width = max(len(key) for _, key, _ in group)
    out.extend("  " * indent + key.ljust(width) + " = " + value for indent, key, value in group)
    group.clear()


def _close(levels: list[int], count: int) -> None:
    while count > 0 and levels:
        taken = min(count, levels[-1])
        levels[-1] -= taken
        count -= taken
        if not levels[-1]:
            levels.pop()


def _tidy_blank_lines(lines: list[str]) -> str:
    tidy: list[str] = []
    for line in lines:
        if not line and (not tidy or not tidy[-1] or tidy[-1].endswith(("{", "[", "("))):
            continue
        if tidy and not tidy[-1] and line.lstrip().startswith(("}", "]", ")")):
            tidy.pop()
        tidy.append(line)
    while tidy and not tidy[-1]:
        tidy.pop()
    return "\n".join(tidy) + "\n"
