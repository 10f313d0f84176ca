"""Statements one kind adds to another resource's policy reach that policy once, after everything resolves."""

from __future__ import annotations

import pytest
import yaml

from alpaco_gen.kinds import KINDS
from alpaco_gen.kinds.iam import Principal, Statement
from alpaco_gen.kinds.key import KEY_POLICY, SERVICE_KEY
from alpaco_gen.resolve import resolver
from alpaco_gen.spec.models import Spec
from tests.helpers import REFERENCE

DELIVERY = Statement("QueueDelivery", ("kms:GenerateDataKey",), ('"*"',),
                     principals=(Principal("Service", ('"sns.amazonaws.com"',)),))


def test_allowed_statements_reach_the_key_policy_once(monkeypatch):
    table_kind = KINDS["table"]
    original = type(table_kind).resolve

    def resolve_and_allow(self, ctx):
        ctx.allow_on(*SERVICE_KEY, DELIVERY)
        ctx.allow_on(*SERVICE_KEY, DELIVERY)
        return original(self, ctx)

    monkeypatch.setattr(type(table_kind), "resolve", resolve_and_allow)
    service, _ = resolver.resolve(Spec.model_validate(yaml.safe_load(REFERENCE.read_text())), "service.yaml")
    assert service.key.statements == (*KEY_POLICY, DELIVERY)


def test_a_kind_without_a_resource_policy_refuses_statements():
    with pytest.raises(TypeError, match="QueueDelivery"):
        KINDS["subnet"].with_inbound(object(), (DELIVERY,))
