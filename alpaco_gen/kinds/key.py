"""The service key: one customer managed KMS key encrypts the service's logs, tables, buckets, images and
function environments. Every kind that encrypts with it refers to `KEY`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from alpaco_gen.kinds.base import Address, Kind, Planned
from alpaco_gen.kinds.iam import Condition, Principal, Statement, arn_text
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context

KEY = Address("aws_kms_key", "main")
LOGS_SERVICE = '"logs.${local.region}.amazonaws.com"'
LOG_GROUPS = '"arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"'
# The key policy: the account keeps full control of its key (without it the key could become unmanageable),
# so IAM policies decide who else may use it; CloudWatch Logs encrypts this account's log groups with it.
KEY_POLICY = (
    Statement("AccountAdministration", ("kms:*",), ('"*"',),
              principals=(Principal("AWS", ('"arn:${local.partition}:iam::${local.account_id}:root"',)),)),
    Statement("CloudWatchLogs", ("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
                                 "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"),
              ('"*"',), (Condition("ArnLike", "kms:EncryptionContext:aws:logs:arn", (LOG_GROUPS,)),),
              principals=(Principal("Service", (LOGS_SERVICE,)),)),
)
ALIAS = Address("aws_kms_alias", "main")
POLICY = Address("aws_iam_policy_document", "kms", True)


@record
class ServiceKey:
    address: Address
    alias_address: Address
    alias: str
    description: str
    policy: Address
    statements: tuple[Statement, ...]


SERVICE_KEY = ("service_key", "main")  # `ctx.allow_on(*SERVICE_KEY, statement)` adds to the key policy


class KeyKind(Kind):
    key = "service_key"
    section = ()
    templates = ("kms.tf",)

    @classmethod
    def entries(cls, spec: Any) -> Mapping[str, Any]:
        return {"main": spec}

    def resolve(self, ctx: Context) -> Mapping[str, ServiceKey]:
        name = ctx.names.service_wide()
        return {"main": ServiceKey(KEY, ALIAS, f"alias/{name}", f"Encryption key of {name}", POLICY,
                                   KEY_POLICY)}

    def with_inbound(self, obj: ServiceKey, statements: tuple[Statement, ...]) -> ServiceKey:
        return replace(obj, statements=(*obj.statements, *statements))

    def arns(self, objs: tuple[ServiceKey, ...]) -> Iterator[tuple[str, str]]:
        yield KEY.arn, arn_text("kms", "key/the-service-key-id")

    def resource_policies(self, objs: tuple[ServiceKey, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        yield from ((KEY.arn, obj.statements) for obj in objs)

    def planned(self, objs: tuple[ServiceKey, ...]) -> Iterator[Planned]:
        yield Planned(KEY, (), "the service key", shared=True)
        yield Planned(ALIAS, (), "the service key", shared=True)
