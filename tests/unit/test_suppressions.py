"""Suppressions: --ignore, the spec's `lint.ignore` and a resource's `ignore:`, by id or name; unknown ids are
findings themselves (AG007)."""

from __future__ import annotations

from pathlib import Path

import yaml

from alpaco_gen.pipeline import check_spec
from tests.helpers import REFERENCE

RESERVED = "AG201"


def _spec(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(REFERENCE.read_text())
    data["functions"]["problem-grader"]["environment"]["AWS_REGION"] = "ap-northeast-2"
    data["functions"]["problem-generator-streaming"]["environment"] = {"AWS_REGION": "ap-northeast-2"}
    edit(data)
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _ids(checked) -> list[tuple[str, tuple]]:
    return [(f.rule_id, f.path[:2]) for f in checked.findings]


def test_without_suppression_both_functions_are_reported(tmp_path):
    checked = check_spec(_spec(tmp_path, lambda d: None))
    reported = [p for i, p in _ids(checked) if i == RESERVED]
    assert ("functions", "problem-grader") in reported and ("functions", "problem-generator-streaming") in reported


def test_command_line_ignore_by_id_and_by_name(tmp_path):
    path = _spec(tmp_path, lambda d: None)
    assert RESERVED not in {i for i, _ in _ids(check_spec(path, ["AG201"]))}
    assert RESERVED not in {i for i, _ in _ids(check_spec(path, ["reserved-environment-variable"]))}


def test_spec_level_ignore(tmp_path):
    checked = check_spec(_spec(tmp_path, lambda d: d.setdefault("lint", {}).update(ignore=[RESERVED])))
    assert RESERVED not in {i for i, _ in _ids(checked)}


def test_resource_ignore_only_silences_that_resource(tmp_path):
    def edit(data):
        data["functions"]["problem-grader"]["ignore"] = ["reserved-environment-variable"]

    reported = [p for i, p in _ids(check_spec(_spec(tmp_path, edit))) if i == RESERVED]
    assert reported == [("functions", "problem-generator-streaming")]


def test_unknown_suppressions_are_findings(tmp_path):
    def edit(data):
        data["lint"] = {"ignore": ["AG999"]}
        data["functions"]["problem-grader"]["ignore"] = ["no-such-rule"]

    checked = check_spec(_spec(tmp_path, edit), ["AG998"])
    unknown = [f for f in checked.findings if f.rule_id == "AG007"]
    assert len(unknown) == 3 and checked.has_errors
    assert {f.path for f in unknown} == {("lint", "ignore", 0), ("functions", "problem-grader", "ignore", 0), ()}
