"""Values of a resource or data source, walked along its Block: what the stub plans, applies and reads.

Values arrive as msgpack-decoded Python data: objects are dicts, lists and sets are lists, maps are dicts, and an
unknown value is an `Unknown` (cty's msgpack extension, kept byte for byte so refinements survive). A nested
block whose schema holds a `dynamic` value travels as a dynamic value: a pair [type JSON bytes, value].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .ctytypes import Cty
from .placeholders import placeholder
from .schema import Attribute, Block


@dataclass(frozen=True)
class Unknown:
    """cty's unknown value (msgpack extension type 0, or 12 with refinements)."""

    code: int = 0
    data: bytes = b"\x00"


UNKNOWN = Unknown()

# attr, its current value, whether it sits inside a set -> its new value
AttrFn = Callable[[Attribute, Any, bool], Any]


def is_known(value: Any) -> bool:
    """Whether value holds no unknown anywhere."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, dict):
        return all(is_known(v) for v in value.values())
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    return True


def walk(value: Any, block: Block, attr_fn: AttrFn, in_set: bool = False) -> Any:
    """A copy of the object `value` of `block`, each attribute replaced by attr_fn, nested blocks walked too."""
    if value is None or isinstance(value, Unknown):
        return value
    out = dict(value)
    for name, attr in block.attributes.items():
        out[name] = attr_fn(attr, out.get(name), in_set)
    for name, nested in block.blocks.items():
        current = out.get(name)
        wire_type = None
        if isinstance(current, list) and len(current) == 2 and isinstance(current[0], bytes):
            wire_type, current = current
        if current is None or isinstance(current, Unknown):
            continue
        inner_set = in_set or nested.nesting == "set"
        if nested.nesting in ("list", "set"):
            new: Any = [walk(e, nested.block, attr_fn, inner_set) for e in current]
        elif nested.nesting == "map":
            new = {k: walk(e, nested.block, attr_fn, in_set) for k, e in current.items()}
        else:
            new = walk(current, nested.block, attr_fn, in_set)
        out[name] = new if wire_type is None else [wire_type, new]
    return out


def plan_create(proposed: dict[str, Any], block: Block) -> dict[str, Any]:
    """The planned new object: the configuration, with every unset computed attribute unknown."""
    return walk(proposed, block, lambda a, v, _: UNKNOWN if v is None and a.computed else v)


def fill(value: Any, cty: Cty, name: str, region: str, *, nulls: bool, in_set: bool = False) -> Any:
    """value with unknowns (and nulls, when `nulls`) replaced by placeholders of the right type.

    Inside a set an unknown becomes null rather than a placeholder: set elements are identified by value, and a
    made-up value would make the applied element differ from the configured one on the next plan.
    """
    if isinstance(value, Unknown):
        return None if in_set else placeholder(cty, name, region)
    if value is None:
        return placeholder(cty, name, region) if nulls and not in_set else None
    if isinstance(cty, str):
        return value
    kind, inner = cty
    if kind in ("list", "set"):
        return [fill(e, inner, name, region, nulls=nulls, in_set=in_set or kind == "set") for e in value]
    if kind == "map":
        return {k: fill(e, inner, k, region, nulls=nulls, in_set=in_set) for k, e in value.items()}
    return {k: fill(value.get(k), t, k, region, nulls=nulls, in_set=in_set) for k, t in inner.items()}


Step = tuple[str, Any]  # ("attr", name), ("index", position) or ("key", map key)


def read_only_paths(config: Any, block: Block, path: tuple[Step, ...] = ()) -> list[tuple[Step, ...]]:
    """Paths of the read-only attributes a configuration sets (the provider rejects them)."""
    if not isinstance(config, dict):
        return []
    found = [(*path, ("attr", n)) for n, a in block.attributes.items() if a.read_only and config.get(n) is not None]
    for name, nested in block.blocks.items():
        current = config.get(name)
        if isinstance(current, list) and len(current) == 2 and isinstance(current[0], bytes):
            current = current[1]
        here = (*path, ("attr", name))
        if isinstance(current, list):
            for i, element in enumerate(current):
                found += read_only_paths(element, nested.block, (*here, ("index", i)))
        elif isinstance(current, dict) and nested.nesting == "map":
            for key, element in current.items():
                found += read_only_paths(element, nested.block, (*here, ("key", key)))
        elif isinstance(current, dict):
            found += read_only_paths(current, nested.block, here)
    return found


def empty_object(block: Block) -> dict[str, Any]:
    """An object of block with every attribute null and no nested blocks (what an import starts from)."""
    obj: dict[str, Any] = dict.fromkeys(block.attributes)
    for name, nested in block.blocks.items():
        obj[name] = {"list": [], "set": [], "map": {}}.get(nested.nesting)
    return obj
