from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from alpaco_gen.diagnostics import Finding, Severity, UnusableInput
from alpaco_gen.spec import loader
from alpaco_gen.spec.loader import LoadedYaml, load_yaml, locate

NESTED = """\
# a comment first
project: p
network:
  cidr: 10.0.0.0/16
  subnets:
    a: {cidr: 10.0.0.0/24, az: a}
  endpoints:
    - s3
    - dynamodb
"""


def load(tmp_path: Path, text: str | bytes, name: str = "service.yaml") -> LoadedYaml:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_yaml(path, f"specs/{name}")


def where(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.line, f.column) for f in findings]


# --- data and source map -------------------------------------------------------------------------------


def test_data_is_what_safe_load_gives(tmp_path):
    text = """\
a: yes
b: on
c: ~
d: 1.5
e: 0x10
f: "007"
g: 2024-01-02
base: &base {x: 1, y: [1, 2]}
h:
  <<: *base
  y: override
i: *base
"""
    loaded = load(tmp_path, text)
    assert loaded.data == yaml.safe_load(text)
    assert loaded.findings == []
    assert loaded.file == "specs/service.yaml"


def test_positions_of_nested_keys_values_and_list_items(tmp_path):
    smap = load(tmp_path, NESTED).source_map
    assert smap.locate(("project",)) == (2, 10)
    assert smap.locate(("project",), key=True) == (2, 1)
    assert smap.locate(("network", "cidr")) == (4, 9)
    assert smap.locate(("network", "cidr"), key=True) == (4, 3)
    assert smap.locate(("network", "subnets", "a", "az")) == (6, 32)
    assert smap.locate(("network", "subnets", "a", "az"), key=True) == (6, 28)
    assert smap.locate(("network", "endpoints", 1)) == (9, 7)
    # A list item has no key: key=True still points at the item.
    assert smap.locate(("network", "endpoints", 1), key=True) == (9, 7)


def test_missing_path_falls_back_to_the_key_of_its_longest_existing_prefix(tmp_path):
    smap = load(tmp_path, NESTED).source_map
    assert smap.locate(("network", "nat")) == (3, 1)
    assert smap.locate(("network", "subnets", "a", "public", 0)) == (6, 5)
    assert smap.locate(("network", "endpoints", 7)) == (7, 3)
    assert smap.locate(("version",)) == (2, 1)  # the root mapping starts at its first key
    assert smap.locate(()) == (2, 1)


def test_merge_keys_point_at_their_definition_and_overrides_at_the_override(tmp_path):
    text = """\
defaults: &d
  memory: 256
  env: {A: "1"}
functions:
  f:
    <<: *d
    env: {A: "2"}
"""
    loaded = load(tmp_path, text)
    assert loaded.data["functions"]["f"] == {"memory": 256, "env": {"A": "2"}}
    smap = loaded.source_map
    assert smap.locate(("functions", "f", "memory")) == (2, 11)
    assert smap.locate(("functions", "f", "env", "A")) == (7, 14)


def test_alias_reuse_stays_linear(tmp_path):
    # A "billion laughs" shape, small enough for the alias budget (tests/unit/spec/test_limits.py refuses
    # the big one): 4 levels of 10 aliases each are 10**4 paths if walked naively.
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 4)]
    start = time.perf_counter()
    loaded = load(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert len(loaded.source_map.values) < 200
    smap = loaded.source_map
    # `*l2` inside l3 is l2's node (which starts at its anchor); l2's items were walked under `l2` only.
    assert smap.locate(("l3", 4, 2, 0)) == (3, 5)
    assert smap.locate(("l2", 0, 1)) == (2, 5)



def test_pure_python_loader_gives_the_same_positions(tmp_path, monkeypatch):
    with_c = load(tmp_path, NESTED)
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    pure = load(tmp_path, NESTED)
    assert pure.data == with_c.data
    assert pure.source_map == with_c.source_map


def test_byte_order_mark_is_accepted(tmp_path):
    assert load(tmp_path, "\ufeffa: 1\n".encode()).data == {"a": 1}


# --- duplicate keys ------------------------------------------------------------------------------------


def test_every_duplicate_key_is_reported_at_its_second_occurrence(tmp_path):
    text = """\
project: a
network:
  cidr: x
  nat: none
  cidr: y
project: b
project: c
"""
    loaded = load(tmp_path, text)
    assert sorted(where(loaded.findings)) == [("AG002", 5, 3), ("AG002", 6, 1), ("AG002", 7, 1)]
    by_line = {f.line: f for f in loaded.findings}
    assert by_line[5].message == "duplicate key 'cidr' (first on line 3); YAML would keep only the last"
    assert "(first on line 1)" in by_line[6].message and "(first on line 1)" in by_line[7].message
    assert by_line[5].path == ("network", "cidr") and by_line[5].file == "specs/service.yaml"
    assert all(f.severity is Severity.ERROR and f.name == "duplicate-key" and f.help for f in loaded.findings)
    assert loaded.data["project"] == "c"  # like safe_load: the last one wins


def test_duplicates_inside_lists_and_equal_after_construction(tmp_path):
    text = "items:\n  - {a: 1, a: 2}\nflags:\n  1: x\n  0x1: y\n"
    loaded = load(tmp_path, text)
    assert sorted(where(loaded.findings)) == [("AG002", 2, 12), ("AG002", 5, 3)]


def test_merge_override_is_not_a_duplicate(tmp_path):
    text = "base: &b {a: 1}\nx:\n  <<: *b\n  a: 2\n"
    assert load(tmp_path, text).findings == []


# --- YAML syntax errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "words", "help_words"),
    [
        ("a: 1\nb: [1, 2\n", 3, 1, "expected ',' or ']'", "brackets"),
        ("a: 1\n b: 2\n", 2, 3, "mapping values are not allowed", "indentation"),
        ("a:\n\tb: 1\n", 2, 1, "cannot start any token", "tab"),
        ("a: 'open\n", 2, 1, "end of stream", "quotes"),
        ("a: 1\n---\nb: 2\n", 2, 1, "expected a single document", "---"),
        ("a: *nope\n", 1, 4, "undefined alias", "anchor"),
        ("a: !thing 1\n", 1, 4, "tag", "!tag"),
        ("a:\n  b: 2024-02-30\n", 2, 6, "invalid date '2024-02-30'", "quote"),
        ("a: b\x07\n", 1, 5, "#x0007", "control character"),
    ],
)
def test_yaml_errors_are_located_findings(tmp_path, text, line, column, words, help_words):
    loaded = load(tmp_path, text)
    assert loaded.data is None
    [finding] = loaded.findings
    assert (finding.rule_id, finding.name, finding.severity) == ("AG001", "yaml-syntax", Severity.ERROR)
    assert (finding.file, finding.line, finding.column) == ("specs/service.yaml", line, column)
    assert words in finding.message.replace("did not find expected", "expected")
    assert help_words in finding.help


# --- unusable input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"a: \xff\xfe\n", "not UTF-8"),
        (b"- a\n- b\n", "must be a mapping"),
        (b"just text\n", "must be a mapping"),
        (b"", "empty"),
        (b"# only a comment\n", "empty"),
    ],
)
def test_unusable_content_raises(tmp_path, content, words):
    with pytest.raises(UnusableInput, match=words) as info:
        load(tmp_path, content)
    assert str(info.value).startswith("specs/service.yaml: ")


def test_missing_file_and_directory_raise(tmp_path):
    with pytest.raises(UnusableInput, match=r"^nope\.yaml: no such file"):
        load_yaml(tmp_path / "nope.yaml", "nope.yaml")
    with pytest.raises(UnusableInput, match="is a directory"):
        load_yaml(tmp_path, "specs")


# --- locate --------------------------------------------------------------------------------------------


def test_locate_fills_positions_from_paths_and_keeps_existing_ones(tmp_path):
    loaded = load(tmp_path, NESTED)
    findings = [
        Finding("AG900", "x", Severity.ERROR, "value", path=("network", "cidr")),
        Finding("AG900", "x", Severity.ERROR, "key", path=("network", "cidr"), key=True),
        Finding("AG900", "x", Severity.ERROR, "missing", path=("network", "nat")),
        Finding("AG001", "yaml-syntax", Severity.ERROR, "kept", line=7, column=2),
    ]
    assert [(f.file, f.line, f.column) for f in locate(findings, loaded)] == [
        ("specs/service.yaml", 4, 9),
        ("specs/service.yaml", 4, 3),
        ("specs/service.yaml", 3, 1),
        ("specs/service.yaml", 7, 2),
    ]
