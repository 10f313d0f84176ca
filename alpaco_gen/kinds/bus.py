"""Custom EventBridge buses (`buses:`), encrypted with the service key; code publishes with `put_events`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ConfigDict

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Deployed, Drawn, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.iam import Call, Condition, Principal, Statement, arn, sid
from alpaco_gen.kinds.key import KEY, SERVICE_KEY
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Suppressible

NAME_LIMIT = 256  # events EventBusName
EVENTS = '"events.amazonaws.com"'
KEY_ACTIONS = ("kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey")


class BusSpec(Suppressible):
    model_config = ConfigDict(title="Bus")

    description: str | None = None


def address(name: str) -> Address:
    return Address("aws_cloudwatch_event_bus", tf_id(name))


def arn_of(aws_name: str) -> str:
    """Built from the name: the key policy names the bus, and the bus is encrypted with the key."""
    return arn("events", f"event-bus/{aws_name}")


@record
class Bus:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: BusSpec
    path: SpecPath


class BusKind(Kind):
    key = "bus"
    section = ("buses",)
    spec_model = BusSpec
    description = "Custom EventBridge event buses."
    templates = ("eventbridge.tf",)
    drawn = Drawn("bus", '[\\"%s"\\]', "component")
    access = ("put_events",)
    delivery_access = "put_events"
    link_suffix = "EVENT_BUS_NAME"
    called_api = "EventBridge"

    def resolve(self, ctx: Context) -> Mapping[str, Bus]:
        buses = {}
        for name, spec in self.entries(ctx.spec).items():
            aws_name = ctx.names.resource(name)
            # EventBridge encrypts the bus's events, rules and targets with the key, as itself, for this bus only.
            ctx.allow_on(*SERVICE_KEY, Statement(
                sid("event bus", name, "key"), KEY_ACTIONS, ('"*"',),
                (Condition("ArnEquals", "aws:SourceArn", (arn_of(aws_name),)),),
                principals=(Principal("Service", (EVENTS,)),)))
            buses[name] = Bus(name, tf_id(name), address(name), aws_name, spec, (*self.section, name))
        return buses

    def planned(self, objs: tuple[Bus, ...]) -> Iterator[Planned]:
        yield from (Planned(obj.address, obj.path, obj.name, f"bus `{obj.name}`") for obj in objs)

    def generated_names(self, objs: tuple[Bus, ...]) -> Iterator[GeneratedName]:
        yield from (GeneratedName(obj.aws_name, f"event bus `{obj.name}`", NAME_LIMIT, obj.path) for obj in objs)

    def outputs(self, objs: tuple[Bus, ...]) -> Iterator[Output]:
        yield from (Output(f"bus_{obj.tf}_arn", obj.address.arn) for obj in objs)

    def calls(self, objs: tuple[Bus, ...], service: Any) -> Iterator[Call]:
        for bus in objs:
            source = (("aws:SourceArn", arn_of(bus.aws_name)),)
            yield from (Call(EVENTS, action, KEY.arn, f"EventBridge encrypts the events of bus `{bus.name}`", source)
                        for action in KEY_ACTIONS)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        return [Statement(sid("bus", name, "put events"), ("events:PutEvents",), (arn_of(ctx.names.resource(name)),))]

    def use_calls(self, obj: Bus, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        return [("events:PutEvents", obj.address.arn, ())]

    def arns(self, objs: tuple[Bus, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_of(obj.aws_name)[1:-1]) for obj in objs)

    def link(self, ctx: Context, name: str) -> str:
        return f'"{ctx.names.resource(name)}"'  # names are [a-z0-9_-]: nothing to escape

    def deployed_link(self, obj: Bus, deployed: Deployed) -> str:
        return obj.aws_name
