"""DynamoDB tables (`tables:`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Drawn, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.iam import Statement, arn_text, sid, via, via_condition
from alpaco_gen.kinds.key import KEY
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Name, Strict, Suppressible

READ = ("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem",
        "dynamodb:Query", "dynamodb:Scan")
WRITE = ("dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem")


class GlobalIndex(Strict):
    hash_key: str
    range_key: str | None = None
    projection: Literal["all", "keys_only"] | list[str] = "all"


class TableSpec(Suppressible):
    model_config = ConfigDict(title="Table")

    hash_key: str
    range_key: str | None = None
    attributes: dict[str, str] = Field(description="Key attribute types: S, N or B.")
    indexes: dict[Name, GlobalIndex] = Field(default_factory=lambda: {}, description="Global secondary indexes.")
    ttl: str | None = Field(None, description="Time-to-live attribute (not a key).")
    point_in_time_recovery: bool = True
    stream: Literal["keys_only", "new_image", "old_image", "new_and_old_images"] | None = None


def key_grant(statement_id: str, writes: bool) -> Statement:
    """Tables are encrypted with the service key: DynamoDB uses it on the caller's behalf."""
    actions = ("kms:Decrypt",) + (("kms:GenerateDataKey",) if writes else ())
    return Statement(statement_id, actions, (KEY.arn,), (via_condition("dynamodb"),))


def key_calls(writes: bool) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    actions = ("kms:Decrypt",) + (("kms:GenerateDataKey",) if writes else ())
    return [(action, KEY.arn, via("dynamodb")) for action in actions]


def address(name: str) -> Address:
    return Address("aws_dynamodb_table", tf_id(name))


@record
class Table:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: TableSpec
    path: SpecPath


class TableKind(Kind):
    key = "table"
    section = ("tables",)
    spec_model = TableSpec
    doc_models = (TableSpec, GlobalIndex)
    description = "DynamoDB tables."
    templates = ("dynamodb.tf",)
    drawn = Drawn("table", '[("%s")]', "cylinder")
    access = ("read", "write", "read_write")
    link_suffix = "TABLE"
    called_api = "DynamoDB"
    endpoint = "dynamodb"

    def resolve(self, ctx: Context) -> Mapping[str, Table]:
        return {n: Table(n, tf_id(n), address(n), ctx.names.resource(n), t, (*self.section, n))
                for n, t in self.entries(ctx.spec).items()}

    def planned(self, objs: tuple[Table, ...]) -> Iterator[Planned]:
        yield from (Planned(obj.address, obj.path, obj.name, f"table `{obj.name}`", obj.aws_name, "table")
                    for obj in objs)

    def outputs(self, objs: tuple[Table, ...]) -> Iterator[Output]:
        yield from (Output(f"table_{obj.tf}_name", obj.address.name) for obj in objs)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        reads, writes = access in ("read", "read_write"), access in ("write", "read_write")
        resources = [address(name).arn]
        if self.entries(ctx.spec)[name].indexes and reads:
            resources.append(f'"{address(name).interpolated("arn")}/index/*"')
        actions = (READ if reads else ()) + (WRITE if writes else ())
        return [Statement(sid("table", name, access), tuple(sorted(actions)), tuple(resources)),
                key_grant(sid("table", name, "key"), writes)]

    def use_calls(self, obj: Table, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        reads, writes = access in ("read", "read_write"), access in ("write", "read_write")
        table = obj.address.arn
        calls = [(action, table, ()) for action in (READ if reads else ()) + (WRITE if writes else ())]
        if reads:
            calls += [(action, f'"{obj.address.interpolated("arn")}/index/{index}"', ())
                      for index in obj.spec.indexes for action in ("dynamodb:Query", "dynamodb:Scan")]
        return calls + key_calls(writes)

    def arns(self, objs: tuple[Table, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_text("dynamodb", f"table/{obj.aws_name}")) for obj in objs)

    def link(self, ctx: Context, name: str) -> str:
        return address(name).name

    def deployed_link(self, obj: Any, deployed: Any) -> str:
        return str(obj.aws_name)
