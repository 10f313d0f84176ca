"""API Gateway's account CloudWatch role (AG905, AG906): the seed's sixth failure, found before apply."""

from __future__ import annotations

from tests.aws.support import REGION, finding, ids, position, preflight, write_spec


def _role_setting(value: str):
    def change(data):
        data["account"]["api_gateway_cloudwatch_role"] = value
    return change


def _clear_account_role(session):
    session.client("apigateway", region_name=REGION).update_account(patchOperations=[
        {"op": "replace", "path": "/cloudwatchRoleArn", "value": ""}])


def test_existing_with_the_role_set_passes(clean):
    assert ids(preflight(clean)) == []


def test_existing_without_a_role_in_this_region_fails(clean):
    _clear_account_role(clean)
    result = preflight(clean)
    assert ids(result) == ["AG905"]
    found = finding(result, "AG905")
    assert (found.line, found.column) == position("api_gateway_cloudwatch_role", "existing")
    assert "has no CloudWatch Logs role in account 123456789012, region eu-west-1" in found.message
    assert "CloudWatch Logs role ARN must be set in account settings to enable logging" in found.message
    assert "aws apigateway update-account --region eu-west-1" in found.help


def test_existing_pointing_at_a_deleted_role_fails(clean):
    clean.client("iam").delete_role(RoleName="apigateway-cloudwatch")
    found = finding(preflight(clean), "AG905")
    assert "arn:aws:iam::123456789012:role/apigateway-cloudwatch`, which does not exist" in found.message


def test_existing_without_a_websocket_api_is_not_checked(clean, tmp_path):
    _clear_account_role(clean)

    def no_apis(data):
        del data["apis"]
    assert ids(preflight(clean, write_spec(tmp_path, no_apis))) == []


def test_create_warns_that_terraform_takes_over_the_setting(clean, tmp_path):
    result = preflight(clean, write_spec(tmp_path, _role_setting("create")))
    assert ids(result) == ["AG906"]
    found = finding(result, "AG906")
    assert found.severity.value == "warning"
    assert "for all of account 123456789012, region eu-west-1" in found.message
    assert "it is `arn:aws:iam::123456789012:role/apigateway-cloudwatch` now, and apply points it at the " \
        "generated role" in found.message
    assert not result.checked.has_errors


def test_create_on_an_account_without_a_role_says_nothing_is_replaced(clean, tmp_path):
    _clear_account_role(clean)
    found = finding(preflight(clean, write_spec(tmp_path, _role_setting("create"))), "AG906")
    assert found.message.endswith("nothing is set there now")
