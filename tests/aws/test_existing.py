"""Resources that exist already outside Terraform (AG908) and calls AWS refuses (AG910)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.aws.support import (
    ACCOUNT,
    CHECKOUT,
    OWNER_TAGS,
    REGION,
    STREAM_REPO,
    TABLE,
    answer,
    finding,
    ids,
    preflight,
    tag_list,
)

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]})
SFN_ROLE = f"arn:aws:iam::{ACCOUNT}:role/acme-shop-fulfil-dev-sfn"
STATE_MACHINE = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:acme-shop-fulfil-dev"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _role(session, name, tags):
    return session.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=TRUST,
                                             Tags=tag_list(tags))["Role"]["Arn"]


def _function(session, tags):
    role = _role(session, "hand-made", {})
    session.client("lambda").create_function(FunctionName=CHECKOUT, Runtime="python3.12", Role=role,
                                             Handler="app.handler", Code={"ZipFile": _zip()}, Tags=tags)


def _table(session, tags):
    session.client("dynamodb").create_table(
        TableName=TABLE, KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST", Tags=tag_list(tags))


def _log_group(session, tags):
    session.client("logs").create_log_group(logGroupName=f"/aws/lambda/{CHECKOUT}", tags=tags)


def _state_machine(session, tags):
    _role(session, "acme-shop-fulfil-dev-sfn", tags)
    session.client("stepfunctions").create_state_machine(
        name="acme-shop-fulfil-dev", roleArn=SFN_ROLE,
        definition=json.dumps({"StartAt": "done", "States": {"done": {"Type": "Succeed"}}}),
        tags=[{"key": k, "value": v} for k, v in tags.items()])


def _untag_repository(session, tags):
    ecr = session.client("ecr")
    arn = ecr.describe_repositories(repositoryNames=[STREAM_REPO])["repositories"][0]["repositoryArn"]
    ecr.untag_resource(resourceArn=arn, tagKeys=list(OWNER_TAGS))
    if tags:
        ecr.tag_resource(resourceArn=arn, tags=tag_list(tags))


KINDS = [
    # (make it, Terraform address, import id, what the message calls it)
    (_function, "aws_lambda_function.checkout", CHECKOUT, "Lambda function"),
    (_table, "aws_dynamodb_table.orders", TABLE, "DynamoDB table"),
    (lambda s, tags: _role(s, "acme-shop-worker-dev-exec", tags), "aws_iam_role.task_worker_execution",
     "acme-shop-worker-dev-exec", "IAM role"),
    (_log_group, "aws_cloudwatch_log_group.function_checkout", f"/aws/lambda/{CHECKOUT}", "log group"),
    (_state_machine, "aws_sfn_state_machine.fulfil", STATE_MACHINE, "state machine"),
    (_untag_repository, "aws_ecr_repository.stream", STREAM_REPO, "ECR repository"),
]


@pytest.mark.parametrize(("make", "address", "aws_id", "label"), KINDS, ids=[k[1] for k in KINDS])
def test_a_resource_made_by_hand_warns_with_its_import_block(clean, make, address, aws_id, label):
    make(clean, {"Owner": "someone"})
    result = preflight(clean)
    found = [f for f in result.checked.findings if f.rule_id == "AG908" and address in f.help]
    assert len(found) == 1, [f"{f.rule_id} {f.message}" for f in result.checked.findings]
    assert f"{label} `{aws_id}`" in found[0].message and "already exists" in found[0].message
    assert f'    import {{\n      to = {address}\n      id = "{aws_id}"\n    }}' in found[0].help
    assert not result.checked.has_errors


@pytest.mark.parametrize(("make", "address", "aws_id", "label"), KINDS, ids=[k[1] for k in KINDS])
def test_a_resource_with_this_services_tags_is_a_redeploy(clean, make, address, aws_id, label):
    make(clean, OWNER_TAGS)
    assert ids(preflight(clean)) == []


def test_the_tags_of_another_service_do_not_count(clean):
    _table(clean, {**OWNER_TAGS, "Service": "billing"})
    assert "aws_dynamodb_table.orders" in finding(preflight(clean), "AG908").help


def test_a_refused_lookup_is_reported_once_per_kind(clean):
    denied = {"Error": {"Code": "AccessDenied", "Message": "not authorized: iam:GetRole"}}
    answer(clean, "iam.GetRole", 403, denied)
    result = preflight(clean)
    skipped = [f for f in result.checked.findings if f.rule_id == "AG910"]
    assert [f.message for f in skipped] == [
        # the account's API Gateway role is looked up with iam:GetRole too
        "could not check API Gateway's account settings: AccessDenied: not authorized: iam:GetRole",
        "could not check whether IAM roles exist already: AccessDenied: not authorized: iam:GetRole"]
    assert {f.severity.value for f in skipped} == {"warning"} and not result.checked.has_errors
