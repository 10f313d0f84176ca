"""The architecture's promises (docs/architecture.md), kept by tests: every Terraform resource type and address
is spelled in the kind module that owns it, and modules stay small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from alpaco_gen.kinds import KINDS
from tests.helpers import REPO

PACKAGE = REPO / "alpaco_gen"
RESOURCE_TYPE = re.compile(r"\b(?:data\.)?aws_[a-z0-9]+(?:_[a-z0-9]+)*\b")
PROSE = {"explanation", "summary"}  # rule texts quote AWS's and Terraform's errors
SPEC_FIELDS = {"aws_provider"}  # `terraform.aws_provider` of the spec: looks like a type, names a field


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String literals of a module that are code, not prose: no docstrings, no rule explanations."""
    tree = ast.parse(path.read_text())
    prose: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value,
                                                                                             ast.Constant):
            prose.add(id(body[0].value))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in PROSE for t in node.targets):
            prose.update(id(n) for n in ast.walk(node.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose]


def test_terraform_types_are_spelled_only_in_kind_modules():
    outside = [f"{path.relative_to(REPO)}:{line}: {text!r}"
               for path in sorted(PACKAGE.rglob("*.py")) if "kinds" not in path.relative_to(PACKAGE).parts
               for line, text in _code_strings(path)
               if any(match not in SPEC_FIELDS for match in RESOURCE_TYPE.findall(text))]
    assert outside == [], "Terraform resource types belong to their kind module:\n" + "\n".join(outside)


def test_the_checker_sees_an_address_in_code(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Docs may say aws_lambda_function."""\nADDRESS = f"aws_iam_role.function_{1}"\n')
    assert [text for _, text in _code_strings(module) if RESOURCE_TYPE.search(text)] == ["aws_iam_role.function_"]


def test_each_kind_spells_only_its_own_modules_types():
    """A kind's templates exist and its module is the one that names its section."""
    for kind in KINDS.values():
        for template in kind.templates:
            assert (REPO / "templates" / "terraform" / f"{template}.j2").is_file(), (kind.key, template)


def test_no_module_is_over_300_lines():
    long = {str(p.relative_to(REPO)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 300}
    assert long == {}


def test_templates_build_no_addresses_and_keep_no_books():
    for template in (REPO / "templates").rglob("*.j2"):
        text = template.read_text()
        assert "{% do" not in text, template
        assert not re.search(r"~\s*\w+\.tf\b|\"(?:function|task|api|state_machine)_\"\s*~", text), template


def test_every_kinds_endpoint_can_be_declared():
    # A kind that names the VPC endpoint its callers need must be reachable through `network.endpoints`.
    from typing import get_args

    from alpaco_gen.kinds import KINDS
    from alpaco_gen.kinds.network import Endpoint

    wanted = {kind.endpoint for kind in KINDS.values() if kind.endpoint}
    assert wanted <= set(get_args(Endpoint)), f"add {sorted(wanted - set(get_args(Endpoint)))} to Endpoint"
