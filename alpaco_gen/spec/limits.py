"""Input bounds of the loader: file size, nesting depth, alias expansion and the length of numbers.

Each bound stops a spec that would otherwise exhaust memory, time or the C stack before anything else looks
at it, and each is reported as a located finding (AG009) rather than a crash:

- libyaml composes nested collections recursively in C: a few tens of thousands of `[` overflow the stack
  (a segmentation fault, not an exception), so depth is measured on the event stream before composing.
- Aliases are shared nodes when composed, but every later step walks the expanded tree: ten branches that
  alias the level below, six levels deep, are a million states from 4.5 KB of YAML.
- Python refuses to convert integers of more than 4,300 digits, and nothing in a spec needs more than 40.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode

MAX_SPEC_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 100
# libyaml's composer recurses in C: 20,000 levels overflow an 8 MiB stack, and threads may have 512 KiB.
# Input that cannot nest deeper than this is composed without parsing it twice.
SAFE_COMPOSE_DEPTH = 1000
# Aliases may make the document this many times larger than written (legitimate anchors, like shared
# defaults, add a fraction); small specs get at least MIN_NODE_BUDGET nodes.
EXPANSION_RATIO = 4
MIN_NODE_BUDGET = 50_000
MAX_NUMBER_CHARS = 40
_CAP = 10**12  # sizes saturate here: a chain of doubling aliases would otherwise count to 2**100000

RULE = ("AG009", "input-limit")
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*", re.MULTILINE)  # `*name` needs a separator before it
_BLOCK_PREFIX = re.compile(r"^[ ?-]*", re.MULTILINE)  # indentation and compact `- `/`? ` indicators


class InputLimit(yaml.MarkedYAMLError):
    """A bound was exceeded at `problem_mark`; `help` says what to do."""

    def __init__(self, problem: str, mark: Any, help: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.help = help


def check_depth(text: str, loader_class: Any) -> None:
    """Raise InputLimit where nesting first goes deeper than MAX_DEPTH, when it could be deep enough to
    overflow the composer; shallower specs are composed, and the source map checks MAX_DEPTH on the nodes.

    Depth cannot exceed the `[`/`{` count plus what the deepest line prefix allows in block style, so for
    nearly every spec this costs two string scans and no parsing.
    """
    prefix = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    if text.count("[") + text.count("{") + 2 * prefix + 2 <= SAFE_COMPOSE_DEPTH:
        return
    depth = 0
    loader = None
    try:
        loader = loader_class(text)
        while (event := loader.get_event()) is not None:
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise too_deep(event.start_mark)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except InputLimit:
        raise
    except yaml.YAMLError as exc:
        # PyYAML >= 6.0.4 refuses deep flow nesting itself, while scanning ahead of the first deep event.
        if "maximum nesting depth" in str(exc) and (mark := _flow_too_deep(text)) is not None:
            raise too_deep(mark) from None
        return  # composing reports the syntax error, at a depth below the limit
    finally:
        if loader is not None:
            loader.dispose()


def _flow_too_deep(text: str) -> yaml.Mark | None:
    """Where `[`/`{` nesting first passes MAX_DEPTH, counting one level per two columns of block indentation
    (an estimate: only used once the parser has refused the nesting anyway); None if nowhere."""
    for number, line in enumerate(text.split("\n")):
        depth, quote = 1 + (len(line) - len(line.lstrip(" "))) // 2, ""
        for column, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 0 or line[column - 1] == " "):
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return yaml.Mark("", 0, number, column, None, None)  # type: ignore[arg-type]
            elif char in "]}":
                depth -= 1
    return None


def too_large() -> InputLimit:
    return InputLimit(f"the spec is larger than {MAX_SPEC_BYTES // (1024 * 1024)} MiB", None,
                      "Split the service into several specs; a spec this large is not one service.")


def too_deep(mark: Any) -> InputLimit:
    return InputLimit(f"the spec nests deeper than {MAX_DEPTH} levels here", mark,
                      "Flatten the structure; no part of a spec needs this depth.")


def check_expansion(root: Node, text: str) -> None:
    """Raise InputLimit when aliases expand the document past its node budget or MAX_DEPTH."""
    if not _ALIAS.search(text):
        return
    sizes: dict[int, int] = {}  # expanded node count, saturating at _CAP
    depths: dict[int, int] = {}
    references: dict[int, int] = {id(root): 1}
    nodes: dict[int, Node] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, ScalarNode):
            sizes[key], depths[key], nodes[key] = 1, 0, node
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else node.value
        if children_done:
            sizes[key] = min(_CAP, 1 + sum(sizes[id(child)] for child in children))
            depths[key] = 1 + max((depths[id(child)] for child in children), default=0)
            continue
        if key in nodes:
            continue
        nodes[key] = node
        stack.append((node, True))
        for child in children:
            references[id(child)] = references.get(id(child), 0) + 1
            if id(child) not in nodes:
                stack.append((child, False))
    help_text = "Write the repeated parts out, or reuse smaller anchors; an alias should not multiply the spec."
    if depths[id(root)] > MAX_DEPTH:
        deepest = max(nodes, key=lambda k: (references[k] > 1, depths[k]))
        raise InputLimit(f"aliases nest the spec deeper than {MAX_DEPTH} levels through the node anchored here",
                         nodes[deepest].start_mark, help_text)
    budget = max(MIN_NODE_BUDGET, EXPANSION_RATIO * len(nodes))
    total = sizes[id(root)]
    if total <= budget:
        return
    culprit = max((k for k, count in references.items() if count > 1),
                  key=lambda k: sizes[k] * (references[k] - 1))
    raise InputLimit(
        f"aliases expand the spec to {_shown(total)} nodes ({len(nodes):,} as written; at most {budget:,} are "
        f"allowed): the node anchored here, of {_shown(sizes[culprit])} nodes, appears "
        f"{references[culprit]:,} times", nodes[culprit].start_mark, help_text)


def _shown(size: int) -> str:
    return f"more than {_CAP:,}" if size >= _CAP else f"{size:,}"


def check_number(node: ScalarNode, kind: str) -> None:
    """Raise InputLimit for a number literal too long to be a sensible value (before converting it)."""
    if len(node.value) > MAX_NUMBER_CHARS:
        raise InputLimit(f"{kind} of {len(node.value):,} characters; numbers in a spec have at most "
                         f"{MAX_NUMBER_CHARS}", node.start_mark,
                         "Use a number in range, or quote the value if it is text.")
