"""`alpaco-gen preflight`: read-only checks of the live account, reported like `validate` findings.

Runs after `check_spec` found no errors. Every check group reads the resolved model and the account; a call
AWS refuses becomes an AG910 finding, a fault of transport or credentials ends the run (AwsUnavailable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from alpaco_gen.aws.apigateway import check_api_gateway_account
from alpaco_gen.aws.buckets import check_buckets
from alpaco_gen.aws.concurrency import check_concurrency
from alpaco_gen.aws.context import Context, skipped
from alpaco_gen.aws.existing import check_existing
from alpaco_gen.aws.identity import caller_identity, check_region
from alpaco_gen.aws.images import check_images
from alpaco_gen.aws.references import check_references
from alpaco_gen.aws.session import is_unavailable, open_session, unavailable
from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.pipeline import Checked
from alpaco_gen.records import record
from alpaco_gen.spec.loader import locate

Check = Callable[[Context], Iterable[Finding]]
# (what it checks, for a skipped finding; where that finding points; the check)
CHECKS: tuple[tuple[str, SpecPath, Check], ...] = (
    ("the region", ("region",), check_region),
    ("the pushed images", ("repositories",), check_images),
    ("API Gateway's account settings", ("account", "api_gateway_cloudwatch_role"), check_api_gateway_account),
    ("the bucket names", ("buckets",), check_buckets),
    ("whether the resources exist already", (), check_existing),
    ("the reserved concurrency quota", ("functions",), check_concurrency),
    ("the referenced secrets, parameters, keys, zones and certificates", (), check_references),
)


@record
class PreflightResult:
    """The spec's own findings and preflight's, located and sorted, and where preflight looked."""

    checked: Checked
    account_id: str
    region: str


def run_preflight(checked: Checked, *, profile: str | None = None, region: str | None = None,
                  ignore: Sequence[str] = (), session: Any = None) -> PreflightResult:
    """Check the account of `profile` (or `session`) for what the spec of `checked` needs at apply time.

    Raises AwsUnavailable when boto3, the credentials or the endpoint are missing: nothing was checked.
    """
    from alpaco_gen.pipeline import suppress  # the one place that knows lint.ignore and `ignore:`

    service = checked.service
    assert service is not None and not checked.has_errors, "preflight needs a spec without errors"
    session = session or open_session(profile, region)
    account_id, partition = caller_identity(session, service.spec.region)
    ctx = Context(service, session, account_id, partition, session.region_name)
    findings = suppress(list(_run_checks(ctx)), service.spec, ignore)
    located = locate(findings, checked.loaded)
    merged = sorted([*checked.findings, *located], key=lambda f: f.sort_key)
    return PreflightResult(replace(checked, findings=merged), account_id, ctx.region)


def _run_checks(ctx: Context) -> Iterator[Finding]:
    from botocore.exceptions import ClientError, ParamValidationError

    for what, path, check in CHECKS:
        try:
            yield from check(ctx)
        except Exception as exc:
            if is_unavailable(exc):
                raise unavailable(exc) from None
            if not isinstance(exc, (ClientError, ParamValidationError)):
                raise
            yield skipped(path, what, exc)
