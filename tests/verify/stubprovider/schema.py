"""The vendored provider schema (tests/verify/data/provider-schemas.json) as a block model, and its protocol form.

The file has one entry per provider (`providers.aws`, `.archive`, ...) in a compact form: `arguments` (required
flag and type constraint), nested `blocks` (nesting, min/max items, `as_attribute`), read-only `computed`
attributes. What it cannot say, and this model therefore decides:

- which optional arguments the real provider also computes: all of them (but `tags`), so an unset one plans as
  "(known after apply)" rather than null, as most do for real;
- `as_attribute` blocks are attributes of object type (SDKv2 "attributes as blocks"): Terraform accepts both
  block and attribute syntax for them, as it does with the real provider;
- a set of blocks holding a `dynamic` value is served as a list (Terraform refuses sets of dynamic values).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ctytypes import Cty, contains_dynamic, parse_type

NEVER_COMPUTED = {"tags"}  # tags_all = default_tags + tags needs tags known (null) at plan


@dataclass
class Attribute:
    name: str
    cty: Cty
    required: bool = False
    optional: bool = False
    computed: bool = False

    @property
    def read_only(self) -> bool:
        return self.computed and not self.optional


@dataclass
class NestedBlock:
    name: str
    nesting: str  # list, set, single, map
    block: Block
    min_items: int = 0
    max_items: int = 0


@dataclass
class Block:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: dict[str, NestedBlock] = field(default_factory=dict)

    def has_dynamic(self) -> bool:
        return any(contains_dynamic(a.cty) for a in self.attributes.values()) or any(
            b.block.has_dynamic() for b in self.blocks.values()
        )


def _object_type(node: dict[str, Any]) -> Cty:
    """The object type of a compact block, for blocks the provider declares as attributes."""
    attrs: dict[str, Cty] = {n: parse_type(a["type"]) for n, a in node.get("arguments", {}).items()}
    attrs.update({n: parse_type(t) for n, t in node.get("computed", {}).items()})
    for n, b in node.get("blocks", {}).items():
        inner = _object_type(b)
        attrs[n] = inner if b["nesting"] == "single" else [b["nesting"], inner]
    return ["object", attrs]


def build_block(node: dict[str, Any]) -> Block:
    """A resource's or data source's compact schema node -> Block."""
    block = Block()
    for name, arg in sorted(node.get("arguments", {}).items()):
        required = bool(arg["required"])
        computed = not required and name not in NEVER_COMPUTED
        block.attributes[name] = Attribute(name, parse_type(arg["type"]), required, not required, computed)
    for name, type_text in sorted(node.get("computed", {}).items()):
        block.attributes[name] = Attribute(name, parse_type(type_text), computed=True)
    for name, sub in sorted(node.get("blocks", {}).items()):
        nesting = sub["nesting"]
        if sub.get("as_attribute"):
            inner = _object_type(sub)
            cty = inner if nesting == "single" else [nesting, inner]
            block.attributes[name] = Attribute(name, cty, optional=True, computed=True)
            continue
        inner_block = build_block(sub)
        if nesting == "set" and inner_block.has_dynamic():
            nesting = "list"
        min_items = sub.get("min_items", 1 if sub.get("required") and nesting in ("list", "set") else 0)
        block.blocks[name] = NestedBlock(name, nesting, inner_block, min_items or 0, sub.get("max_items") or 0)
    return block


def settable(block: Block) -> Block:
    """A provider configuration block: nothing in it is computed (Terraform rejects computed there)."""
    for attr in block.attributes.values():
        attr.optional, attr.computed = not attr.required, False
    for nested in block.blocks.values():
        settable(nested.block)
    return block


@dataclass
class ProviderSchema:
    """One provider of the schema file: its address, version and every type it serves."""

    name: str  # aws
    source: str  # hashicorp/aws
    version: str  # 6.25.0
    config: Block
    resources: dict[str, Block]
    data_sources: dict[str, Block]

    @property
    def address(self) -> str:
        return f"registry.terraform.io/{self.source}"


def load(schema_file: Path | str, name: str) -> ProviderSchema:
    """Read provider `name` from the schema file (the whole file is read; building blocks is quick)."""
    document = json.loads(Path(schema_file).read_text(encoding="utf-8"))
    try:
        entry = document["providers"][name]
    except KeyError:
        raise SystemExit(f"{schema_file}: no provider {name!r}") from None
    return ProviderSchema(
        name=name,
        source=entry["source"],
        version=entry["version"],
        config=settable(build_block(entry.get("provider_config") or {})),
        resources={t: build_block(n) for t, n in entry["resources"].items()},
        data_sources={t: build_block(n) for t, n in entry["data_sources"].items()},
    )


def providers(schema_file: Path | str) -> dict[str, tuple[str, str]]:
    """name -> (source, version) of every provider the schema file holds (for the installer)."""
    document = json.loads(Path(schema_file).read_text(encoding="utf-8"))
    return {n: (e["source"], e["version"]) for n, e in sorted(document["providers"].items())}
