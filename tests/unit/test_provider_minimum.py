"""The provider floor of rule AG812 is the release whose schema tests/verify checks the output against."""

from __future__ import annotations

import json

import pytest

from alpaco_gen.rules.hygiene.provider_too_old import MINIMUM_AWS_PROVIDER, oldest_admitted_below
from tests.helpers import REPO


def test_the_floor_is_the_vendored_schema_release():
    vendored = json.loads((REPO / "tests" / "verify" / "data" / "provider-schemas.json").read_text())
    version = vendored["providers"]["aws"]["version"]
    assert tuple(int(p) for p in version.split(".")) == MINIMUM_AWS_PROVIDER


@pytest.mark.parametrize(("constraint", "older"), [
    ("~> 6.0", (6, 0, 0)), (">= 6.0", (6, 0, 0)), ("< 7.0", (0, 0, 0)), ("6.24.0", (6, 24, 0)),
    ("> 6.24.9", (6, 24, 10)), ("~> 6.24.3", (6, 24, 3)), (">= 6.24, != 6.24.0", (6, 24, 1)),
    ("~> 6.25", None), (">= 6.25, < 7.0", None), ("~> 6.25.0", None), ("= 6.25.0", None), (">= 6.26", None),
    ("6.x", ""),
])
def test_older_releases_a_constraint_admits(constraint, older):
    assert oldest_admitted_below(constraint) == older
