"""The catalog itself: ids and names well formed and unique, explanations complete, fixtures present, docs current."""

from __future__ import annotations

from pathlib import Path

import pytest

from alpaco_gen.rules import catalog
from alpaco_gen.rules.base import HEADINGS, ID_PATTERN, NAME_PATTERN
from alpaco_gen.rules.docs import rules_markdown

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
RULES = catalog()


def test_ids_and_names_are_well_formed_and_unique():
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(ids)) == len(ids)
    assert len(set(names)) == len(names)
    assert all(ID_PATTERN.match(i) for i in ids), ids
    assert all(NAME_PATTERN.match(n) for n in names), names


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_explanation_has_every_heading_in_order(rule):
    positions = [rule.explanation.find(h) for h in HEADINGS]
    assert -1 not in positions, f"{rule.id} lacks {HEADINGS[positions.index(-1)]}"
    assert positions == sorted(positions)
    assert rule.summary.strip() and not rule.summary.endswith(" ")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_a_failing_and_a_passing_fixture(rule):
    for name in ("fail.yaml", "pass.yaml"):
        assert (FIXTURES / rule.id / name).is_file(), f"missing tests/rules/fixtures/{rule.id}/{name}"


def test_docs_are_current():
    docs = REPO / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `alpaco-gen rules --format markdown > docs/rules.md`")
