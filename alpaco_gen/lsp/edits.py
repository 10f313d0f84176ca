"""Where a finding sits in the editor's text, and the text edits of its mechanical fix.

Plain Python on the document text: positions are 0-based (line, column) in code points, as the loader counts
columns; the server converts columns to the client's units. A fix is found again from the finding's spec
path in the current text, so it applies to what the user sees even if they typed since the check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from alpaco_gen.diagnostics import Fix, SpecPath
from alpaco_gen.records import record

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
# Where a plain scalar or key ends on its line: a `: ` (or `:` at the end), a flow separator, a comment.
_PLAIN_END = re.compile(r":(?=\s|$)|[,\]}]|\s#")

Position = tuple[int, int]


@record
class Edit:
    """Replace the text from `start` to `end` (0-based line, code-point column) with `text`."""

    start: Position
    end: Position
    text: str


def token_range(lines: Sequence[str], line: int, column: int) -> tuple[Position, Position]:
    """The range of the YAML token starting at 1-based (line, column): a key, a scalar or a quoted string.

    Findings carry only where their node starts; this is what an editor underlines.
    """
    row = max(line - 1, 0)
    if row >= len(lines):
        return (row, 0), (row, 0)
    text = lines[row].rstrip("\r\n")
    start = min(max(column - 1, 0), len(text))
    end = _token_end(text, start)
    if end <= start:  # nothing to underline here (a value that starts on the next line): the rest of the line
        end = len(text.rstrip())
        start = min(start, end)
    return (row, start), (row, end)


def _token_end(text: str, start: int) -> int:
    if start >= len(text):
        return start
    quote = text[start]
    if quote in "\"'":
        i = start + 1
        while i < len(text):
            if quote == '"' and text[i] == "\\":
                i += 2
                continue
            if text[i] == quote:
                if quote == "'" and text[i + 1:i + 2] == "'":  # '' is an escaped quote
                    i += 2
                    continue
                return i + 1
            i += 1
        return len(text)
    if quote in "[{":
        return len(text.rstrip())
    match = _PLAIN_END.search(text, start)
    end = match.start() if match else len(text)
    return len(text[:end].rstrip())


def fix_edits(text: str, path: SpecPath, fix: Fix) -> list[Edit] | None:
    """The edits that apply `fix` at `path` in `text`; None when the text no longer has that place."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    if root is None:
        return None
    chain = _walk(root, path)
    if chain is None:
        return None
    if fix.replacement is not None:
        return _replace(chain[-1][1], fix.replacement)
    return _remove(_Lines(text), chain)


def _walk(root: Node, path: SpecPath) -> list[tuple[Node, Node]] | None:
    """[(parent, node)] along `path`; None when the path is not in the document or passes through an alias."""
    chain: list[tuple[Node, Node]] = []
    node = root
    for part in path:
        child: Node | None = None
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if _key(key_node) == part:
                    child = value_node  # the last of repeated keys wins, as in the loader
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        # An alias's node lies outside its parent's text: editing it would change every use of the anchor.
        if child is None or not _inside(child, node):
            return None
        chain.append((node, child))
        node = child
    return chain


def _inside(child: Node, parent: Node) -> bool:
    return parent.start_mark.index <= child.start_mark.index <= parent.end_mark.index


def _key(node: Node) -> Any:
    if isinstance(node, ScalarNode) and node.tag == _STR_TAG:
        return node.value
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except yaml.YAMLError:
        return None


def _replace(node: Node, replacement: str) -> list[Edit] | None:
    if not isinstance(node, ScalarNode):
        return None
    quote = node.style if node.style in ("'", '"') else ""
    return [Edit(_pos(node.start_mark), _pos(node.end_mark), f"{quote}{replacement}{quote}")]


def _remove(lines: _Lines, chain: list[tuple[Node, Node]]) -> list[Edit] | None:
    """Remove the mapping entry at the end of `chain`; when it is its mapping's only entry, the mapping's own
    entry instead (an empty `environment:` would be null, which the spec does not accept)."""
    mapping, value = chain[-1]
    if not isinstance(mapping, MappingNode):
        return None
    index = next(i for i, (_, v) in enumerate(mapping.value) if v is value)
    if len(mapping.value) == 1:
        return _remove(lines, chain[:-1]) if len(chain) > 1 else None
    key = mapping.value[index][0]
    if mapping.flow_style:
        if index + 1 < len(mapping.value):  # `a: 1, ` up to the next key
            return [Edit(_pos(key.start_mark), _pos(mapping.value[index + 1][0].start_mark), "")]
        previous_value = mapping.value[index - 1][1]  # `, a: 1` after the previous value
        return [Edit(_pos(previous_value.end_mark), _pos(value.end_mark), "")]
    start = _pos(key.start_mark)
    whole_lines = lines.blank_before(start)
    if index + 1 < len(mapping.value):
        following = _pos(mapping.value[index + 1][0].start_mark)
        if whole_lines:
            return [Edit((start[0], 0), (following[0], 0), "")]
        return [Edit(start, following, "")]  # the first key of a sequence item, after `- `
    if not whole_lines:
        return None
    return [Edit((start[0], 0), lines.end_of_entry(_pos(value.end_mark)), "")]


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def blank_before(self, position: Position) -> bool:
        line, column = position
        return line < len(self.lines) and not self.lines[line][:column].strip()

    def end_of_entry(self, end: Position) -> Position:
        """Where a block entry whose value ends at `end` ends: the start of the next line.

        A block collection ends where the next token starts, possibly lines later and indented: then the
        entry ends at the start of that token's line.
        """
        line, column = end
        if self.blank_before(end):
            return (line, 0)
        return (line + 1, 0) if line + 1 < len(self.lines) else (line, len(self.lines[line]))


def _pos(mark: Any) -> Position:
    return (mark.line, mark.column)
