"""Token ranges and the text edits of mechanical fixes, on YAML as people write it."""

from __future__ import annotations

import pytest
import yaml

from alpaco_gen.diagnostics import Fix
from alpaco_gen.lsp.edits import Edit, fix_edits, token_range

REMOVE = Fix("remove")
ENV = ("functions", "a", "environment", "AWS_REGION")


def apply(text: str, edits: list[Edit]) -> str:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        begin, end = starts[edit.start[0]] + edit.start[1], starts[edit.end[0]] + edit.end[1]
        text = text[:begin] + edit.text + text[end:]
    return text


def removed(text: str, path: tuple = ENV) -> str:
    edits = fix_edits(text, path, REMOVE)
    assert edits is not None
    return apply(text, edits)


@pytest.mark.parametrize(("before", "after"), [
    pytest.param("functions:\n  a:\n    environment:\n      X: 1\n      AWS_REGION: eu  # why\n    memory: 1\n",
                 "functions:\n  a:\n    environment:\n      X: 1\n    memory: 1\n", id="last-of-block"),
    pytest.param("functions:\n  a:\n    environment:\n      AWS_REGION: eu\n      X: 1\n",
                 "functions:\n  a:\n    environment:\n      X: 1\n", id="first-of-block"),
    pytest.param("functions:\n  a:\n    environment: {AWS_REGION: eu, X: 1}\n",
                 "functions:\n  a:\n    environment: {X: 1}\n", id="first-of-flow"),
    pytest.param("functions:\n  a:\n    environment: {X: 1, AWS_REGION: eu}\n",
                 "functions:\n  a:\n    environment: {X: 1}\n", id="last-of-flow"),
    pytest.param("functions:\n  a:\n    environment:\n      AWS_REGION: eu\n    memory: 1\n",
                 "functions:\n  a:\n    memory: 1\n", id="only-entry-takes-the-empty-mapping-along"),
    pytest.param("functions:\n  a:\n    memory: 1\n    environment: {AWS_REGION: eu}\n",
                 "functions:\n  a:\n    memory: 1\n", id="only-entry-of-flow-at-the-end"),
    pytest.param("functions:\n  a:\n    memory: 1\n    environment:\n      AWS_REGION: |\n        x\n        y\n"
                 "  b: {}\n", "functions:\n  a:\n    memory: 1\n  b: {}\n", id="block-scalar-value"),
])
def test_removing_an_entry_leaves_valid_yaml_without_it(before, after):
    assert removed(before) == after
    assert yaml.safe_load(after) is not None


def test_removing_the_first_key_of_a_sequence_item_keeps_the_dash():
    text = "uses:\n  - table: orders\n    access: read\n"
    assert removed(text, ("uses", 0, "table")) == "uses:\n  - access: read\n"


def test_replacement_keeps_the_quotes_and_touches_only_the_scalar():
    text = "functions:\n  a:\n    subnets: [private_a, 'privat_c']\n    image: {repository: \"repo\"}\n"
    replaced = apply(text, fix_edits(text, ("functions", "a", "subnets", 1), Fix("r", "private_c")) or [])
    assert replaced == text.replace("'privat_c'", "'private_c'")
    replaced = apply(text, fix_edits(text, ("functions", "a", "image", "repository"), Fix("r", "rep")) or [])
    assert replaced == text.replace('"repo"', '"rep"')


@pytest.mark.parametrize(("text", "path"), [
    pytest.param("functions: [\n", ENV, id="broken-yaml"),
    pytest.param("functions:\n  a: {}\n", ENV, id="path-gone"),
    pytest.param("env: &e {AWS_REGION: x, B: 1}\nfunctions:\n  a:\n    environment: *e\n", ENV, id="through-alias"),
    pytest.param("AWS_REGION: x\n", ("AWS_REGION",), id="only-entry-of-the-document"),
])
def test_no_edit_where_the_place_is_gone_or_shared(text, path):
    assert fix_edits(text, path, REMOVE) is None


@pytest.mark.parametrize(("line", "column", "expected"), [
    pytest.param(1, 3, (2, 8), id="key"),
    pytest.param(1, 11, (10, 14), id="plain-value-stops-at-comment"),
    pytest.param(2, 15, (14, 23), id="flow-item"),
    pytest.param(2, 26, (25, 34), id="single-quoted-with-escaped-quote"),
    pytest.param(3, 8, (7, 13), id="double-quoted-with-escape"),
    pytest.param(4, 1, (0, 7), id="key-of-a-block-value"),
    pytest.param(9, 1, (0, 0), id="beyond-the-text"),
])
def test_token_range_is_the_token_at_the_position(line, column, expected):
    lines = ["  memory: 1024  # MB", "    subnets: [private_a, 'it''s a']", '    x: "a\\"b" # c', "network:", ""]
    (row, start), (row_end, end) = token_range(lines, line, column)
    assert row == row_end == line - 1
    assert (start, end) == expected
