"""The registry of resource kinds: every other step loops over KINDS instead of naming kinds.

Order matters twice: it is the order of the spec's sections in docs and schema, and the order in which the
kinds' roles, log groups and outputs appear in the generated files. Resolution follows each kind's `needs`.
"""

from __future__ import annotations

import functools

from alpaco_gen.kinds.api import ApiKind
from alpaco_gen.kinds.base import Kind
from alpaco_gen.kinds.bucket import BucketKind
from alpaco_gen.kinds.bus import BusKind
from alpaco_gen.kinds.event_rule import EventRuleKind
from alpaco_gen.kinds.event_source import EventSourceKind
from alpaco_gen.kinds.function import FunctionKind
from alpaco_gen.kinds.hosted_zone import HostedZoneKind
from alpaco_gen.kinds.key import KeyKind
from alpaco_gen.kinds.network import NetworkKind, SubnetKind
from alpaco_gen.kinds.notification import NotificationKind
from alpaco_gen.kinds.parameter import ParameterKind
from alpaco_gen.kinds.queue import QueueKind
from alpaco_gen.kinds.repository import RepositoryKind
from alpaco_gen.kinds.schedule import ScheduleKind
from alpaco_gen.kinds.secret import SecretKind
from alpaco_gen.kinds.security_group import SecurityGroupKind
from alpaco_gen.kinds.state_machine import StateMachineKind
from alpaco_gen.kinds.table import TableKind
from alpaco_gen.kinds.task import TaskKind
from alpaco_gen.kinds.topic import TopicKind
from alpaco_gen.kinds.user_pool import UserPoolKind

KINDS: dict[str, Kind] = {kind.key: kind for kind in (
    KeyKind(), RepositoryKind(), TableKind(), BucketKind(), FunctionKind(), TaskKind(), StateMachineKind(),
    SecretKind(), ParameterKind(),
    ApiKind(), UserPoolKind(), HostedZoneKind(), SubnetKind(), SecurityGroupKind(), NetworkKind(),
    QueueKind(), TopicKind(), EventSourceKind(), NotificationKind(),
    BusKind(), ScheduleKind(), EventRuleKind(),
)}


@functools.cache
def resolution_order() -> tuple[Kind, ...]:
    """The kinds, each after the kinds it `needs`."""
    done: dict[str, Kind] = {}

    def visit(kind: Kind) -> None:
        if kind.key not in done:
            for need in kind.needs:
                visit(KINDS[need])
            done[kind.key] = kind

    for kind in KINDS.values():
        visit(kind)
    return tuple(done.values())


def by_section() -> dict[str, Kind]:
    """The kinds by the spec key that declares them: `functions`, `subnets`, `network`."""
    return {kind.section[-1]: kind for kind in KINDS.values() if kind.section}
