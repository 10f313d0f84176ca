"""Lambda: the spec's reserved concurrency must fit what the account can still reserve in this region."""

from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.aws.context import Context
from alpaco_gen.aws.session import error_code
from alpaco_gen.diagnostics import Finding
from alpaco_gen.rules.preflight.reserved_concurrency_quota import ReservedConcurrencyQuota

# Lambda keeps this much unreserved; an account whose whole quota is lower (new accounts: 10) keeps all of it.
MINIMUM_UNRESERVED = 100


def check_concurrency(ctx: Context) -> Iterator[Finding]:
    reserving = [fn for fn in ctx.service.functions if fn.spec.reserved_concurrency]
    if not reserving:
        return
    lambda_ = ctx.client("lambda")
    limits = lambda_.get_account_settings()["AccountLimit"]
    quota, unreserved = int(limits["ConcurrentExecutions"]), int(limits["UnreservedConcurrentExecutions"])
    # Reservations the spec's functions hold already come back to the pool when Terraform changes them.
    held = sum(_reserved_now(ctx, fn.aws_name) for fn in ctx.service.functions)
    wanted = sum(fn.spec.reserved_concurrency or 0 for fn in reserving)
    floor = min(MINIMUM_UNRESERVED, quota)
    if wanted <= unreserved + held - floor:
        return
    parts = ", ".join(f"`{fn.name}`: {fn.spec.reserved_concurrency}" for fn in reserving)
    held_text = f" (+{held} that these functions reserve already)" if held else ""
    yield ReservedConcurrencyQuota.finding(
        (*reserving[0].path, "reserved_concurrency"),
        f"the functions reserve {wanted} concurrent executions ({parts}), but account {ctx.account_id} in "
        f"{ctx.region} has a quota of {quota}, {unreserved} unreserved now{held_text}, and Lambda keeps "
        f"{floor} unreserved: apply fails with \"InvalidParameterValueException: Specified "
        "ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below "
        f"its minimum value of [{floor}]\"",
        f"Reserve at most {max(unreserved + held - floor, 0)} in total, or raise the "
        "\"Concurrent executions\" quota in Service Quotas")


def _reserved_now(ctx: Context, function_name: str) -> int:
    from botocore.exceptions import ClientError

    try:
        answer = ctx.client("lambda").get_function_concurrency(FunctionName=function_name)
    except ClientError as exc:
        if error_code(exc) == "ResourceNotFoundException":
            return 0
        raise
    return int(answer.get("ReservedConcurrentExecutions") or 0)
