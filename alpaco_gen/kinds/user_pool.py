"""Cognito user pools (`user_pools:`): the sign-in of an API's users, the issuer of its JWT authorizers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Name, Suppressible

NAME_LIMIT = 128  # cognito-idp UserPoolNameType and ClientNameType


class UserPoolSpec(Suppressible):
    model_config = ConfigDict(title="UserPool")

    clients: list[Name] = Field(min_length=1, description="App clients (public, no secret, SRP sign-in): their "
                                                          "ids are the audience of JWT authorizers.")
    self_signup: bool = Field(False, description="Users may sign themselves up; otherwise only administrators "
                                                 "create users.")
    mfa: Literal["off", "optional", "on"] = Field("optional", description="Multi-factor sign-in (TOTP apps).")
    password_min_length: int = Field(12, ge=8, le=99, description="Minimum password length, 8-99.")


@record
class UserPoolClient:
    name: str
    address: Address
    aws_name: str


@record
class UserPool:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: UserPoolSpec
    clients: tuple[UserPoolClient, ...]
    protected: bool  # the spec's deletion_protection
    path: SpecPath


class UserPoolKind(Kind):
    key = "user_pool"
    section = ("user_pools",)
    spec_model = UserPoolSpec
    doc_models = (UserPoolSpec,)
    description = "Cognito user pools: users of the service's APIs, the issuer of JWT authorizers."
    templates = ("cognito.tf",)

    def resolve(self, ctx: Context) -> Mapping[str, UserPool]:
        pools = {}
        for name, spec in self.entries(ctx.spec).items():
            tf = tf_id(name)
            clients = tuple(UserPoolClient(c, Address("aws_cognito_user_pool_client", f"{tf}_{tf_id(c)}"),
                                           f"{ctx.names.resource(name)}-{c}") for c in dict.fromkeys(spec.clients))
            pools[name] = UserPool(name, tf, Address("aws_cognito_user_pool", tf), ctx.names.resource(name), spec,
                                   clients, ctx.spec.protected, (*self.section, name))
        return pools

    def planned(self, objs: tuple[UserPool, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"user pool `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner)
            yield from (Planned(c.address, (*obj.path, "clients"), obj.name, owner) for c in obj.clients)

    def generated_names(self, objs: tuple[UserPool, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.aws_name, f"user pool `{obj.name}`", NAME_LIMIT, obj.path)
            yield from (GeneratedName(c.aws_name, f"client `{c.name}` of user pool `{obj.name}`", NAME_LIMIT,
                                      (*obj.path, "clients")) for c in obj.clients)

    def outputs(self, objs: tuple[UserPool, ...]) -> Iterator[Output]:
        for obj in objs:
            yield Output(f"user_pool_{obj.tf}_id", obj.address.id, f"Id of user pool {obj.name}")
            yield from (Output(f"user_pool_{obj.tf}_client_{tf_id(c.name)}_id", c.address.id,
                               f"Id of app client {c.name}") for c in obj.clients)
