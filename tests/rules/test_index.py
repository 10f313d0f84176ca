"""alpaco_gen/rules/_index.py is current, and running only the rules it selects for a spec finds what running
every rule finds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alpaco_gen.pipeline import check_spec
from alpaco_gen.rules import catalog, find, rule_id, run_rules
from alpaco_gen.rules.index import INDEX, index_source
from tests.helpers import REPO

FIXTURES = Path(__file__).parent / "fixtures"
SPECS = sorted((REPO / "specs").glob("*.yaml")) + sorted(FIXTURES.glob("*/*.yaml"))


def test_the_index_is_current() -> None:
    assert INDEX.read_text(encoding="utf-8") == index_source(), \
        "alpaco_gen/rules/_index.py is stale: run `python -m alpaco_gen.rules.index`"


def test_every_kind_a_rule_names_is_a_kind() -> None:
    from alpaco_gen.kinds import KINDS

    assert {(r.id, k) for r in catalog() for k in r.kinds if k not in KINDS} == set()
    assert [r.id for r in catalog() if r.kinds and r.emitted_by] == []  # kinds only select checks to run


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: str(p.relative_to(REPO)))
def test_the_selected_rules_find_what_every_rule_finds(spec: Path) -> None:
    cwd = os.getcwd()
    os.chdir(spec.parent)
    try:
        checked = check_spec(Path(spec.name))
    finally:
        os.chdir(cwd)
    if checked.service is None:
        return
    every = [f for rule in catalog() if rule.emitted_by is None for f in rule().check(checked.service)]
    assert run_rules(checked.service) == every


def test_the_selection_skips_rules_about_kinds_the_spec_lacks() -> None:
    code = ("import sys\nfrom alpaco_gen.cli import main\nsys.argv = ['alpaco-gen', 'validate', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(*sorted(m for m in sys.modules if m.startswith('alpaco_gen.rules.')))\n")
    done = subprocess.run([sys.executable, "-c", code, str(REPO / "specs" / "problem_service.yaml")],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    loaded = set(done.stdout.split())
    assert "alpaco_gen.rules.lambda_.reserved_environment_variable" in loaded, done.stdout + done.stderr
    assert "alpaco_gen.rules.messaging.dead_letter_retention" not in loaded  # the spec has no queue
    assert "alpaco_gen.rules.preflight.region_mismatch" not in loaded  # emitted by preflight, no check here


def test_names_and_ids_resolve_without_importing_rules() -> None:
    assert (rule_id("ag201"), rule_id("reserved-environment-variable"), rule_id("no-such-rule")) == \
        ("AG201", "AG201", None)
    rule = find("unknown-time-zone")
    assert rule is not None and rule.id == "AG141"
