"""The sectioned loader gives exactly what `load_yaml` gives, edit after edit, or declines."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from alpaco_gen.diagnostics import UnusableInput
from alpaco_gen.pipeline import check_spec
from alpaco_gen.spec.loader import LoadedYaml, load_yaml
from alpaco_gen.spec.sections import YamlCache
from tests.helpers import REFERENCE, REPO, SPECS

sys.path.insert(0, str(REPO / "benchmarks"))
from gen_spec import write_spec  # noqa: E402

NAME = "service.yaml"


def whole(text: str) -> LoadedYaml | None:
    try:
        return load_yaml(Path(NAME), NAME, text)
    except UnusableInput:
        return None


def assert_same(cached: LoadedYaml, expected: LoadedYaml | None, text: str) -> None:
    assert expected is not None, f"the cache loaded what load_yaml rejects:\n{text}"
    assert cached.data == expected.data
    assert cached.source_map.values == expected.source_map.values
    assert cached.source_map.keys == expected.source_map.keys
    assert sorted(cached.findings, key=lambda f: f.sort_key) == sorted(expected.findings, key=lambda f: f.sort_key)


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_committed_specs_load_alike_and_are_cut_into_sections(spec):
    cache = YamlCache()
    text = spec.read_text()
    cached = cache.load(text, NAME)
    assert cached is not None, "a plain spec is one the cache can load"
    assert_same(cached, whole(text), text)
    assert len(cache._pieces) > len(cached.data), "sections are cut into their entries"


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    choice = rng.randrange(6)
    i = rng.randrange(len(lines))
    if choice == 0:  # type a character somewhere
        column = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:column] + rng.choice("ab_-: {}[],'\"#&*!|>\t") + lines[i][column:]
    elif choice == 1 and lines[i]:  # delete one
        column = rng.randrange(len(lines[i]))
        lines[i] = lines[i][:column] + lines[i][column + 1:]
    elif choice == 2:
        del lines[i]
    elif choice == 3:
        lines.insert(i, lines[rng.randrange(len(lines))])  # a repeated line: duplicate keys, often
    elif choice == 4:
        lines.insert(i, "")
    else:
        lines[i] = lines[i].lstrip() if rng.random() < 0.5 else "  " + lines[i]
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_edit_after_edit_the_cache_agrees_with_a_whole_load(seed, tmp_path):
    rng = random.Random(seed)
    base = (REFERENCE if seed % 2 else write_spec(tmp_path, 5)).read_text()
    cache, good, loaded_by_cache = YamlCache(), base, 0
    for _ in range(100):
        text = _mutate(rng, good)
        expected = whole(text)
        cached = cache.load(text, NAME)
        if cached is not None:
            loaded_by_cache += 1
            assert_same(cached, expected, text)
        if expected is not None and not expected.findings:
            good = text  # edits pile up while the YAML stays valid
    assert loaded_by_cache > 35, "most edits keep the text loadable piecewise"


@pytest.mark.parametrize("text", [
    pytest.param("a: &x {b: 1}\nc: *x\n", id="alias-across-sections"),
    pytest.param("a: \"one\nb: two\"\n", id="quoted-value-across-the-cut"),
    pytest.param("a: {b: 1,\nc: 2}\n", id="flow-value-across-the-cut"),
    pytest.param("f:\n  a: 1\n  a: 2\n", id="duplicate-entries-in-a-section"),
    pytest.param("a: 1\nf: 2\na: 3\n", id="duplicate-top-level-keys"),
    pytest.param("---\na: 1\n", id="document-marker"),
    pytest.param("a: 1\rb: 2\n", id="carriage-return-line-break"),
    pytest.param("# only a comment\n", id="no-entry"),
    pytest.param("a: [1\n", id="yaml-error"),
    pytest.param("  a: 1\nb: 2\n", id="indented-first-line"),
    pytest.param("a:\n  b: 1\n!\n  c: 2\n", id="tag-at-the-start-of-a-line"),
])
def test_declines_what_it_cannot_vouch_for(text):
    assert YamlCache().load(text, NAME) is None


@pytest.mark.parametrize("text", [
    pytest.param("f:\n  <<: {a: 1}\n  b: 2\nc: 3\n", id="merge-key-at-a-joint"),
    pytest.param("f:\n  a b\nc: 3\n", id="section-of-a-scalar"),
    pytest.param("f: |\n  a\n\nc: 3\n", id="block-scalar-keeps-its-line-break"),
    pytest.param("f:\n  a: |+\n    x\n\n  b: 1\n", id="kept-trailing-lines-of-an-entry"),
])
def test_an_entry_that_cannot_be_cut_is_loaded_as_one_piece(text):
    cached = YamlCache().load(text, NAME)
    assert cached is not None
    assert_same(cached, whole(text), text)


def test_check_spec_with_a_cache_gives_the_findings_of_a_plain_check():
    text = REFERENCE.read_text().replace("environment: {LOG_LEVEL: INFO}", "environment: {AWS_REGION: x}")
    cache = YamlCache()
    plain = check_spec(REFERENCE, text=text).findings
    assert [f.rule_id for f in plain] == ["AG805", "AG201"]
    assert check_spec(REFERENCE, text=text, cache=cache).findings == plain
    assert check_spec(REFERENCE, text=text, cache=cache).findings == plain, "and again, from the cache"
