"""Escaping and layout of HCL, checked against Terraform itself (console evaluates, fmt formats)."""

from __future__ import annotations

import json

import pytest

from alpaco_gen.render import hcl
from alpaco_gen.render.hcl import format_hcl, hcl_key, hcl_string, hcl_value
from tests.helpers import REPO, terraform

NASTY = ["a${b}", "%{ if x }y%{ endif }", 'q"uote', "back\\slash", "new\nline", "tab\tstop", "uni ü 😀 中",
         "$${x}", "%%{y}", "$", "%", "end$", "end%", "cr\r", "\\${z}", "bell\x07", "{}[]()#//", "ok"]


def test_strings_read_back_exactly_as_written(tmp_path):
    expression = "jsonencode([" + ", ".join(hcl_string(v) for v in NASTY) + "])\n"
    result = terraform("console", cwd=tmp_path, stdin=expression)
    assert result.returncode == 0, result.stderr
    assert json.loads(json.loads(result.stdout)) == NASTY


def test_keys_are_bare_only_when_safe():
    assert hcl_key("Team") == "Team"
    assert hcl_key("cost center") == '"cost center"'
    assert hcl_key("aws:tag") == '"aws:tag"'
    assert hcl_key("true") == '"true"'


def test_values():
    assert hcl_value(True) == "true"
    assert hcl_value(3) == "3"
    assert hcl_value(["a", 1]) == '["a", 1]'
    assert hcl_value({"a b": "c"}) == '{ "a b" = "c" }'


LAYOUT_CASES = {
    "alignment and groups": """resource "x" "y" {
a = 1
bcd = {
x = 1
yyyy = 2
}
e = 2
ffff = [
1,
]

hh = 4
i = jsonencode({
a = [{
b = 1
}]
})
jjjjj = 5
block {
k = "}{"
}
# comment
oo = "${a.b}-x"
depends_on = [a.b]
}
""",
    "strings with brackets and equals": """locals {
a = "x = {"
bb = "${jsonencode({ a = 1 })}/*"
ccc = a == b ? 1 : 2
d = "%{if true}y%{endif}"
}
""",
}


@pytest.mark.parametrize("source", LAYOUT_CASES.values(), ids=list(LAYOUT_CASES))
def test_layout_is_what_terraform_fmt_writes(tmp_path, source):
    formatted = format_hcl(source)
    (tmp_path / "main.tf").write_text(formatted)
    result = terraform("fmt", "-check", "-diff", "-no-color", str(tmp_path / "main.tf"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert format_hcl(formatted) == formatted


def test_blank_lines_are_tidied():
    assert format_hcl("a {\n\n\nb = 1\n\n\n\nc = 2\n\n}\n\n") == "a {\n  b = 1\n\n  c = 2\n}\n"


EDGE_LINES = [
    'a = b', 'a = "x"', 'a = "{ [ ("', 'a = "${x}"', 'a = "$${x}"', 'a = "%{ if x }"', 'a = "\\"b"', 'a == b',
    'a => b', 'a != b', 'a <= b', 'x = [1, 2]', 'x = {', 'x = f(1)', 'a = b # c = d', 'a = b // c', 'a = "/x"',
    'resource "a" "b" {', 'output "x" {', 'dynamic "x" {', 'locals {', 'a "x" { b = 1 }', '}', '})', ']',
    'a = "x" # {', 'a = 1 / 2', 'for_each = { for k, v in x : k => v }', '"quoted key" = 1', 'a=b', 'a =',
    'block "with \\" quote" {', 'block "${x}" {', 'a = "x" "y"', 'a-b = c', 'a = b.c[0]', 'a = !b', 'a = b > c',
]


def test_the_fast_scan_agrees_with_the_walk() -> None:
    """`_scan` skips the walk for the commonest shapes of line; on every line of the committed output and on
    lines at the edges of those shapes, it must give what the walk gives."""
    lines = {line.strip() for path in (REPO / "generated").rglob("*.tf")
             for line in path.read_text(encoding="utf-8").split("\n") if line.strip()}
    assert len(lines) > 1000
    lines.update(EDGE_LINES)
    assert {line: hcl._scan(line) for line in lines} == {line: hcl._walk(line) for line in lines}
