"""Who preflight runs as (sts:GetCallerIdentity), and whether the AWS environment's region is the spec's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from alpaco_gen.aws.context import Context
from alpaco_gen.aws.session import AwsUnavailable, client_config, unavailable
from alpaco_gen.diagnostics import Finding
from alpaco_gen.rules.preflight.region_mismatch import RegionMismatch


def caller_identity(session: Any, region: str) -> tuple[str, str]:
    """(account id, partition) of the credentials. Any failure means there is nothing to check: exit 2."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        sts = session.client("sts", region_name=region, config=client_config())
        identity = sts.get_caller_identity()
    except (BotoCoreError, ClientError) as exc:
        raise unavailable(exc) from None
    arn = str(identity.get("Arn", ""))
    account = str(identity.get("Account", ""))
    if not account:
        raise AwsUnavailable(f"cannot reach AWS / no credentials: no account in the STS answer for {arn!r}")
    return account, arn.split(":")[1] if arn.count(":") >= 5 else "aws"


def check_region(ctx: Context) -> Iterator[Finding]:
    if ctx.configured_region and ctx.configured_region != ctx.region:
        yield RegionMismatch.finding(
            ("region",),
            f"the AWS environment is set to region `{ctx.configured_region}`, the spec deploys to "
            f"`{ctx.region}`; preflight checked `{ctx.region}`",
            f"Run with `--region {ctx.region}` or `AWS_REGION={ctx.region}`, or use the profile of this "
            "spec's account and region")
