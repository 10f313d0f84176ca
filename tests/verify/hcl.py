"""Read Terraform files with HashiCorp's own HCL parser (npm @cdktf/hcl2json, the Go parser compiled to WASM).

The parser returns each file in Terraform's JSON syntax: blocks are lists of bodies
(`{"resource": {"aws_lambda_function": {"api": [{...}]}}}`) and every string is a template, so an expression
reads back as its source (`"${aws_iam_role.api.arn}"`) and a literal `${` as `$${`. `literal()` turns such a
string back into the text Terraform would use, for comparing with strings from the spec. The converter folds
constant interpolations (`"${"$"}{x}"` reads back as `"${x}"`), so `literal` may take such a string for an
expression; it never takes an expression for a literal.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("hcl2json.mjs")
TIMEOUT = 120  # seconds for one node process; a few hundred files take ~1 s


class HclError(Exception):
    """Files HashiCorp's parser rejected; `diagnostics` holds one `file:line:col: message` per problem."""

    def __init__(self, diagnostics: list[str]):
        super().__init__("HCL parse errors:\n" + "\n".join(diagnostics))
        self.diagnostics = diagnostics


def parse_hcl_files(paths: Iterable[Path | str]) -> dict[Path, dict[str, Any]]:
    """Parse many files in one node process; raise HclError naming every file:line:col the parser rejected."""
    files = [Path(p) for p in paths]
    if not files:
        return {}
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH: the HCL parser (npm @cdktf/hcl2json) needs Node.js >= 18")
    proc = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps([str(f) for f in files]),
        capture_output=True,
        text=True,
        cwd=REPO,  # node resolves @cdktf/hcl2json from REPO/node_modules
        timeout=TIMEOUT,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{SCRIPT.name} failed (exit {proc.returncode}); run .ci/verify-setup.sh (npm ci):\n{proc.stderr}"
        )
    results = json.loads(proc.stdout)
    parsed: dict[Path, dict[str, Any]] = {}
    problems: list[str] = []
    for f in files:
        result = results[str(f)]
        if "errors" in result:
            problems += [_position(f, e) for e in result["errors"]]
        else:
            parsed[f] = result["json"]
    if problems:
        raise HclError(problems)
    return parsed


def parse_hcl(path: Path | str) -> dict[str, Any]:
    """Parse one file; see parse_hcl_files (batch files: each node start costs ~0.5 s)."""
    return next(iter(parse_hcl_files([path]).values()))


def _position(path: Path, error: Mapping[str, Any]) -> str:
    where = f"{path}:{error['line']}:{error['column']}" if error["line"] is not None else str(path)
    return f"{where}: {error['message']}"


def tf_files(root: Path) -> list[Path]:
    """Every .tf file under a Terraform root (its local modules included), without Terraform's .terraform/."""
    return sorted(p for p in root.rglob("*.tf") if ".terraform" not in p.relative_to(root).parts)


_TEMPLATE = re.compile(r"[$%]\{")  # an interpolation or a directive, once the escapes are taken out


def literal(value: str) -> str | None:
    """The text a parsed string stands for, or None when it holds an expression (`${...}` or `%{...}`).

    `$${` and `%%{` are the escaped forms of a literal `${` and `%{`.
    """
    if _TEMPLATE.search(value.replace("$${", "").replace("%%{", "")):
        return None
    return value.replace("$${", "${").replace("%%{", "%{")


def strings(tree: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a parsed tree with its path (`resource.aws_lambda_function.api[0].handler`)."""
    if isinstance(tree, str):
        yield path, tree
    elif isinstance(tree, Mapping):
        for key, value in tree.items():
            yield from strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            yield from strings(value, f"{path}[{i}]")


def blocks(parsed: Mapping[Path, Mapping[str, Any]], kind: str = "resource") -> dict[str, dict[str, Any]]:
    """The `resource` (or `data`) blocks of a root's parsed files by address: {"aws_iam_role.api": body}."""
    found: dict[str, dict[str, Any]] = {}
    for tree in parsed.values():
        for rtype, named in tree.get(kind, {}).items():
            for name, bodies in named.items():
                for body in bodies:
                    found[f"{rtype}.{name}"] = body
    return found
