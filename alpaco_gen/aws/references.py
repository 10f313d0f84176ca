"""Resources the spec references but does not create: existing secrets, parameters and KMS keys, hosted zones
and the certificates of API domains. A typo in one is otherwise found at plan time, or at the first call.

Each reference is looked up with one read-only call in the region its ARN names (the spec's region for the
rest). A kind of reference AWS refuses to describe is skipped (AG910) once, and the other kinds still run.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from alpaco_gen.aws.context import Check, Context, run_by_kind
from alpaco_gen.aws.domains import certificate_checks, zone_checks
from alpaco_gen.aws.session import absent_on
from alpaco_gen.diagnostics import Finding, Severity, SpecPath
from alpaco_gen.rules.preflight.referenced_key_unusable import ReferencedKeyUnusable
from alpaco_gen.rules.preflight.referenced_parameter_mismatch import ReferencedParameterMismatch
from alpaco_gen.rules.preflight.referenced_secret_unusable import ReferencedSecretUnusable

AWS_MANAGED_KEYS = ("alias/aws/secretsmanager", "alias/aws/ssm")


def check_references(ctx: Context) -> Iterator[Finding]:
    yield from run_by_kind(references(ctx))


def references(ctx: Context) -> Iterator[Check]:
    for secret in ctx.service.secrets:
        if secret.spec.arn:
            yield "the referenced secrets", (*secret.path, "arn"), partial(_secret, ctx, secret)
    for parameter in ctx.service.parameters:
        if parameter.address is None:
            yield "the referenced parameters", (*parameter.path, "name"), partial(_parameter, ctx, parameter)
    yield from _keys(ctx)
    yield from zone_checks(ctx)
    yield from certificate_checks(ctx)


def region_of(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[3] or None if len(parts) > 5 else None


def _secret(ctx: Context, secret: Any) -> Iterator[Finding]:
    arn: str = secret.spec.arn
    path = (*secret.path, "arn")
    client = ctx.client("secretsmanager", region_of(arn))
    answer = absent_on(client.describe_secret, "ResourceNotFoundException", SecretId=arn)
    where = f"account {arn.split(':')[4]}, region {region_of(arn) or ctx.region}"
    if answer is None:
        yield ReferencedSecretUnusable.finding(
            path, f"secret `{secret.name}`: `{arn}` does not exist in {where} (DescribeSecret: "
            "ResourceNotFoundException); reading it fails at run time",
            "Create it (`aws secretsmanager create-secret --name <name>`) or correct `arn`: copy the full ARN, "
            "with its 6-character suffix, from `aws secretsmanager describe-secret --secret-id <name> "
            "--query ARN`")
        return
    if answer.get("ARN") and answer["ARN"] != arn:
        yield ReferencedSecretUnusable.finding(
            path, f"secret `{secret.name}`: `{arn}` is a partial ARN of `{answer['ARN']}`; the generated IAM "
            "grants name the ARN exactly, so GetSecretValue is denied at run time",
            f"Use the ARN with its 6-character suffix: `{answer['ARN']}`")
    if answer.get("DeletedDate"):
        yield ReferencedSecretUnusable.finding(
            path, f"secret `{secret.name}` (`{arn}`) is scheduled for deletion ({answer['DeletedDate']}): "
            "reading it fails (InvalidRequestException: marked for deletion)",
            f"Restore it: `aws secretsmanager restore-secret --secret-id {arn}`, or reference another secret")
    yield from _unmentioned_key(secret, path, answer.get("KmsKeyId"), "secretsmanager")


def _parameter(ctx: Context, parameter: Any) -> Iterator[Finding]:
    name: str = parameter.aws_name
    path = (*parameter.path, "name")
    found = ctx.client("ssm").describe_parameters(
        ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [name]}]).get("Parameters", [])
    if not found:
        yield ReferencedParameterMismatch.finding(
            path, f"parameter `{parameter.name}`: `{name}` does not exist in account {ctx.account_id}, region "
            f"{ctx.region} (DescribeParameters); reading it fails at run time (ParameterNotFound)",
            f"Create it (`aws ssm put-parameter --name {name} --type {parameter.spec.type} --value ...`) "
            "or correct `name` (the full name, with its leading `/` if it has one)")
        return
    live, wanted = found[0].get("Type", ""), parameter.spec.type
    if live != wanted and live == "SecureString":
        yield ReferencedParameterMismatch.finding(
            (*parameter.path, "type"), f"parameter `{parameter.name}` (`{name}`) is a SecureString, the spec "
            f"says {wanted}: the generated grants leave out its key, and a read without decryption returns "
            "ciphertext", "Set `type: SecureString` (and `kms_key_arn` if a customer managed key encrypts it)")
    elif live != wanted:
        yield ReferencedParameterMismatch.finding(
            (*parameter.path, "type"), f"parameter `{parameter.name}` (`{name}`) is a {live}, the spec says "
            f"{wanted}: reading works, but " + ("its value is stored in plain text" if wanted == "SecureString"
                                                else "a StringList's value is a comma-separated list"),
            f"Set `type: {live}`, or recreate the parameter as a {wanted}", severity=Severity.WARNING)
    if live == "SecureString":
        yield from _unmentioned_key(parameter, path, found[0].get("KeyId"), "ssm")


def _unmentioned_key(obj: Any, path: SpecPath, key_id: str | None, service: str) -> Iterator[Finding]:
    """A customer managed key other than the spec's `kms_key_arn`: the generated roles get no kms:Decrypt on it."""
    if not key_id or key_id in AWS_MANAGED_KEYS:
        return
    named = obj.spec.kms_key_arn
    if named and (key_id.startswith("alias/") or _key_id(key_id) == _key_id(named)):
        return  # an alias cannot be compared without resolving it: DescribeKey on kms_key_arn checks the key
    rule = ReferencedSecretUnusable if service == "secretsmanager" else ReferencedParameterMismatch
    said = f"the spec names `{named}`" if named else "the spec names none in `kms_key_arn`"
    yield rule.finding(
        path, f"`{obj.name}` is encrypted with the customer managed key `{key_id}`, and {said}: the generated "
        "roles get no kms:Decrypt on it, and reading it fails with AccessDeniedException",
        f"Set `kms_key_arn` to the key's ARN (`aws kms describe-key --key-id {key_id} --query KeyMetadata.Arn`)")


def _key_id(key: str) -> str:
    """A key's id from its ARN (`...:key/<id>`) or the id itself."""
    return key.rsplit("key/", 1)[-1] if ":key/" in key or key.startswith("key/") else key


def _keys(ctx: Context) -> Iterator[Check]:
    seen: set[str] = set()
    for obj in (*ctx.service.secrets, *ctx.service.parameters):
        arn = obj.spec.kms_key_arn
        if arn and obj.address is None and arn not in seen:
            seen.add(arn)
            path = (*obj.path, "kms_key_arn")
            yield "the referenced KMS keys", path, partial(_key, ctx, arn, path)


def _key(ctx: Context, arn: str, path: SpecPath) -> Iterator[Finding]:
    kms = ctx.client("kms", region_of(arn))
    answer = absent_on(kms.describe_key, "NotFoundException", KeyId=arn)
    if answer is None:
        yield ReferencedKeyUnusable.finding(
            path, f"KMS key `{arn}` does not exist (DescribeKey: NotFoundException): decrypting with it fails "
            "at run time", "Correct `kms_key_arn` to the ARN of the key that encrypts the value "
            "(`aws kms describe-key --key-id <alias or id> --query KeyMetadata.Arn`)")
        return
    state = answer["KeyMetadata"].get("KeyState", "")
    if state != "Enabled":
        fix = (f"Cancel the deletion and enable it: `aws kms cancel-key-deletion --key-id {arn}` then "
               f"`aws kms enable-key --key-id {arn}`" if state == "PendingDeletion"
               else f"Enable it: `aws kms enable-key --key-id {arn}`" if state == "Disabled"
               else "Make the key usable (KeyState Enabled) or point `kms_key_arn` at another key")
        yield ReferencedKeyUnusable.finding(
            path, f"KMS key `{arn}` is {state}, not Enabled: decrypting with it fails "
            "(KMSInvalidStateException or DisabledException)", fix)
