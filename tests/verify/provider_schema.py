"""AWS provider schema conformance for a Terraform root: our offline stand-in for `terraform validate`.

`check_root(path)` parses every `*.tf` of one root with python-hcl2 (8.x, which marks blocks with
`__is_block__`) and checks each resource and data block against the vendored hashicorp/aws 6.25 schema subset
(tests/verify/data/aws-provider-subset.json, refreshed by scripts/refresh_provider_schema.py):

- only arguments and nested blocks the schema knows, each in its own syntax (argument vs block; `as_attribute`
  blocks either way, every field given in attribute syntax), and Terraform's meta-arguments;
- every required argument and nested block set, recursively; no more blocks than `max_items`;
- no computed-only (read-only) attribute set;
- every reference (`aws_x.n.attr`, `data.aws_x.n.attr`, `var.x`, `local.x`, `module.x`) points to something
  declared, resource attributes exist (and one level into nested blocks), instance keys match count/for_each;
- every declared variable and local is used;
- `required_providers` pins each provider used with a constraint that admits the vendored version.

Run by hand: `python tests/verify/provider_schema.py generated/<service>/terraform`.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
from hcl2.utils import SerializationOptions

SUBSET = Path(__file__).resolve().parent / "data" / "aws-provider-subset.json"
FULL_AWS = Path(__file__).resolve().parents[3] / "shared" / "aws-provider-schema" / "aws-provider-6.25.0.json"

# python-hcl2 8 is not thread-safe (concurrent loads() corrupt each other's output: seen as objects serialized
# as strings when the property tests check roots from two threads), so every parse takes this lock.
_HCL_LOCK = threading.Lock()
_HCL_OPTIONS = SerializationOptions(with_comments=False, explicit_blocks=True, preserve_heredocs=False)
_META = {"__is_block__", "__start_line__", "__end_line__", "__comments__", "__inline_comments__"}
# Meta-arguments valid on every resource (data sources accept the same set minus provisioner/connection).
_META_ARGS = {"count", "for_each", "depends_on", "provider"}
_META_BLOCKS = {"lifecycle", "provisioner", "connection"}
_LIFECYCLE_KEYS = {
    "create_before_destroy",
    "prevent_destroy",
    "ignore_changes",
    "replace_triggered_by",
    "precondition",
    "postcondition",
    "action_trigger",
}
# Terraform's built-in resource: not in any provider schema.
_TERRAFORM_DATA = {
    "arguments": {
        "input": {"required": False, "type": "dynamic"},
        "triggers_replace": {"required": False, "type": "dynamic"},
    },
    "blocks": {},
    "computed": {"id": "string", "output": "dynamic"},
    "attributes": ["id", "input", "output", "triggers_replace"],
}
_IGNORED_ROOTS = {"each", "count", "self", "path", "terraform", "provider"}


def _args(required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict[str, dict]:
    return {**{a: {"required": True} for a in required}, **{a: {"required": False} for a in optional}}


_CONDITION = {"arguments": _args(("condition", "error_message")), "blocks": {}, "nesting": "list"}
# Terraform's own blocks, in the provider schema's shape, so that `_Checker.body` checks them too.
_VARIABLE = {
    "arguments": _args((), ("description", "type", "default", "sensitive", "nullable", "ephemeral")),
    "blocks": {"validation": _CONDITION},
}
_OUTPUT = {
    "arguments": _args(("value",), ("description", "sensitive", "ephemeral", "depends_on")),
    "blocks": {"precondition": _CONDITION},
}
_HCL_KEYWORDS = {"true", "false", "null", "for", "in", "if", "endif", "else", "endfor"}


@dataclass(frozen=True)
class Violation:
    """One schema or reference problem, located by file, line of the enclosing block and block address."""

    file: str
    line: int
    address: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.address}: {self.message}"


@dataclass
class RootResult:
    violations: list[Violation] = field(default_factory=list)
    blocks: int = 0  # resource + data blocks checked


# --------------------------------------------------------------------------- schema


@functools.lru_cache(maxsize=4)
def load_schema(path: Path = SUBSET) -> dict[str, dict]:
    """Provider local name -> {source, version, provider_config, resources, data_sources}."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["providers"]


@functools.lru_cache(maxsize=1)
def _full_aws_types() -> tuple[frozenset[str], frozenset[str]]:
    """Types of the shared aws schema, to tell 'not vendored' from 'does not exist' (empty if absent)."""
    if not FULL_AWS.exists():
        return frozenset(), frozenset()
    full = json.loads(FULL_AWS.read_text(encoding="utf-8"))
    return frozenset(full["resources"]), frozenset(full["data_sources"])


def _provider_of(type_name: str) -> str:
    return type_name.split("_", 1)[0]


def _type_schema(schemas: dict, kind: str, type_name: str) -> dict | None:
    if kind == "resources" and type_name == "terraform_data":
        return _TERRAFORM_DATA
    return schemas.get(_provider_of(type_name), {}).get(kind, {}).get(type_name)


# --------------------------------------------------------------------------- version constraints


def _version_tuple(text: str) -> tuple[int, int, int, int]:
    """(major, minor, patch, number of segments given); unspecified segments are zero, as Terraform does."""
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", text.strip())
    if not m:
        raise ValueError(f"not a version: {text!r}")
    nums = [int(g) if g is not None else 0 for g in m.groups()]
    return nums[0], nums[1], nums[2], sum(g is not None for g in m.groups())


def constraint_admits(constraint: str, version: str) -> bool:
    """Does a Terraform provider version constraint (comma = and) admit `version`?

    Terraform (apparentlymart/go-versions, "ruby style"): missing segments are zero for every operator, so
    `= 6.25` means exactly 6.25.0; `~> X.Y.Z` allows >= X.Y.Z, < X.(Y+1).0; `~> X.Y` and `~> X` allow
    >= X.Y.0, < (X+1).0.0. packaging's `~=` differs (`~=6` is invalid, `~=6.25.0` is the same), hence this.
    Raises ValueError for a malformed constraint.
    """
    v = _version_tuple(version)[:3]
    for part in constraint.split(","):
        m = re.fullmatch(r"\s*(~>|>=|<=|!=|=|>|<)?\s*([0-9][0-9.]*)\s*", part)
        if not m:
            raise ValueError(f"malformed version constraint {part.strip()!r}")
        op = m.group(1) or "="
        *bound_l, given = _version_tuple(m.group(2))
        bound = tuple(bound_l)
        if op == "~>":
            upper = (bound[0], bound[1] + 1, 0) if given == 3 else (bound[0] + 1, 0, 0)
            ok = bound <= v < upper
        else:
            ok = {
                "=": v == bound,
                "!=": v != bound,
                ">": v > bound,
                ">=": v >= bound,
                "<": v < bound,
                "<=": v <= bound,
            }[op]
        if not ok:
            return False
    return True


# --------------------------------------------------------------------------- expressions


def unquote(text: Any) -> str:
    """python-hcl2 8.x keeps the quotes of string literals and labels: `"\\"x\\""` -> `x`."""
    s = str(text)
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        return re.sub(r'\\(["\\])', r"\1", s[1:-1])
    return s


@dataclass(frozen=True)
class Ref:
    root: str
    segments: tuple[tuple[str, str], ...]  # ("attr", name) | ("index", text) | ("splat", "*")


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_DIGITS = re.compile(r"\d+")
_NUMBER = re.compile(r"[0-9][0-9A-Za-z_.]*")


def _skip_string(s: str, i: int) -> int:
    """i at an opening quote; return the index after the closing quote (template interpolations included)."""
    i += 1
    depth = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if depth == 0 and c == '"':
            return i + 1
        if c == "{":
            depth += 1
        elif c == "}" and depth:
            depth -= 1
        i += 1
    return i


def _traversal(s: str, i: int) -> tuple[list[tuple[str, str]], int]:
    """Segments following a root identifier ending at i."""
    segs: list[tuple[str, str]] = []
    while i < len(s):
        if s.startswith(".*", i):
            segs.append(("splat", "*"))
            i += 2
        elif s[i] == "." and (m := _IDENT.match(s, i + 1)):
            segs.append(("attr", m.group()))
            i = m.end()
        elif s[i] == "." and (m := _DIGITS.match(s, i + 1)):
            segs.append(("index", m.group()))
            i = m.end()
        elif s[i] == "[":
            depth, j = 0, i
            while j < len(s):
                if s[j] == '"':
                    j = _skip_string(s, j)
                    continue
                depth += {"[": 1, "]": -1}.get(s[j], 0)
                j += 1
                if depth == 0:
                    break
            inner = s[i + 1 : j - 1].strip()
            segs.append(("splat", "*") if inner == "*" else ("index", inner))
            i = j
        else:
            break
    return segs, i


def references(expr: str) -> Iterator[Ref]:
    """Every traversal rooted at an identifier in an HCL expression or template, as python-hcl2 prints it.

    Literal text is skipped; `${...}` / `%{...}` interpolations inside strings are scanned; `$${` is literal.
    """
    # stack of modes: "code" or "str"; code frames count their open braces so `}` ends an interpolation.
    stack: list[list[Any]] = [["code", 0]]
    i, n = 0, len(expr)
    while i < n:
        mode = stack[-1]
        c = expr[i]
        if mode[0] == "str":
            if c == "\\":
                i += 2
            elif expr.startswith("$${", i) or expr.startswith("%%{", i):
                i += 3
            elif expr.startswith("${", i) or expr.startswith("%{", i):
                stack.append(["code", 0])
                i += 2
            elif c == '"':
                stack.pop()
                i += 1
            else:
                i += 1
            continue
        if c == '"':
            stack.append(["str", 0])
            i += 1
        elif c == "{":
            mode[1] += 1
            i += 1
        elif c == "}":
            if mode[1] == 0 and len(stack) > 1:
                stack.pop()
            else:
                mode[1] = max(0, mode[1] - 1)
            i += 1
        elif c.isdigit():
            m = _NUMBER.match(expr, i)
            i = m.end() if m else i + 1
        elif (m := _IDENT.match(expr, i)) and (i == 0 or expr[i - 1] != "."):
            if expr.startswith("::", m.end()):  # provider::aws::fn(...)
                i = m.end() + 2
                continue
            segs, _ = _traversal(expr, m.end())
            if segs:
                yield Ref(m.group(), tuple(segs))
            i = m.end()
        elif m:
            i = m.end()
        else:
            i += 1


def _strings(value: Any) -> Iterator[str]:
    """Every expression string within a serialized value (object keys too, when they are expressions)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in _META:
                continue
            if "${" in key:
                yield key
            yield from _strings(item)


def _matching(text: str, i: int) -> int:
    """Index of the bracket closing the one at i (strings skipped); len(text) if unbalanced."""
    pairs = {"{": "}", "[": "]", "(": ")"}
    stack: list[str] = []
    while i < len(text):
        c = text[i]
        if c == '"':
            i = _skip_string(text, i)
            continue
        if c in pairs:
            stack.append(pairs[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                return i
        i += 1
    return len(text)


def _object_keys(body: str) -> set[str]:
    """Top-level keys of an HCL object constructor's body (`a = 1, "b" = x, c: y`)."""
    keys, depth, start, i = set(), 0, 0, 0
    items = []
    while i < len(body):
        c = body[i]
        if c == '"':
            i = _skip_string(body, i)
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif c in ",\n" and depth == 0:
            items.append(body[start:i])
            start = i + 1
        i += 1
    items.append(body[start:])
    for item in items:
        m = re.match(r'\s*"?([A-Za-z_][A-Za-z0-9_-]*)"?\s*[=:]', item)
        if m:
            keys.add(m.group(1))
    return keys


def _template_variables(template: str) -> set[str]:
    """Variables a templatefile() template reads: root identifiers in `${...}` / `%{...}` (not `$${`)."""
    names: set[str] = set()
    for m in re.finditer(r"(?<![$%])[$%]\{", template):
        inner = template[m.end() : _matching(template, m.end() - 1)]
        for ident in re.finditer(r"(?<![.\w])[A-Za-z_][A-Za-z0-9_]*(?!\s*\()", inner):
            if ident.group() not in _HCL_KEYWORDS and not _inside_string(inner, ident.start()):
                names.add(ident.group())
    return names


def _inside_string(text: str, pos: int) -> bool:
    return text.count('"', 0, pos) % 2 == 1


def _is_block(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(x, dict) and x.get("__is_block__") for x in value)
    )


# --------------------------------------------------------------------------- the root


@dataclass
class _Decl:
    file: str
    line: int
    keyed: bool  # has count or for_each


@dataclass
class _Root:
    path: Path = Path(".")
    files: dict[str, dict] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    resources: dict[str, _Decl] = field(default_factory=dict)  # "aws_x.name"
    data: dict[str, _Decl] = field(default_factory=dict)  # "aws_x.name" (without data.)
    variables: dict[str, _Decl] = field(default_factory=dict)
    locals: dict[str, _Decl] = field(default_factory=dict)
    modules: set[str] = field(default_factory=set)


def _labels(block_list: list) -> Iterator[tuple[tuple[str, ...], dict]]:
    """Flatten python-hcl2's nesting of labelled blocks: [{'"a"': {'"b"': body}}] -> (("a", "b"), body)."""

    def walk(node: dict, labels: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], dict]]:
        if node.get("__is_block__"):
            yield labels, node
            return
        for key, sub in node.items():
            if key not in _META and isinstance(sub, dict):
                yield from walk(sub, labels + (unquote(key),))

    for item in block_list:
        yield from walk(item, ())


def _line_of(text: str, *words: str) -> int:
    """1-based line of a block header such as `resource "aws_x" "name"` (python-hcl2 8 gives no positions)."""
    pattern = r"^[ \t]*" + r"\s+".join(
        re.escape(w) if i == 0 else rf'"?{re.escape(w)}"?' for i, w in enumerate(words)
    )
    m = re.search(pattern + r"[\s{]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def neutralize_escapes(text: str) -> str:
    """Replace template escapes (`$${`, `%%{`, and longer runs such as `$$$${`) by plain text.

    python-hcl2 8.1 rejects valid HCL like `"$${\""` ("No terminal matches '$'"), which Terraform reads as the
    literal `${"`. A run of two or more `$`/`%` before `{` never starts an interpolation, and the checks never
    read literal text, so plain letters in its place change nothing but the parse. Newlines are kept, so lines
    still match the source.
    """
    return re.sub(r"(\$\$+|%%+)\{", lambda m: "_" * len(m.group()), text)


def _load_root(root: Path, out: list[Violation]) -> _Root:
    r = _Root(path=root)
    for tf in sorted(root.glob("*.tf")):
        text = tf.read_text(encoding="utf-8")
        try:
            with _HCL_LOCK:
                r.files[tf.name] = hcl2.loads(neutralize_escapes(text), serialization_options=_HCL_OPTIONS)
        except Exception as exc:  # a parse error is a finding about the file, not a fault of the checker
            out.append(Violation(tf.name, 1, "-", f"cannot parse: {str(exc).splitlines()[0]}"))
            continue
        r.texts[tf.name] = text
        doc = r.files[tf.name]
        for kind, table in (("resource", r.resources), ("data", r.data)):
            for labels, body in _labels(doc.get(kind, [])):
                addr = ".".join(labels)
                if addr in table:
                    out.append(
                        Violation(tf.name, _line_of(text, kind, *labels), addr, f"duplicate {kind} block")
                    )
                table[addr] = _Decl(
                    tf.name, _line_of(text, kind, *labels), "count" in body or "for_each" in body
                )
        for labels, _body in _labels(doc.get("variable", [])):
            r.variables[labels[0]] = _Decl(tf.name, _line_of(text, "variable", *labels), False)
        for body in doc.get("locals", []):
            for key in body:
                if key not in _META:
                    r.locals[key] = _Decl(tf.name, _line_of(text, key), False)
        for labels, _body in _labels(doc.get("module", [])):
            r.modules.add(labels[0])
    return r


class _Checker:
    def __init__(self, root: _Root, schemas: dict, out: list[Violation]):
        self.root, self.schemas, self.out = root, schemas, out
        self.used_vars: set[str] = set()
        self.used_locals: set[str] = set()

    def report(self, file: str, line: int, address: str, message: str) -> None:
        self.out.append(Violation(file, line, address, message))

    # ---- blocks against the schema

    def body(self, body: dict, schema: dict, where: tuple[str, int, str], top: bool) -> None:
        file, line, addr = where
        args, blocks, computed = (
            schema.get("arguments", {}),
            schema.get("blocks", {}),
            schema.get("computed", {}),
        )
        present: set[str] = set()
        for key, value in body.items():
            if key in _META:
                continue
            if key == "dynamic" and isinstance(value, list):
                for labels, dyn in _labels(value):
                    name = labels[0]
                    present.add(name)
                    if name not in blocks and not args.get(name, {}).get("block"):
                        self.unknown(where, name, args, blocks, "block")
                        continue
                    for content in dyn.get("content", []):
                        self.body(content, blocks.get(name, {}), (file, line, f"{addr}.{name}"), False)
                continue
            present.add(key)
            if top and key in _META_ARGS | _META_BLOCKS:
                if key == "lifecycle" and _is_block(value):
                    for extra in sorted(set().union(*value) - _META - _LIFECYCLE_KEYS):
                        self.report(file, line, addr, f"unknown lifecycle argument {extra!r}")
                continue
            if key in args:
                if _is_block(value) and not args[key].get("block"):
                    self.report(file, line, addr, f"{key!r} is an argument: write `{key} = ...`, not a block")
            elif key in blocks:
                self.nested(key, value, blocks[key], where)
            elif key in computed:
                self.report(
                    file, line, addr, f"{key!r} is read-only (computed by the provider) and cannot be set"
                )
            else:
                self.unknown(where, key, args, blocks, "block" if _is_block(value) else "argument")
        for name, spec in sorted(args.items()):
            if spec.get("required") and name not in present:
                self.report(file, line, addr, f"missing required argument {name!r}")
        for name, spec in sorted(blocks.items()):
            if (spec.get("required") or spec.get("min_items", 0) >= 1) and name not in present:
                self.report(file, line, addr, f"missing required block {name!r}")

    def nested(self, key: str, value: Any, spec: dict, where: tuple[str, int, str]) -> None:
        file, line, addr = where
        if _is_block(value):
            limit = 1 if spec.get("nesting") == "single" else spec.get("max_items")
            if limit is not None and len(value) > limit:
                self.report(file, line, addr, f"at most {limit} {key!r} block(s) allowed, found {len(value)}")
            for i, inst in enumerate(value):
                suffix = f"[{i}]" if len(value) > 1 else ""
                self.body(inst, spec, (file, line, f"{addr}.{key}{suffix}"), False)
        elif not spec.get("as_attribute"):
            self.report(file, line, addr, f"{key!r} is a block: write `{key} {{ ... }}`, not `{key} = ...`")
        elif isinstance(value, list):  # attribute syntax for a list/set of objects: every field must be given
            fields = set(spec.get("arguments", {})) | set(spec.get("blocks", {}))
            for obj in value:
                if not isinstance(obj, dict):
                    continue
                keys = {unquote(k) for k in obj if k not in _META}
                for extra in sorted(keys - fields):
                    self.report(file, line, addr, f"{key}: unknown field {extra!r}")
                if fields - keys:
                    missing = ", ".join(sorted(fields - keys))
                    self.report(
                        file, line, addr, f"{key} in attribute syntax must set every field; missing {missing}"
                    )

    def unknown(self, where: tuple[str, int, str], key: str, args: dict, blocks: dict, what: str) -> None:
        file, line, addr = where
        hint = difflib.get_close_matches(key, list(args) + list(blocks), n=1)
        tail = f"; did you mean {hint[0]!r}?" if hint else ""
        self.report(file, line, addr, f"unsupported {what} {key!r}{tail}")

    # ---- references

    def refs(self, value: Any, where: tuple[str, int, str], own_var: str | None = None) -> None:
        for text in _strings(value):
            for ref in references(text):
                self.ref(ref, where, own_var)
            if "templatefile(" in text:
                self.templatefile(text, where)

    def templatefile(self, text: str, where: tuple[str, int, str]) -> None:
        """templatefile("${path.module}/x", {k = v, ...}): the file exists and the map gives every variable it
        uses (Terraform: "Invalid function argument ... vars map does not contain key")."""
        for m in re.finditer(r'templatefile\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*\{', text):
            rel = m.group(1).replace("${path.module}", str(self.root.path))
            if "${" in rel:
                continue  # a computed path: nothing to check statically
            end = _matching(text, m.end() - 1)
            given = _object_keys(text[m.end() : end])
            path = Path(rel)
            if not path.is_file():
                self.report(*where, f"templatefile: no such file {m.group(1)!r}")
                continue
            needed = _template_variables(path.read_text(encoding="utf-8"))
            for name in sorted(needed - given):
                self.report(
                    *where,
                    f"templatefile({path.name}): the template uses ${{{name}}} but the vars map "
                    "does not give it",
                )

    def ref(self, ref: Ref, where: tuple[str, int, str], own_var: str | None) -> None:
        file, line, addr = where
        segs = ref.segments
        first = segs[0][1] if segs[0][0] == "attr" else None
        if ref.root == "var" and first:
            if first not in self.root.variables:
                self.report(file, line, addr, f"reference to undeclared variable var.{first}")
            elif first != own_var:
                self.used_vars.add(first)
        elif ref.root == "local" and first:
            if first not in self.root.locals:
                self.report(file, line, addr, f"reference to undeclared local value local.{first}")
            self.used_locals.add(first)
        elif ref.root == "module" and first:
            if first not in self.root.modules:
                self.report(file, line, addr, f"reference to undeclared module module.{first}")
        elif ref.root == "data" and first and len(segs) >= 2 and segs[1][0] == "attr":
            self.resource_ref("data_sources", first, segs[1][1], segs[2:], where)
        elif (
            ref.root not in _IGNORED_ROOTS
            and first
            and (_provider_of(ref.root) in self.schemas or ref.root == "terraform_data")
        ):
            self.resource_ref("resources", ref.root, first, segs[1:], where)

    def resource_ref(
        self, kind: str, type_name: str, name: str, rest: tuple, where: tuple[str, int, str]
    ) -> None:
        file, line, addr = where
        table = self.root.data if kind == "data_sources" else self.root.resources
        shown = ("data." if kind == "data_sources" else "") + f"{type_name}.{name}"
        decl = table.get(f"{type_name}.{name}")
        if decl is None:
            self.report(file, line, addr, f"reference to undeclared {shown}")
            return
        schema = _type_schema(self.schemas, kind, type_name)
        if schema is None:
            return  # the declaration itself is reported as an unknown type
        if rest and rest[0][0] == "attr" and decl.keyed:
            self.report(
                file, line, addr, f"{shown} has count/for_each: index it before reading {rest[0][1]!r}"
            )
        if rest and rest[0][0] == "index" and not decl.keyed:
            self.report(file, line, addr, f"{shown} has no count/for_each: it cannot be indexed")
        if rest and rest[0][0] in ("index", "splat"):
            rest = rest[1:]
        if not rest or rest[0][0] != "attr":
            return
        attr = rest[0][1]
        if attr not in schema.get("attributes", []):
            hint = difflib.get_close_matches(attr, schema.get("attributes", []), n=1)
            tail = f"; did you mean {hint[0]!r}?" if hint else ""
            self.report(file, line, addr, f"{shown} has no attribute {attr!r}{tail}")
            return
        block = schema.get("blocks", {}).get(attr)
        rest = rest[1:]
        if block is None or not rest:
            return
        if block.get("nesting") != "single":
            if rest[0][0] == "attr":
                self.report(
                    file, line, addr, f"{shown}.{attr} is a {block['nesting']} of blocks: use [0] or [*]"
                )
                return
            if rest[0][0] == "index" and block.get("nesting") == "set":
                self.report(
                    file, line, addr, f"{shown}.{attr} is a set: it cannot be indexed (use [*] or a for)"
                )
            rest = rest[1:]
        if rest and rest[0][0] == "attr":
            sub = rest[0][1]
            names = (
                set(block.get("arguments", {}))
                | set(block.get("blocks", {}))
                | set(block.get("computed", {}))
            )
            if sub not in names:
                self.report(file, line, addr, f"{shown}.{attr} has no attribute {sub!r}")


def _check_terraform_block(
    root: _Root, schemas: dict, used_providers: set[str], out: list[Violation]
) -> None:
    declared: dict[str, tuple[str, int, Any]] = {}
    for fname, doc in root.files.items():
        for tblock in doc.get("terraform", []):
            for rp in tblock.get("required_providers", []):
                for local, spec in rp.items():
                    if local not in _META:
                        declared[local] = (fname, _line_of(root.texts[fname], "required_providers"), spec)
    for local in sorted(used_providers):
        want = schemas[local]
        if local not in declared:
            out.append(
                Violation(
                    "-",
                    1,
                    "terraform.required_providers",
                    f"provider {local!r} is used but not in required_providers",
                )
            )
            continue
        fname, line, spec = declared[local]
        addr = f"terraform.required_providers.{local}"
        if not isinstance(spec, dict):
            out.append(Violation(fname, line, addr, "must be an object { source = ..., version = ... }"))
            continue
        source = unquote(spec.get("source", f"hashicorp/{local}"))  # Terraform's default source
        if source.removeprefix("registry.terraform.io/") != want["source"]:
            out.append(Violation(fname, line, addr, f"source {source!r} is not {want['source']!r}"))
        if "version" not in spec:
            out.append(
                Violation(
                    fname, line, addr, f"no version constraint (expected one admitting {want['version']})"
                )
            )
            continue
        constraint = unquote(spec["version"])
        try:
            admitted = constraint_admits(constraint, want["version"])
        except ValueError as exc:
            out.append(Violation(fname, line, addr, str(exc)))
            continue
        if not admitted:
            out.append(
                Violation(
                    fname, line, addr, f"version constraint {constraint!r} does not admit {want['version']}"
                )
            )


def analyze_root(root: Path | str, schema_path: Path = SUBSET) -> RootResult:
    """Check one Terraform root folder; collects every violation rather than stopping at the first."""
    root = Path(root)
    schemas = load_schema(schema_path)
    result = RootResult()
    r = _load_root(root, result.violations)
    ck = _Checker(r, schemas, result.violations)
    full_res, full_data = _full_aws_types()
    used_providers: set[str] = set()
    for fname, doc in r.files.items():
        text = r.texts[fname]
        for kind, skind, full in (("resource", "resources", full_res), ("data", "data_sources", full_data)):
            for labels, body in _labels(doc.get(kind, [])):
                result.blocks += 1
                type_name = labels[0]
                addr = ("data." if kind == "data" else "") + ".".join(labels)
                where = (fname, _line_of(text, kind, *labels), addr)
                # `provider = aws.alias` names a provider configuration, not a resource
                ck.refs({k: v for k, v in body.items() if k not in ("lifecycle", "provider")}, where)
                for lc in body.get("lifecycle", []) if _is_block(body.get("lifecycle")) else []:
                    ck.refs({k: v for k, v in lc.items() if k != "ignore_changes"}, where)
                if type_name != "terraform_data":
                    used_providers.add(_provider_of(type_name))
                schema = _type_schema(schemas, skind, type_name)
                if schema is None:
                    if type_name in full:
                        msg = (
                            f"{kind} type {type_name!r} is missing from the vendored schema subset: "
                            "add it to scripts/refresh_provider_schema.py and rerun it"
                        )
                    else:
                        msg = f"unknown {kind} type {type_name!r}"
                    ck.report(*where, msg)
                    continue
                ck.body(body, schema, where, top=True)
        for labels, body in _labels(doc.get("provider", [])):
            where = (fname, _line_of(text, "provider", *labels), f"provider.{labels[0]}")
            ck.refs(body, where)
            if labels[0] in schemas:
                ck.body(
                    {k: v for k, v in body.items() if k != "alias"},
                    schemas[labels[0]]["provider_config"],
                    where,
                    top=False,
                )
        for labels, body in _labels(doc.get("variable", [])):
            where = (fname, r.variables[labels[0]].line, f"var.{labels[0]}")
            ck.refs(body, where, own_var=labels[0])
            ck.body(body, _VARIABLE, where, top=False)
        for body in doc.get("locals", []):
            for key, value in body.items():
                if key not in _META:
                    ck.refs(value, (fname, r.locals[key].line, f"local.{key}"))
        for section in ("output", "module", "moved", "import", "check", "removed"):
            for labels, body in _labels(doc.get(section, [])):
                where = (fname, _line_of(text, section, *labels), ".".join((section,) + labels))
                ck.refs(body, where)
                if section == "output":
                    ck.body(body, _OUTPUT, where, top=False)
    for name, decl in sorted(r.variables.items()):
        if name not in ck.used_vars:
            ck.report(decl.file, decl.line, f"var.{name}", "variable is declared but never used")
    for name, decl in sorted(r.locals.items()):
        if name not in ck.used_locals:
            ck.report(decl.file, decl.line, f"local.{name}", "local value is declared but never used")
    _check_terraform_block(r, schemas, used_providers & set(schemas), result.violations)
    return result


def check_root(root: Path | str) -> list[Violation]:
    """All schema/reference violations of one Terraform root (empty list = conformant)."""
    return analyze_root(root).violations


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python tests/verify/provider_schema.py TERRAFORM_ROOT...", file=sys.stderr)
        return 2
    total = 0
    for arg in argv:
        res = analyze_root(Path(arg))
        for v in res.violations:
            print(f"{arg}/{v}")
        total += len(res.violations)
        print(f"{arg}: {len(res.violations)} violations in {res.blocks} blocks")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
