"""The service key: one customer managed KMS key encrypts the service's logs, tables, buckets, images and
function environments. Every kind that encrypts with it refers to `KEY`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from alpaco_gen.kinds.base import Address, Kind, Planned
from alpaco_gen.resolve.context import Context

KEY = Address("aws_kms_key", "main")
ALIAS = Address("aws_kms_alias", "main")
POLICY = Address("aws_iam_policy_document", "kms", True)


@dataclass(frozen=True)
class ServiceKey:
    address: Address
    alias_address: Address
    alias: str
    description: str
    policy: Address


class KeyKind(Kind):
    key = "service_key"
    section = ()
    templates = ("kms.tf",)

    @classmethod
    def entries(cls, spec: Any) -> Mapping[str, Any]:
        return {"main": spec}

    def resolve(self, ctx: Context) -> Mapping[str, ServiceKey]:
        name = ctx.names.service_wide()
        return {"main": ServiceKey(KEY, ALIAS, f"alias/{name}", f"Encryption key of {name}", POLICY)}

    def planned(self, objs: tuple[ServiceKey, ...]) -> Iterator[Planned]:
        yield Planned(KEY, (), "the service key", shared=True)
        yield Planned(ALIAS, (), "the service key", shared=True)
