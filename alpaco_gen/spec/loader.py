"""Load service.yaml: plain data as `yaml.safe_load` gives it, a source map, and findings for YAML mistakes.

The document is composed once into nodes (which know their line and column), checked for duplicate keys,
then constructed with PyYAML's safe constructor. Later steps report a *path*; the source map turns it into
a position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from alpaco_gen.diagnostics import Finding, Severity, SpecPath, UnusableInput
from alpaco_gen.spec import limits
from alpaco_gen.spec.constructor import Constructor as _Constructor
from alpaco_gen.spec.reading import decode, read_spec_bytes

if TYPE_CHECKING:
    from alpaco_gen.spec.entry_models import EntryModels
    from alpaco_gen.spec.sections import YamlCache

# libyaml composes several times faster than the pure-Python parser; both give the same nodes.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"

Position = tuple[int, int]


@dataclass
class SourceMap:
    """Spec path -> 1-based (line, column) of its value node, and of its key node inside a mapping."""

    values: dict[SpecPath, Position] = field(default_factory=dict)
    keys: dict[SpecPath, Position] = field(default_factory=dict)

    def locate(self, path: SpecPath, key: bool = False) -> Position:
        """Position of the value at `path` (of its mapping key with `key=True`).

        A path that is not in the document (a missing field) falls back to its longest existing prefix,
        pointing at that prefix's key: the mapping the field is missing from.
        """
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.values:
                if key or end < len(path):
                    return self.keys.get(prefix, self.values[prefix])
                return self.values[prefix]
        return (1, 1)


@dataclass
class LoadedYaml:
    """One loaded spec file. `data` is None when the YAML itself is broken (see `findings`)."""

    file: str
    data: Any = field(repr=False)  # aliases can make its repr enormous
    source_map: SourceMap = field(repr=False)
    findings: list[Finding] = field(default_factory=list)
    # Models of entries validated in the last check of this document (the language server), to reuse
    entry_models: EntryModels | None = field(default=None, repr=False, compare=False)


def load_yaml(path: Path, display: str, text: str | None = None, cache: YamlCache | None = None) -> LoadedYaml:
    """Read and parse `path`, or `text` as its content (an editor's unsaved buffer); `display` is the file
    name used in messages. With a `cache` (kept by the caller for this document), parts of `text` that are
    unchanged since the last load are not parsed again.

    YAML syntax errors, duplicate keys and exceeded input bounds (spec/limits.py) are findings. A file that
    cannot be used at all (missing, a directory or device, not UTF-8, not a mapping at the top) raises
    `UnusableInput`.
    """
    if text is None:
        raw = read_spec_bytes(path, display)
        if len(raw) > limits.MAX_SPEC_BYTES:
            return _broken(display, "", limits.too_large())
        text = decode(raw, display)
    elif cache is not None and (cached := cache.load(text, display)) is not None:
        return cached
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> LoadedYaml:
    """Parse spec text (a file's, standard input's or an editor's); as `load_yaml` after reading."""
    if len(text) > limits.MAX_SPEC_BYTES:
        return _broken(display, "", limits.too_large())
    try:
        limits.check_depth(text, _Loader)
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the pure-Python reader rejects control characters up front
        return _broken(display, text, exc)
    try:
        node = loader.get_single_node()
        if node is not None:
            limits.check_expansion(node, text)
    except yaml.YAMLError as exc:
        return _broken(display, text, exc)
    finally:
        loader.dispose()
    if node is None:
        raise UnusableInput(f"{display}: the file is empty; a spec is a mapping of `key: value` lines")
    if not isinstance(node, MappingNode):
        raise UnusableInput(f"{display}: the top level must be a mapping of `key: value` lines, "
                            f"got {_kind(node)}")

    findings = list(_duplicate_keys(node, display))
    try:
        # Flattens merge keys (`<<`) in place, so the source map below sees merged keys like safe_load does.
        data = _Constructor().construct_document(node)
        source_map = _source_map(node)
    except yaml.YAMLError as exc:
        return _broken(display, text, exc, findings)
    return LoadedYaml(display, data, source_map, findings)


def locate(findings: Iterable[Finding], loaded: LoadedYaml) -> list[Finding]:
    """Fill file, line and column of each finding from its path; findings that have a line keep it."""
    located = []
    for finding in findings:
        if finding.line:
            file = finding.file or loaded.file
            located.append(finding.located(file, finding.line, finding.column))
        else:
            line, column = loaded.source_map.locate(finding.path, key=finding.key)
            located.append(finding.located(loaded.file, line, column))
    return located


def _broken(display: str, text: str, exc: yaml.YAMLError, findings: Iterable[Finding] = ()) -> LoadedYaml:
    line, column = _error_position(text, exc)
    problem = _error_message(exc)
    rule, help_text = ("AG001", "yaml-syntax"), _syntax_help(problem)
    if isinstance(exc, limits.InputLimit):
        rule, help_text = limits.RULE, exc.help
    finding = Finding(*rule, Severity.ERROR, problem, help=help_text, file=display, line=line, column=column)
    return LoadedYaml(display, None, SourceMap(), [*findings, finding])


def _error_position(text: str, exc: yaml.YAMLError) -> Position:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return (mark.line + 1, mark.column + 1)
    # A ReaderError has no mark, and its position is in bytes for libyaml but characters for PyYAML.
    character = getattr(exc, "character", None)
    index = text.find(chr(character)) if isinstance(character, int) else -1
    if index < 0:
        return (1, 1)
    return (text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))


def _error_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, ReaderError):
        return f"character #x{exc.character:04X} is not allowed in YAML ({exc.reason})"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if not context:
        return problem
    if context.startswith("while") and context_mark is not None:
        return f"{problem} {context} started at line {context_mark.line + 1}"
    return f"{context}, {problem}"


def _syntax_help(problem: str) -> str:
    if "\\t" in problem or "cannot start any token" in problem:
        return "Indent with spaces; YAML does not allow tab characters for indentation."
    if "mapping values are not allowed" in problem:
        return "Check the indentation of this line, and quote values that contain `: `."
    if "another document" in problem:
        return "A spec is a single YAML document: remove the extra `---`."
    if "alias" in problem:
        return "Define the anchor (`&name`) before using it as `*name`."
    if "invalid date" in problem:
        return "Write a real date, or quote the value to keep it as text."
    if " is not " in problem and problem.startswith("'"):
        return "Write a value of the type the `!!tag` names, or remove the tag."
    if "is not allowed in YAML" in problem:
        return "Delete this control character; it may be invisible in your editor."
    if "constructor for the tag" in problem:
        return "Remove the `!tag`; a spec uses plain YAML values only."
    return "Fix the YAML syntax here: check indentation, quotes and closing brackets."


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the single value {node.value!r}"


def _duplicate_keys(root: MappingNode, display: str) -> Iterable[Finding]:
    """Every repeated key of every mapping (before merge keys are applied: merging is not a duplicate)."""
    constructor = _Constructor()
    seen_nodes: set[int] = set()
    stack: list[tuple[SpecPath, Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen_nodes or isinstance(node, ScalarNode):
            continue
        seen_nodes.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(((*path, i), item) for i, item in enumerate(node.value))
            continue
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, ScalarNode):
                continue
            try:
                key = _key(constructor, key_node)
                hash(key)
            except (yaml.YAMLError, TypeError):
                continue  # construction reports it
            stack.append(((*path, key), value_node))
            mark = key_node.start_mark
            if key in first_line:
                yield Finding(
                    "AG002", "duplicate-key", Severity.ERROR,
                    f"duplicate key {key!r} (first on line {first_line[key]}); YAML would keep only the last",
                    help=f"Keep one `{key}` entry in this mapping and delete or rename the others.",
                    path=(*path, key), key=True, file=display, line=mark.line + 1, column=mark.column + 1,
                )
            else:
                first_line[key] = mark.line + 1


def _source_map(root: MappingNode) -> SourceMap:
    """One walk over the (merge-flattened) nodes, in document order.

    A node reached again through an alias is not walked again, so alias-heavy documents stay linear. The
    alias's own position is not kept by PyYAML: the alias path points at the anchored node, and paths below
    it fall back to the key that holds the alias.
    """
    source_map = SourceMap()
    constructor = _Constructor()
    walked: set[int] = set()
    stack: list[tuple[SpecPath, Node]] = [((), root)]
    source_map.values[()] = _pos(root)
    while stack:
        path, node = stack.pop()
        if isinstance(node, ScalarNode) or id(node) in walked:
            continue
        if len(path) >= limits.MAX_DEPTH:  # the root mapping is level 1
            raise limits.too_deep(node.start_mark)
        walked.add(id(node))
        children: list[tuple[SpecPath, Node]] = []
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                source_map.values[child] = _pos(item)
                children.append((child, item))
        else:
            # Like safe_load, the last of repeated keys wins (explicit keys come after merged ones).
            pairs = {_key(constructor, k): (k, v) for k, v in node.value}
            for key, (key_node, value_node) in pairs.items():
                child = (*path, key)
                source_map.keys[child] = _pos(key_node)
                source_map.values[child] = _pos(value_node)
                children.append((child, value_node))
        stack.extend(reversed(children))  # document order: an anchor is walked under its own path
    return source_map


def _key(constructor: SafeConstructor, node: Node) -> Any:
    """A mapping key as safe_load constructs it; plain text keys (nearly all) skip the constructor."""
    if node.tag == _STR_TAG and isinstance(node, ScalarNode):
        return node.value
    return constructor.construct_object(node, deep=True)


def _pos(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)
