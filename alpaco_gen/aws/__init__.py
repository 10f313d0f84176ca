"""Preflight: read-only checks of the live AWS account (boto3 is imported here and nowhere else).

`run_preflight` takes a checked spec and reports AG9xx findings; `AwsUnavailable` means nothing could be
checked (no boto3, no credentials, no endpoint) and maps to exit code 2.
"""

from alpaco_gen.aws.preflight import PreflightResult, run_preflight
from alpaco_gen.aws.session import AwsUnavailable

__all__ = ["AwsUnavailable", "PreflightResult", "run_preflight"]
