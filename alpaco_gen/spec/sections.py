"""Load a spec that is edited again and again (the language server) by re-parsing only what changed.

A keystroke changes one place of the text, but composing YAML is most of checking a large spec. So the text
is cut where a top-level key starts (`functions:`) and, inside a block mapping section, where each of its
entries starts (`  worker:`); each piece is composed, checked for duplicate keys, constructed and mapped on
its own, and kept keyed by its text. The next load parses only the pieces whose text differs, shifts the
lines of the others, and joins them.

The result is exactly `load_yaml`'s, or None when the text is anything this cannot vouch for (then the caller
loads the whole text): a piece that does not parse on its own (a quoted or flow value cut by the split, an
alias to an anchor in another piece, a YAML error anywhere), a repeated key, a merge key at a joint, document
markers, directives and line breaks other than \\n and \\r\\n. Those are rare in a spec and usually brief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.spec import limits, loader
from alpaco_gen.spec.entry_models import EntryModels
from alpaco_gen.spec.loader import LoadedYaml, Position, SourceMap

_SECTION_HEADER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*:[ \t]*(#.*)?\r?")
_FOREIGN_BREAKS = ("\x85", "\u2028", "\u2029")
# Where a piece may start: what can begin a key, and no YAML indicator (`!tag`, `&anchor`, `- `, `? `, ...).
# Patterns start with the line break rather than `^`: a literal first character is much faster to scan for.
_TOP_KEY = re.compile(r"\n[A-Za-z0-9_\"']")
_MARKERS = re.compile(r"\n(?:---|\.\.\.|%)")
_CONTENT = re.compile(r"\n( *)[^ \r\n#]")
# What may be an anchor (`&name`): PyYAML refuses a name defined twice, which pieces alone cannot see.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&([^\s\[\]{},]+)")


@dataclass
class _Piece:
    """One parsed piece: its data and source map with paths below `prefix` and lines from its own start."""

    data: dict[Any, Any]
    root: Position
    values: dict[SpecPath, Position]
    keys: dict[SpecPath, Position]
    anchors: frozenset[str] = frozenset()
    shifted: dict[int, tuple[dict[SpecPath, Position], dict[SpecPath, Position]]] = field(default_factory=dict)

    def at(self, offset: int) -> tuple[dict[SpecPath, Position], dict[SpecPath, Position]]:
        """The source map with lines counted from the document's start (kept for the last offset)."""
        if offset not in self.shifted:
            self.shifted.clear()
            self.shifted[offset] = ({p: (line + offset, column) for p, (line, column) in self.values.items()},
                                    {p: (line + offset, column) for p, (line, column) in self.keys.items()})
        return self.shifted[offset]


class YamlCache:
    """What `load_yaml` needs of one document, kept between loads of successive versions of its text."""

    def __init__(self) -> None:
        self._pieces: dict[tuple[SpecPath, str], _Piece] = {}
        self._anchors: set[str] = set()  # of the pieces of the load under way
        self.entry_models = EntryModels()

    def load(self, text: str, display: str) -> LoadedYaml | None:
        """`load_yaml`'s result for `text`, from cached pieces where they are unchanged; None to load it whole."""
        if "\r" in text.replace("\r\n", "") or any(b in text for b in _FOREIGN_BREAKS):
            return None
        if len(text) > limits.MAX_SPEC_BYTES:
            return None
        if text.startswith(("---", "...", "%")) or _MARKERS.search(text):
            return None
        pieces: dict[tuple[SpecPath, str], _Piece] = {}
        self._anchors = set()
        data: dict[Any, Any] = {}
        source_map = SourceMap()
        lines = _Lines(text)
        for start, end in _spans([0, *(m.start() + 1 for m in _TOP_KEY.finditer(text))], 0, len(text)):
            if self._section(text, start, end, lines, display, pieces, data, source_map):
                continue
            piece = self._piece((), text, start, end, display, pieces)
            if piece is None or not _join(piece, (), lines.at(start), data, source_map):
                return None
        if not data:
            return None  # empty, or only comments: `load_yaml` says what is wrong
        self._pieces = pieces
        return LoadedYaml(display, data, source_map, [], self.entry_models)

    def _section(self, text: str, start: int, end: int, lines: _Lines, display: str,
                 used: dict[tuple[SpecPath, str], _Piece], data: dict[Any, Any], source_map: SourceMap) -> bool:
        """Join the top-level entry at `start` entry by entry when it is `key:` over a block mapping whose
        entries each load on their own; False (nothing joined) otherwise."""
        header, children = _entries(text, start, end)
        head_line = lines.at(start)
        anchors = set(self._anchors)
        head = self._piece((), text, start, header, display, used) if children else None
        if head is None or len(head.data) != 1 or next(iter(head.data.values())) is not None:
            self._anchors = anchors
            return False
        key = next(iter(head.data))
        section: dict[Any, Any] = {}
        joined: list[tuple[_Piece, int]] = []
        for child_start, child_end in children:
            piece = self._piece((key,), text, child_start, child_end, display, used)
            if piece is None or not _join_data(piece, (key,), section):
                self._anchors = anchors
                return False
            joined.append((piece, lines.at(child_start)))
        if not _join(head, (), head_line, data, source_map):
            self._anchors = anchors
            return False
        data[key] = section
        for piece, first_line in joined:  # into the document's map at once: it holds most of the document
            _join_map(piece, (key,), first_line, source_map)
        first, first_line = joined[0]  # a block mapping starts where its first key does
        source_map.values[(key,)] = (first.root[0] + first_line + 1, first.root[1])
        return True

    def _piece(self, prefix: SpecPath, text: str, start: int, end: int, display: str,
               used: dict[tuple[SpecPath, str], _Piece]) -> _Piece | None:
        cache_key = (prefix, text[start:end])  # with its final line break, which a block scalar keeps
        piece = self._pieces.get(cache_key) or used.get(cache_key)
        if piece is None:
            piece = _parse(prefix, cache_key[1], display)
        if piece is None or piece.anchors & self._anchors:
            return None
        self._anchors |= piece.anchors
        used[cache_key] = piece
        return piece


class _Lines:
    """0-based line numbers of offsets, asked for in increasing order (counted once, in C)."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 0

    def at(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 0
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _spans(starts: list[int], begin: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the pieces starting at `starts`; what precedes the first (comments) joins it."""
    if not starts:
        return []
    starts[0] = begin
    return list(zip(starts, [*starts[1:], end], strict=True))


def _entries(text: str, start: int, end: int) -> tuple[int, list[tuple[int, int]]]:
    """For `key:` over a block mapping whose lines are all indented at least as much as its keys: (where the
    header line ends, the (start, end) offsets of each entry); else (start, [])."""
    header_end = text.find("\n", start, end) + 1
    if not header_end or not _SECTION_HEADER.fullmatch(text, start, header_end - 1):
        return start, []
    first = _CONTENT.search(text, header_end - 1, end)
    if first is None or not first.group(1):
        return start, []
    indent = len(first.group(1))
    shallower = re.compile(rf"\n {{0,{indent - 1}}}[^ \r\n#]")
    not_a_key = re.compile(rf"\n {{{indent}}}[^ \r\n#A-Za-z0-9_\"']")
    if shallower.search(text, header_end - 1, end) or not_a_key.search(text, header_end - 1, end):
        return start, []
    child = re.compile(rf"\n {{{indent}}}[A-Za-z0-9_\"']")
    starts = [m.start() + 1 for m in child.finditer(text, header_end - 1, end)]
    return header_end, _spans(starts, header_end, end)


def _parse(prefix: SpecPath, text: str, display: str) -> _Piece | None:
    try:  # the input bounds hold for pieces too: the whole load reports any they find
        limits.check_depth(text, loader._Loader)
    except yaml.YAMLError:
        return None
    composer = loader._Loader(text)
    try:
        node = composer.get_single_node()
        if node is not None:
            limits.check_expansion(node, text)
        if node is None:
            return _Piece({}, (1, 1), {}, {}) if not prefix else None
        if not isinstance(node, MappingNode) or any(k.tag == loader._MERGE_TAG for k, _ in node.value):
            return None
        if (node.start_mark.line, node.start_mark.column) != _first_content(text):
            return None  # the cut is not where an entry starts
        if not prefix and node.start_mark.column:
            return None  # an indented top level: the whole document is one mapping at one indentation
        if any(True for _ in loader._duplicate_keys(node, display)):
            return None  # its message names the line of the first key: the whole load words it
        data = loader._Constructor().construct_document(node)
        source_map = loader._source_map(node)
    except yaml.YAMLError:
        return None
    finally:
        composer.dispose()
    if len(prefix) + max(map(len, source_map.values), default=0) >= limits.MAX_DEPTH:
        return None  # deep enough, with the sections above it, to be a finding of the whole load
    root = source_map.values.pop(())
    line_offset = -1  # pieces count lines from 1 like the document; shifting adds the piece's first line
    values = {(*prefix, *p): (line + line_offset, column) for p, (line, column) in source_map.values.items()}
    keys = {(*prefix, *p): (line + line_offset, column) for p, (line, column) in source_map.keys.items()}
    return _Piece(data, (root[0] + line_offset, root[1]), values, keys, frozenset(_ANCHOR.findall(text)))


def _first_content(text: str) -> tuple[int, int]:
    for row, line in enumerate(text.split("\n")):
        content = line.lstrip(" ")
        if content.strip() and not content.startswith("#"):
            return row, len(line) - len(content)
    return -1, -1


def _join(piece: _Piece, prefix: SpecPath, line: int, data: dict[Any, Any], source_map: SourceMap) -> bool:
    """Add a piece that starts on 0-based `line` to the document; False when one of its keys is already
    there (a duplicate to report)."""
    if not _join_data(piece, prefix, data):
        return False
    _join_map(piece, prefix, line, source_map)
    return True


def _join_data(piece: _Piece, prefix: SpecPath, data: dict[Any, Any]) -> bool:
    """Add a piece's data; False (nothing added) when one of its keys is already there."""
    if not piece.data and prefix:
        return False
    if any(key in data for key in piece.data):
        return False
    data.update(piece.data)
    return True


def _join_map(piece: _Piece, prefix: SpecPath, line: int, source_map: SourceMap) -> None:
    """Add the source map of a piece that starts on 0-based `line` (its data joined already)."""
    values, keys = piece.at(line + 1)
    if () not in source_map.values and not prefix and piece.data:
        source_map.values[()] = (piece.root[0] + line + 1, piece.root[1])
    source_map.values.update(values)
    source_map.keys.update(keys)
