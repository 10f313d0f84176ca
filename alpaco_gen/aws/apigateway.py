"""API Gateway's account settings: the one CloudWatch Logs role per account and region (seed failure 6)."""

from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.aws.context import Context
from alpaco_gen.aws.session import error_code
from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds.api import ACCOUNT
from alpaco_gen.rules.preflight.api_gateway_account_role_missing import ApiGatewayAccountRoleMissing
from alpaco_gen.rules.preflight.api_gateway_account_settings_owned import ApiGatewayAccountSettingsOwned

PATH = ("account", "api_gateway_cloudwatch_role")
STAGE_ERROR = ("\"BadRequestException: CloudWatch Logs role ARN must be set in account settings to enable "
               "logging\"")


def check_api_gateway_account(ctx: Context) -> Iterator[Finding]:
    setting = ctx.service.spec.account.api_gateway_cloudwatch_role
    websockets = [api.name for api in ctx.service.apis if api.is_websocket and api.access_logs]
    where = f"account {ctx.account_id}, region {ctx.region}"
    if setting == "existing" and websockets:
        arn = ctx.client("apigateway").get_account().get("cloudwatchRoleArn")
        names = ", ".join(f"`{name}`" for name in websockets)
        if not arn:
            yield ApiGatewayAccountRoleMissing.finding(
                PATH, f"API Gateway has no CloudWatch Logs role in {where}: the stage of WebSocket API "
                f"{names} fails at apply with {STAGE_ERROR}",
                "Use `api_gateway_cloudwatch_role: create`, or register a role with "
                "AmazonAPIGatewayPushToCloudWatchLogs: `aws apigateway update-account --region "
                f"{ctx.region} --patch-operations op=replace,path=/cloudwatchRoleArn,value=<role arn>`")
        elif not _role_exists(ctx, arn):
            yield ApiGatewayAccountRoleMissing.finding(
                PATH, f"API Gateway's CloudWatch Logs role in {where} is `{arn}`, which does not exist: the "
                f"stage of WebSocket API {names} cannot write its logs",
                "Recreate that role, or register another one (or use `api_gateway_cloudwatch_role: create`)")
    elif setting == "create" and ctx.service.api_account_role:
        arn = ctx.client("apigateway").get_account().get("cloudwatchRoleArn")
        now = (f"; it is `{arn}` now, and apply points it at the generated role" if arn else
               "; nothing is set there now")
        yield ApiGatewayAccountSettingsOwned.finding(
            PATH, "this Terraform will own API Gateway's CloudWatch Logs role setting "
            f"({ACCOUNT.tf_type}) for all of {where}, which every REST and WebSocket API there logs "
            f"through{now}",
            "Keep `create` when this service is meant to own it; otherwise use `existing`")


def _role_exists(ctx: Context, arn: str) -> bool:
    """Whether the role of `arn` exists; a role of another account is not checked."""
    from botocore.exceptions import ClientError

    parts = arn.split(":")
    if len(parts) < 6 or parts[4] != ctx.account_id or not parts[5].startswith("role/"):
        return True
    try:
        ctx.client("iam").get_role(RoleName=parts[5].rsplit("/", 1)[-1])
    except ClientError as exc:
        if error_code(exc) == "NoSuchEntity":
            return False
        raise
    return True
