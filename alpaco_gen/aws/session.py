"""A boto3 session opened the way the AWS CLI would, and the line between "AWS is unreachable" and a finding.

boto3 and botocore are imported inside the functions: `validate` and `render` must never load them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Error codes that say the credentials themselves are wrong or expired, whichever service answers.
CREDENTIAL_ERRORS = frozenset({
    "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
    "InvalidSignatureException", "ExpiredToken", "ExpiredTokenException", "RequestExpired", "AuthFailure",
    "MissingAuthenticationToken",
})
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 30


class AwsUnavailable(Exception):
    """Nothing could be checked: no boto3, no credentials, an unreachable endpoint (exit 2)."""


def open_session(profile: str | None, region: str | None) -> Any:
    """A boto3 Session of `profile` (or the environment's) in `region` (or the environment's, maybe none).

    The standard environment applies: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, AWS_MAX_ATTEMPTS and so on.
    """
    try:
        import boto3
        from botocore.exceptions import BotoCoreError
    except ImportError:
        raise AwsUnavailable("preflight needs boto3: pip install 'alpaco-gen[aws]'") from None
    try:
        return boto3.Session(profile_name=profile, region_name=region)
    except BotoCoreError as exc:  # ProfileNotFound and friends
        raise unavailable(exc) from None


def client_config() -> Any:
    """Short connect timeout: an unreachable endpoint must end preflight in seconds, not minutes.

    Retries are left to the environment (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE): a value here would override them.
    """
    from botocore.config import Config

    return Config(connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT,
                  user_agent_extra="alpaco-gen-preflight")


def error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ClientError, '' for anything else."""
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def error_text(exc: BaseException) -> str:
    response = getattr(exc, "response", None) or {}
    error = response.get("Error", {})
    if error:
        return f"{error.get('Code', '')}: {error.get('Message', '')}".strip(": ")
    return str(exc)


def unavailable(exc: BaseException) -> AwsUnavailable:
    return AwsUnavailable(f"cannot reach AWS / no credentials: {type(exc).__name__}: {error_text(exc)}")


def is_unavailable(exc: BaseException) -> bool:
    """Transport and credential faults (BotoCoreError, credential codes), not answers about resources."""
    from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

    if isinstance(exc, BotoCoreError):
        return not isinstance(exc, ParamValidationError)  # a request we built badly is our fault
    return isinstance(exc, ClientError) and error_code(exc) in CREDENTIAL_ERRORS


def absent_on(call: Callable[..., Any], code: str, **kwargs: Any) -> Any:
    """The call's answer, or None when AWS says the resource does not exist (error `code`)."""
    from botocore.exceptions import ClientError

    try:
        return call(**kwargs)
    except ClientError as exc:
        if error_code(exc) == code:
            return None
        raise
