"""Delivery targets (`{function: x}`): one kind per mapping, and the grants a delivering role needs."""

from __future__ import annotations

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from alpaco_gen.kinds import KINDS
from alpaco_gen.kinds.base import Names
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.references import References
from alpaco_gen.resolve.resolver import resolve
from alpaco_gen.resolve.uses import delivery_grants
from alpaco_gen.spec.models import Spec
from alpaco_gen.spec.uses import Target
from tests.helpers import REFERENCE

TARGET = TypeAdapter(Target)


def test_a_target_names_exactly_one_resource():
    target = TARGET.validate_python({"state_machine": "problem-grader"})
    assert (target.kind, target.target) == ("state_machine", "problem-grader")
    with pytest.raises(ValidationError, match="set exactly one of"):
        TARGET.validate_python({"function": "a", "state_machine": "b"})
    with pytest.raises(ValidationError):
        TARGET.validate_python({"table": "problems"})  # tables take no deliveries


def _context():
    spec = Spec.model_validate(yaml.safe_load(REFERENCE.read_text()))
    service, _ = resolve(spec, "service.yaml")
    refs = References({key: kind.entries(spec) for key, kind in KINDS.items()},
                      {key: ".".join(kind.section) for key, kind in KINDS.items()})
    ctx = Context(spec, Names(spec.project, spec.service, spec.environment), refs, dict(KINDS))
    ctx.resolved = {key: {obj.name: obj for obj in objs if hasattr(obj, "name")}
                    for key, objs in service.objects.items()}
    return ctx


def test_delivery_grants_are_the_kinds_own_grants_for_its_delivery_access():
    ctx = _context()
    grants = delivery_grants(ctx, TARGET.validate_python({"state_machine": "problem-grader"}), ("schedules", "x"))
    assert {a for s in grants for a in s.actions} >= {"states:StartExecution"}
    assert not ctx.refs.findings


def test_an_undeclared_target_grants_nothing_and_is_reported():
    ctx = _context()
    assert delivery_grants(ctx, TARGET.validate_python({"function": "nope"}), ("schedules", "x", "target")) == ()
    assert [f.rule_id for f in ctx.refs.findings] == ["AG101"]
