"""The access simulation: the committed specs need no grant they lack and hold none they do not use; with the
fixes of the runtime issue reverted it finds the missing grants again; and its policy logic is IAM's."""

from __future__ import annotations

from pathlib import Path

import pytest

from alpaco_gen.access import simulate
from alpaco_gen.access.policy import Resolver, applies, condition_holds, matches
from alpaco_gen.kinds import key as service_key
from alpaco_gen.kinds.iam import Condition, Statement
from alpaco_gen.kinds.table import TableKind
from alpaco_gen.pipeline import check_spec
from tests.helpers import REFERENCE, SPECS


def _service(spec: Path):
    checked = check_spec(spec)
    assert checked.service is not None and not checked.has_errors
    return checked.service


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_committed_specs_have_every_grant_and_no_other(spec):
    result = simulate(_service(spec))
    assert len(result.calls) > 30  # the smallest committed spec (upload_pipeline) makes 40
    assert [(c.principal, c.action, c.resource, why) for c, why in result.missing] == []
    assert result.unused == []


def test_reverted_table_key_grant_is_found(monkeypatch):
    """Issue 11, finding 2: a task role with DynamoDB actions but no use of the key that encrypts the table."""
    grants = TableKind.grants
    monkeypatch.setattr(TableKind, "grants", lambda self, ctx, name, access: grants(self, ctx, name, access)[:1])
    missing = {(c.principal, c.action) for c, _ in simulate(_service(REFERENCE)).missing}
    assert ("aws_iam_role.task_problem_generator", "kms:GenerateDataKey") in missing
    assert ("aws_iam_role.task_problem_generator", "kms:Decrypt") in missing


def test_reverted_log_delivery_key_statement_is_found(monkeypatch):
    """Issue 11, finding 4: log groups encrypted with a key whose policy does not let CloudWatch Logs use it."""
    monkeypatch.setattr(service_key, "KEY_POLICY", service_key.KEY_POLICY[:1])
    missing = [(c, why) for c, why in simulate(_service(REFERENCE)).missing]
    groups = {c.why for c, _ in missing}
    assert any("/aws/vendedlogs/states/" in why for why in groups)  # the state machine's execution logs
    assert all(c.principal == service_key.LOGS_SERVICE for c, _ in missing)


def test_an_unneeded_grant_is_reported(monkeypatch):
    grants = TableKind.grants
    extra = Statement("Extra", ("dynamodb:DeleteTable",), ('"*"',))
    monkeypatch.setattr(TableKind, "grants", lambda self, ctx, name, access: [*grants(self, ctx, name, access), extra])
    unused = simulate(_service(REFERENCE)).unused
    assert ("alpaco-problem-service-problem-grader-dev-fn", "Extra", "dynamodb:DeleteTable") in unused


def test_wildcards_match_like_iam():
    assert matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/key")
    assert not matches("arn:aws:s3:::b/*", "arn:aws:s3:::bb/key")
    assert matches("s3:Get*", "S3:GETOBJECT", ignore_case=True)
    assert matches("a?c", "abc") and not matches("a?c", "abbc")


def test_references_resolve_to_the_arns_they_stand_for():
    resolve = Resolver({"aws_s3_bucket.b.arn": "arn:p:s3:::bucket"})
    assert resolve.text("aws_s3_bucket.b.arn") == "arn:p:s3:::bucket"
    assert resolve.text('"${aws_s3_bucket.b.arn}/*"') == "arn:p:s3:::bucket/*"
    assert resolve.text('"${local.region}"') == "${local.region}"


def test_conditions_need_their_key_and_value():
    resolve = Resolver({})
    via = Condition("StringEquals", "kms:ViaService", ('"dynamodb.x.amazonaws.com"',))
    assert condition_holds(via, {"kms:ViaService": "dynamodb.x.amazonaws.com"}, resolve)
    assert not condition_holds(via, {"kms:ViaService": "s3.x.amazonaws.com"}, resolve)
    assert not condition_holds(via, {}, resolve)
    like = Condition("ArnLike", "aws:SourceArn", ('"arn:a:*/GET/x"',))
    assert condition_holds(like, {"aws:SourceArn": "arn:a:api/$default/GET/x"}, resolve)
    statement = Statement("S", ("kms:Decrypt",), ('"*"',), (via,))
    assert not applies(statement, "kms:Decrypt", "arn:k", {}, resolve)
    assert applies(statement, "kms:Decrypt", "arn:k", {"kms:ViaService": "dynamodb.x.amazonaws.com"}, resolve)
