"""Secrets Manager secrets (`secrets:`): created empty, encrypted with the service key, or referenced by ARN.

A created secret has no value in Terraform: the value would sit in plain text in the spec, the plan and the
state. It is set out of band (`aws secretsmanager put-secret-value`, see docs/spec.md "Secrets and
parameters"), and code or ECS reads it at run time with the grants `uses:` and task `secrets:` give.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Drawn, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.iam import Principal, Statement, arn_text, keyed_read, keyed_read_calls, sid
from alpaco_gen.kinds.key import KEY
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Suppressible

READ = "secretsmanager:GetSecretValue"
NAME_LIMIT = 512  # Secrets Manager Name
# Secrets Manager appends `-` and 6 random characters to a secret's ARN; the simulation stands in for them.
ARN_SUFFIX = "-AbCdEf"


class SecretSpec(Suppressible):
    """A Secrets Manager secret. Created without a value (set it out of band), or an existing one by `arn`."""

    model_config = ConfigDict(title="Secret")

    description: str | None = None
    arn: str | None = Field(None, description="An existing secret's full ARN (with its 6-character suffix): "
                            "nothing is created, `uses:` and task `secrets:` grant reading it.")
    kms_key_arn: str | None = Field(None, description="With `arn`: the customer managed key that encrypts it "
                                    "(granted `kms:Decrypt` through Secrets Manager); unset: AWS's own key.")
    recovery_window_days: int = Field(30, description="Days a deleted secret can be restored: 0 (at once) "
                                      "or 7-30.")


def address(name: str) -> Address:
    return Address("aws_secretsmanager_secret", tf_id(name))


@record
class Secret:
    name: str
    tf: str
    address: Address | None  # None: an existing secret (`arn`)
    aws_name: str
    spec: SecretSpec
    path: SpecPath

    @property
    def arn(self) -> str:
        """HCL expression of its ARN."""
        return self.address.arn if self.address else hcl_string(self.spec.arn or "")

    @property
    def key_arn(self) -> str | None:
        """HCL expression of the key that encrypts it, when IAM must grant it (not an AWS managed key)."""
        if self.address:
            return KEY.arn
        return hcl_string(self.spec.kms_key_arn) if self.spec.kms_key_arn else None


def assumed_key_policies(key_arns: Iterator[str | None]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
    """The policies of existing customer managed keys, which the spec does not show: assumed to be AWS's
    default, which lets IAM policies of the account decide (a key that does not is a preflight matter)."""
    default = Statement("AssumedDefaultKeyPolicy", ("kms:*",), ('"*"',), principals=(
        Principal("AWS", ('"arn:${local.partition}:iam::${local.account_id}:root"',)),))
    yield from ((key, (default,)) for key in sorted({k for k in key_arns if k and k != KEY.arn}))


def read_statements(statement_id: str, secret: Secret) -> list[Statement]:
    """Reading one secret: GetSecretValue on its exact ARN, and its key only through Secrets Manager."""
    return keyed_read(statement_id, READ, secret.arn, secret.key_arn, "secretsmanager")


def read_calls(secret: Secret) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return keyed_read_calls(READ, secret.arn, secret.key_arn, "secretsmanager")


class SecretKind(Kind):
    key = "secret"
    section = ("secrets",)
    spec_model = SecretSpec
    description = "Secrets Manager secrets, created without a value or referenced by ARN."
    templates = ("secretsmanager.tf",)
    drawn = Drawn("secret", '[\\"%s"/]', "note")
    access = ("read",)
    link_suffix = "SECRET_ARN"
    called_api = "Secrets Manager"
    endpoint = "secretsmanager"

    def resolve(self, ctx: Context) -> Mapping[str, Secret]:
        return {n: Secret(n, tf_id(n), None if s.arn else address(n), ctx.names.resource(n), s,
                          (*self.section, n))
                for n, s in self.entries(ctx.spec).items()}

    def planned(self, objs: tuple[Secret, ...]) -> Iterator[Planned]:
        yield from (Planned(obj.address, obj.path, obj.name, f"secret `{obj.name}`") for obj in objs if obj.address)

    def generated_names(self, objs: tuple[Secret, ...]) -> Iterator[GeneratedName]:
        yield from (GeneratedName(obj.aws_name, f"secret `{obj.name}`", NAME_LIMIT, obj.path)
                    for obj in objs if obj.address)

    def outputs(self, objs: tuple[Secret, ...]) -> Iterator[Output]:
        yield from (Output(f"secret_{obj.tf}_arn", obj.arn) for obj in objs)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        return read_statements(sid("secret", name, access), self._lookup(ctx, name))

    def use_calls(self, obj: Secret, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        return read_calls(obj)

    def arns(self, objs: tuple[Secret, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_text("secretsmanager", f"secret:{obj.aws_name}{ARN_SUFFIX}"))
                    for obj in objs if obj.address)

    def resource_policies(self, objs: tuple[Secret, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        yield from assumed_key_policies(obj.key_arn for obj in objs)

    def link(self, ctx: Context, name: str) -> str:
        return self._lookup(ctx, name).arn

    def deployed_link(self, obj: Secret, deployed: Any) -> str:
        if obj.spec.arn:
            return obj.spec.arn
        return (f"arn:{deployed.partition}:secretsmanager:{deployed.region}:{deployed.account_id}:secret:"
                f"{obj.aws_name}{ARN_SUFFIX}")

    def _lookup(self, ctx: Context, name: str) -> Secret:
        """Resolved already: every kind whose `uses:` can name one `needs` this kind."""
        found: Secret = ctx.uses(self.key)[name]
        return found
