"""Each rule fires on its failing fixture and stays quiet on its passing one; the text output is snapshotted
beside the fixtures (`fixtures/<ID>/fail.txt`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alpaco_gen.pipeline import check_spec
from alpaco_gen.report import format_findings
from alpaco_gen.rules import catalog
from tests.rules.fixture_output import FixtureOutput

FIXTURES = Path(__file__).parent / "fixtures"
RULES = [r for r in catalog() if (FIXTURES / r.id).is_dir()]
# Preflight rules need a live account: tests/aws covers their failing and passing cases on moto. Here both
# of their fixtures only have to pass `validate` without firing them.
VALIDATED = [r for r in RULES if r.emitted_by != "preflight"]
PREFLIGHT = [r for r in RULES if r.emitted_by == "preflight"]


def _check(path: Path):
    cwd = os.getcwd()
    os.chdir(FIXTURES)  # file names in findings read `AG101/fail.yaml`, the same on every machine
    try:
        return check_spec(path.relative_to(FIXTURES))
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("rule", VALIDATED, ids=lambda r: r.id)
def test_failing_fixture_reports_the_rule(rule, snapshot):
    checked = _check(FIXTURES / rule.id / "fail.yaml")
    ids = {f.rule_id for f in checked.findings}
    assert rule.id in ids, f"{rule.id} did not fire; got {sorted(ids)}"
    assert format_findings(checked.findings, "text", color=False) == snapshot(extension_class=FixtureOutput,
                                                                               name=rule.id)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_passing_fixture_is_clean_of_the_rule(rule):
    checked = _check(FIXTURES / rule.id / "pass.yaml")
    assert rule.id not in {f.rule_id for f in checked.findings}
    assert not checked.has_errors, [f"{f.rule_id} {f.message}" for f in checked.findings]


@pytest.mark.parametrize("rule", PREFLIGHT, ids=lambda r: r.id)
def test_failing_fixture_of_a_preflight_rule_is_quiet_in_validate(rule):
    checked = _check(FIXTURES / rule.id / "fail.yaml")
    assert rule.id not in {f.rule_id for f in checked.findings}
    assert not checked.has_errors, [f"{f.rule_id} {f.message}" for f in checked.findings]
