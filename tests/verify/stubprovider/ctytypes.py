"""Terraform type constraints as the vendored schema writes them, read into cty's JSON type form.

The schema file writes `list(object({a=string,b=map(number)}))`; the plugin protocol wants the cty type as JSON:
`["list", ["object", {"a": "string", "b": ["map", "number"]}]]`. Primitive types are bare strings.
"""

from __future__ import annotations

import json
import re
from typing import Any

Cty = Any  # "string" | "number" | "bool" | "dynamic" | [kind, inner]

PRIMITIVES = ("string", "number", "bool", "dynamic")
_TOKEN = re.compile(r"\s*(list\(|set\(|map\(|object\(\{|\}\)|\)|,|=|[A-Za-z0-9_\-]+)")


class TypeSyntaxError(ValueError):
    """A type string the schema file should never hold."""


def parse_type(text: str) -> Cty:
    """`set(string)` -> ["set", "string"]; raises TypeSyntaxError on anything malformed."""
    tokens = _tokenize(text)
    value, end = _parse(tokens, 0, text)
    if end != len(tokens):
        raise TypeSyntaxError(f"unexpected {tokens[end]!r} after a complete type in {text!r}")
    return value


def _tokenize(text: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise TypeSyntaxError(f"cannot read type {text!r} at offset {pos}")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


def _parse(tokens: list[str], i: int, text: str) -> tuple[Cty, int]:
    if i >= len(tokens):
        raise TypeSyntaxError(f"type {text!r} ends early")
    token = tokens[i]
    if token in PRIMITIVES:
        return token, i + 1
    if token in ("list(", "set(", "map("):
        inner, i = _parse(tokens, i + 1, text)
        _expect(tokens, i, ")", text)
        return [token[:-1], inner], i + 1
    if token == "object({":
        attrs: dict[str, Cty] = {}
        i += 1
        while i < len(tokens) and tokens[i] != "})":
            name = tokens[i]
            _expect(tokens, i + 1, "=", text)
            attrs[name], i = _parse(tokens, i + 2, text)
            if i < len(tokens) and tokens[i] == ",":
                i += 1
        _expect(tokens, i, "})", text)
        return ["object", attrs], i + 1
    raise TypeSyntaxError(f"unknown type {token!r} in {text!r}")


def _expect(tokens: list[str], i: int, want: str, text: str) -> None:
    if i >= len(tokens) or tokens[i] != want:
        raise TypeSyntaxError(f"expected {want!r} in type {text!r}")


def to_json(cty: Cty) -> bytes:
    """The wire form of a cty type: compact JSON bytes."""
    return json.dumps(cty, separators=(",", ":")).encode()


def contains_dynamic(cty: Cty) -> bool:
    if isinstance(cty, str):
        return cty == "dynamic"
    if cty[0] == "object":
        return any(contains_dynamic(t) for t in cty[1].values())
    return contains_dynamic(cty[1])
